"""The live channel never goes quiet, each written as the attack: a screen that comes back with a version the
server never reached, a snapshot that grew with every named vote held, and a ballot resent with its id but
another choice (issue 11); and the benchmarks' description of the server that runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from agenda import db as storage
from agenda.accounts import signins
from agenda.models import NamedChoice, Session, User
from agenda.sitting import attendance, opening, votes
from session_server.app import endpoint_docs
from session_server.commit import encode
from tests.session_server.realtime.test_realtime import Screen, cast_parsed, opened_with, submitted
from tests.session_server.realtime.test_realtime import hall_app as hall_app_fixture  # noqa: F401


@pytest.fixture
def served(hall_app_fixture: Any) -> Any:  # noqa: F811 (the fixture imported above)
    """The hall of nine delegates of test_realtime.py, served for real: (its URL, its ids)."""
    return hall_app_fixture


# -- ?since= ahead of the server ------------------------------------------------------------------


@pytest.mark.parametrize(
    "since",
    [
        "ahead",  # a tablet that last saw a database since restored from an older backup, or rebuilt
        "99999999999999999999",  # beyond 64 bits
        "%C2%B2",  # "²": a digit to str.isdigit, not to int()
    ],
)
def test_a_screen_ahead_of_the_server_gets_a_fresh_snapshot(served: Any, since: str) -> None:
    app, hall = served
    sid = hall["session_id"]
    console = Screen(app, sid, "thuky2")
    console.act("sitting.open")
    server_version = httpx.get(f"{app}/api/sessions/{sid}/live").json()["version"]
    assert server_version > 0
    asked = str(server_version + 40) if since == "ahead" else since
    tablet = Screen(app, sid, "daibieu01", since=asked)  # sent as written
    # not "resumed" at a version the server has not reached, after which every event would be ignored
    assert tablet.first["type"] == "snapshot", tablet.first
    assert tablet.first["version"] == server_version
    assert tablet.first["state"]["session"]["status"] == "in_progress"
    # and it follows what happens next, in order
    console.act("attendance.mark", person_id=hall["people"][1], status="present")
    event = tablet.event("attendance")
    assert event["version"] == server_version + 1
    assert event["data"]["row"]["person_id"] == hall["people"][1]
    console.close()
    tablet.close()


def test_a_screen_at_the_servers_version_resumes_with_nothing_missed(served: Any) -> None:
    """The rule above takes nothing from an honest reconnection: at the server's version, or behind it."""
    app, hall = served
    sid = hall["session_id"]
    console = Screen(app, sid, "thuky2")
    console.act("sitting.open")
    version = httpx.get(f"{app}/api/sessions/{sid}/live").json()["version"]
    level = Screen(app, sid, since=version)
    assert level.first == {"type": "resumed", "session_id": sid, "version": version}
    console.act("attendance.mark", person_id=hall["people"][0], status="present")
    behind = Screen(app, sid, since=version)
    assert behind.first["type"] == "event" and behind.first["event"] == "attendance"
    assert behind.receive() == {"type": "resumed", "session_id": sid, "version": behind.version}
    for screen in (console, level, behind):
        screen.close()


# -- the snapshot grows with the hall, not with the votes held -----------------------------------


def hold_named_vote(console: Screen, tablets: list[Screen], title: str, n: int) -> int:
    vote_id: int = console.act("vote.open", title=title)["result"]["vote_id"]
    for i, tablet in enumerate(tablets):
        assert tablet.ballot(vote_id, "yes" if i % 3 else "no", f"v{n}-ballot-{i:04d}")["type"] == "ack"
    assert console.act("vote.close", vote_id=vote_id)["type"] == "ack"
    return vote_id


def test_the_snapshot_does_not_grow_with_every_named_vote(served: Any) -> None:
    app, hall = served
    sid = hall["session_id"]
    console, tablets = opened_with(app, sid, 8)

    def snapshot() -> dict[str, Any]:
        state: dict[str, Any] = httpx.get(f"{app}/api/sessions/{sid}/live").json()
        return state

    def size() -> int:
        return len(encode(snapshot()).encode())

    before = size()
    first = hold_named_vote(console, tablets, "Biểu quyết số 1", 1)  # eight delegates vote
    after_eight = size()
    hold_named_vote(console, tablets[:1], "Biểu quyết số 2", 2)  # one delegate votes
    after_one = size()
    for n in range(3, 5):
        hold_named_vote(console, tablets, f"Biểu quyết số {n}", n)
    # a closed vote adds its heading, tally and result — the same whoever voted; not a ballot per delegate
    ballot_bytes = len(
        encode({"person_id": hall["people"][0], "subject": "motion", "option": "yes"}).encode()
    )
    seven_ballots_more = (after_eight - before) - (after_one - after_eight)
    assert abs(seven_ballots_more) < 2 * ballot_bytes, (before, after_eight, after_one)
    closed = snapshot()["votes"]
    assert [v["status"] for v in closed] == ["closed"] * 4
    assert all("ballots" not in v for v in closed)  # fetched on demand
    assert closed[0]["counts"]["motion"] == {"yes": 5, "no": 3, "abstain": 0}  # the tally stays
    assert closed[1]["cast"] == 1

    # the open vote's ballots are still in it (the seating map of the vote in progress)
    vote_id = console.act("vote.open", title="Biểu quyết số 5")["result"]["vote_id"]
    tablets[0].ballot(vote_id, "abstain", "v5-ballot-0000")
    tablets[0].until(lambda m: m.get("event") == "vote.progress")
    open_vote = snapshot()["votes"][-1]
    assert open_vote["ballots"] == [
        {"person_id": hall["people"][0], "subject": "motion", "option": "abstain"}
    ]

    # a closed vote's ballots, on demand: the same as the vote.closed event carried
    got = httpx.get(f"{app}/api/sessions/{sid}/votes/{first}/ballots")
    assert got.status_code == 200
    with_ballots = got.json()["ballots"]
    assert got.json()["vote_id"] == first and got.json()["status"] == "closed"
    assert sorted(b["person_id"] for b in with_ballots) == sorted(hall["people"][:8])
    assert sum(b["option"] == "no" for b in with_ballots) == 3
    for screen in [console, *tablets]:
        screen.close()


def test_a_closed_votes_ballots_are_shown_as_the_snapshot_is(served: Any, factory: Any) -> None:
    """Who may fetch a vote's ballots: whoever may see the session; a secret vote has none to show."""
    app, hall = served
    sid = hall["session_id"]
    console, tablets = opened_with(app, sid, 3)
    named = hold_named_vote(console, tablets, "Biểu quyết công khai", 1)
    secret = console.act("vote.open", title="Bỏ phiếu kín", secret=True)["result"]["vote_id"]
    tablets[0].ballot(secret, "yes", "secret-ballot-01")
    console.act("vote.close", vote_id=secret)

    refused = httpx.get(f"{app}/api/sessions/{sid}/votes/{secret}/ballots")
    assert refused.status_code == 409 and refused.json()["error"]["message_en"].startswith("This is a secret")
    assert httpx.get(f"{app}/api/sessions/{sid}/votes/{named + 1000}/ballots").status_code == 404
    assert httpx.get(f"{app}/api/sessions/{sid + 1000}/votes/{named}/ballots").status_code == 404
    # a closed sitting (họp kín): not for the public, as its snapshot is not; a delegate sees both
    with storage.transaction(factory) as db:
        db.execute(update(Session).where(Session.id == sid).values(is_public=False))
    assert httpx.get(f"{app}/api/sessions/{sid}/live").status_code == 404
    assert httpx.get(f"{app}/api/sessions/{sid}/votes/{named}/ballots").status_code == 404
    mine = tablets[0].client.get(f"/api/sessions/{sid}/votes/{named}/ballots")
    assert mine.status_code == 200 and len(mine.json()["ballots"]) == 3
    # declared like every endpoint: in the OpenAPI document
    paths = {(d.method, d.path) for d in endpoint_docs()}
    assert ("GET", "/api/sessions/{session_id}/votes/{vote_id}/ballots") in paths
    for screen in [console, *tablets]:
        screen.close()


# -- a ballot resent with its id and another choice ---------------------------------------------


def test_a_ballot_resent_with_another_choice_says_which_choice_was_recorded(served: Any) -> None:
    app, hall = served
    sid = hall["session_id"]
    console, (tablet, other) = opened_with(app, sid, 2)
    vote_id = console.act("vote.open", title="Thông qua Nghị quyết")["result"]["vote_id"]
    assert tablet.ballot(vote_id, "yes", "ballot-first-01")["result"]["duplicate"] is False

    again = tablet.ballot(vote_id, "no", "ballot-first-01")  # same id, another choice
    assert again["type"] == "error", again  # not an ack: the "no" was not recorded
    error = again["error"]
    assert (error["code"], error["field"]) == ("ballot_differs", "choice")
    assert "«Tán thành»" in error["message_vi"] and "“Tán thành”" in error["message_en"]
    assert error["recorded"] == {"vote_id": vote_id, "choice": {"motion": "yes"}}
    # an honest resend (a lost ack) is still answered as the duplicate it is
    assert tablet.ballot(vote_id, "yes", "ballot-first-01")["result"]["duplicate"] is True
    # and a malformed resend is no more taken for the recorded ballot
    assert tablet.ballot(vote_id, "maybe", "ballot-first-01")["error"]["code"] == "ballot_differs"
    # the socket is still up, the other delegate votes, and the recorded ballot is counted once, as "yes"
    assert other.ballot(vote_id, "no", "ballot-other-01")["type"] == "ack"
    closed = console.act("vote.close", vote_id=vote_id)
    assert closed["type"] == "ack"
    result = console.event("vote.closed")["data"]["vote"]
    assert result["counts"]["motion"] == {"yes": 1, "no": 1, "abstain": 0}
    for screen in (console, tablet, other):
        screen.close()


def test_a_ballot_and_its_changed_resend_in_one_batch(factory: Any, served: Any) -> None:
    """Both arriving together (one batch): the first is recorded, the second refused and told so."""
    _, hall = served
    sid = hall["session_id"]
    with storage.transaction(factory) as db:
        session = db.get(Session, sid)
        opening.open_sitting(db, session, None)
        attendance.check_in(db, session, hall["people"][0], method="card", actor=None)
        vote_id = votes.open_vote(db, session, votes.VoteOpening.parse({"title": "Nghị quyết"}), None).id
        user = db.scalar(select(User).where(User.username == "daibieu01"))
        signin_id = signins.open(db, user).signin.id

    def ballot(choice: str) -> Any:
        return submitted(
            sid, signin_id, {"vote_id": vote_id, "ballot_id": "ballot-batch-01", "choice": choice}
        )

    batch = cast_parsed(factory, [ballot("abstain"), ballot("yes"), ballot("abstain")])
    first, changed, same = batch.outcomes
    assert first["duplicate"] is False and same["duplicate"] is True
    assert changed.code == "ballot_differs" and changed.recorded == {"motion": "abstain"}
    with factory() as db:
        recorded = db.scalars(select(NamedChoice.option).where(NamedChoice.vote_id == vote_id)).all()
    assert recorded == ["abstain"]


def test_a_secret_ballot_resent_is_a_duplicate_whatever_it_says(served: Any, factory: Any) -> None:
    """A secret ballot is sealed apart from its voter: the server cannot compare a resend's choice with it
    (docs/protocol.md: the tablet keeps the choice it sent with the ballot id); counted once all the same."""
    app, hall = served
    sid = hall["session_id"]
    console, (tablet,) = opened_with(app, sid, 1)
    vote_id = console.act("vote.open", title="Bỏ phiếu kín", secret=True)["result"]["vote_id"]
    assert tablet.ballot(vote_id, "yes", "ballot-secret-1")["result"]["duplicate"] is False
    assert tablet.ballot(vote_id, "no", "ballot-secret-1")["result"]["duplicate"] is True
    console.act("vote.close", vote_id=vote_id)
    result = console.event("vote.closed")["data"]["vote"]["result"]
    assert [(o["option"], o["count"]) for o in result["options"]] == [("yes", 1), ("no", 0), ("abstain", 0)]
    console.close()
    tablet.close()


# -- the benchmarks say what `kyhop serve` runs ---------------------------------------------------


def test_the_benchmarks_describe_the_websocket_server_kyhop_serve_runs() -> None:
    """`docs/benchmarks.md` and `bench/fanout.py --help` told of the legacy `websockets` protocol and of
    compression, which `kyhop serve` no longer uses: a reader would measure, or believe, another server."""
    from session_server.cli.serve import SERVER_OPTIONS

    repo = Path(__file__).resolve().parents[3]
    ws, deflate = SERVER_OPTIONS["ws"], SERVER_OPTIONS["ws_per_message_deflate"]
    assert (ws, deflate) == ("websockets-sansio", False)  # what the texts below must say
    usage = subprocess.run(
        [sys.executable, str(repo / "bench" / "fanout.py"), "--help"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    usage = " ".join(usage.split())
    assert f"`kyhop serve` (which runs '{ws}')" in usage
    assert "`kyhop serve` declines it (ws_per_message_deflate=False)" in usage
    assert "both servers then compress" not in usage and "legacy 'websockets')" not in usage
    docs = " ".join((repo / "docs" / "benchmarks.md").read_text().split())
    assert f'uvicorn with `ws="{ws}"` and `ws_per_message_deflate=False`' in docs
    assert '`kyhop serve` uses `ws="websockets"`' not in docs
    serve_app = " ".join((repo / "bench" / "serve_app.py").read_text().split())
    assert (
        '``kyhop serve`` runs ``uvicorn.run(create_app(make_settings(url)), ws="websockets")``'
        not in serve_app
    )


# -- bad frames: refused, and the channel stays open ---------------------------------------------


@pytest.mark.parametrize(
    "frame",
    [
        "[" * 60_000,  # nested too deep: a RecursionError that closed the socket before
        '{"type": "ping", "id": "x\\u0000y"}',  # NUL, which PostgreSQL cannot store
        '{"type": "action", "id": "n", "action": "attendance.mark", "data": {"person_id": NaN}}',
        '{"type": "action", "id": "h", "action": "attendance.mark",'
        ' "data": {"person_id": 99999999999999999999, "status": "present"}}',
    ],
)
def test_a_bad_frame_is_refused_and_the_channel_stays_open(served: Any, frame: str) -> None:
    app, hall = served
    sid = hall["session_id"]
    console = Screen(app, sid, "thuky2")
    console.ws.send(frame)
    refused = console.until(lambda m: m.get("type") == "error")
    assert refused["error"]["message_vi"] and refused["error"]["message_en"]
    assert refused["error"]["code"] in ("bad_json", "bad_text", "invalid", "not_found"), refused
    # the same connection goes on: a live action is still acknowledged
    assert console.act("sitting.open")["type"] == "ack"
    console.close()

"""The live session over websockets, as the tablets, the console and the projector use it."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from websockets.sync.client import connect

from agenda import db as storage
from agenda.accounts import cards, users
from agenda.accounts.authority import SYSTEM
from agenda.accounts.users import UserInput
from agenda.errors import DomainError
from agenda.sitting import attendance, opening, votes
from agenda.sitting.ballots import Ballot
from session_server.app import create_app
from session_server.realtime.ballots import Batch, Submitted, cast_batch
from session_server.realtime.hub import QUEUE_SIZE, RESYNC, Client
from session_server.settings import Settings
from tests.agenda.sitting.test_sitting import build_hall
from tests.conftest import running


def submitted(session_id: int, signin_id: int | None, data: Any) -> Submitted | DomainError:
    """A ballot as the socket takes it: parsed at the edge — a malformed one is refused there."""
    try:
        return Submitted(session_id, signin_id, Ballot.parse(data))
    except DomainError as error:
        return error


def cast_parsed(factory: Any, items: list[Submitted | DomainError], **options: Any) -> Batch:
    """``cast_batch`` over the ballots that parsed; the refusals of the others keep their place."""
    batch = cast_batch(factory, [i for i in items if isinstance(i, Submitted)], **options)
    outcomes = iter(batch.outcomes)
    batch.outcomes = [i if isinstance(i, DomainError) else next(outcomes) for i in items]
    return batch


PASSWORD = "mat-khau-2026"


@pytest.fixture
def hall_app(database_url: str, factory: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """A hall of nine delegates with accounts, served for real (uvicorn in a thread); yields its URL."""
    hall = build_hall(factory)
    with storage.transaction(factory) as db:
        for i, person in enumerate(hall["people"]):
            users.create_user(
                db,
                UserInput.parse(
                    {
                        "username": f"daibieu{i + 1:02d}",
                        "display_name": f"Đại biểu {i + 1:02d}",
                        "password": PASSWORD,
                        "roles": ["delegate"],
                        "person_id": person,
                    }
                ),
            )
        users.create_user(
            db,
            UserInput.parse(
                {"username": "thuky2", "display_name": "Thư ký", "password": PASSWORD, "roles": ["secretary"]}
            ),
        )
    with running(create_app(Settings(database_url=database_url, secret_key="test-secret"))) as url:
        yield url, hall


class Screen:
    """One browser tab: an HTTP client signed in (or not) and its websocket to the session."""

    def __init__(
        self,
        base_url: str,
        session_id: int,
        username: str | None = None,
        since: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.client = httpx.Client(base_url=base_url, timeout=30)
        self.csrf = self.client.get("/api/me").json()["csrf_token"]
        if username:
            response = self.client.post(
                "/api/auth/login",
                json={"username": username, "password": PASSWORD},
                headers={"x-csrf-token": self.csrf},
            )
            assert response.status_code == 200
            self.csrf = response.json()["csrf_token"]
        query = f"?since={since}" if since is not None else ""
        cookie = self.client.cookies.get("kyhop_session")
        extra = {"Cookie": f"kyhop_session={cookie}"} if cookie else {}
        self.ws = connect(
            f"{base_url.replace('http', 'ws', 1)}/ws/sessions/{session_id}{query}",
            additional_headers={**extra, **(headers or {})},
            open_timeout=10,
        ).__enter__()
        self.first = self.receive()
        self.version = self.first.get("version", 0)
        self.counter = 0

    def receive(self) -> dict[str, Any]:
        message = json.loads(self.ws.recv(timeout=10))
        if message.get("type") == "event":
            self.version = message["version"]
        return message

    def until(self, predicate: Any, limit: int = 50) -> dict[str, Any]:
        for _ in range(limit):
            message = self.receive()
            if predicate(message):
                return message
        raise AssertionError("message not received")

    def event(self, name: str) -> dict[str, Any]:
        return self.until(lambda m: m.get("type") == "event" and m["event"] == name)

    def act(self, action: str, **data: Any) -> dict[str, Any]:
        self.counter += 1
        ref = f"m{self.counter}"
        self.ws.send(json.dumps({"type": "action", "id": ref, "action": action, "data": data}))
        return self.until(lambda m: m.get("id") == ref and m["type"] in ("ack", "error"))

    def ballot(self, vote_id: int, choice: Any, ballot_id: str) -> dict[str, Any]:
        self.counter += 1
        ref = f"b{self.counter}"
        self.ws.send(
            json.dumps(
                {"type": "ballot", "id": ref, "vote_id": vote_id, "ballot_id": ballot_id, "choice": choice}
            )
        )
        return self.until(lambda m: m.get("id") == ref and m["type"] in ("ack", "error"))

    def close(self) -> None:
        self.ws.close()
        self.client.close()


def opened_with(base_url: str, session_id: int, delegates: int) -> tuple[Screen, list[Screen]]:
    """The secretary opens the sitting and the first ``delegates`` tablets check in."""
    console = Screen(base_url, session_id, "thuky2")
    console.act("sitting.open")
    tablets = [Screen(base_url, session_id, f"daibieu{i + 1:02d}") for i in range(delegates)]
    for tablet in tablets:
        tablet.act("attendance.check_in")
    return console, tablets


def test_a_sitting_over_websockets(hall_app: Any) -> None:
    app, hall = hall_app
    sid = hall["session_id"]
    console = Screen(app, sid, "thuky2")
    assert console.first["type"] == "snapshot" and console.first["state"]["session"]["status"] == "published"
    projector = Screen(app, sid)  # anonymous: a public session
    assert projector.first["state"]["quorum"]["total"] == 9

    assert console.act("sitting.open")["type"] == "ack"
    assert projector.event("sitting.opened")["data"]["status"] == "in_progress"
    tablets = [Screen(app, sid, f"daibieu{i + 1:02d}") for i in range(7)]
    for tablet in tablets:
        assert tablet.act("attendance.check_in")["result"]["already_present"] is False
    last = None
    for _ in range(7):
        last = projector.event("attendance")
    assert last is not None and last["data"]["quorum"] == {
        "present": 7,
        "total": 9,
        "needed": 6,
        "fraction": "2/3",
        "has_quorum": True,
    }

    opened = console.act(
        "vote.open", title="Thông qua Nghị quyết về dự toán ngân sách", agenda_item_id=hall["item_ids"][1]
    )
    vote_id = opened["result"]["vote_id"]
    assert projector.event("vote.opened")["data"]["vote"]["status"] == "open"
    for i, tablet in enumerate(tablets[:6]):
        ack = tablet.ballot(vote_id, "yes" if i < 5 else "no", f"ballot-{i:05d}")
        assert ack["type"] == "ack" and ack["result"] == {
            "vote_id": vote_id,
            "ballot_id": f"ballot-{i:05d}",
            "recorded": True,
            "duplicate": False,
        }
    resent = tablets[0].ballot(vote_id, "yes", "ballot-00000")
    assert resent["result"]["duplicate"] is True
    # the tally reaches the screens in batches: fewer reports than ballots, the last one complete
    reports = [projector.event("vote.progress")]
    while reports[-1]["data"]["cast"] < 6:
        reports.append(projector.event("vote.progress"))
    assert reports[-1]["data"]["counts"]["motion"] == {"yes": 5, "no": 1, "abstain": 0}
    seats = [b["person_id"] for r in reports for b in r["data"]["ballots"]]
    assert sorted(seats) == sorted(hall["people"][:6])  # every seat's ballot once, for the seating map

    closed = console.act("vote.close", vote_id=vote_id)
    assert closed["type"] == "ack"
    result = projector.event("vote.closed")["data"]["vote"]["result"]
    assert result["sentence"] == "5/7 đại biểu có mặt tán thành, chiếm 55,56% tổng số đại biểu"
    assert result["passed"] is True and result["not_voted"] == 1
    for screen in [console, projector, *tablets]:
        screen.close()


def test_bad_messages_get_an_error_and_the_socket_stays_up(hall_app: Any) -> None:
    app, hall = hall_app
    sid = hall["session_id"]
    console = Screen(app, sid, "thuky2")
    console.act("sitting.open")
    tablet = Screen(app, sid, "daibieu01")
    absent = Screen(app, sid, "daibieu09")
    tablet.act("attendance.check_in")
    vote_id = console.act("vote.open", title="Biểu quyết")["result"]["vote_id"]

    def error_of(message: dict[str, Any]) -> str:
        assert message["type"] == "error", message
        return message["error"]["code"]

    tablet.ws.send("{not json")
    assert error_of(tablet.until(lambda m: m["type"] == "error")) == "bad_json"
    tablet.ws.send(json.dumps({"type": "ballot", "id": "big", "pad": "x" * 70_000}))
    assert error_of(tablet.until(lambda m: m["type"] == "error")) == "too_large"
    tablet.ws.send(json.dumps([1, 2]))
    assert error_of(tablet.until(lambda m: m["type"] == "error")) == "bad_message"
    assert error_of(tablet.act("nonsense")) == "unknown_action"
    assert (
        error_of(tablet.act("vote.open", title="Tự mở")) == "forbidden"
    )  # a delegate cannot run the sitting
    assert error_of(tablet.ballot(vote_id, "maybe", "ballot-bad-1")) == "invalid"
    assert error_of(tablet.ballot(999, "yes", "ballot-bad-2")) == "not_found"
    assert error_of(absent.ballot(vote_id, "yes", "ballot-absent")) == "forbidden"
    assert error_of(console.ballot(vote_id, "yes", "ballot-secretary")) == "forbidden"  # not a delegate
    assert tablet.ballot(vote_id, "yes", "ballot-good-1")["type"] == "ack"
    assert error_of(tablet.ballot(vote_id, "no", "ballot-good-2")) == "conflict"  # second ballot
    console.act("vote.close", vote_id=vote_id)
    assert (
        error_of(console.act("vote.close", vote_id=vote_id)) == "conflict"
    )  # closing a vote that is not open
    assert error_of(absent.ballot(vote_id, "yes", "ballot-late")) == "conflict"
    tablet.ws.send(json.dumps({"type": "ping", "id": "p"}))
    assert tablet.until(lambda m: m["type"] == "pong")["id"] == "p"  # still connected
    state = httpx.get(f"{app}/api/sessions/{sid}/live").json()
    assert state["votes"][0]["cast"] == 1 and state["votes"][0]["counts"]["motion"]["yes"] == 1
    for screen in (console, tablet, absent):
        screen.close()


def test_a_tablet_that_reconnects_resumes_without_missing_anything(hall_app: Any) -> None:
    app, hall = hall_app
    sid = hall["session_id"]
    console = Screen(app, sid, "thuky2")
    console.act("sitting.open")
    tablet = Screen(app, sid, "daibieu01")
    tablet.act("attendance.check_in")
    vote_id = console.act("vote.open", title="Biểu quyết khi mạng chập chờn")["result"]["vote_id"]
    tablet.event("vote.opened")
    seen = tablet.version
    tablet.close()  # Wi-Fi drops
    for i in range(1, 4):
        console.act("attendance.mark", person_id=hall["people"][i], status="present")
    back = Screen(app, sid, "daibieu01", since=seen)
    replayed = [back.first]
    while replayed[-1]["type"] != "resumed":
        replayed.append(back.receive())
    assert [m["version"] for m in replayed[:-1]] == [seen + 1, seen + 2, seen + 3]
    assert replayed[-1]["version"] == seen + 3
    assert back.ballot(vote_id, "yes", "after-reconnect")["type"] == "ack"
    console.close()
    back.close()


def test_secret_ballots_show_only_how_many_voted_until_close(hall_app: Any) -> None:
    app, hall = hall_app
    sid = hall["session_id"]
    console = Screen(app, sid, "thuky2")
    console.act("sitting.open")
    projector = Screen(app, sid)
    tablets = [Screen(app, sid, f"daibieu{i + 1:02d}") for i in range(6)]
    for tablet in tablets:
        tablet.act("attendance.check_in")
    official = hall["official_ids"][0]
    vote_id = console.act(
        "vote.open", kind="confidence_rating", title="Lấy phiếu tín nhiệm", official_ids=[official]
    )["result"]["vote_id"]
    for i, tablet in enumerate(tablets):
        assert (
            tablet.ballot(vote_id, {f"official-{official}": "low" if i < 5 else "high"}, f"secret-{i:04d}")[
                "type"
            ]
            == "ack"
        )
    progress = projector.event("vote.progress")
    while progress["data"]["cast"] < 6:
        assert set(progress["data"]) == {"vote_id", "cast"}
        progress = projector.event("vote.progress")
    assert set(progress["data"]) == {"vote_id", "cast"}
    console.act("vote.close", vote_id=vote_id)
    subject = projector.event("vote.closed")["data"]["vote"]["result"]["subjects"][0]
    assert subject["over_half"] is True and subject["two_thirds"] is False  # 5 of 9 in office
    for screen in [console, projector, *tablets]:
        screen.close()


def test_a_server_restarted_mid_vote_comes_back_with_the_vote_as_it_was(
    database_url: str, hall_app: Any
) -> None:
    app, hall = hall_app
    sid = hall["session_id"]
    console, tablets = opened_with(app, sid, 3)
    vote_id = console.act("vote.open", title="Biểu quyết trước khi khởi động lại")["result"]["vote_id"]
    tablets[0].ballot(vote_id, "yes", "before-restart")
    for screen in [console, *tablets]:
        screen.close()

    with running(create_app(Settings(database_url=database_url, secret_key="test-secret"))) as restarted:
        tablet = Screen(restarted, sid, "daibieu02")
        vote = tablet.first["state"]["votes"][0]
        assert (vote["status"], vote["cast"]) == ("open", 1)
        assert tablet.first["state"]["me"]["can_vote"] == [vote_id]
        assert tablet.ballot(vote_id, "yes", "after-restart")["type"] == "ack"
        tablet.close()


def test_private_sessions_and_foreign_pages_are_refused(hall_app: Any) -> None:
    app, hall = hall_app
    assert Screen(app, 99999).first["error"]["code"] == "not_found"
    foreign = Screen(app, hall["session_id"], headers={"Origin": "https://evil.example"})
    assert foreign.first["error"]["code"] == "origin"


def test_a_slow_client_overflows_only_its_own_queue() -> None:
    async def scenario() -> None:
        async def never(_: str) -> None:
            await asyncio.sleep(3600)

        slow, fast = Client(1, never), Client(1, never)
        for version in range(1, QUEUE_SIZE + 10):
            slow.offer(version, "{}")
            if version <= 3:
                fast.offer(version, "{}")
        # the 257th event overflowed: the backlog was dropped for one fresh snapshot, then events go on
        assert slow.overflowed == 1 and slow.queue.qsize() == 9 and slow.queue.get_nowait() == RESYNC
        assert slow.queue.get_nowait() == (QUEUE_SIZE + 2, "{}")
        assert fast.queue.qsize() == 3 and fast.overflowed == 0

    _in_a_thread(scenario)


def test_signing_a_tablet_in_with_a_card_checks_the_delegate_in(hall_app: Any, factory: Any) -> None:
    app, hall = hall_app
    sid = hall["session_id"]
    with storage.transaction(factory) as db:
        from sqlalchemy import select

        from agenda.models import User

        user = db.scalar(select(User).where(User.username == "daibieu03"))
        _, before_token = cards.issue_card(db, user, by=SYSTEM)
    tablet = httpx.Client(base_url=app, timeout=30)
    csrf = tablet.get("/api/me").json()["csrf_token"]
    early = tablet.post("/api/auth/card", json={"token": before_token}, headers={"x-csrf-token": csrf}).json()
    assert early["checked_in_session_id"] is None  # no sitting open yet: signed in only

    console = Screen(app, sid, "thuky2")
    console.act("sitting.open")
    with storage.transaction(factory) as db:
        user = db.scalar(select(User).where(User.username == "daibieu03"))
        _, token = cards.issue_card(db, user, by=SYSTEM)
    second = httpx.Client(base_url=app, timeout=30)
    csrf = second.get("/api/me").json()["csrf_token"]
    signed = second.post("/api/auth/card", json={"token": token}, headers={"x-csrf-token": csrf}).json()
    assert signed["checked_in_session_id"] == sid
    event = console.event("attendance")
    assert event["data"]["row"]["method"] == "card" and event["data"]["quorum"]["present"] == 1
    console.close()


def test_the_session_record_lists_attendance_votes_and_questions(hall_app: Any) -> None:
    import io

    import pypdf

    app, hall = hall_app
    sid = hall["session_id"]
    console, tablets = opened_with(app, sid, 6)
    console.act("attendance.mark", person_id=hall["people"][8], status="excused", reason="Đi học tập trung")
    filed = tablets[0].act(
        "question.file", official_id=hall["official_ids"][0], text="Khi nào sửa đường liên xã?"
    )
    qid = filed["result"]["question_id"]
    console.act("question.answer_start", question_id=qid)
    console.act("question.answer", question_id=qid, answer="Quý I năm sau khởi công.")
    vote_id = console.act("vote.open", title="Thông qua Nghị quyết về đường liên xã")["result"]["vote_id"]
    for i, tablet in enumerate(tablets):
        tablet.ballot(vote_id, "yes" if i < 5 else "no", f"rec-{i:06d}")
    console.act("vote.close", vote_id=vote_id)
    client = httpx.Client(base_url=app, timeout=30)
    rec = client.get(f"/api/sessions/{sid}/record").json()
    day = rec["attendance"][0]
    assert day["counts"] == {"present": 6, "excused": 1, "none": 2} and day["total"] == 9
    vote = rec["votes"][0]
    assert vote["result"]["passed"] and len(vote["named_ballots"]) == 6
    assert {"full_name": "Đại biểu 06", "option": "Không tán thành"} in vote["named_ballots"]
    assert rec["questions"][0]["answer"] == "Quý I năm sau khởi công."
    assert rec["seal"]["chain_intact"] and len(rec["seal"]["last_hash"]) == 64
    pdf = client.get(f"/api/sessions/{sid}/record.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "BIÊN BẢN KỲ HỌP" in text and "THÔNG QUA" in text and "Đi học tập trung" in text
    for screen in [console, *tablets]:
        screen.close()


def test_ballots_arriving_together_are_committed_together_and_counted_once(hall_app: Any) -> None:
    from concurrent.futures import ThreadPoolExecutor

    app, hall = hall_app
    sid = hall["session_id"]
    console, tablets = opened_with(app, sid, 9)
    vote_id = console.act("vote.open", title="Biểu quyết đồng loạt")["result"]["vote_id"]

    def press(i: int) -> list[dict[str, Any]]:
        tablet = tablets[i]
        first = tablet.ballot(vote_id, "yes" if i % 3 else "no", f"together-{i:04d}")
        again = tablet.ballot(vote_id, "yes" if i % 3 else "no", f"together-{i:04d}")  # a nervous resend
        other = tablet.ballot(vote_id, "abstain", f"second-{i:06d}")  # a second ballot
        return [first, again, other]

    with ThreadPoolExecutor(max_workers=9) as pool:
        replies = list(pool.map(press, range(9)))
    assert all(r[0]["type"] == "ack" and r[0]["result"]["duplicate"] is False for r in replies)
    assert all(r[1]["type"] == "ack" and r[1]["result"]["duplicate"] is True for r in replies)
    assert all(r[2]["type"] == "error" and r[2]["error"]["code"] == "conflict" for r in replies)
    closed = console.act("vote.close", vote_id=vote_id)
    assert closed["type"] == "ack"
    result = console.event("vote.closed")["data"]["vote"]["result"]
    assert [(o["option"], o["count"]) for o in result["options"]] == [("yes", 6), ("no", 3), ("abstain", 0)]
    with httpx.Client(base_url=app, timeout=30) as client:
        assert client.get(f"/api/sessions/{sid}/record").json()["seal"]["chain_intact"]
    for screen in [console, *tablets]:
        screen.close()


def _accounts(factory: Any, hall: dict[str, Any], *, ended: bool = False) -> dict[str, int]:
    """A sign-in session (its id) of each of daibieu01…09 and the secretary of ``hall_app``, as their
    sockets connected with; ``ended``: sessions signed out since."""
    from sqlalchemy import select

    from agenda.accounts import signins
    from agenda.models import User

    with storage.transaction(factory) as db:
        opened = {u.username: signins.open(db, u).signin.id for u in db.scalars(select(User))}
        for signin_id in opened.values() if ended else ():
            signins.end(db, signin_id, reason=signins.EndReason.SIGNED_OUT, actor=None)
        return opened


def test_one_batch_answers_each_ballot_and_stores_exactly_the_right_rows(hall_app: Any, factory: Any) -> None:
    """Good ballots, resends, a repeated key, a second ballot, bad ballots and strangers in one batch."""
    from sqlalchemy import func, select

    from agenda import audit, events
    from agenda.models import AuditEntry, NamedChoice, Session, VoteParticipation
    from session_server.realtime.ballots import cast_batch

    _, hall = hall_app
    sid, people = hall["session_id"], hall["people"]
    accounts, ended = _accounts(factory, hall), _accounts(factory, hall, ended=True)
    with storage.transaction(factory) as db:
        session = db.get(Session, sid)
        opening.open_sitting(db, session, None)
        for person in people[:6]:
            attendance.check_in(db, session, person, method="card", actor=None)
        vote_id = votes.open_vote(
            db, session, votes.VoteOpening.parse({"title": "Biểu quyết theo lô"}), None
        ).id

    def ballot(
        who: str | None, key: Any, choice: Any = "yes", vote: Any = None, stale: bool = False
    ) -> Submitted | DomainError:
        return submitted(
            sid,
            (ended if stale else accounts)[who] if who else None,
            {
                "type": "ballot",
                "vote_id": vote_id if vote is None else vote,
                "ballot_id": key,
                "choice": choice,
            },
        )

    first = cast_parsed(factory, [ballot("daibieu01", "early-000001")])
    assert first.outcomes[0]["duplicate"] is False and first.reported == [(sid, vote_id)]
    batch = cast_parsed(
        factory,
        [
            ballot("daibieu02", "key-02-000001"),  # 0 good
            ballot("daibieu03", "key-03-000001", "no"),  # 1 good
            ballot("daibieu02", "key-02-000001"),  # 2 a resend in the same batch
            ballot("daibieu01", "early-000001"),  # 3 a resend of a committed ballot
            ballot("daibieu04", "key-04-000001", "maybe"),  # 4 no such option
            ballot("daibieu04", "key-04-000002", "abstain"),  # 5 good: the bad one above wrote nothing
            ballot("daibieu03", "key-03-000002", "yes"),  # 6 a second ballot of the same delegate
            ballot("daibieu05", "key-02-000001"),  # 7 someone else's ballot id
            ballot("daibieu08", "key-08-000001"),  # 8 not checked in
            ballot("thuky2", "key-secretary1"),  # 9 not a delegate
            ballot(None, "key-anonymous1"),  # 10 not signed in
            ballot("daibieu06", "key-06-000001", stale=True),  # 11 signed out since the socket opened
            ballot("daibieu06", "x"),  # 12 a bad ballot id
            ballot("daibieu06", "key-06-000002", vote=987654),  # 13 no such vote
            ballot("daibieu06", "key-06-000003", vote="abc"),  # 14 not even a number
        ],
    )
    out = batch.outcomes
    assert [o["duplicate"] for o in (out[0], out[1], out[2], out[3], out[5])] == [
        False,
        False,
        True,
        True,
        False,
    ]
    errors = {i: (o.code, o.status, o.field) for i, o in enumerate(out) if not isinstance(o, dict)}
    assert errors == {
        4: ("invalid", 400, "choice"),
        6: ("conflict", 409, None),
        7: ("conflict", 409, "ballot_id"),
        8: ("forbidden", 403, None),
        9: ("forbidden", 403, None),
        10: ("signin_required", 401, None),
        11: ("signin_required", 401, None),
        12: ("invalid", 400, "ballot_id"),
        13: ("not_found", 404, None),
        14: ("invalid", 400, "vote_id"),
    }
    # the tally went out with the batch: one vote.progress, committed with the ballots
    assert batch.reported == [(sid, vote_id)] and batch.deferred == []
    ((_, version, text),) = batch.committed.events
    report = json.loads(text)
    assert report["event"] == "vote.progress" and report["data"]["cast"] == 4
    assert report["data"]["counts"]["motion"] == {"yes": 2, "no": 1, "abstain": 1}
    assert [b["person_id"] for b in report["data"]["ballots"]] == people[1:4]
    with factory() as db:
        rows = db.execute(
            select(VoteParticipation.person_id, VoteParticipation.ballot_key)
            .where(VoteParticipation.vote_id == vote_id)
            .order_by(VoteParticipation.id)
        ).all()
        assert [tuple(r) for r in rows] == [
            (people[0], "early-000001"),
            (people[1], "key-02-000001"),
            (people[2], "key-03-000001"),
            (people[3], "key-04-000002"),
        ]
        choices = db.execute(
            select(NamedChoice.person_id, NamedChoice.option)
            .where(NamedChoice.vote_id == vote_id)
            .order_by(NamedChoice.id)
        ).all()
        assert [tuple(c) for c in choices] == [
            (people[0], "yes"),
            (people[1], "yes"),
            (people[2], "no"),
            (people[3], "abstain"),
        ]
        cast_entries = list(
            db.scalars(select(AuditEntry).where(AuditEntry.action == "ballot.cast").order_by(AuditEntry.seq))
        )
        assert [e.detail["person_id"] for e in cast_entries] == people[:4]
        assert [e.actor for e in cast_entries] == ["daibieu01", "daibieu02", "daibieu03", "daibieu04"]
        assert audit.verify(db).ok
        assert db.scalar(select(func.count()).select_from(VoteParticipation)) == 4
        assert [e.version for e in events.since(db, sid, 0)][-1] == version  # gap-free, nothing else emitted

    # nothing new: a report-only batch emits nothing; a batch whose tally is not due leaves it for later
    assert cast_batch(factory, [], reports=[(sid, vote_id)]).committed.events == []
    later = cast_parsed(factory, [ballot("daibieu05", "key-05-000001")], due=lambda key: False)
    assert later.deferred == [(sid, vote_id)] and later.committed.events == []
    assert (
        json.loads(cast_batch(factory, [], reports=later.deferred).committed.events[0][2])["data"]["cast"]
        == 5
    )
    # a report (from any process) less than `every` seconds ago holds the tally back too
    held = cast_parsed(factory, [ballot("daibieu06", "key-06-000009")], every=3600)
    assert held.deferred == [(sid, vote_id)] and held.committed.events == [] and held.outcomes[0]["recorded"]
    assert (
        json.loads(cast_batch(factory, [], reports=held.deferred).committed.events[0][2])["data"]["cast"] == 6
    )


def test_a_batch_of_secret_ballots_counts_without_linking_anyone_to_a_choice(
    hall_app: Any, factory: Any
) -> None:
    from sqlalchemy import func, select

    from agenda import audit
    from agenda.models import AuditEntry, SealedBallot, SecretTally, Session, SessionEvent

    _, hall = hall_app
    sid, people, official = hall["session_id"], hall["people"], hall["official_ids"][0]
    accounts = _accounts(factory, hall)
    with storage.transaction(factory) as db:
        session = db.get(Session, sid)
        opening.open_sitting(db, session, None)
        for person in people[:5]:
            attendance.check_in(db, session, person, method="card", actor=None)
        vote_id = votes.open_vote(
            db,
            session,
            votes.VoteOpening.parse(
                {"kind": "confidence_rating", "title": "Lấy phiếu tín nhiệm", "official_ids": [official]}
            ),
            None,
        ).id
    subject = f"official-{official}"
    picks = ["low", "low", "high", {"someone-else": "low"}, "normal"]
    batch = cast_parsed(
        factory,
        [
            submitted(
                sid,
                accounts[f"daibieu{i + 1:02d}"],
                {"vote_id": vote_id, "choice": pick, "ballot_id": f"secret-batch-{i}"},
            )
            for i, pick in enumerate(picks)
        ],
    )
    assert [isinstance(o, dict) for o in batch.outcomes] == [True, True, True, False, True]
    report = json.loads(batch.committed.events[0][2])["data"]
    assert report == {"vote_id": vote_id, "cast": 4}  # how many, never how
    with factory() as db:  # while open: four sealed ballots, no tally at all
        assert db.scalar(select(func.count(SealedBallot.id)).where(SealedBallot.vote_id == vote_id)) == 4
        assert (
            db.scalar(select(func.count()).select_from(SecretTally).where(SecretTally.vote_id == vote_id))
            == 0
        )
    with storage.transaction(factory) as db:
        votes.close_vote(db, db.get(Session, sid), votes.VoteRef(vote_id), None)
    with factory() as db:
        tally = {
            t.option: t.count
            for t in db.scalars(
                select(SecretTally).where(SecretTally.vote_id == vote_id, SecretTally.subject == subject)
            )
        }
        assert tally == {"high": 1, "normal": 1, "low": 2}
        entries = list(db.scalars(select(AuditEntry).where(AuditEntry.action == "ballot.cast")))
        assert len(entries) == 4 and all(set(e.detail) == {"vote_id", "person_id"} for e in entries)
        assert not any(
            "low" in json.dumps(e.data) or "high" in json.dumps(e.data)
            for e in db.scalars(select(SessionEvent).where(SessionEvent.type == "vote.progress"))
        )
        assert audit.verify(db).ok


def _in_a_thread(scenario: Any) -> None:
    """Run an async scenario in a thread of its own (the browser tests keep an event loop in the main one)."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(scenario())
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive() and not errors, errors


def test_an_idle_client_gets_events_at_once_and_a_busy_one_through_its_queue() -> None:
    async def scenario() -> None:
        written: list[bytes] = []
        open_ = True

        async def never(_: str) -> None:
            await asyncio.sleep(3600)

        client = Client(1, never, sent_version=4, write_now=lambda data: open_ and not written.append(data))
        client.offer(5, '{"v":5}')
        assert written == [b'{"v":5}'] and client.sent_version == 5 and client.queue.empty()
        client.offer(7, '{"v":7}')  # out of order: waits in the queue for the writer (which fills the gap)
        client.offer(8, '{"v":8}')  # behind it
        assert written == [b'{"v":5}'] and client.queue.qsize() == 2
        client.queue = asyncio.Queue(QUEUE_SIZE)
        async with client.lock:  # a frame being sent: the next one waits its turn
            client.offer(6, '{"v":6}')
        assert client.queue.qsize() == 1 and client.sent_version == 5
        client.queue = asyncio.Queue(QUEUE_SIZE)
        open_ = False  # the connection cannot take it now (buffer full, closing)
        client.offer(6, '{"v":6}')
        assert client.queue.get_nowait() == (6, '{"v":6}') and client.sent_version == 5

    _in_a_thread(scenario)


def test_the_hub_puts_events_back_in_order_and_does_not_wait_forever() -> None:
    from session_server.realtime.hub import Hub

    async def scenario() -> None:
        async def never(_: str) -> None:
            await asyncio.sleep(3600)

        hub = Hub()
        hub.reorder_wait = 0.05
        client = Client(7, never)
        hub.add(client)
        for version in (10, 12, 13, 11, 14):  # 12 and 13 were published before 11
            hub.deliver(7, version, f"e{version}")
        assert [client.queue.get_nowait()[0] for _ in range(5)] == [10, 11, 12, 13, 14]
        hub.deliver(7, 16, "e16")  # 15 is lost
        assert client.queue.empty()
        await asyncio.sleep(0.2)
        assert client.queue.get_nowait() == (16, "e16")  # the writer reads 15 back from the database
        hub.deliver(7, 17, "e17")
        assert client.queue.get_nowait() == (17, "e17")

    _in_a_thread(scenario)


def test_events_go_straight_to_the_connection_under_uvicorn(database_url: str, factory: Any) -> None:
    hall = build_hall(factory)
    app = create_app(Settings(database_url=database_url, secret_key="test-secret"))
    with running(app) as url:
        with connect(
            f"{url.replace('http', 'ws', 1)}/ws/sessions/{hall['session_id']}", open_timeout=10
        ) as ws:
            assert json.loads(ws.recv(timeout=10))["type"] == "snapshot"
            ws.send(json.dumps({"type": "ping", "id": 1}))
            assert json.loads(ws.recv(timeout=10)) == {"type": "pong", "id": 1}
            clients = [c for group in app.state.hub.clients.values() for c in group]
            assert len(clients) == 1 and clients[0].write_now is not None


def test_a_batch_never_waits_to_upgrade_a_lock_another_batch_shares(
    hall_app: Any, factory: Any, database_url: str
) -> None:
    """Two processes' batches hold the session's lock shared side by side; neither waits to report."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no row locks: one writer at a time")
    from agenda import events
    from agenda.models import Session
    from session_server.realtime.ballots import cast_batch

    _, hall = hall_app
    sid = hall["session_id"]
    accounts = _accounts(factory, hall)
    with storage.transaction(factory) as db:
        session = db.get(Session, sid)
        opening.open_sitting(db, session, None)
        attendance.check_in(db, session, hall["people"][0], method="card", actor=None)
        vote_id = votes.open_vote(db, session, votes.VoteOpening.parse({"title": "Hai tiến trình"}), None).id
    with factory() as other, other.begin():
        events.live_state(other, sid, lock="share")  # the other process's batch, not yet committed
        batch = cast_parsed(
            factory,
            [
                submitted(
                    sid,
                    accounts["daibieu01"],
                    {"vote_id": vote_id, "choice": "yes", "ballot_id": "shared-lock-1"},
                )
            ],
        )
        assert (
            batch.outcomes[0]["recorded"]
            and batch.deferred == [(sid, vote_id)]
            and not batch.committed.events
        )
    report = cast_batch(factory, [], reports=batch.deferred)  # no ballots: may wait for the lock
    assert json.loads(report.committed.events[0][2])["data"]["cast"] == 1


def test_a_hall_connecting_at_once_shares_one_reading_of_the_snapshot(
    hall_app: Any, factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every tablet connects when the sitting opens (or when the Wi-Fi comes back): the part of the snapshot
    they all share is read once per version; each still gets its own part and the clock."""
    from concurrent.futures import ThreadPoolExecutor

    from agenda.models import Session
    from agenda.sitting import snapshot
    from session_server.realtime import socket

    reads: list[int] = []
    real = socket.shared_state

    def counting(db: Any, session: Any) -> dict[str, Any]:
        reads.append(session.id)
        return real(db, session)

    monkeypatch.setattr(socket, "shared_state", counting)
    url, hall = hall_app
    sid = hall["session_id"]
    # (hall_app's server runs in a thread of this process: the counter sees its reads)
    console = Screen(url, sid, "thuky2")
    assert console.act("sitting.open")["type"] == "ack"
    vote_id = console.act("vote.open", title="Biểu quyết")["result"]["vote_id"]
    reads.clear()
    with ThreadPoolExecutor(6) as pool:
        tablets = list(pool.map(lambda i: Screen(url, sid, f"daibieu{i + 1:02d}"), range(6)))
    assert reads == [sid]  # six tablets, one reading
    with factory() as db:
        expected = snapshot.snapshot(db, db.get(Session, sid), viewer_person_id=hall["people"][0])
    for i, tablet in enumerate(tablets):
        state = tablet.first["state"]
        assert tablet.first["type"] == "snapshot" and tablet.first["version"] == expected["version"]
        assert state["me"] == {"person_id": hall["people"][i], "voted": [], "can_vote": [vote_id]}
        assert {k: v for k, v in state.items() if k not in ("me", "server_time")} == {
            k: v for k, v in expected.items() if k not in ("me", "server_time")
        }
        assert state["server_time"]
    checked = tablets[0].act("attendance.check_in")
    assert checked["type"] == "ack", checked
    cast = tablets[0].ballot(vote_id, "yes", "ballot-0001")
    assert cast["type"] == "ack", cast
    again = Screen(url, sid, "daibieu01")  # a later version: read again, with the ballot in its own part
    assert reads == [sid, sid] and again.first["version"] > expected["version"]
    assert again.first["state"]["me"]["voted"] == [vote_id]
    for screen in [console, again, *tablets]:
        screen.close()

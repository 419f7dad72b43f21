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

from agenda import accounts
from agenda import db as storage
from session_server.app import create_app
from session_server.hub import QUEUE_SIZE, RESYNC, Client
from session_server.settings import Settings
from tests.conftest import running
from tests.test_live import build_hall

PASSWORD = "mat-khau-2026"


@pytest.fixture
def hall_app(database_url: str, factory: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """A hall of nine delegates with accounts, served for real (uvicorn in a thread); yields its URL."""
    hall = build_hall(factory)
    with storage.transaction(factory) as db:
        for i, person in enumerate(hall["people"]):
            accounts.create_user(db, {"username": f"daibieu{i + 1:02d}", "display_name": f"Đại biểu {i + 1:02d}",
                                      "password": PASSWORD, "roles": ["delegate"], "person_id": person})
        accounts.create_user(db, {"username": "thuky2", "display_name": "Thư ký", "password": PASSWORD,
                                  "roles": ["secretary"]})
    with running(create_app(Settings(database_url=database_url, secret_key="test-secret"))) as url:
        yield url, hall


class Screen:
    """One browser tab: an HTTP client signed in (or not) and its websocket to the session."""

    def __init__(self, base_url: str, session_id: int, username: str | None = None, since: int | None = None,
                 headers: dict[str, str] | None = None) -> None:
        self.client = httpx.Client(base_url=base_url)
        self.csrf = self.client.get("/api/me").json()["csrf_token"]
        if username:
            response = self.client.post("/api/auth/login", json={"username": username, "password": PASSWORD},
                                        headers={"x-csrf-token": self.csrf})
            assert response.status_code == 200
            self.csrf = response.json()["csrf_token"]
        query = f"?since={since}" if since is not None else ""
        cookie = self.client.cookies.get("kyhop_session")
        extra = {"Cookie": f"kyhop_session={cookie}"} if cookie else {}
        self.ws = connect(f"{base_url.replace('http', 'ws', 1)}/ws/sessions/{session_id}{query}",
                          additional_headers={**extra, **(headers or {})}, open_timeout=10).__enter__()
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
        self.ws.send(json.dumps({"type": "ballot", "id": ref, "vote_id": vote_id, "ballot_id": ballot_id,
                                      "choice": choice}))
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
    assert last is not None and last["data"]["quorum"] == {"present": 7, "total": 9, "needed": 6, "fraction": "2/3",
                                                           "has_quorum": True}

    opened = console.act("vote.open", title="Thông qua Nghị quyết về dự toán ngân sách", agenda_item_id=hall["item_ids"][1])
    vote_id = opened["result"]["vote_id"]
    assert projector.event("vote.opened")["data"]["vote"]["status"] == "open"
    for i, tablet in enumerate(tablets[:6]):
        ack = tablet.ballot(vote_id, "yes" if i < 5 else "no", f"ballot-{i:05d}")
        assert ack["type"] == "ack" and ack["result"] == {"vote_id": vote_id, "ballot_id": f"ballot-{i:05d}",
                                                          "recorded": True, "duplicate": False}
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
    assert error_of(tablet.act("vote.open", title="Tự mở")) == "forbidden"  # a delegate cannot run the sitting
    assert error_of(tablet.ballot(vote_id, "maybe", "ballot-bad-1")) == "invalid"
    assert error_of(tablet.ballot(999, "yes", "ballot-bad-2")) == "not_found"
    assert error_of(absent.ballot(vote_id, "yes", "ballot-absent")) == "forbidden"
    assert error_of(console.ballot(vote_id, "yes", "ballot-secretary")) == "forbidden"  # not a delegate
    assert tablet.ballot(vote_id, "yes", "ballot-good-1")["type"] == "ack"
    assert error_of(tablet.ballot(vote_id, "no", "ballot-good-2")) == "conflict"  # second ballot
    console.act("vote.close", vote_id=vote_id)
    assert error_of(console.act("vote.close", vote_id=vote_id)) == "conflict"  # closing a vote that is not open
    assert error_of(absent.ballot(vote_id, "yes", "ballot-late")) == "conflict"
    tablet.ws.send(json.dumps({"type": "ping", "id": "p"}))
    assert tablet.until(lambda m: m["type"] == "pong")["id"] == "p"  # still connected
    snapshot = httpx.get(f"{app}/api/sessions/{sid}/live").json()
    assert snapshot["votes"][0]["cast"] == 1 and snapshot["votes"][0]["counts"]["motion"]["yes"] == 1
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
    vote_id = console.act("vote.open", kind="confidence_rating", title="Lấy phiếu tín nhiệm",
                          official_ids=[official])["result"]["vote_id"]
    for i, tablet in enumerate(tablets):
        assert tablet.ballot(vote_id, {f"official-{official}": "low" if i < 5 else "high"}, f"secret-{i:04d}"
                             )["type"] == "ack"
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


def test_a_server_restarted_mid_vote_comes_back_with_the_vote_as_it_was(database_url: str, hall_app: Any) -> None:
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

    # In a thread of its own: the browser tests' Playwright keeps an event loop in the main thread.
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


def test_signing_a_tablet_in_with_a_card_checks_the_delegate_in(hall_app: Any, factory: Any) -> None:
    app, hall = hall_app
    sid = hall["session_id"]
    with storage.transaction(factory) as db:
        from sqlalchemy import select

        from agenda.models import User

        user = db.scalar(select(User).where(User.username == "daibieu03"))
        _, before_token = accounts.issue_card(db, user)
    tablet = httpx.Client(base_url=app)
    csrf = tablet.get("/api/me").json()["csrf_token"]
    early = tablet.post("/api/auth/card", json={"token": before_token}, headers={"x-csrf-token": csrf}).json()
    assert early["checked_in_session_id"] is None  # no sitting open yet: signed in only

    console = Screen(app, sid, "thuky2")
    console.act("sitting.open")
    with storage.transaction(factory) as db:
        user = db.scalar(select(User).where(User.username == "daibieu03"))
        _, token = accounts.issue_card(db, user)
    second = httpx.Client(base_url=app)
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
    filed = tablets[0].act("question.file", official_id=hall["official_ids"][0], text="Khi nào sửa đường liên xã?")
    qid = filed["result"]["question_id"]
    console.act("question.answer_start", question_id=qid)
    console.act("question.answer", question_id=qid, answer="Quý I năm sau khởi công.")
    vote_id = console.act("vote.open", title="Thông qua Nghị quyết về đường liên xã")["result"]["vote_id"]
    for i, tablet in enumerate(tablets):
        tablet.ballot(vote_id, "yes" if i < 5 else "no", f"rec-{i:06d}")
    console.act("vote.close", vote_id=vote_id)
    client = httpx.Client(base_url=app)
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
    assert "BIÊN BẢN TỔNG HỢP KỲ HỌP" in text and "THÔNG QUA" in text and "Đi học tập trung" in text
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
    with httpx.Client(base_url=app) as client:
        assert client.get(f"/api/sessions/{sid}/record").json()["seal"]["chain_intact"]
    for screen in [console, *tablets]:
        screen.close()

"""One clock (issue 12): with the server in UTC, every date and time a person reads — the sitting's day, the
time it opened, a confidential copy's stamp, the record, a written answer's due date, a card's expiry, "is a
sitting open today" — is on the council's clock. 16:30 UTC is 23:30 in Vietnam, the same day; 17:30 UTC is
00:30 the next day there, and still the evening before in Paris: a council in Europe/Paris proves that the
council's zone, not a constant, decides."""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda import clock
from agenda import db as storage
from agenda.accounts import cards, users
from agenda.accounts.authority import SYSTEM
from agenda.backup import backup, restore
from agenda.council import delegates, items, officials, people, sessions, terms
from agenda.models import CouncilLevel, DocumentCopy, Role, Term, User
from tests.conftest import CHAIR, DELEGATE, SECRETARY, Browser
from tests.session_server.api.test_documents import published_document


def utc(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2026, 12, 2, hour, minute, tzinfo=dt.UTC)


EVENING = utc(16, 30)  # 23:30 on 2 December in Vietnam; 17:30 in Paris
MIDNIGHT = utc(17, 30)  # 00:30 on 3 December in Vietnam; 18:30 on 2 December in Paris


@dataclass(frozen=True)
class Expected:
    """What a person reads, on the council's clock."""

    zone: str
    evening_day: str  # the sitting's day opened at EVENING
    midnight_today: str  # the council's today at MIDNIGHT
    evening_stamp: str  # the confidential copy's time, issued at EVENING
    midnight_stamp: str  # … at MIDNIGHT
    midnight_written: str  # the record's "Lập lúc …" at MIDNIGHT
    due_on: str  # a question left for a written answer at MIDNIGHT: 20 days after the council's today
    card_expires_on: dt.date  # a 30-day card issued at MIDNIGHT


VIETNAM = Expected(
    "Asia/Ho_Chi_Minh",
    "2026-12-02",
    "2026-12-03",
    "02/12/2026 23:30",
    "03/12/2026 00:30",
    "00:30 03/12/2026",
    "2026-12-23",
    dt.date(2027, 1, 2),
)
PARIS = Expected(
    "Europe/Paris",
    "2026-12-02",
    "2026-12-02",
    "02/12/2026 17:30",
    "02/12/2026 18:30",
    "18:30 02/12/2026",
    "2026-12-22",
    dt.date(2027, 1, 1),
)


@pytest.fixture(params=[VIETNAM, PARIS], ids=lambda e: e.zone)
def expected(request: pytest.FixtureRequest) -> Expected:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture(autouse=True)
def server_in_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The server's own zone is UTC (as on most servers): the council's dates must not follow it."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(autouse=True)
def files_dir(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("KYHOP_FILES_DIR", str(tmp_path / "files"))
    return tmp_path / "files"


@pytest.fixture
def small_council(factory: sessionmaker[DbSession], expected: Expected) -> dict[str, Any]:
    """(Replaces the shared one for the ``app`` fixture.) A council in ``expected.zone`` with a session held
    on 1–2 December 2026, three delegates with accounts, an official and a secretary."""
    with storage.transaction(factory) as db:
        home = terms.create_council(
            db,
            terms.CouncilInput(
                "Hội đồng nhân dân tỉnh Ninh Bình",
                "HĐND tỉnh Ninh Bình",
                "Ninh Bình",
                CouncilLevel.PROVINCE,
                time_zone=expected.zone,
            ),
            is_home=True,
        )
        term = terms.create_term(db, home, terms.TermInput(17, dt.date(2026, 3, 15), seats=3))
        mandates = [
            delegates.add_delegate(
                db, term, delegates.DelegateInput(people.PersonInput(name), seat_label=seat)
            )
            for name, seat in [("Nguyễn Văn An", "A01"), ("Trần Thị Bình", "A02"), ("Lê Hoàng Cường", "A03")]
        ]
        official = officials.add_official(
            db,
            home,
            officials.OfficialInput(
                people.PersonInput("Hoàng Minh Tuấn"), "Giám đốc Sở Y tế", "Sở Y tế", dt.date(2026, 4, 1)
            ),
        )
        session = sessions.create_session(
            db, term, sessions.SessionInput(dt.date(2026, 12, 1), dt.date(2026, 12, 2), place="Hội trường")
        )
        items.add_agenda_item(db, session, items.AgendaItemInput("Chất vấn và trả lời chất vấn"))
        sessions.publish_session(db, session)
        for (username, password), roles, mandate in [
            (SECRETARY, {Role.SECRETARY}, None),
            (CHAIR, {Role.CHAIR, Role.DELEGATE}, mandates[0]),
            (DELEGATE, {Role.DELEGATE}, mandates[1]),
            (("daibieu3", "daibieu3-mat-khau"), {Role.DELEGATE}, mandates[2]),
        ]:
            person_id = mandate.person_id if mandate else None
            users.create_user(db, users.UserInput(username, username, frozenset(roles), password, person_id))
        return {"session_id": session.id, "official_id": official.id, "term_id": term.id}


def act(client: Browser, action: str, body: Any = None) -> Any:
    response = client.post(f"/api/sessions/1/actions/{action}", body or {})
    assert response.status_code == 200, response.text
    return response.json()["result"]


def stamp_of(factory: Any, username: str) -> str:
    with factory() as db:
        user = db.scalar(select(User).where(User.username == username))
        return db.scalars(select(DocumentCopy.stamp).where(DocumentCopy.user_id == user.id)).one()


def pdf_text(content: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(content)).pages)


def test_every_date_and_time_a_person_reads_is_on_the_councils_clock(
    visitor: Any, factory: Any, small_council: dict[str, Any], expected: Expected
) -> None:
    assert dt.datetime.now().astimezone().utcoffset() == dt.timedelta(0)  # the server runs in UTC
    secretary = visitor().login(SECRETARY)
    delegate = visitor().login(DELEGATE)
    with clock.frozen(EVENING):
        act(secretary, "sitting.open")
        snapshot = secretary.get("/api/sessions/1/live").json()
        assert snapshot["council"]["time_zone"] == expected.zone  # the wire carries the council's zone
        assert snapshot["sitting"]["day"] == expected.evening_day
        assert snapshot["sitting"]["opened_at"] == "2026-12-02T16:30:00Z"  # stored and sent in UTC
        act(delegate, "attendance.check_in")
        filed = act(
            delegate, "question.file", {"official_id": small_council["official_id"], "text": "Vì sao?"}
        )
        act(secretary, "questions.arrange", {"selected": [filed["question_id"]]})
        secret = published_document(secretary, "TÀI LIỆU MẬT về nhân sự", "confidential", repeat=1)["id"]
        copy = delegate.get(f"/api/documents/{secret}/file")
        assert copy.status_code == 200
        assert stamp_of(factory, DELEGATE[0]) == f"MẬT — Trần Thị Bình — {expected.evening_stamp}"
        assert f"MẬT — Trần Thị Bình — {expected.evening_stamp}" in pdf_text(copy.content)

    with clock.frozen(MIDNIGHT):
        council = secretary.get("/api/council").json()
        assert council["on"] == expected.midnight_today  # who is in office today: the council's today
        # A card signed in checks its delegate in only while today's sitting is open — today on the
        # council's clock: past midnight in Vietnam the sitting opened "yesterday" is not today's.
        with storage.transaction(factory) as db:
            user = db.scalar(select(User).where(User.username == "daibieu3"))
            token = cards.issue_card(db, user, by=SYSTEM).token
        signed = visitor().post("/api/auth/card", {"token": token}).json()
        assert (signed["checked_in_session_id"] is None) == (expected.midnight_today != expected.evening_day)
        # Opening again is the next sitting day in Vietnam; in Paris it is still the same day (refused).
        again = secretary.post(
            "/api/sessions/1/actions/sitting.open", {"confirm": True}
        )  # the day after may be past the dates
        assert again.status_code == (200 if expected.midnight_today != expected.evening_day else 409)
        assert secretary.get("/api/sessions/1/live").json()["sitting"]["day"] == expected.midnight_today

        chair = visitor().login(CHAIR)
        assert chair.get(f"/api/documents/{secret}/file").status_code == 200
        assert stamp_of(factory, CHAIR[0]) == f"MẬT — Nguyễn Văn An — {expected.midnight_stamp}"

        act(secretary, "session.close")  # the question not reached is left for a written answer
        [question] = secretary.get("/api/sessions/1/questions").json()["questions"]
        assert question["written_due_on"] == expected.due_on

        record = secretary.get("/api/sessions/1/record.pdf")
        assert record.status_code == 200
        text = " ".join(pdf_text(record.content).split())  # the minutes, their lines joined
        assert "từ ngày 01 tháng 12 năm 2026 đến ngày 02 tháng 12 năm 2026" in text  # the session's dates
        present = 1 if expected.midnight_today != expected.evening_day else 2  # and the card's check-in
        first_day = f"1. Phiên họp ngày {expected.evening_day[8:]} tháng 12 năm 2026 (ngày thứ nhất)"
        assert f"{first_day} Tổng số đại biểu HĐND: 3. Có mặt {present}/3 đại biểu" in text
        assert f"hạn trả lời: ngày {expected.due_on[8:]} tháng 12 năm 2026" in text
        assert f"Lập lúc {expected.midnight_written}." in text

        with storage.transaction(factory) as db:
            term = db.get(Term, small_council["term_id"])
            faces = cards.issue_cards_for_term(db, term, "https://kyhop.example", by=SYSTEM)
        assert {face.expires_on for face in faces} == {expected.card_expires_on}


def test_the_frozen_clock_stands_still_and_then_runs_again() -> None:
    with clock.frozen(MIDNIGHT):
        assert clock.utcnow() == dt.datetime(2026, 12, 2, 17, 30)
        assert clock.today("Asia/Ho_Chi_Minh") == dt.date(2026, 12, 3)
        assert clock.today("Europe/Paris") == dt.date(2026, 12, 2)
        assert clock.written_time(clock.utcnow(), "Asia/Ho_Chi_Minh") == "00:30 03/12/2026"
    assert abs(clock.utcnow() - dt.datetime.now(dt.UTC).replace(tzinfo=None)) < dt.timedelta(seconds=5)


def test_a_restore_says_when_its_backup_was_taken_on_the_councils_clock(
    database_url: str, engine: Engine, small_council: dict[str, Any], expected: Expected, tmp_path: Any
) -> None:
    with clock.frozen(MIDNIGHT):
        backup(database_url, tmp_path / "kyhop.tar")
    engine.dispose()  # (SQLite is restored only while nothing holds it)
    report = restore(database_url, tmp_path / "kyhop.tar", force=True)
    assert report.created_at == "2026-12-02T17:30:00+00:00"  # the archive keeps UTC
    assert report.created_at_written() == f"{expected.midnight_written} ({expected.zone})"

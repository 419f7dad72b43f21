"""Opening a sitting safely: outside the session's dates only when confirmed, and an opening made by mistake
undone while nothing has happened in it — refused, naming what happened, once anything has."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from agenda import clock, events
from agenda import db as storage
from agenda.errors import DomainError
from agenda.models import Attendance, AuditEntry, Session, SessionEvent, SessionStatus, User
from agenda.sitting import attendance, floor, opening, questions, undo, votes
from tests.agenda.sitting.test_sitting import act, build_hall, refused


@pytest.fixture
def hall(factory: Any) -> dict[str, Any]:
    return build_hall(factory)


def secretary(db: Any) -> User:
    user = db.scalar(select(User).where(User.username == "thuky"))
    assert user is not None
    return user


def open_it(db: Any, session: Session) -> None:
    opening.open_sitting(db, session, secretary(db))


def undo_it(db: Any, session: Session) -> None:
    undo.undo_opening(db, session, secretary(db))


def sitting_of(factory: Any, hall: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    with storage.transaction(factory) as db:
        session = db.get(Session, hall["session_id"])
        assert session is not None
        state = events.live_state(db, session.id)
        return session.status.value, {
            "day": state.sitting_day,
            "opened_at": state.opened_at,
            "current_item_id": state.current_item_id,
        }


def test_an_opening_in_which_nothing_happened_is_undone_and_audited(
    factory: Any, hall: dict[str, Any]
) -> None:
    act(factory, hall, open_it)
    assert sitting_of(factory, hall)[0] == "in_progress"
    act(factory, hall, undo_it)
    status, state = sitting_of(factory, hall)
    assert status == "published"
    assert state == {"day": None, "opened_at": None, "current_item_id": None}
    with storage.transaction(factory) as db:
        entry = db.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry is not None
        assert entry.action == "sitting.opening_undone" and entry.actor == "thuky"
        assert entry.session_id == hall["session_id"]
        assert entry.detail["undone_day"] == clock.today("Asia/Ho_Chi_Minh").isoformat()
        assert entry.detail["restored"]["status"] == "published"


def test_the_undone_event_tells_the_screens_the_sitting_as_it_was(factory: Any, hall: dict[str, Any]) -> None:
    act(factory, hall, open_it)
    with storage.transaction(factory) as db:
        session = db.get(Session, hall["session_id"])
        assert session is not None
        undo_it(db, session)
        emitted = events.take_emitted(db).events
    assert [e.type for e in emitted] == ["sitting.opening_undone"]
    data = emitted[0].data
    assert data["status"] == "published" and data["sitting"]["day"] is None
    assert data["quorum"]["present"] == 0 and len(data["attendance"]) == 9


def test_the_opening_can_be_opened_again_after_it_was_undone(factory: Any, hall: dict[str, Any]) -> None:
    act(factory, hall, open_it)
    act(factory, hall, undo_it)
    act(factory, hall, open_it)
    status, state = sitting_of(factory, hall)
    assert status == "in_progress" and state["day"] == clock.today("Asia/Ho_Chi_Minh")


def check_in_delegate(db: Any, session: Session, person: int) -> None:
    attendance.check_in(db, session, person, method="card", actor=None)


def _checked_in(db: Any, s: Session, hall: dict[str, Any]) -> None:
    check_in_delegate(db, s, hall["people"][0])
    check_in_delegate(db, s, hall["people"][1])


def _marked_excused(db: Any, s: Session, hall: dict[str, Any]) -> None:
    mark = attendance.AttendanceMark.parse(
        {"person_id": hall["people"][3], "status": "excused", "reason": "Ốm"}
    )
    attendance.mark_attendance(db, s, mark, None)


def _vote(db: Any, s: Session, hall: dict[str, Any]) -> None:
    votes.open_vote(db, s, votes.VoteOpening.parse({"title": "Thông qua chương trình"}), None)


def _speech(db: Any, s: Session, hall: dict[str, Any]) -> None:
    check_in_delegate(db, s, hall["people"][2])
    floor.request_floor(db, s, hall["people"][2], floor.FloorRequest.parse({}), None)


def _timer(db: Any, s: Session, hall: dict[str, Any]) -> None:
    floor.start_timer(db, s, floor.TimerStart.parse({"seconds": 120, "label": "Giải lao"}), None)


def _question(db: Any, s: Session, hall: dict[str, Any]) -> None:
    filing = questions.QuestionFiling.parse(
        {"official_id": hall["official_ids"][0], "text": "Tiến độ dự án?"}
    )
    questions.file_question(db, s, hall["people"][4], filing, None)


HAPPENINGS: dict[str, tuple[Callable[[Any, Session, dict[str, Any]], None], str, str]] = {
    "two delegates checked in": (_checked_in, "2 đại biểu đã được điểm danh", "attendance recorded for 2"),
    "an excused absence marked": (_marked_excused, "1 đại biểu đã được điểm danh", "attendance recorded"),
    "a vote opened": (_vote, "1 cuộc biểu quyết", "1 vote(s) held"),
    "a request to speak": (_speech, "danh sách phát biểu", "speakers"),
    "the timer started": (_timer, "đồng hồ", "timer"),
    "a question filed": (_question, "phiếu chất vấn", "questions"),
}


@pytest.mark.parametrize("happening", list(HAPPENINGS))
def test_once_something_happened_the_undo_is_refused_naming_it(
    factory: Any, hall: dict[str, Any], happening: str
) -> None:
    do, named_vi, named_en = HAPPENINGS[happening]
    act(factory, hall, open_it)
    act(factory, hall, lambda db, s: do(db, s, hall))
    error = refused(factory, hall, undo_it)
    assert error.status == 409 and error.code == "sitting_started"
    assert named_vi in error.vi and named_en in error.en
    assert sitting_of(factory, hall)[0] == "in_progress"  # nothing changed


def test_what_happened_before_the_opening_does_not_count(factory: Any, hall: dict[str, Any]) -> None:
    act(factory, hall, lambda db, s: _question(db, s, hall))  # questions are filed before the sitting opens
    act(factory, hall, open_it)
    act(factory, hall, undo_it)
    assert sitting_of(factory, hall)[0] == "published"


def test_the_undoing_delegates_own_check_in_does_not_count_and_is_removed(
    factory: Any, hall: dict[str, Any]
) -> None:
    chair = hall["people"][0]
    with storage.transaction(factory) as db:
        secretary(db).person_id = chair  # the one who opened it is a delegate who checked themselves in
    act(factory, hall, open_it)
    act(factory, hall, lambda db, s: check_in_delegate(db, s, chair))
    act(factory, hall, undo_it)
    with storage.transaction(factory) as db:
        assert db.scalars(select(Attendance).where(Attendance.session_id == hall["session_id"])).all() == []


def test_moving_the_current_item_does_not_count_and_the_item_is_put_back(
    factory: Any, hall: dict[str, Any]
) -> None:
    act(factory, hall, open_it)
    second = opening.CurrentItem(hall["item_ids"][1])
    act(factory, hall, lambda db, s: opening.set_current_item(db, s, second, None))
    act(factory, hall, undo_it)
    assert sitting_of(factory, hall)[1]["current_item_id"] is None


def test_there_is_nothing_to_undo_before_an_opening_or_twice(factory: Any, hall: dict[str, Any]) -> None:
    assert "Không có lần khai mạc" in refused(factory, hall, undo_it).vi
    act(factory, hall, open_it)
    act(factory, hall, undo_it)
    error = refused(factory, hall, undo_it)
    assert error.status == 409 and error.en == "There is no opening to undo."


def test_undoing_a_next_days_opening_goes_back_to_the_day_before(
    factory: Any, hall: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    first_day = clock.today("Asia/Ho_Chi_Minh")
    act(factory, hall, open_it)
    act(factory, hall, lambda db, s: check_in_delegate(db, s, hall["people"][0]))
    status, before = sitting_of(factory, hall)
    monkeypatch.setattr(clock, "today", lambda where: first_day + dt.timedelta(days=1))
    act(factory, hall, open_it)
    assert sitting_of(factory, hall)[1]["day"] == first_day + dt.timedelta(days=1)
    act(factory, hall, undo_it)
    assert sitting_of(factory, hall) == (status, before)  # in progress, on the first day, opened as then
    with storage.transaction(factory) as db:
        session = db.get(Session, hall["session_id"])
        assert session is not None and session.status == SessionStatus.IN_PROGRESS
        assert attendance.quorum(db, session)["present"] == 1  # the first day's attendance is kept


def test_undo_check_says_what_the_console_shows(factory: Any, hall: dict[str, Any]) -> None:
    with storage.transaction(factory) as db:
        session = db.get(Session, hall["session_id"])
        assert session is not None
        assert undo.undo_check(db, session, None).as_dict()["allowed"] is False
        open_it(db, session)
        assert undo.undo_check(db, session, None).as_dict()["allowed"] is True
        check_in_delegate(db, session, hall["people"][0])
        check = undo.undo_check(db, session, None).as_dict()
    assert check["allowed"] is False and check["happened"] == {"attendance": 1}
    assert check["message_en"] == "attendance recorded for 1 delegate(s)"


def test_opening_on_a_day_outside_the_session_needs_confirming(
    factory: Any, hall: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "today", lambda where: dt.date.today() - dt.timedelta(days=3))
    error = refused(factory, hall, open_it)
    assert error.status == 409 and error.code == "outside_dates"
    assert "không nằm trong thời gian kỳ họp" in error.vi and "not within the session's dates" in error.en
    assert sitting_of(factory, hall)[0] == "published"
    confirmed = opening.SittingOpening.parse({"confirm": True})
    act(factory, hall, lambda db, s: opening.open_sitting(db, s, None, confirmed))
    assert sitting_of(factory, hall)[0] == "in_progress"


def test_the_confirm_flag_must_be_true_or_false() -> None:
    with pytest.raises(DomainError) as info:
        opening.SittingOpening.parse({"confirm": "yes"})
    assert info.value.field == "confirm"
    assert opening.SittingOpening.parse({}) == opening.SittingOpening(confirm=False)


def test_an_opening_recorded_without_what_it_changed_is_not_undone(
    factory: Any, hall: dict[str, Any]
) -> None:
    """An opening made before openings kept their ``before`` cannot be put back, so it is not undone."""
    act(factory, hall, open_it)
    with storage.transaction(factory) as db:
        event = db.scalars(select(SessionEvent).where(SessionEvent.type == "sitting.opened")).one()
        event.data = {k: v for k, v in event.data.items() if k != "before"}
    assert refused(factory, hall, undo_it).en == "There is no opening to undo."
    assert sitting_of(factory, hall)[0] == "in_progress"

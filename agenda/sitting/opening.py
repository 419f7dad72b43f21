"""Opening a sitting (khai mạc, or the next sitting day), closing the session (bế mạc), moving to an agenda
item, and the sitting's options."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Self

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import clock, events
from agenda.audit import actor_of
from agenda.clock import utcnow
from agenda.errors import Conflict, DomainError
from agenda.inputs import Fields
from agenda.models import LiveState, Question, Session, SessionStatus, User
from agenda.sitting.answers import UNANSWERED, due_in_writing
from agenda.sitting.floor import floor_view
from agenda.sitting.questions import questions_view
from agenda.sitting.state import clear_timer, require_running, session_item, sitting


@dataclass(frozen=True)
class SittingOpening:
    """Opening the sitting; ``confirm``: the secretary was warned that today is outside the session's dates
    and opens it all the same."""

    confirm: bool = False

    @classmethod
    def parse(cls, data: object) -> Self:
        """``{}`` or ``{"confirm": true}``."""
        return cls(bool(Fields(data).boolean("confirm", ("xác nhận", "confirm"), default=False)))


def within_dates(session: Session, day: dt.date) -> bool:
    """Whether ``day`` is one of the session's days (from its first to its last, both included)."""
    return session.starts_on <= day <= session.ends_on


def outside_dates(session: Session, day: dt.date) -> DomainError:
    """The warning that ``day`` is not one of the session's days (409 ``outside_dates``): opening anyway
    needs ``confirm``."""
    start, end, on = (d.strftime("%d/%m/%Y") for d in (session.starts_on, session.ends_on, day))
    return DomainError(
        f"Hôm nay ({on}) không nằm trong thời gian kỳ họp ({start} – {end}). "
        "Chỉ khai mạc nếu đúng là cần họp hôm nay.",
        f"Today ({day.isoformat()}) is not within the session's dates "
        f"({session.starts_on.isoformat()} – {session.ends_on.isoformat()}). "
        "Open it only if the council really sits today.",
        code="outside_dates",
        status=409,
    )


def open_sitting(
    db: DbSession, session: Session, actor: User | None, opening: SittingOpening = SittingOpening()
) -> None:
    """Khai mạc (or the next sitting day of a running session). On a day outside the session's dates it is
    refused (:func:`outside_dates`) unless ``opening.confirm``. The ``sitting.opened`` event keeps what the
    sitting was before (``before``), so that an opening made by mistake can be undone
    (:mod:`agenda.sitting.undo`)."""
    if session.status == SessionStatus.DRAFT:
        raise Conflict("Chương trình kỳ họp chưa được công bố.", "The agenda has not been published yet.")
    if session.status == SessionStatus.CLOSED:
        raise Conflict("Kỳ họp đã bế mạc.", "The session is closed.")
    state = events.live_state(db, session.id, lock=True)
    day = clock.today(session.term.council)
    if session.status == SessionStatus.IN_PROGRESS and state.sitting_day == day:
        raise Conflict("Phiên họp hôm nay đã khai mạc.", "Today's sitting is already open.")
    if not within_dates(session, day) and not opening.confirm:
        raise outside_dates(session, day)
    before = state_before(session, state)
    session.status = SessionStatus.IN_PROGRESS
    state.sitting_day = day
    state.opened_at = utcnow()
    if state.current_item_id is None and session.items:
        state.current_item_id = min(session.items, key=lambda i: i.position).id
    db.flush()
    events.emit(
        db,
        session.id,
        "sitting.opened",
        {"sitting": sitting(state), "status": session.status.value, "before": before},
        actor=actor_of(actor),
    )


def state_before(session: Session, state: LiveState) -> dict[str, Any]:
    """What opening changes, as it was: the session's status, the sitting day, when it was opened (to the
    microsecond) and the current item."""
    return {
        "status": session.status.value,
        "day": state.sitting_day.isoformat() if state.sitting_day else None,
        "opened_at": clock.precise(state.opened_at) if state.opened_at else None,
        "current_item_id": state.current_item_id,
    }


def close_session(db: DbSession, session: Session, actor: User | None) -> None:
    """Bế mạc: questions not reached are marked for a written answer with their due date."""
    from agenda.models import Vote, VoteStatus

    require_running(session)
    if db.scalar(select(Vote.id).where(Vote.session_id == session.id, Vote.status == VoteStatus.OPEN)):
        raise Conflict(
            "Còn một cuộc biểu quyết đang mở — hãy kết thúc trước khi bế mạc.",
            "A vote is still open — close it before closing the session.",
        )
    due_in_writing(
        db.scalars(
            select(Question).where(Question.session_id == session.id, Question.status.in_(UNANSWERED))
        ),
        session,
    )
    state = events.live_state(db, session.id, lock=True)
    clear_timer(state)
    state.speaker_request_id = state.question_id = None
    session.status = SessionStatus.CLOSED
    db.flush()
    events.emit(
        db,
        session.id,
        "session.closed",
        {
            "status": session.status.value,
            "questions": questions_view(db, session),
            "timer": None,
            "speaker_request_id": None,
            "question_id": None,
            "floor": floor_view(db, session),
        },
        actor=actor_of(actor),
    )


@dataclass(frozen=True)
class CurrentItem:
    """The agenda item the sitting moves to."""

    item_id: int

    @classmethod
    def parse(cls, data: object) -> Self:
        """``{"item_id": 12}``."""
        return cls(Fields(data).integer("item_id", ("nội dung", "agenda item")))


def set_current_item(db: DbSession, session: Session, choice: CurrentItem, actor: User | None) -> None:
    state = require_running(session)
    state.current_item_id = session_item(db, session, choice.item_id).id
    db.flush()
    events.emit(db, session.id, "item.current", {"sitting": sitting(state)}, actor=actor_of(actor))


@dataclass(frozen=True)
class SittingOptions:
    """The sitting's options: whether delegates not checked in as present may vote."""

    allow_absent_voting: bool

    @classmethod
    def parse(cls, data: object) -> Self:
        """``{"allow_absent_voting": true}``; the option must be given."""
        allow = Fields(data).boolean(
            "allow_absent_voting",
            ("cho phép đại biểu chưa điểm danh biểu quyết", "allow absent delegates to vote"),
        )
        if allow is None:
            raise DomainError("Thiếu tùy chọn.", "No option given.", field="allow_absent_voting")
        return cls(allow)


def set_options(db: DbSession, session: Session, options: SittingOptions, actor: User | None) -> None:
    state = events.live_state(db, session.id, lock=True)
    state.allow_absent_voting = options.allow_absent_voting
    db.flush()
    events.emit(db, session.id, "sitting.options", {"sitting": sitting(state)}, actor=actor_of(actor))

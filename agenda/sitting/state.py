"""The live state of a sitting (sitting day, current item, the floor, the timer) and how screens see it; and
finding a row of the session by the id a screen sent."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session as DbSession

from agenda import clock, events
from agenda.clock import utcnow
from agenda.errors import Conflict, NotFound
from agenda.models import (
    AgendaItem,
    LiveState,
    Session,
    SessionStatus,
)


def require_running(session: Session) -> LiveState:
    if session.status != SessionStatus.IN_PROGRESS:
        raise Conflict("Kỳ họp chưa khai mạc (hoặc đã bế mạc).", "The session is not in progress.")
    state = session_state(session)
    return state


def session_state(session: Session) -> LiveState:
    from sqlalchemy.orm import object_session

    db = object_session(session)
    assert db is not None
    return events.live_state(db, session.id)


def sitting_day(state: LiveState, session: Session) -> dt.date:
    """The day of the session's sitting: the day it was last opened — the council's today until it is."""
    return state.sitting_day or clock.today(session.term.council)


def set_timer(state: LiveState, seconds: int, label: str | None, at: dt.datetime | None = None) -> None:
    """Start the countdown every screen shows: ``seconds`` from ``at`` (now), under ``label``."""
    state.timer_started_at = at or utcnow()
    state.timer_seconds = seconds
    state.timer_label = label


def clear_timer(state: LiveState) -> None:
    """Stop the countdown: screens show no timer."""
    state.timer_started_at = state.timer_seconds = state.timer_label = None


def sitting(state: LiveState) -> dict[str, Any]:
    return {
        "day": state.sitting_day.isoformat() if state.sitting_day else None,
        "opened_at": clock.iso(state.opened_at),
        "current_item_id": state.current_item_id,
        "allow_absent_voting": state.allow_absent_voting,
    }


def timer_view(state: LiveState) -> dict[str, Any] | None:
    if state.timer_started_at is None or state.timer_seconds is None:
        return None
    return {
        "started_at": clock.iso_ms(state.timer_started_at),
        "seconds": state.timer_seconds,
        "label": state.timer_label,
        "warning_seconds": min(60, max(10, state.timer_seconds // 6)),
    }


class OfSession(Protocol):
    """A row that belongs to one session (an agenda item, a request to speak, a question, a vote)."""

    @property
    def session_id(self) -> int: ...


R = TypeVar("R", bound=OfSession)


def of_session(row: R | None, session: Session, what_vi: str, what_en: str) -> R:
    """``row`` if it is one of ``session``'s; else "not found" naming what was looked for — the id of
    another session's row is not found in this one."""
    if row is None or row.session_id != session.id:
        raise NotFound(what_vi, what_en)
    return row


def session_item(db: DbSession, session: Session, item_id: int) -> AgendaItem:
    """The agenda item ``item_id`` of this session, or "not found"."""
    return of_session(db.get(AgendaItem, item_id), session, "nội dung chương trình", "Agenda item")

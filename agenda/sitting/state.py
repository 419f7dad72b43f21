"""The live state of a sitting (sitting day, current item, the floor, the timer) and how screens see it."""

from __future__ import annotations

from typing import Any

from agenda import clock, events
from agenda.errors import Conflict
from agenda.models import (
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

"""Undoing an opening made by mistake (hủy khai mạc): while nothing has happened in the sitting, it goes back
to what it was before it was opened — the session published and not yet opened, or a running session back
on its previous sitting day.

What "nothing has happened" means is read from the session's event stream after the ``sitting.opened`` event
being undone: every change of a sitting is one event there, so each model a sitting writes has its kind:

- ``attendance`` — an :class:`~agenda.models.Attendance` row recorded (check-in by tablet or card, the
  secretary's mark, leaving early) for any delegate but the one undoing (a chair who is a delegate and
  checked themselves in may still undo);
- ``vote.*`` — a :class:`~agenda.models.Vote` opened, its ballots, its closing or cancelling;
- ``floor`` — a :class:`~agenda.models.SpeechRequest` registered, withdrawn, given the floor or ended, and
  the timer started;
- ``questions`` — a :class:`~agenda.models.Question` filed, withdrawn, arranged, answered or marked for a
  written answer;
- ``session.closed`` and any kind of event not named below.

What does not count: moving the current item (``item.current``) and the sitting's options
(``sitting.options``) — the undo puts the item back, the options stay —, and the agenda and the documents
(``agenda``, ``documents``), which are the session's preparation, not its proceedings.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session as DbSession

from agenda import clock, events
from agenda.audit import actor_of
from agenda.errors import Conflict, DomainError
from agenda.models import AgendaItem, Attendance, Session, SessionEvent, SessionStatus, User
from agenda.sitting.attendance import attendance_view, quorum
from agenda.sitting.state import sitting

OPENED = "sitting.opened"
UNDONE = "sitting.opening_undone"
HARMLESS = frozenset({"item.current", "sitting.options", "agenda", "documents"})
COUNTED = 500  # what happened is counted among the first events after the opening (any one refuses the undo)

# What happened, by kind: (Vietnamese, English) with the count.
_NAMES: dict[str, tuple[str, str]] = {
    "attendance": ("{n} đại biểu đã được điểm danh", "attendance recorded for {n} delegate(s)"),
    "vote": ("{n} cuộc biểu quyết đã diễn ra", "{n} vote(s) held"),
    "floor": (
        "{n} thay đổi ở danh sách phát biểu hoặc đồng hồ",
        "{n} change(s) to the speakers or the timer",
    ),
    "questions": ("{n} thay đổi ở phiếu chất vấn", "{n} change(s) to the questions"),
    "other": ("{n} thay đổi khác của phiên họp", "{n} other change(s) to the sitting"),
}


@dataclass(frozen=True)
class UndoCheck:
    """Whether the sitting's opening can be undone: the ``sitting.opened`` event to undo (None: no opening to
    undo — not opened, closed, or already undone) and what has happened since, by kind (empty: nothing)."""

    opening: SessionEvent | None
    happened: dict[str, int] = field(default_factory=dict)

    @property
    def allowed(self) -> bool:
        return self.opening is not None and not self.happened

    def what_happened(self) -> tuple[str, str]:
        """What has happened, in Vietnamese and in English: "2 đại biểu đã được điểm danh; …"."""
        parts = [(_NAMES[k][0].format(n=n), _NAMES[k][1].format(n=n)) for k, n in self.happened.items()]
        return "; ".join(vi for vi, _ in parts), "; ".join(en for _, en in parts)

    def refusal(self) -> DomainError:
        """Why it cannot be undone (409): there is no opening to undo, or what has happened, named."""
        if self.opening is None:
            return Conflict("Không có lần khai mạc nào để hủy.", "There is no opening to undo.")
        vi, en = self.what_happened()
        return DomainError(
            f"Không thể hủy khai mạc: phiên họp đã có hoạt động — {vi}.",
            f"The opening cannot be undone: the sitting has begun — {en}.",
            code="sitting_started",
            status=409,
        )

    def as_dict(self) -> dict[str, Any]:
        vi, en = self.what_happened()
        return {
            "allowed": self.allowed,
            "opened_version": self.opening.version if self.opening is not None else None,
            "happened": dict(self.happened),
            "message_vi": vi or None,
            "message_en": en or None,
        }


def undo_check(db: DbSession, session: Session, actor: User | None) -> UndoCheck:
    """The opening to undo and what has happened since it (see the module's docstring for what counts)."""
    if session.status != SessionStatus.IN_PROGRESS:
        return UndoCheck(None)
    last = db.scalar(
        select(SessionEvent)
        .where(SessionEvent.session_id == session.id, SessionEvent.type.in_((OPENED, UNDONE)))
        .order_by(SessionEvent.version.desc())
        .limit(1)
    )
    if last is None or last.type != OPENED or "before" not in last.data:
        return UndoCheck(None)  # (an opening recorded without what it changed cannot be put back)
    since = db.execute(
        select(SessionEvent.type, SessionEvent.data)
        .where(
            SessionEvent.session_id == session.id,
            SessionEvent.version > last.version,
            SessionEvent.type.not_in(HARMLESS),
        )
        .order_by(SessionEvent.version)
        .limit(COUNTED)
    )
    own = actor.person_id if actor is not None else None
    checked_in: set[object] = set()
    voted_on: set[object] = set()
    happened: Counter[str] = Counter()
    for kind, data in since:
        if kind == "attendance":
            person = data.get("row", {}).get("person_id")
            if person != own:
                checked_in.add(person)
        elif kind.startswith("vote."):
            voted_on.add(data.get("vote_id") or data.get("vote", {}).get("id"))
        elif kind in ("floor", "questions"):
            happened[kind] += 1
        else:
            happened["other"] += 1
    if checked_in:
        happened["attendance"] = len(checked_in)
    if voted_on:
        happened["vote"] = len(voted_on)
    return UndoCheck(last, dict(happened))


def undo_opening(db: DbSession, session: Session, actor: User | None) -> None:
    """Hủy khai mạc: refused (409, naming what happened) unless :func:`undo_check` allows it; else the
    session's status, sitting day, opening time and current item are put back as they were before the
    opening, the undoing delegate's own attendance of the undone day is removed, and every screen is told
    (``sitting.opening_undone``, audited)."""
    state = events.live_state(db, session.id, lock=True)
    check = undo_check(db, session, actor)
    if not check.allowed or check.opening is None:
        raise check.refusal()
    undone_day = state.sitting_day
    own = actor.person_id if actor is not None else None
    before = check.opening.data["before"]
    item_id: int | None = before.get("current_item_id")
    session.status = SessionStatus(before.get("status") or SessionStatus.PUBLISHED.value)
    state.sitting_day = dt.date.fromisoformat(before["day"]) if before.get("day") else None
    state.opened_at = (
        clock.parse_time(before["opened_at"], "opened_at", ("giờ khai mạc", "opening time"))
        if before.get("opened_at")
        else None
    )
    item = db.get(AgendaItem, item_id) if item_id is not None else None
    state.current_item_id = item.id if item is not None and item.session_id == session.id else None
    if undone_day is not None and own is not None:
        db.execute(
            delete(Attendance).where(
                Attendance.session_id == session.id, Attendance.day == undone_day, Attendance.person_id == own
            )
        )
    db.flush()
    events.emit(
        db,
        session.id,
        UNDONE,
        {
            "sitting": sitting(state),
            "status": session.status.value,
            "attendance": attendance_view(db, session),
            "quorum": quorum(db, session),
        },
        actor=actor_of(actor),
        audit_detail={
            "undone_version": check.opening.version,
            "undone_day": undone_day.isoformat() if undone_day else None,
            "restored": before,
        },
    )

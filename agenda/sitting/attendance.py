"""Attendance and quorum: delegates check in (tablet, card, kiosk) or the secretary marks them present,
absent with or without a reason, late, or leaving early; the quorum counts the delegates in office."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Self, TypedDict

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session as DbSession

from agenda import clock, events
from agenda.audit import actor_of
from agenda.clock import utcnow
from agenda.council.delegates import list_delegates
from agenda.council.office import delegates_in_office, seat_on
from agenda.errors import Conflict, DomainError, Forbidden
from agenda.inputs import Fields
from agenda.models import Attendance, AttendanceStatus, LiveState, Mandate, Session, SessionStatus, User
from agenda.rules import is_late, parse_fraction, quorum_needed
from agenda.sitting.state import require_running, sitting_day


def delegate_required() -> Forbidden:
    return Forbidden(
        "Chỉ đại biểu đang làm nhiệm vụ mới thực hiện được thao tác này.",
        "Only a delegate in office can do this.",
    )


def require_delegate(db: DbSession, session: Session, person_id: int | None) -> Mandate:
    """The seat of ``person_id`` if they are a delegate of the session's term in office today; else 403."""
    mandate = (
        seat_on(db, session.term_id, person_id, clock.today(session.term.council))
        if person_id is not None
        else None
    )
    if mandate is None:
        raise delegate_required()
    return mandate


class Quorum(TypedDict):
    """Whether the sitting has its quorum: ``present`` of the ``total`` in office, ``needed`` by the
    session's ``fraction`` (e.g. "2/3")."""

    present: int
    total: int
    needed: int
    fraction: str
    has_quorum: bool


def quorum(db: DbSession, session: Session) -> Quorum:
    day = sitting_day(events.live_state(db, session.id), session)
    total = delegates_in_office(db, session.term_id, day)
    present = int(db.scalar(select(func.count(Attendance.id)).where(_present(session, day))) or 0)
    fraction = parse_fraction(session.quorum_fraction)
    needed = quorum_needed(total, fraction)
    return {
        "present": present,
        "total": total,
        "needed": needed,
        "fraction": session.quorum_fraction,
        "has_quorum": total > 0 and present >= needed,
    }


def present_person_ids(db: DbSession, session: Session) -> set[int]:
    day = sitting_day(events.live_state(db, session.id), session)
    return set(db.scalars(select(Attendance.person_id).where(_present(session, day))))


def _present(session: Session, day: dt.date) -> ColumnElement[bool]:
    """The delegates present at the session's sitting of ``day``."""
    return and_(
        Attendance.session_id == session.id,
        Attendance.day == day,
        Attendance.status == AttendanceStatus.PRESENT,
    )


class AttendanceRow(TypedDict):
    """A delegate's attendance on a sitting day, as screens show it (``status`` None: not recorded)."""

    person_id: int
    status: str | None
    reason: str | None
    late: bool
    checked_in_at: str | None
    left_at: str | None
    method: str | None


class AttendanceEntry(AttendanceRow):
    """An attendance row in the list of every delegate in office, with their name and seat."""

    full_name: str
    seat_label: str | None


def attendance_row(a: Attendance) -> AttendanceRow:
    return {
        "person_id": a.person_id,
        "status": a.status.value,
        "reason": a.reason,
        "late": a.late,
        "checked_in_at": clock.iso(a.checked_in_at),
        "left_at": clock.iso(a.left_at),
        "method": a.method,
    }


def _attendance(db: DbSession, session: Session, person_id: int, day: dt.date) -> Attendance | None:
    return db.scalar(
        select(Attendance).where(
            Attendance.session_id == session.id, Attendance.person_id == person_id, Attendance.day == day
        )
    )


def check_in(
    db: DbSession, session: Session, person_id: int | None, *, method: str, actor: User | None
) -> bool:
    """A delegate is present. Returns False when they already were (nothing changes, nothing is emitted)."""
    state = require_running(session)
    mandate = require_delegate(db, session, person_id)
    assert state.sitting_day is not None
    row = _attendance(db, session, mandate.person_id, state.sitting_day)
    if row is not None and row.status == AttendanceStatus.PRESENT:
        return False
    now = utcnow()
    if row is None:
        row = Attendance(session_id=session.id, person_id=mandate.person_id, day=state.sitting_day)
        db.add(row)
    row.status = AttendanceStatus.PRESENT
    row.checked_in_at = row.checked_in_at or now
    row.left_at = None
    row.reason = None
    row.method = method
    row.late = is_late(state.opened_at, now)
    db.flush()
    _emit_attendance(db, session, row, actor)
    return True


def open_sitting_of(db: DbSession, user: User) -> Session | None:
    """The session whose sitting is open today — on the clock of the session's council — and of whose term the
    user is a delegate in office (None: the user is no delegate, or no such sitting is open)."""
    if user.person_id is None:
        return None
    running = db.execute(
        select(Session, LiveState.sitting_day)
        .join(LiveState, LiveState.session_id == Session.id)
        .where(Session.status == SessionStatus.IN_PROGRESS)
        .order_by(Session.id)
    )
    for session, day in running:
        if day != clock.today(session.term.council):
            continue
        if seat_on(db, session.term_id, user.person_id, day) is not None:
            return session
    return None


def check_in_on_sign_in(db: DbSession, user: User) -> Session | None:
    """A delegate who signs a tablet in with their card while a sitting of their term is open is present."""
    session = open_sitting_of(db, user)
    if session is not None:
        assert user.person_id is not None
        check_in(db, session, user.person_id, method="card", actor=user)
    return session


@dataclass(frozen=True)
class CardScan:
    """A delegate's QR card as a kiosk scans it: the token of the card's sign-in address."""

    token: str

    @classmethod
    def parse(cls, data: object) -> Self:
        """``{"card": "https://…/#card=TOKEN"}`` (the address the card shows) or ``{"card": "TOKEN"}``."""
        raw = Fields(data).text("card", ("mã thẻ", "card code"), max_length=500)
        return cls(raw.split("#card=", 1)[1] if "#card=" in raw else raw)


class CardCheckIn(TypedDict):
    """Whom a scanned card checked in, and whether they were already present."""

    person_id: int
    full_name: str
    already_present: bool


def check_in_by_card(db: DbSession, session: Session, holder: User, actor: User | None) -> CardCheckIn:
    """A kiosk (signed in as secretary) scans a card — ``agenda.accounts.cards.user_for_card`` finds its
    ``holder`` — and the delegate it belongs to is present."""
    if holder.person_id is None:
        raise DomainError(
            "Thẻ này không phải thẻ đại biểu.", "This is not a delegate's card.", code="not_delegate"
        )
    changed = check_in(db, session, holder.person_id, method="card", actor=actor)
    return {
        "person_id": holder.person_id,
        "full_name": holder.person.full_name if holder.person else holder.display_name,
        "already_present": not changed,
    }


@dataclass(frozen=True)
class AttendanceMark:
    """The secretary's mark for one delegate: present, absent, excused (with its reason) or left early;
    ``late`` (for one marked present) overrides the rule of late arrival."""

    person_id: int
    status: AttendanceStatus
    reason: str | None = None
    late: bool | None = None

    @classmethod
    def parse(cls, data: object) -> Self:
        """``{"person_id": 4, "status": "excused", "reason": "Đi công tác", "late": false}``."""
        f = Fields(data)
        return cls(
            person_id=f.integer("person_id", ("đại biểu", "delegate")),
            status=f.choice("status", ("trạng thái", "status"), AttendanceStatus),
            reason=f.text("reason", ("lý do", "reason"), required=False, max_length=300),
            late=f.boolean("late", ("đến muộn", "late")),
        )


def mark_attendance(db: DbSession, session: Session, mark: AttendanceMark, actor: User | None) -> None:
    """The secretary marks a delegate present, absent (with or without reason), late, or leaving early."""
    state = require_running(session)
    status, reason = mark.status, mark.reason
    mandate = require_delegate(db, session, mark.person_id)
    assert state.sitting_day is not None
    if status == AttendanceStatus.EXCUSED and not reason:
        raise DomainError(
            "Vắng có lý do cần ghi lý do.", "An excused absence needs a reason.", field="reason"
        )
    row = _attendance(db, session, mandate.person_id, state.sitting_day)
    now = utcnow()
    if row is None:
        if status == AttendanceStatus.LEFT:
            raise Conflict(
                "Đại biểu chưa điểm danh nên không thể ghi về sớm.",
                "The delegate has not checked in, so cannot leave early.",
                field="status",
            )
        row = Attendance(session_id=session.id, person_id=mandate.person_id, day=state.sitting_day)
        db.add(row)
    elif status == AttendanceStatus.LEFT and row.status != AttendanceStatus.PRESENT:
        raise Conflict(
            "Chỉ đại biểu đang có mặt mới có thể về sớm.",
            "Only a present delegate can leave early.",
            field="status",
        )
    row.status = status
    row.reason = reason
    row.method = "secretary"
    if status == AttendanceStatus.PRESENT:
        row.checked_in_at = row.checked_in_at or now
        row.left_at = None
        row.late = mark.late if mark.late is not None else is_late(state.opened_at, now)
    elif status == AttendanceStatus.LEFT:
        row.left_at = now
    db.flush()
    _emit_attendance(db, session, row, actor)


def _emit_attendance(db: DbSession, session: Session, row: Attendance, actor: User | None) -> None:
    events.emit(
        db,
        session.id,
        "attendance",
        {"row": attendance_row(row), "quorum": quorum(db, session)},
        actor=actor_of(actor),
    )


def attendance_rows(db: DbSession, session: Session, day: dt.date) -> dict[int, Attendance]:
    """The attendance recorded on ``day``, by delegate (person id)."""
    return {
        a.person_id: a
        for a in db.scalars(
            select(Attendance).where(Attendance.session_id == session.id, Attendance.day == day)
        )
    }


def attendance_view(db: DbSession, session: Session) -> list[AttendanceEntry]:
    """Every delegate in office with today's attendance (absent when not recorded) and their seat."""
    day = sitting_day(events.live_state(db, session.id), session)
    rows = attendance_rows(db, session, day)
    out: list[AttendanceEntry] = []
    for m in list_delegates(db, session.term, day):
        a = rows.get(m.person_id)
        row: AttendanceRow = (
            attendance_row(a)
            if a
            else {
                "person_id": m.person_id,
                "status": None,
                "reason": None,
                "late": False,
                "checked_in_at": None,
                "left_at": None,
                "method": None,
            }
        )
        out.append({**row, "full_name": m.person.full_name, "seat_label": m.seat_label})
    return out

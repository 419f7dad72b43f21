"""Attendance in the minutes: every sitting day, each delegate in office that day with their presence and
reason, and the quorum counted on the TOTAL number of delegates in office (``agenda.rules.quorum_needed``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.council.delegates import list_delegates
from agenda.models import Attendance, AttendanceStatus, Session
from agenda.rules import parse_fraction, quorum_needed
from agenda.sitting.attendance import attendance_rows
from agenda.sitting.minutes.values import AttendanceDay, DelegateDay, Presence

PRESENCE = {
    AttendanceStatus.PRESENT: Presence.PRESENT,
    AttendanceStatus.LEFT: Presence.LEFT,
    AttendanceStatus.EXCUSED: Presence.EXCUSED,
    AttendanceStatus.ABSENT: Presence.ABSENT,
}


def sitting_days(db: DbSession, session: Session) -> list[dt.date]:
    """The days on which attendance was taken, in order."""
    return sorted(set(db.scalars(select(Attendance.day).where(Attendance.session_id == session.id))))


def attendance_day(db: DbSession, session: Session, day: dt.date) -> AttendanceDay:
    rows = attendance_rows(db, session, day)
    delegates = []
    for mandate in list_delegates(db, session.term, day):
        row = rows.get(mandate.person_id)
        delegates.append(
            DelegateDay(
                full_name=mandate.person.full_name,
                seat_label=mandate.seat_label,
                presence=PRESENCE[row.status] if row else Presence.UNRECORDED,
                reason=row.reason if row else None,
                late=bool(row and row.late),
                left_at=row.left_at if row else None,
            )
        )
    total = len(delegates)
    return AttendanceDay(
        day=day,
        total=total,
        quorum_fraction=session.quorum_fraction,
        needed=quorum_needed(total, parse_fraction(session.quorum_fraction)),
        delegates=tuple(delegates),
    )


def attendance_days(db: DbSession, session: Session) -> tuple[AttendanceDay, ...]:
    return tuple(attendance_day(db, session, day) for day in sitting_days(db, session))

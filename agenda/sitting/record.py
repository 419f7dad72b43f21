"""The record of a session (biên bản tổng hợp) as data: attendance per sitting day, every vote with its result
and — for named votes — each delegate's ballot, the questions taken up and their answers (as the public sees
them: a question still filed or withdrawn is not in the record, no attachment is), the speeches, and the
seal of the audit trail (``GET …/record``). The printed minutes are :mod:`agenda.sitting.minutes`."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import audit
from agenda.clock import iso, utcnow
from agenda.council.delegates import list_delegates
from agenda.council.sessions import agenda_view, session_heading
from agenda.models import (
    Attendance,
    AuditEntry,
    Person,
    Session,
    SpeechRequest,
    SpeechStatus,
    Vote,
    VoteStatus,
)
from agenda.sitting.attendance import attendance_rows
from agenda.sitting.questions import taken_up_view
from agenda.sitting.results import vote_view
from agenda.text import vietnamese_sort_key


def session_record(db: DbSession, session: Session) -> dict[str, Any]:
    home = session.term.council
    days = sorted(set(db.scalars(select(Attendance.day).where(Attendance.session_id == session.id))))
    attendance = [_attendance_day(db, session, day) for day in days]
    votes = [
        _vote(db, v)
        for v in db.scalars(select(Vote).where(Vote.session_id == session.id).order_by(Vote.number))
    ]
    speeches = [
        {
            "full_name": r.person.full_name,
            "kind": r.kind.value,
            "agenda_item_id": r.agenda_item_id,
            "started_at": iso(r.started_at),
            "ended_at": iso(r.ended_at),
            "seconds": int((r.ended_at - r.started_at).total_seconds())
            if r.started_at and r.ended_at
            else None,
        }
        for r in db.scalars(
            select(SpeechRequest)
            .where(SpeechRequest.session_id == session.id, SpeechRequest.status == SpeechStatus.DONE)
            .order_by(SpeechRequest.started_at)
        )
    ]
    head = db.scalar(
        select(AuditEntry).where(AuditEntry.session_id == session.id).order_by(AuditEntry.seq.desc()).limit(1)
    )
    verdict = audit.verify_session(db, session.id)
    return {
        "council": home.name,
        "heading": session_heading(session, home),
        "title": session.title,
        "place": session.place,
        "starts_on": session.starts_on.isoformat(),
        "ends_on": session.ends_on.isoformat(),
        "status": session.status.value,
        "agenda": agenda_view(session),
        "attendance": attendance,
        "votes": votes,
        "questions": taken_up_view(db, session),
        "speeches": speeches,
        "seal": {
            "audit_entries": verdict.entries,
            "chain_intact": verdict.ok,
            "last_seq": head.seq if head else None,
            "last_hash": head.hash if head else None,
        },
        "generated_at": iso(utcnow()),
        "time_zone": home.time_zone,  # the times above are UTC; the record prints them on this clock
    }


class RecordedAttendance(TypedDict):
    """A delegate's attendance on one sitting day, as the record prints it (``status`` None: not recorded)."""

    person_id: int
    full_name: str
    seat_label: str | None
    status: str | None
    reason: str | None
    late: bool
    checked_in_at: str | None
    left_at: str | None


def _attendance_day(db: DbSession, session: Session, day: dt.date) -> dict[str, Any]:
    rows = attendance_rows(db, session, day)
    delegates: list[RecordedAttendance] = []
    for m in list_delegates(db, session.term, day):
        a = rows.get(m.person_id)
        delegates.append(
            {
                "person_id": m.person_id,
                "full_name": m.person.full_name,
                "seat_label": m.seat_label,
                "status": a.status.value if a else None,
                "reason": a.reason if a else None,
                "late": bool(a and a.late),
                "checked_in_at": iso(a.checked_in_at) if a else None,
                "left_at": iso(a.left_at) if a else None,
            }
        )
    counts: dict[str, int] = {}
    for d in delegates:
        counts[d["status"] or "none"] = counts.get(d["status"] or "none", 0) + 1
    return {"day": day.isoformat(), "total": len(delegates), "counts": counts, "delegates": delegates}


def _vote(db: DbSession, vote: Vote) -> dict[str, Any]:
    view = vote_view(db, vote)
    if not vote.secret and vote.status == VoteStatus.CLOSED:
        names = {
            p.id: p.full_name
            for p in db.scalars(
                select(Person).where(Person.id.in_({b["person_id"] for b in view.get("ballots", [])}))
            )
        }
        labels = {o["key"]: o["label"] for o in vote.options}
        view["named_ballots"] = sorted(
            (
                {"full_name": names.get(b["person_id"], "?"), "option": labels[b["option"]]}
                for b in view.get("ballots", [])
            ),
            key=lambda b: vietnamese_sort_key(b["full_name"]),
        )
    return view

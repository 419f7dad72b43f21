"""A session's votes and attendance as tables — what its record (``GET /api/sessions/{id}/record``) says of
them: each vote with its counts and its result sentence (a secret vote: the counts only), each named vote's
ballots (who chose what) in a table of their own, and the attendance of each sitting day with the reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import clock
from agenda.council.delegates import list_delegates
from agenda.models import (
    Attendance,
    AttendanceStatus,
    Mandate,
    NamedChoice,
    Person,
    Session,
    Vote,
    VoteKind,
    VoteStatus,
)
from agenda.opendata.exports.columns import Column, Kind, Label, Table, yes_no
from agenda.sitting.attendance import attendance_rows
from agenda.sitting.results import cast_count
from agenda.text import vietnamese_sort_key

VOTES = Label("Biểu quyết", "Votes")
BALLOTS = Label("Phiếu từng đại biểu", "Ballots by delegate")
ATTENDANCE = Label("Điểm danh", "Attendance")
KINDS = {
    VoteKind.MOTION: Label("Biểu quyết thông qua", "Motion"),
    VoteKind.CONFIDENCE_RATING: Label("Lấy phiếu tín nhiệm", "Confidence rating"),
    VoteKind.CONFIDENCE_VOTE: Label("Bỏ phiếu tín nhiệm", "Confidence vote"),
}
VOTE_STATUSES = {
    VoteStatus.OPEN: Label("Đang biểu quyết", "Open"),
    VoteStatus.CLOSED: Label("Đã kết thúc", "Closed"),
    VoteStatus.CANCELLED: Label("Đã hủy", "Cancelled"),
}
PRESENCE = {
    AttendanceStatus.PRESENT: Label("Có mặt", "Present"),
    AttendanceStatus.ABSENT: Label("Vắng không lý do", "Absent without reason"),
    AttendanceStatus.EXCUSED: Label("Vắng có lý do", "Absent with reason"),
    AttendanceStatus.LEFT: Label("Về sớm", "Left early"),
}
NOT_RECORDED = Label("Chưa điểm danh", "Not recorded")


@dataclass(frozen=True)
class VoteLine:
    """A vote — for a confidence vote, one of the people rated (``subject``) — and its result."""

    vote: Vote
    subject: str | None
    cast: int
    options: list[dict[str, Any]]  # {option, label, count, …} as the result holds them
    sentence: str | None
    verdict: str | None

    @property
    def counts(self) -> str | None:
        return "; ".join(f"{o['label']}: {o['count']}" for o in self.options) or None


@dataclass(frozen=True)
class BallotLine:
    vote: Vote
    full_name: str
    subject: str | None
    choice: str


@dataclass(frozen=True)
class AttendanceLine:
    day: dt.date
    mandate: Mandate
    attendance: Attendance | None
    time_zone: str

    def at(self, stored: dt.datetime | None) -> dt.datetime | None:
        return None if stored is None else clock.local(stored, self.time_zone).replace(tzinfo=None)


def _result(vote: Vote) -> dict[str, Any]:
    return vote.result or {}


VOTE_COLUMNS: tuple[Column[VoteLine], ...] = (
    Column("number", "Số thứ tự", "No.", lambda v: v.vote.number, Kind.INTEGER, 8),
    Column("title", "Nội dung biểu quyết", "Title", lambda v: v.vote.title, width=48),
    Column("subject", "Người được lấy phiếu", "Person rated", lambda v: v.subject, width=26),
    Column("kind", "Hình thức", "Kind", lambda v: KINDS[v.vote.kind], width=20),
    Column("secret", "Bỏ phiếu kín", "Secret ballot", lambda v: yes_no(v.vote.secret), width=12),
    Column("status", "Trạng thái", "Status", lambda v: VOTE_STATUSES[v.vote.status], width=16),
    Column(
        "total", "Tổng số đại biểu", "Delegates in office", lambda v: v.vote.total_in_office, Kind.INTEGER
    ),
    Column("present", "Có mặt", "Present", lambda v: _result(v.vote).get("present"), Kind.INTEGER, 10),
    Column("cast", "Đã biểu quyết", "Voted", lambda v: v.cast, Kind.INTEGER, 12),
    Column("counts", "Kết quả từng phương án", "Counts", lambda v: v.counts, width=44),
    Column("sentence", "Kết quả", "Result", lambda v: v.sentence, width=60),
    Column("verdict", "Kết luận", "Verdict", lambda v: v.verdict, width=30),
)
BALLOT_COLUMNS: tuple[Column[BallotLine], ...] = (
    Column("number", "Số thứ tự", "No.", lambda b: b.vote.number, Kind.INTEGER, 8),
    Column("title", "Nội dung biểu quyết", "Title", lambda b: b.vote.title, width=48),
    Column("full_name", "Họ và tên", "Full name", lambda b: b.full_name, width=28),
    Column("subject", "Người được lấy phiếu", "Person rated", lambda b: b.subject, width=26),
    Column("choice", "Lựa chọn", "Choice", lambda b: b.choice, width=20),
)
ATTENDANCE_COLUMNS: tuple[Column[AttendanceLine], ...] = (
    Column("day", "Ngày họp", "Day", lambda a: a.day, Kind.DATE, 12),
    Column("full_name", "Họ và tên", "Full name", lambda a: a.mandate.person.full_name, width=28),
    Column("seat_label", "Chỗ ngồi", "Seat", lambda a: a.mandate.seat_label, width=10),
    Column(
        "status",
        "Tình trạng",
        "Status",
        lambda a: PRESENCE[a.attendance.status] if a.attendance else NOT_RECORDED,
        width=20,
    ),
    Column("reason", "Lý do", "Reason", lambda a: a.attendance.reason if a.attendance else None, width=36),
    Column("late", "Đến muộn", "Late", lambda a: yes_no(bool(a.attendance and a.attendance.late)), width=10),
    Column(
        "checked_in_at",
        "Giờ điểm danh",
        "Checked in at",
        lambda a: a.at(a.attendance.checked_in_at if a.attendance else None),
        Kind.DATETIME,
        18,
    ),
    Column(
        "left_at",
        "Giờ rời hội trường",
        "Left at",
        lambda a: a.at(a.attendance.left_at if a.attendance else None),
        Kind.DATETIME,
        18,
    ),
)


def _votes(db: DbSession, session: Session) -> list[Vote]:
    return list(db.scalars(select(Vote).where(Vote.session_id == session.id).order_by(Vote.number)))


def vote_lines(db: DbSession, session: Session) -> list[VoteLine]:
    lines = []
    for vote in _votes(db, session):
        result, cast = _result(vote), cast_count(db, vote)
        if "subjects" in result:
            lines += [
                VoteLine(vote, s["label"], cast, s["options"], None, s["verdict"]) for s in result["subjects"]
            ]
        else:
            lines.append(
                VoteLine(
                    vote, None, cast, result.get("options", []), result.get("sentence"), result.get("verdict")
                )
            )
    return lines


def ballot_lines(db: DbSession, session: Session) -> list[BallotLine]:
    """Who chose what in each closed named vote, by name; nothing of a secret vote."""
    lines = []
    for vote in _votes(db, session):
        if vote.secret or vote.status != VoteStatus.CLOSED:
            continue
        options = {o["key"]: o["label"] for o in vote.options}
        subjects = {s["key"]: s["label"] for s in vote.subjects} if vote.kind != VoteKind.MOTION else {}
        rows = db.execute(
            select(Person.full_name, NamedChoice.subject, NamedChoice.option)
            .join(Person, Person.id == NamedChoice.person_id)
            .where(NamedChoice.vote_id == vote.id)
        )
        named = [
            BallotLine(vote, name, subjects.get(subject), options[option]) for name, subject, option in rows
        ]
        lines += sorted(named, key=lambda b: (vietnamese_sort_key(b.full_name), b.subject or ""))
    return lines


def attendance_lines(db: DbSession, session: Session) -> list[AttendanceLine]:
    """Each sitting day's delegates in office (by name) with what was recorded of them."""
    days = sorted(set(db.scalars(select(Attendance.day).where(Attendance.session_id == session.id))))
    zone = session.term.council.time_zone
    lines = []
    for day in days:
        rows = attendance_rows(db, session, day)
        lines += [
            AttendanceLine(day, m, rows.get(m.person_id), zone) for m in list_delegates(db, session.term, day)
        ]
    return lines


def votes_tables(db: DbSession, session: Session) -> tuple[Table[VoteLine], Table[BallotLine]]:
    return Table(VOTES, VOTE_COLUMNS, vote_lines(db, session)), Table(
        BALLOTS, BALLOT_COLUMNS, ballot_lines(db, session)
    )


def attendance_table(db: DbSession, session: Session) -> Table[AttendanceLine]:
    return Table(ATTENDANCE, ATTENDANCE_COLUMNS, attendance_lines(db, session))

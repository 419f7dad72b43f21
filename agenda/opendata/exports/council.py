"""The delegates list as a table: the rows of ``GET /api/delegates`` (:func:`agenda.council.delegates.
list_delegates`) in its order; the birth year, e-mail and telephone only in the staff's file."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session as DbSession

from agenda import clock
from agenda.council.delegates import list_delegates
from agenda.council.office import holds_on
from agenda.models import Mandate, Term
from agenda.opendata.exports.columns import Column, Kind, Label, Table, yes_no

TITLE = Label("Danh sách đại biểu", "Delegates")
GENDERS = {"nam": Label("Nam", "Male"), "nữ": Label("Nữ", "Female")}

PUBLIC_COLUMNS: tuple[Column[Mandate], ...] = (
    Column("full_name", "Họ và tên", "Full name", lambda m: m.person.full_name, width=28),
    Column("gender", "Giới tính", "Gender", lambda m: GENDERS.get(m.person.gender or ""), width=10),
    Column("occupation", "Nghề nghiệp, chức vụ", "Occupation", lambda m: m.person.occupation, width=36),
    Column("constituency", "Đơn vị bầu cử", "Constituency", lambda m: m.constituency, width=30),
    Column("seat_label", "Chỗ ngồi", "Seat", lambda m: m.seat_label, width=10),
    Column("started_on", "Ngày bắt đầu", "Started on", lambda m: m.started_on, Kind.DATE, 14),
    Column("ended_on", "Ngày thôi", "Ended on", lambda m: m.ended_on, Kind.DATE, 14),
    Column("end_reason", "Lý do thôi", "Reason it ended", lambda m: m.end_reason, width=24),
    Column(
        "in_office",
        "Đang là đại biểu",
        "In office",
        lambda m: yes_no(holds_on(m, clock.today(m.term.council))),
        width=12,
    ),
)
STAFF_COLUMNS: tuple[Column[Mandate], ...] = (
    Column("birth_year", "Năm sinh", "Birth year", lambda m: m.person.birth_year, Kind.INTEGER, 10),
    Column("email", "Thư điện tử", "E-mail", lambda m: m.person.email, width=28),
    Column("phone", "Điện thoại", "Telephone", lambda m: m.person.phone, width=16),
)


def delegates_table(db: DbSession, term: Term, on: dt.date | None, *, full: bool) -> Table[Mandate]:
    """``on`` None: every mandate of the term (former delegates too); ``full``: the staff's columns too."""
    columns = PUBLIC_COLUMNS + (STAFF_COLUMNS if full else ())
    return Table(TITLE, columns, list_delegates(db, term, on))

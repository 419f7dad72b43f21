"""The council's lists written out in the import's own columns (XLSX: both lists; CSV: one), so that a file
exported and imported again changes nothing: one row per delegate (their latest seat in the home term, with
the Ban, Tổ and Thường trực role they hold now) and one per official (their latest post at each agency)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session as DbSession

from agenda.council.memberships import role_label
from agenda.council.roster.columns import COLUMNS, MEMBERSHIP_COLUMNS, SHEET_TITLES, Cell, RosterList
from agenda.council.roster.plan import Known
from agenda.models import Council, Mandate, Membership, Official, Term
from agenda.text import vietnamese_sort_key

Rows = list[dict[str, Any]]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def delegate_rows(db: DbSession, council: Council, term: Term) -> Rows:
    known = Known.read(db, council, term)
    seats = sorted(
        (m for same in known.seats.values() for m in same),
        key=lambda m: (vietnamese_sort_key(m.person.full_name), m.person.birth_year or 0),
    )
    return [_delegate(m, known.open_memberships.get(m.person_id, [])) for m in seats]


def _delegate(mandate: Mandate, held: list[Membership]) -> dict[str, Any]:
    person = mandate.person
    row: dict[str, Any] = {
        "full_name": person.full_name,
        "birth_year": person.birth_year,
        "gender": person.gender.capitalize() if person.gender else None,
        "occupation": person.occupation,
        "constituency": mandate.constituency,
        "seat_label": mandate.seat_label,
        "email": person.email,
        "phone": person.phone,
        "started_on": mandate.started_on,
        "ended_on": mandate.ended_on,
        "end_reason": mandate.end_reason,
    }
    for kind, name_key, role_key in MEMBERSHIP_COLUMNS:
        ms = next((ms for ms in held if ms.organization.kind == kind), None)
        if ms is not None:
            row[role_key] = role_label(kind, ms.role)
            if name_key is not None:
                row[name_key] = ms.organization.name
    return row


def official_rows(db: DbSession, council: Council, term: Term) -> Rows:
    known = Known.read(db, council, term)
    posts: list[Official] = sorted(
        (o for same in known.officials.values() for o in same),
        key=lambda o: (o.agency, vietnamese_sort_key(o.person.full_name)),
    )
    return [
        {
            "full_name": o.person.full_name,
            "position": o.position,
            "agency": o.agency,
            "started_on": o.started_on,
            "ended_on": o.ended_on,
        }
        for o in posts
    ]


def write_xlsx(sheets: Iterable[tuple[RosterList, Rows]], guide: bool = False) -> bytes:
    """A workbook with one sheet per list (headers, the rows, dates as dates, texts as text), and the guide."""
    import openpyxl

    from agenda.council.roster.template import add_guide, style_sheet

    book = openpyxl.Workbook()
    book.remove(book.active)
    for roster, rows in sheets:
        sheet = book.create_sheet(SHEET_TITLES[roster])
        columns = COLUMNS[roster]
        sheet.append([c.header for c in columns])
        for number, row in enumerate(rows, start=1):
            sheet.append([number if c.cell == Cell.ORDINAL else row.get(c.key) for c in columns])
        style_sheet(sheet, columns, len(rows))
    if guide:
        add_guide(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_csv(roster: RosterList, rows: Rows) -> bytes:
    """One list as CSV in UTF-8 with the BOM (which Excel needs to read Vietnamese), dates dd/mm/yyyy."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = COLUMNS[roster]
    writer.writerow([c.header for c in columns])
    for number, row in enumerate(rows, start=1):
        writer.writerow([number if c.cell == Cell.ORDINAL else _text(row.get(c.key)) for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _text(value: Any) -> Any:
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else value

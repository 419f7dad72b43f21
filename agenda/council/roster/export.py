"""The council's lists written out in the import's own columns (XLSX: both lists; CSV: one), so that a file
exported and imported again changes nothing: one row per delegate (their latest seat in the home term, with
the Ban, Tổ and Thường trực role they hold now) and one per official (their latest post at each agency)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session as DbSession

from agenda.council.memberships import role_label
from agenda.council.roster.columns import MEMBERSHIP_COLUMNS
from agenda.council.roster.plan import Known
from agenda.council.roster.workbook import Rows
from agenda.models import Council, Mandate, Membership, Official, Term
from agenda.text import vietnamese_sort_key


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

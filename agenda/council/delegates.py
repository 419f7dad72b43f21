"""Delegates: a person holding a seat (mandate) in a term, with its dates, constituency and hall seat."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import contains_eager

from agenda import audit
from agenda.council.office import held_on, overlapping
from agenda.council.people import PERSON_READERS, PersonInput, person_of
from agenda.council.terms import within_term
from agenda.council.values import Patch, Reader
from agenda.errors import Conflict, DomainError, found
from agenda.inputs import Fields
from agenda.models import (
    Mandate,
    Person,
    Term,
)
from agenda.text import vietnamese_sort_key


def _seat(f: Fields) -> Any:
    seat = f.text("seat_label", ("số ghế", "seat"), required=False, max_length=20)
    return seat.upper() if seat else None


MANDATE_READERS: dict[str, Reader] = {
    "started_on": lambda f: f.date("started_on", ("ngày bắt đầu", "start date"), required=False),
    "ended_on": lambda f: f.date("ended_on", ("ngày thôi nhiệm vụ", "end date"), required=False),
    "end_reason": lambda f: f.text("end_reason", ("lý do", "reason"), required=False, max_length=200),
    "constituency": lambda f: f.text(
        "constituency", ("đơn vị bầu cử", "constituency"), required=False, max_length=200
    ),
    "seat_label": _seat,
}


@dataclass(frozen=True)
class DelegateInput:
    """A new delegate: a new person, or the id of a known one (a by-election, a second seat), and the seat."""

    person: PersonInput | int
    started_on: dt.date | None = None  # default: the term's first day
    ended_on: dt.date | None = None
    end_reason: str | None = None
    constituency: str | None = None  # đơn vị bầu cử
    seat_label: str | None = None  # upper case, "B12"

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        person: PersonInput | int
        if f.has("person_id"):
            person = f.integer("person_id", ("người", "person"))
        else:
            person = PersonInput.parse(data)
        return cls(person=person, **{key: read(f) for key, read in MANDATE_READERS.items()})


@dataclass(frozen=True)
class DelegatePatch(Patch):
    """Changes to a delegate's person and seat; setting ``ended_on`` ends the seat (with its ``end_reason``)."""

    full_name: str | None = None
    gender: str | None = None
    occupation: str | None = None
    email: str | None = None
    phone: str | None = None
    birth_year: int | None = None
    started_on: dt.date | None = None  # None: the term's first day
    ended_on: dt.date | None = None
    end_reason: str | None = None
    constituency: str | None = None
    seat_label: str | None = None
    READERS: ClassVar[Mapping[str, Reader]] = PERSON_READERS | MANDATE_READERS


def _check_mandate(db: DbSession, mandate: Mandate) -> None:
    term = mandate.term if mandate.term is not None else db.get(Term, mandate.term_id)
    assert term is not None
    within_term(term, mandate.started_on, "started_on")
    if mandate.ended_on is not None:
        if mandate.ended_on < mandate.started_on:
            raise DomainError(
                "Ngày thôi nhiệm vụ phải sau ngày bắt đầu.",
                "The seat must end after it starts.",
                field="ended_on",
            )
        within_term(term, mandate.ended_on, "ended_on")
    overlap = overlapping(Mandate, mandate.started_on, mandate.ended_on).where(
        Mandate.term_id == mandate.term_id, Mandate.id != (mandate.id or 0)
    )
    if db.scalar(overlap.where(Mandate.person_id == mandate.person_id).limit(1)) is not None:
        raise Conflict(
            "Đại biểu này đã giữ một ghế trong khoảng thời gian đó.",
            "This delegate already holds a seat during that time.",
            field="started_on",
        )
    if mandate.seat_label:
        clash = db.scalar(overlap.where(Mandate.seat_label == mandate.seat_label).limit(1))
        if clash is not None:
            name = db.get(Person, clash.person_id)
            raise Conflict(
                f"Ghế {mandate.seat_label} đang do đại biểu {name.full_name if name else ''} ngồi.",
                f"Seat {mandate.seat_label} is already taken.",
                field="seat_label",
            )


def add_delegate(db: DbSession, term: Term, values: DelegateInput, *, actor: str | None = None) -> Mandate:
    """A new delegate: the person and their seat in ``term``."""
    person = person_of(db, values.person)
    mandate = Mandate(
        term=term,
        term_id=term.id,
        person=person,
        person_id=person.id,
        started_on=values.started_on or term.starts_on,
        ended_on=values.ended_on,
        end_reason=values.end_reason,
        constituency=values.constituency,
        seat_label=values.seat_label,
    )
    _check_mandate(db, mandate)
    db.add(mandate)
    db.flush()
    audit.append(
        db,
        "delegate.added",
        {
            "mandate_id": mandate.id,
            "person_id": person.id,
            "new_person": not isinstance(values.person, int),
            "term_id": term.id,
            "seat_label": mandate.seat_label,
            "started_on": mandate.started_on,
        },
        actor=actor,
    )
    return mandate


def update_delegate(
    db: DbSession, mandate: Mandate, patch: DelegatePatch, *, actor: str | None = None
) -> Mandate:
    """Edit the person or the seat; a patch that sets ``ended_on`` ends the seat and is audited as such."""
    for key in patch.given & PERSON_READERS.keys():
        setattr(mandate.person, key, getattr(patch, key))
    for key in patch.given & MANDATE_READERS.keys() - {"started_on"}:
        setattr(mandate, key, getattr(patch, key))
    if "started_on" in patch:
        mandate.started_on = patch.started_on or mandate.term.starts_on
    if mandate.ended_on is not None and not mandate.end_reason:
        raise DomainError(
            "Vui lòng ghi lý do thôi làm nhiệm vụ đại biểu.",
            "Please give the reason the seat ended.",
            field="end_reason",
        )
    _check_mandate(db, mandate)
    db.flush()
    detail: dict[str, Any] = {
        "mandate_id": mandate.id,
        "person_id": mandate.person_id,
        "fields": sorted(patch.given),
    }
    ends = "ended_on" in patch and mandate.ended_on is not None
    if ends:
        detail |= {"ended_on": mandate.ended_on, "end_reason": mandate.end_reason}
    audit.append(db, "delegate.seat_ended" if ends else "delegate.updated", detail, actor=actor)
    return mandate


def get_mandate(db: DbSession, mandate_id: int) -> Mandate:
    return found(db.get(Mandate, mandate_id), "đại biểu", "Delegate")


def list_delegates(db: DbSession, term: Term, on: dt.date | None = None) -> list[Mandate]:
    """All mandates of the term (or only those in office on ``on``), by seat then name."""
    stmt = (
        select(Mandate).join(Person).options(contains_eager(Mandate.person)).where(Mandate.term_id == term.id)
    )
    if on is not None:
        stmt = stmt.where(held_on(Mandate, on))
    mandates = list(db.scalars(stmt))
    return sorted(mandates, key=lambda m: (vietnamese_sort_key(m.person.full_name), m.started_on))

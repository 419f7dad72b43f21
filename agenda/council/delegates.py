"""Delegates: a person holding a seat (mandate) in a term, with its dates, constituency and hall seat."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import contains_eager

from agenda import clock
from agenda.council.office import held_on, overlapping
from agenda.council.terms import within_term
from agenda.errors import Conflict, DomainError, NotFound, found
from agenda.inputs import Fields
from agenda.models import (
    Mandate,
    Person,
    Term,
)
from agenda.text import vietnamese_sort_key

_PERSON_FIELDS = {
    "full_name": ("họ và tên", "full name"),
    "gender": ("giới tính", "gender"),
    "occupation": ("chức vụ, nơi công tác", "occupation"),
    "email": ("thư điện tử", "email"),
    "phone": ("số điện thoại", "phone"),
}


def _apply_person(person: Person, f: Fields, *, creating: bool) -> None:
    for key, label in _PERSON_FIELDS.items():
        if creating or f.has(key):
            required = key == "full_name"
            value = f.text(key, label, required=required, max_length=120 if key == "full_name" else 300)
            if key == "gender" and value is not None and value not in ("nam", "nữ"):
                raise DomainError("Giới tính là “nam” hoặc “nữ”.", "Gender is “nam” or “nữ”.", field=key)
            setattr(person, key, value)
    if creating or f.has("birth_year"):
        person.birth_year = f.integer(
            "birth_year",
            ("năm sinh", "birth year"),
            required=False,
            minimum=1900,
            maximum=clock.today().year - 18,
        )


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


def add_delegate(db: DbSession, term: Term, data: Mapping[str, Any]) -> Mandate:
    """A new delegate: the person and their seat in ``term``."""
    f = Fields(data)
    if f.has("person_id"):
        person = db.get(Person, f.integer("person_id", ("người", "person")))
        if person is None:
            raise NotFound("người này", "Person")
    else:
        person = Person()
        _apply_person(person, f, creating=True)
        db.add(person)
        db.flush()
    mandate = Mandate(term=term, term_id=term.id, person=person, person_id=person.id)
    _apply_mandate(mandate, f, creating=True, term=term)
    _check_mandate(db, mandate)
    db.add(mandate)
    db.flush()
    return mandate


def _apply_mandate(mandate: Mandate, f: Fields, *, creating: bool, term: Term) -> None:
    if creating or f.has("started_on"):
        mandate.started_on = (
            f.date("started_on", ("ngày bắt đầu", "start date"), required=False) or term.starts_on
        )
    if creating or f.has("ended_on"):
        mandate.ended_on = f.date("ended_on", ("ngày thôi nhiệm vụ", "end date"), required=False)
    if creating or f.has("end_reason"):
        mandate.end_reason = f.text("end_reason", ("lý do", "reason"), required=False, max_length=200)
    if creating or f.has("constituency"):
        mandate.constituency = f.text(
            "constituency", ("đơn vị bầu cử", "constituency"), required=False, max_length=200
        )
    if creating or f.has("seat_label"):
        seat = f.text("seat_label", ("số ghế", "seat"), required=False, max_length=20)
        mandate.seat_label = seat.upper() if seat else None


def update_delegate(db: DbSession, mandate: Mandate, data: Mapping[str, Any]) -> Mandate:
    f = Fields(data)
    _apply_person(mandate.person, f, creating=False)
    _apply_mandate(mandate, f, creating=False, term=mandate.term)
    if mandate.ended_on is not None and not mandate.end_reason:
        raise DomainError(
            "Vui lòng ghi lý do thôi làm nhiệm vụ đại biểu.",
            "Please give the reason the seat ended.",
            field="end_reason",
        )
    _check_mandate(db, mandate)
    db.flush()
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

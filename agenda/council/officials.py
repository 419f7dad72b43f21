"""Officials who can be questioned (chất vấn): the UBND chair, Giám đốc Sở, …, with the dates of their post."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import clock
from agenda.council.office import held_on
from agenda.errors import DomainError, NotFound
from agenda.inputs import Fields
from agenda.models import (
    Council,
    Official,
    Person,
)


def add_official(db: DbSession, council: Council, data: Mapping[str, Any]) -> Official:
    f = Fields(data)
    if f.has("person_id"):  # e.g. the UBND chair who is also a delegate
        person = db.get(Person, f.integer("person_id", ("người", "person")))
        if person is None:
            raise NotFound("người này", "Person")
    else:
        person = Person(full_name=f.text("full_name", ("họ và tên", "full name"), max_length=120))
        db.add(person)
        db.flush()
    official = Official(
        council_id=council.id,
        person_id=person.id,
        person=person,
        position=f.text("position", ("chức vụ", "position"), max_length=200),
        agency=f.text("agency", ("cơ quan", "agency"), max_length=200),
        started_on=f.date("started_on", ("ngày nhận nhiệm vụ", "start date"), required=False)
        or clock.today(),
        ended_on=f.date("ended_on", ("ngày thôi nhiệm vụ", "end date"), required=False),
    )
    if official.ended_on is not None and official.ended_on < official.started_on:
        raise DomainError(
            "Ngày thôi nhiệm vụ phải sau ngày nhận nhiệm vụ.",
            "The end date must follow the start.",
            field="ended_on",
        )
    db.add(official)
    db.flush()
    return official


def update_official(db: DbSession, official: Official, data: Mapping[str, Any]) -> Official:
    f = Fields(data)
    if f.has("full_name"):
        official.person.full_name = f.text("full_name", ("họ và tên", "full name"), max_length=120)
    if f.has("position"):
        official.position = f.text("position", ("chức vụ", "position"), max_length=200)
    if f.has("agency"):
        official.agency = f.text("agency", ("cơ quan", "agency"), max_length=200)
    if f.has("started_on"):
        official.started_on = f.date("started_on", ("ngày nhận nhiệm vụ", "start date"))
    if f.has("ended_on"):
        official.ended_on = f.date("ended_on", ("ngày thôi nhiệm vụ", "end date"), required=False)
    if official.ended_on is not None and official.ended_on < official.started_on:
        raise DomainError(
            "Ngày thôi nhiệm vụ phải sau ngày nhận nhiệm vụ.",
            "The end date must follow the start.",
            field="ended_on",
        )
    db.flush()
    return official


def list_officials(db: DbSession, council: Council, on: dt.date | None = None) -> list[Official]:
    stmt = select(Official).where(Official.council_id == council.id).order_by(Official.id)
    if on is not None:
        stmt = stmt.where(held_on(Official, on))
    return list(db.scalars(stmt))

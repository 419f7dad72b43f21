"""Officials who can be questioned (chất vấn): the UBND chair, Giám đốc Sở, …, with the dates of their post;
adding and editing them, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import audit, clock
from agenda.council.office import held_on
from agenda.council.people import PERSON_READERS, PersonInput, person_of
from agenda.council.values import Patch, Reader
from agenda.errors import DomainError, found
from agenda.inputs import Fields
from agenda.models import (
    Council,
    Official,
)

_STARTED = ("ngày nhận nhiệm vụ", "start date")


def _position(f: Fields) -> Any:
    return f.text("position", ("chức vụ", "position"), max_length=200)


def _agency(f: Fields) -> Any:
    return f.text("agency", ("cơ quan", "agency"), max_length=200)


def _ended_on(f: Fields) -> Any:
    return f.date("ended_on", ("ngày thôi nhiệm vụ", "end date"), required=False)


@dataclass(frozen=True)
class OfficialInput:
    """A new official: a new person (their full name), or the id of a known one (e.g. the UBND chair who is
    also a delegate), and the post."""

    person: PersonInput | int
    position: str  # "Giám đốc Sở Y tế"
    agency: str  # "Sở Y tế"
    started_on: dt.date | None = None  # default: today
    ended_on: dt.date | None = None

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        person = (
            f.integer("person_id", ("người", "person"))
            if f.has("person_id")
            else PersonInput(PERSON_READERS["full_name"](f))
        )
        return cls(
            person=person,
            position=_position(f),
            agency=_agency(f),
            started_on=f.date("started_on", _STARTED, required=False),
            ended_on=_ended_on(f),
        )


@dataclass(frozen=True)
class OfficialPatch(Patch):
    full_name: str | None = None
    position: str | None = None
    agency: str | None = None
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    READERS: ClassVar[Mapping[str, Reader]] = {
        "full_name": PERSON_READERS["full_name"],
        "position": _position,
        "agency": _agency,
        "started_on": lambda f: f.date("started_on", _STARTED),
        "ended_on": _ended_on,
    }


def add_official(
    db: DbSession, council: Council, values: OfficialInput, *, actor: str | None = None
) -> Official:
    person = person_of(db, values.person)
    official = Official(
        council_id=council.id,
        person_id=person.id,
        person=person,
        position=values.position,
        agency=values.agency,
        started_on=values.started_on or clock.today(council),
        ended_on=values.ended_on,
    )
    _check_dates(official)
    db.add(official)
    db.flush()
    audit.append(
        db,
        "official.added",
        {
            "official_id": official.id,
            "person_id": person.id,
            "position": official.position,
            "agency": official.agency,
            "started_on": official.started_on,
        },
        actor=actor,
    )
    return official


def update_official(
    db: DbSession, official: Official, patch: OfficialPatch, *, actor: str | None = None
) -> Official:
    """Edit an official or record the end of the post."""
    for key in patch.given:
        setattr(official.person if key == "full_name" else official, key, getattr(patch, key))
    _check_dates(official)
    db.flush()
    audit.append(
        db, "official.updated", {"official_id": official.id, "fields": sorted(patch.given)}, actor=actor
    )
    return official


def _check_dates(official: Official) -> None:
    if official.ended_on is not None and official.ended_on < official.started_on:
        raise DomainError(
            "Ngày thôi nhiệm vụ phải sau ngày nhận nhiệm vụ.",
            "The end date must follow the start.",
            field="ended_on",
        )


def get_official(db: DbSession, official_id: int) -> Official:
    return found(db.get(Official, official_id), "người được chất vấn", "Official")


def list_officials(db: DbSession, council: Council, on: dt.date | None = None) -> list[Official]:
    stmt = select(Official).where(Official.council_id == council.id).order_by(Official.id)
    if on is not None:
        stmt = stmt.where(held_on(Official, on))
    return list(db.scalars(stmt))

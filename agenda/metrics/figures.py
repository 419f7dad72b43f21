"""The tables the dashboard and the annual report show: every measure per delegate, per unit (Thường trực,
Ban, Tổ đại biểu) and for the council over a period, with each delegate's days in office and the rate per
365 days in office. Members of the Thường trực and those who also hold an executive office (UBND, Sở …
— an :class:`Official`) are marked apart: their work is of another kind and they are not ranked with the
other delegates."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session as DbSession

from agenda.collector import collector_paused
from agenda.metrics.measures import MEASURES, Level, Measure, values_of
from agenda.metrics.period import Period, days_in_office, per_year
from agenda.models import Membership, Official, Organization, OrganizationKind, Person, Term


class Standing(enum.StrEnum):
    DELEGATE = "delegate"  # đại biểu (ranked together)
    STANDING = "standing"  # thành viên Thường trực HĐND
    OFFICIAL = "official"  # also an official of the executive (UBND, Sở …)


@dataclass(frozen=True)
class Line:
    key: int  # person id, organization id, or 0 for the council
    name: str
    kind: str  # a Standing for a delegate, an OrganizationKind for a unit, "council"
    days_in_office: int | None
    values: dict[str, int]

    @property
    def attendance_rate(self) -> float | None:
        """Sitting days present over sitting days held while in office (None when none was held)."""
        held = self.values.get("sittings_held", 0)
        return round(self.values.get("sittings_present", 0) / held, 4) if held else None

    def rate(self, name: str) -> float | None:
        """The value per 365 days in office (delegates only)."""
        if self.days_in_office is None:
            return None
        return per_year(self.values.get(name, 0), self.days_in_office)


@dataclass(frozen=True)
class Table:
    period: Period
    level: Level
    measures: tuple[Measure, ...]
    lines: tuple[Line, ...]


def standing_of(db: DbSession, p: Period, people: set[int]) -> dict[int, Standing]:
    """Each person's standing in the period: in the Thường trực at any day of it, else an official at any
    day of it, else an ordinary delegate."""
    standing = {person: Standing.DELEGATE for person in people}
    officials = select(Official.person_id).where(
        Official.council_id == p.council_id,
        Official.person_id.in_(people),
        Official.started_on <= p.end,
        or_(Official.ended_on.is_(None), Official.ended_on >= p.start),
    )
    for person in db.scalars(officials):
        standing[person] = Standing.OFFICIAL
    standing_members = (
        select(Membership.person_id)
        .join(Organization, Organization.id == Membership.organization_id)
        .join(Term, Term.id == Organization.term_id)
        .where(
            Term.council_id == p.council_id,
            Organization.kind == OrganizationKind.STANDING,
            Membership.person_id.in_(people),
            Membership.started_on <= p.end,
            or_(Membership.ended_on.is_(None), Membership.ended_on >= p.start),
        )
    )
    for person in db.scalars(standing_members):
        standing[person] = Standing.STANDING
    return standing


def units_of(db: DbSession, p: Period) -> list[Organization]:
    """The council's units of the terms that overlap the period (of the period's term for a term)."""
    stmt = (
        select(Organization)
        .join(Term, Term.id == Organization.term_id)
        .where(
            Term.council_id == p.council_id,
            Term.starts_on <= p.end,
            or_(Term.ends_on.is_(None), Term.ends_on >= p.start),
        )
        .order_by(Organization.kind, Organization.name, Organization.id)
    )
    if p.term_id is not None:
        stmt = stmt.where(Organization.term_id == p.term_id)
    return list(db.scalars(stmt))


def members_of(db: DbSession, p: Period, unit_id: int) -> set[int]:
    stmt = select(Membership.person_id).where(
        Membership.organization_id == unit_id,
        Membership.started_on <= p.end,
        or_(Membership.ended_on.is_(None), Membership.ended_on >= p.start),
    )
    return set(db.scalars(stmt))


@collector_paused()  # a table's rows form no cycle (agenda.collector)
def delegate_table(
    db: DbSession, p: Period, unit_id: int | None = None, measures: tuple[Measure, ...] = MEASURES
) -> Table:
    """Every delegate who held a seat in the period (those of ``unit_id`` only, when given)."""
    days = days_in_office(db, p)
    if unit_id is not None:
        wanted = members_of(db, p, unit_id)
        days = {person: d for person, d in days.items() if person in wanted}
    counted = values_of(db, measures, p, Level.DELEGATE)
    names = {
        pid: name for pid, name in db.execute(select(Person.id, Person.full_name).where(Person.id.in_(days)))
    }
    standing = standing_of(db, p, set(days))
    lines = [
        Line(
            person,
            names[person],
            standing[person].value,
            days[person],
            {m.name: counted[m.name].get(person, 0) for m in measures},
        )
        for person in days
    ]
    lines.sort(key=lambda line: (list(Standing).index(Standing(line.kind)), line.name, line.key))
    return Table(p, Level.DELEGATE, measures, tuple(lines))


@collector_paused()  # a table's rows form no cycle (agenda.collector)
def unit_table(
    db: DbSession, p: Period, unit_id: int | None = None, measures: tuple[Measure, ...] = MEASURES
) -> Table:
    units = [u for u in units_of(db, p) if unit_id is None or u.id == unit_id]
    counted = values_of(db, measures, p, Level.UNIT)
    lines = [
        Line(u.id, u.name, u.kind.value, None, {m.name: counted[m.name].get(u.id, 0) for m in measures})
        for u in units
    ]
    return Table(p, Level.UNIT, measures, tuple(lines))


@collector_paused()  # a table's rows form no cycle (agenda.collector)
def council_table(db: DbSession, p: Period, name: str, measures: tuple[Measure, ...] = MEASURES) -> Table:
    counted = values_of(db, measures, p, Level.COUNCIL)
    line = Line(0, name, "council", None, {m.name: counted[m.name][0] for m in measures})
    return Table(p, Level.COUNCIL, measures, (line,))

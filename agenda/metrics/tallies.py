"""Measures over one table's records counted together: a *family* (the activities, the recommendations, the
petitions; a delegate's attendance, questions, speeches, votes, documents read) is read once per level with a
conditional sum per measure, instead of a statement per measure over its rows (:mod:`.records`, which the
drill-down still reads). The property tests hold both equal to a naive count at each level.

Each record of a family is one row, so no DISTINCT is needed: per unit a record counts for the organiser of its
activity (a delegate's own record: for their units that day); for the council, once; per delegate, for the
person the record names (a petition's handler, the speaker) or the people of its activity — its participants and lead, each once (:func:`people_of`), found by the activity ids
that counted rather than by a join the planners cost badly (PostgreSQL hashed every participant of every
council for a term's figures).

The statements are built once per shape over the bound period (:data:`~.period.BOUND`) and kept
(:func:`kept`): built and keyed again at every call, a table's statements cost some 10 ms of Python."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from operator import add
from typing import Any

from sqlalchemy import ColumnElement, Executable, Select, and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session as DbSession

from agenda.db import among
from agenda.metrics import records as r
from agenda.metrics.period import BOUND, Level, Period, Span, bound_values
from agenda.models import (
    Activity,
    ActivityParticipant,
    Attendance,
    Document,
    Mandate,
    Petition,
    Question,
    ReadReceipt,
    Recommendation,
    Session,
    SpeechRequest,
    Term,
    Vote,
    VoteParticipation,
)


@dataclass(frozen=True)
class Part:
    """A measure's share of its family's records: those it counts in a period, and what each adds."""

    counts: Callable[[Span], ColumnElement[bool]]
    adds: Callable[[], ColumnElement[Any]] = field(default=lambda: literal(1))


@dataclass(frozen=True)
class Family:
    """The records of one table, their council named by ``council`` once ``reach`` has joined what it needs:
    ``activity`` the activity each belongs to (its organiser is the unit credited; its people the delegates,
    unless ``person`` names one). A delegate's own records have no activity: they count for the units the
    delegate was a member of on their ``day``."""

    name: str
    table: Any
    council: Any
    activity: Any = None
    person: Any = None
    reach: Callable[[Select[Any]], Select[Any]] = field(default=lambda s: s)
    day: Any = None

    def select(self, *columns: Any) -> Select[Any]:
        return self.reach(select(*columns).select_from(self.table))


def _in_session(model: Any) -> Callable[[Select[Any]], Select[Any]]:
    return lambda s: s.join(Session, Session.id == model.session_id).join(Term, Term.id == Session.term_id)


def _seated(s: Select[Any]) -> Select[Any]:
    seat = Mandate.__table__.alias("seat")
    held = r.holds_seat(seat, Session.term_id, Attendance.person_id, Attendance.day)
    return _in_session(Attendance)(s).where(exists().where(held))


ACTIVITIES = Family("activities", Activity, Activity.council_id, Activity.id)
RECOMMENDATIONS = Family(
    "recommendations", Recommendation, Recommendation.council_id, Recommendation.activity_id
)
PETITIONS = Family(
    "petitions", Petition, Petition.council_id, Petition.activity_id, person=Petition.handler_person_id
)
ATTENDANCE = Family(
    "attendance", Attendance, Term.council_id, person=Attendance.person_id, reach=_seated, day=Attendance.day
)


def _at_sessions(name: str, table: Any, reach: Callable[[Select[Any]], Select[Any]]) -> Family:
    """A delegate's own records at the council's sessions, on the session's first day."""
    return Family(name, table, Term.council_id, person=table.person_id, reach=reach, day=Session.starts_on)


QUESTIONS = _at_sessions("questions", Question, _in_session(Question))
SPEECHES = _at_sessions("speeches", SpeechRequest, _in_session(SpeechRequest))
VOTES = _at_sessions(
    "votes",
    VoteParticipation,
    lambda s: _in_session(Vote)(s.join(Vote, Vote.id == VoteParticipation.vote_id)),
)
READS = _at_sessions(
    "reads",
    ReadReceipt,
    lambda s: _in_session(Document)(s.join(Document, Document.id == ReadReceipt.document_id)),
)

Named = Sequence[tuple[str, Part]]
Counted = dict[str, dict[int, int]]


def _rows(db: DbSession, stmt: Executable, p: Period | None = None) -> list[Any]:
    """The rows of a plain select (for the period ``p`` when it is built over the bound one), read at once
    through the session's connection (no ORM row processing: these statements name columns, never
    entities)."""
    return list(db.connection().execute(stmt, None if p is None else bound_values(p)).all())


_KEPT: dict[tuple[int, ...], tuple[Executable, tuple[object, ...]]] = {}
KEPT_AT_MOST = 512  # shapes: families × levels × the sets of measures asked together


def kept(shape: tuple[object, ...], build: Callable[[], Executable]) -> Executable:
    """The statement of this ``shape`` (the family, parts, key … it is built from — the same objects), built
    by ``build`` the first time. The shape is kept with it, so that its objects' ids stay theirs."""
    key = tuple(id(o) for o in shape)
    found = _KEPT.get(key)
    if found is None:
        if len(_KEPT) >= KEPT_AT_MOST:
            _KEPT.clear()
        found = _KEPT[key] = (build(), shape)
    return found[0]


def _shape(tag: str, family: Family, parts: Named, *more: object) -> tuple[object, ...]:
    return (tag, family, *(part for _, part in parts), *more)


def people_of(db: DbSession, ids: Iterable[int]) -> dict[int, set[int]]:
    """The people each activity of ``ids`` is credited to: its participants and its lead."""
    wanted = sorted(set(ids))
    people: dict[int, set[int]] = defaultdict(set)
    if not wanted:
        return people
    participants = select(ActivityParticipant.activity_id, ActivityParticipant.person_id).where(
        among(db, ActivityParticipant.activity_id, wanted)
    )
    leads = select(Activity.id, Activity.lead_person_id).where(
        among(db, Activity.id, wanted), Activity.lead_person_id.is_not(None)
    )
    for statement in (participants, leads):
        for activity, person in _rows(db, statement):
            if person is not None:
                people[activity].add(person)
    return people


def _sums(parts: Named, p: Span) -> list[Any]:
    return [func.sum(case((part.counts(p), part.adds()), else_=0)) for _, part in parts]


def _where(family: Family, parts: Named, p: Span) -> ColumnElement[bool]:
    """The council's records any part counts, as an OR of (council, part) so that each term can be read from
    its own (council, day) index."""
    return or_(*(and_(family.council == p.council_id, part.counts(p)) for _, part in parts))


def _grouped(
    rows: Iterable[Sequence[Any]], parts: Named, owners: Mapping[int, Iterable[int]] | None = None
) -> Counted:
    """Rows of ``(key, sum per part)`` added up per key — or, with ``owners``, per each owner of the row's key
    (the people or the organiser of an activity) — as each part's values, zeros left out."""
    totals: dict[int, list[int]] = {}
    for key, *sums in rows:
        for owner in (key,) if owners is None else owners.get(key, ()):
            acc = totals.get(owner)
            totals[owner] = sums if acc is None else list(map(add, acc, sums))
    out: Counted = {name: {} for name, _ in parts}
    for owner, acc in totals.items():
        for (name, _), total in zip(parts, acc, strict=True):
            if total:
                out[name][int(owner)] = int(total)
    return out


def _summed_by(db: DbSession, family: Family, parts: Named, p: Period, key: Any) -> list[Sequence[Any]]:
    """``(key, sum per part)`` of the family's records in the period that have a ``key`` (a person, a unit,
    an activity)."""
    stmt = kept(
        _shape("by", family, parts, key),
        lambda: (
            family.select(key, *_sums(parts, BOUND))
            .where(_where(family, parts, BOUND), key.is_not(None))
            .group_by(key)
        ),
    )
    return _rows(db, stmt, p)


def organisers_of(db: DbSession, ids: Iterable[int]) -> dict[int, tuple[int]]:
    """The unit that organised each activity of ``ids`` (those organised by one), as its one owner."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    stmt = select(Activity.id, Activity.organization_id).where(
        among(db, Activity.id, wanted), Activity.organization_id.is_not(None)
    )
    return {activity: (unit,) for activity, unit in _rows(db, stmt) if unit is not None}


def for_council(db: DbSession, family: Family, parts: Named, p: Period) -> Counted:
    """For the council: a delegate's own records (their parts share the day they are counted on) in one pass;
    a family of activities or their records part by part — a count over each part's own (council, day)
    index beats one pass over the union of their records when no people or units are looked up."""
    if family.activity is None:
        stmt = kept(
            _shape("council", family, parts),
            lambda: family.select(*_sums(parts, BOUND)).where(_where(family, parts, BOUND)),
        )
        row = _rows(db, stmt, p)[0]
        return {name: {0: int(total or 0)} for (name, _), total in zip(parts, row, strict=True)}
    out: Counted = {}
    for name, part in parts:
        one = kept(("council part", family, part), partial(_part_total, family, part))
        out[name] = {0: int(_rows(db, one, p)[0][0] or 0)}
    return out


def _part_total(family: Family, part: Part) -> Executable:
    return family.select(func.coalesce(func.sum(part.adds()), 0)).where(
        family.council == BOUND.council_id, part.counts(BOUND)
    )


def _by_membership(db: DbSession, family: Family, parts: Named, p: Period) -> Counted:
    """A delegate's own records per unit they were a member of on the record's day — each (unit, record)
    once, though memberships of one unit overlap."""
    return _grouped(
        _rows(db, kept(_shape("members", family, parts), lambda: _membership_sums(family, parts)), p), parts
    )


def _membership_sums(family: Family, parts: Named) -> Executable:
    units = r.memberships(BOUND)
    flags = [
        case((part.counts(BOUND), part.adds()), else_=0).label(f"part_{i}")
        for i, (_, part) in enumerate(parts)
    ]
    each = (
        family.select(units.c.organization_id.label("unit"), family.table.id.label("record"), *flags)
        .join(units, r.member_on(units, family.person, family.day))
        .where(_where(family, parts, BOUND))
        .distinct()
        .subquery("each")
    )
    return select(each.c.unit, *(func.sum(each.c[f"part_{i}"]) for i in range(len(parts)))).group_by(
        each.c.unit
    )


def for_units(db: DbSession, wanted: Sequence[tuple[Family, Named]], p: Period) -> Counted:
    """Per unit: a record counts for the organiser of its activity (each activity's looked up once), a
    delegate's own record for each unit of theirs that day."""
    out: Counted = {}
    through: list[tuple[Named, list[Sequence[Any]]]] = []
    for family, parts in wanted:
        if family.activity is None:
            out.update(_by_membership(db, family, parts, p))
        elif family.table is Activity:
            out.update(_grouped(_summed_by(db, family, parts, p, Activity.organization_id), parts))
        else:
            through.append((parts, _summed_by(db, family, parts, p, family.activity)))
    organisers = organisers_of(db, (row[0] for _, rows in through for row in rows))
    for parts, rows in through:
        out.update(_grouped(rows, parts, organisers))
    return out


def for_delegates(db: DbSession, wanted: Sequence[tuple[Family, Named]], p: Period) -> Counted:
    """Per delegate: the person a record names, or each person of its activity (looked up once for all)."""
    out: Counted = {}
    through: list[tuple[Named, list[Sequence[Any]]]] = []
    for family, parts in wanted:
        if family.person is not None:
            out.update(_grouped(_summed_by(db, family, parts, p, family.person), parts))
        else:
            through.append((parts, _summed_by(db, family, parts, p, family.activity)))
    people = people_of(db, (row[0] for _, rows in through for row in rows))
    for parts, rows in through:
        out.update(_grouped(rows, parts, people))
    return out


def count(db: DbSession, wanted: Sequence[tuple[Family, Named]], p: Period, level: Level) -> Counted:
    """Each family's parts at ``level`` (the council's value under 0)."""
    if level is Level.DELEGATE:
        return for_delegates(db, wanted, p)
    if level is Level.UNIT:
        return for_units(db, wanted, p)
    out: Counted = {}
    for family, parts in wanted:
        out.update(for_council(db, family, parts, p))
    return out

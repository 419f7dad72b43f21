"""A measure's figures summed in cheaper statements than its rows (:mod:`.records`), for the measures whose
rows are one per record (and per person credited): recommendations and petitions. The drill-down still reads
the rows; the property tests hold both equal to a naive count at each level."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal, select

from agenda.metrics import records as r
from agenda.metrics.period import Period
from agenda.models import Activity, Petition, Recommendation

Pairs = Select[Any, Any]  # (key, total)


@dataclass(frozen=True)
class Tally:
    """A measure's values in cheaper statements than summing its rows, for rows that are one per record (and
    per person credited): ``(key, total)`` per delegate and per unit, and the council's ``total`` — the same
    numbers (the property tests compare both with a naive count)."""

    by_person: Callable[[Period], Pairs]
    by_unit: Callable[[Period], Pairs]
    total: Callable[[Period], Pairs]


def recommendations_tally(day: Callable[[], Any], *where: Callable[[], ColumnElement[bool]]) -> Tally:
    """:func:`.records.recommendations` tallied: per delegate, counted per activity first and then given to the people
    of those activities (each one row per activity already); per unit, by the activity's organiser; for the
    council, each recommendation once — no row per recommendation and person made distinct."""

    def by_person(p: Period) -> Pairs:
        per_activity = (
            select(Recommendation.activity_id.label("activity_id"), func.count().label("n"))
            .where(*r.recommendations_counted(p, day(), where), Recommendation.activity_id.is_not(None))
            .group_by(Recommendation.activity_id)
            .subquery("per_activity")
        )
        people = r.people_of_activities(select(per_activity.c.activity_id))
        return (
            select(people.c.person_id, func.sum(per_activity.c.n))
            .join(per_activity, per_activity.c.activity_id == people.c.activity_id)
            .group_by(people.c.person_id)
        )

    def by_unit(p: Period) -> Pairs:
        return (
            select(Activity.organization_id, func.count())
            .select_from(Recommendation)
            .join(Activity, Activity.id == Recommendation.activity_id)
            .where(*r.recommendations_counted(p, day(), where), Activity.organization_id.is_not(None))
            .group_by(Activity.organization_id)
        )

    def total(p: Period) -> Pairs:
        return select(literal(0), func.count()).where(*r.recommendations_counted(p, day(), where))

    return Tally(by_person, by_unit, total)


def petitions_tally(day: Callable[[], Any], *where: Callable[[], ColumnElement[bool]]) -> Tally:
    """:func:`.records.petitions` tallied: one row per petition already, so each level is a plain count grouped by the
    delegate handling it, by the organiser of the reception, or not at all."""

    def by_person(p: Period) -> Pairs:
        return (
            select(Petition.handler_person_id, func.count())
            .where(*r.petitions_counted(p, day(), where), Petition.handler_person_id.is_not(None))
            .group_by(Petition.handler_person_id)
        )

    def by_unit(p: Period) -> Pairs:
        return (
            select(Activity.organization_id, func.count())
            .select_from(Petition)
            .join(Activity, Activity.id == Petition.activity_id)
            .where(*r.petitions_counted(p, day(), where), Activity.organization_id.is_not(None))
            .group_by(Activity.organization_id)
        )

    def total(p: Period) -> Pairs:
        return select(literal(0), func.count()).where(*r.petitions_counted(p, day(), where))

    return Tally(by_person, by_unit, total)

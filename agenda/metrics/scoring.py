"""A unit's emulation score under a version of the criteria, with the breakdown per criterion and the
ranking.

For each criterion of the unit's type: the count is the measure's value for the unit over the period; the
target is ``target`` per year (times the years of the period: one for a year, five for a five-year term) or,
for ``per=session``, ``target`` times the regular sessions held in the period; for a delegate the target is
pro-rated (× days in office / days of the period counted so far). The criterion gives
``weight × min(1, count / target)`` points; the score is the sum, out of the sum of the weights. Units of a type are ranked by score (equal scores share a rank:
1, 1, 3); Thường trực members and officials are scored but not ranked with the other delegates."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from agenda.collector import collector_paused
from agenda.metrics import criteria, figures
from agenda.metrics.figures import Standing
from agenda.metrics.measures import Level, measure, values_of
from agenda.metrics.period import Period
from agenda.models import (
    Council,
    CriteriaVersion,
    Criterion,
    OrganizationKind,
    Session,
    SessionType,
    Term,
    UnitType,
)

UNIT_KINDS = {
    UnitType.GROUP: OrganizationKind.GROUP,
    UnitType.COMMITTEE: OrganizationKind.COMMITTEE,
    UnitType.STANDING: OrganizationKind.STANDING,
}


@dataclass(frozen=True)
class Part:
    criterion_id: int
    measure: str
    label: str
    weight: int
    target: float  # the target for this unit over the period
    count: int
    points: float

    @property
    def met(self) -> bool:
        return self.count >= self.target


@dataclass(frozen=True)
class Score:
    unit_type: UnitType
    key: int  # person id, organization id, 0 for the council
    name: str
    standing: str  # for a delegate: a Standing; a unit's kind otherwise
    points: float
    maximum: int
    parts: tuple[Part, ...]
    rank: int | None


@dataclass(frozen=True)
class Scores:
    period: Period
    version: CriteriaVersion | None
    scores: tuple[Score, ...]


def regular_sessions(db: DbSession, p: Period) -> int:
    """The regular sessions of the council that began in the period."""
    stmt = (
        select(func.count(Session.id))
        .join(Term, Term.id == Session.term_id)
        .where(
            Term.council_id == p.council_id,
            Session.session_type == SessionType.REGULAR,
            Session.starts_on.between(p.start, p.end),
        )
    )
    return int(db.scalar(stmt) or 0)


def years_of(p: Period) -> int:
    """The years a period spans, whole: 1 for a year, 5 for a five-year term."""
    return max(1, round(((p.last_day - p.start).days + 1) / 365.25))


def target_of(c: Criterion, p: Period, sessions: int, share: float = 1.0) -> float:
    base = c.target * (sessions if c.per.value == "session" else years_of(p))
    return round(base * share, 4)


def points_of(weight: int, count: int, target: float) -> float:
    """``weight × min(1, count / target)``; nothing is asked when the target is 0 (no session held)."""
    if target <= 0:
        return float(weight)
    return round(weight * min(1.0, count / target), 4)


def ranked(s: Score) -> bool:
    """Every unit is ranked; of the delegates, only the ordinary ones."""
    return s.unit_type is not UnitType.DELEGATE or s.standing == Standing.DELEGATE


def rank(scores: list[Score]) -> list[Score]:
    """Competition ranking by points (equal points, equal rank: 1, 1, 3) among the ranked; others None."""
    order = sorted((s.points for s in scores if ranked(s)), reverse=True)
    first: dict[float, int] = {}
    for i, points in enumerate(order):
        first.setdefault(points, i + 1)
    result = [replace(s, rank=first[s.points] if ranked(s) else None) for s in scores]
    return sorted(result, key=lambda s: (s.rank is None, s.rank or 0, s.name))


@collector_paused()  # (agenda.collector)
def score(db: DbSession, council: Council, p: Period, version: CriteriaVersion | None = None) -> Scores:
    """The scores of every unit judged by the version valid on the period's last day (or ``version``)."""
    version = version or criteria.version_on(db, council.id, p.last_day)
    if version is None:
        return Scores(p, None, ())
    sessions = regular_sessions(db, p)
    out: list[Score] = []
    for unit_type in UnitType:
        judged = [c for c in version.criteria if c.unit_type is unit_type]
        if judged:
            out += rank(_score_type(db, council, p, unit_type, judged, sessions))
    return Scores(p, version, tuple(out))


def _score_type(
    db: DbSession, council: Council, p: Period, unit_type: UnitType, judged: list[Criterion], sessions: int
) -> list[Score]:
    level = {UnitType.DELEGATE: Level.DELEGATE, UnitType.COUNCIL: Level.COUNCIL}.get(unit_type, Level.UNIT)
    counted = values_of(db, [measure(c.measure) for c in judged], p, level)
    units: list[tuple[int, str, str, float]] = []  # key, name, standing, share of the target
    if unit_type is UnitType.DELEGATE:
        table = figures.delegate_table(db, p, measures=())
        units = [
            (line.key, line.name, line.kind, (line.days_in_office or 0) / p.days) for line in table.lines
        ]
    elif unit_type is UnitType.COUNCIL:
        units = [(0, council.name, "council", 1.0)]
    else:
        kind = UNIT_KINDS[unit_type]
        units = [(u.id, u.name, u.kind.value, 1.0) for u in figures.units_of(db, p) if u.kind is kind]
    maximum = sum(c.weight for c in judged)
    scores = []
    for key, name, standing, share in units:
        parts = []
        for c in judged:
            target = target_of(c, p, sessions, share)
            count = counted[c.measure].get(key, 0)
            parts.append(
                Part(
                    c.id,
                    c.measure,
                    c.label or measure(c.measure).vi,
                    c.weight,
                    target,
                    count,
                    points_of(c.weight, count, target),
                )
            )
        total = round(sum(part.points for part in parts), 2)
        scores.append(Score(unit_type, key, name, standing, total, maximum, tuple(parts), None))
    return scores

"""The period a figure counts over — a calendar year or a term of a council — and each delegate's days in
office within it, from their mandates (seats). Rates are per 365 days in office, so a delegate elected in a
by-election half-way through is compared on the time they actually served."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, Integer, bindparam, or_, select
from sqlalchemy.orm import Session as DbSession

from agenda.errors import DomainError
from agenda.models import Mandate, Term

YEAR_DAYS = 365


class Level(enum.StrEnum):
    """Whom a figure counts for: a delegate, a unit (Thường trực, Ban, Tổ) or the whole council."""

    DELEGATE = "delegate"
    UNIT = "unit"
    COUNCIL = "council"


@dataclass(frozen=True)
class Period:
    """Days ``start`` to ``end``, both counted; ``end`` is never after the council's today (a figure counts
    what has happened). ``term_id`` is set for a term's period."""

    council_id: int
    start: dt.date
    end: dt.date
    label: str
    term_id: int | None = None
    closes: dt.date | None = None  # the period's own last day (31/12, the term's end), even if after today

    @property
    def last_day(self) -> dt.date:
        """The period's own last day: the criteria valid on it judge the period."""
        return self.closes or self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def holds(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


@dataclass(frozen=True)
class Bounds:
    """A period's council and days as a statement's bound parameters: a statement built once over
    :data:`BOUND` is kept and run for any period with :func:`bound_values`."""

    council_id: Any
    start: Any
    end: Any


BOUND = Bounds(
    bindparam("period_council", type_=Integer),
    bindparam("period_start", type_=Date),
    bindparam("period_end", type_=Date),
)
Span = Period | Bounds  # what a measure's part counts over: a period's values, or the bound parameters


def bound_values(p: Period) -> dict[str, Any]:
    """The values of :data:`BOUND` for the period."""
    return {"period_council": p.council_id, "period_start": p.start, "period_end": p.end}


def year_period(council_id: int, year: int, today: dt.date) -> Period:
    if not 1945 <= year <= today.year:
        raise DomainError(
            f"Năm {year} không hợp lệ (từ 1945 đến {today.year}).",
            f"Year {year} is out of range (1945 to {today.year}).",
            field="year",
        )
    start = dt.date(year, 1, 1)
    closes = dt.date(year, 12, 31)
    return Period(council_id, start, min(closes, today), f"Năm {year}", closes=closes)


def term_period(db: DbSession, council_id: int, term_id: int, today: dt.date) -> Period:
    term = db.get(Term, term_id)
    if term is None or term.council_id != council_id:
        raise DomainError(
            "Không tìm thấy khóa (nhiệm kỳ) này của Hội đồng.",
            "No such term of this council.",
            code="not_found",
            field="term",
            status=404,
        )
    if term.starts_on > today:
        raise DomainError(
            "Khóa này chưa bắt đầu.", "This term has not started yet.", field="term", status=400
        )
    end = min(term.ends_on, today) if term.ends_on is not None else today
    return Period(council_id, term.starts_on, end, f"Khóa {term.number}", term.id, term.ends_on or end)


def overlap_days(start: dt.date, end: dt.date | None, period: Period) -> int:
    """Days of [start, end] (end open: still running) within the period."""
    first = max(start, period.start)
    last = period.end if end is None else min(end, period.end)
    return max((last - first).days + 1, 0)


def days_in_office(db: DbSession, period: Period) -> dict[int, int]:
    """Each delegate of the council who held a seat during the period, with their days in office in it
    (the sum over their mandates, each clipped to the period)."""
    stmt = (
        select(Mandate.person_id, Mandate.started_on, Mandate.ended_on)
        .join(Term, Term.id == Mandate.term_id)
        .where(
            Term.council_id == period.council_id,
            Mandate.started_on <= period.end,
            or_(Mandate.ended_on.is_(None), Mandate.ended_on >= period.start),
        )
    )
    if period.term_id is not None:
        stmt = stmt.where(Mandate.term_id == period.term_id)
    days: dict[int, int] = {}
    for person_id, started, ended in db.execute(stmt):
        days[person_id] = days.get(person_id, 0) + overlap_days(started, ended, period)
    return {p: d for p, d in days.items() if d > 0}


def per_year(value: int, days: int) -> float | None:
    """``value`` per 365 days in office (None for no day in office)."""
    return round(value * YEAR_DAYS / days, 2) if days > 0 else None

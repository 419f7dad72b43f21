"""In office on a date — one rule for delegates' seats (mandates), memberships of a Ban or Tổ, and officials.

A holding runs from ``started_on`` to ``ended_on``, both days included; an open end (``None``) means it
still runs. A delegate whose seat starts tomorrow, or ended yesterday, is not in office today: not on
any screen's list, not in the quorum, not in a vote's denominator, not a reader of confidential
documents. Every one of those asks the functions below.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session as DbSession

from agenda.models import Mandate


class Holding(Protocol):
    @property
    def started_on(self) -> dt.date: ...

    @property
    def ended_on(self) -> dt.date | None: ...


def holds_on(holding: Holding, on: dt.date) -> bool:
    """Whether the holding's interval contains ``on``."""
    return holding.started_on <= on and (holding.ended_on is None or holding.ended_on >= on)


def held_on(model: Any, on: dt.date) -> ColumnElement[bool]:
    """The SQL form of :func:`holds_on` for a model with ``started_on`` and ``ended_on`` columns."""
    clause: ColumnElement[bool] = (model.started_on <= on) & or_(
        model.ended_on.is_(None), model.ended_on >= on
    )
    return clause


def overlapping(model: Any, start: dt.date, end: dt.date | None) -> Select[Any]:
    """Rows of ``model`` whose [started_on, ended_on] interval overlaps [start, end]."""
    stmt = select(model).where((model.ended_on.is_(None)) | (model.ended_on >= start))
    if end is not None:
        stmt = stmt.where(model.started_on <= end)
    return stmt


def delegates_in_office(db: DbSession, term_id: int, on: dt.date) -> int:
    """The total number of delegates in office on a date — the denominator of quorum and pass rules."""
    stmt = select(func.count(func.distinct(Mandate.person_id))).where(
        Mandate.term_id == term_id, held_on(Mandate, on)
    )
    return int(db.scalar(stmt) or 0)


def seat_on(db: DbSession, term_id: int, person_id: int, on: dt.date) -> Mandate | None:
    """The person's seat in the term if they are a delegate in office on ``on``."""
    return db.scalar(
        select(Mandate).where(
            Mandate.term_id == term_id, Mandate.person_id == person_id, held_on(Mandate, on)
        )
    )


def seats_on(db: DbSession, term_id: int, person_ids: set[int], on: dt.date) -> dict[int, Mandate]:
    """The seats in office on ``on`` of those of ``person_ids`` who hold one (a batch of ballots)."""
    if not person_ids:
        return {}
    stmt = select(Mandate).where(
        Mandate.term_id == term_id, Mandate.person_id.in_(person_ids), held_on(Mandate, on)
    )
    return {m.person_id: m for m in db.scalars(stmt)}

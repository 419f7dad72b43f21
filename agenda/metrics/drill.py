"""The drill-down: for any figure, the records behind it — the same rows the figure sums
(:func:`agenda.metrics.measures.drill_rows`), with their kind, id, title, day and what each adds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session as DbSession

from agenda.metrics.measures import Level, drill_rows, measure
from agenda.metrics.period import Period

LIMIT = 1000
TITLE_CHARS = 200


@dataclass(frozen=True)
class Evidence:
    kind: str  # activity, recommendation, petition, sitting, speech, question, vote, document
    id: int  # the record's id (for a sitting: the session's)
    title: str
    on: dt.date
    amount: int
    person_id: int | None  # whose record it is, for a delegate's own records


def _day(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def evidence(
    db: DbSession, p: Period, name: str, level: Level, key: int = 0, limit: int = LIMIT
) -> list[Evidence]:
    """The records behind the value of measure ``name`` for a delegate (``key`` their person id), a unit
    (its organization id) or the council; at most ``limit``, newest first."""
    rows = drill_rows(db, measure(name), p, level, key, limit)
    return [
        Evidence(
            str(kind),
            int(ref),
            (title or "")[:TITLE_CHARS],
            _day(on),
            int(amount),
            None if owner is None else int(owner),
        )
        for kind, ref, on, title, amount, owner in rows
    ]

"""The unit of work: one transaction, and what it committed handed back as a typed value.

Every change — an HTTP request, a live action, a batch of ballots, a tally report — runs through
:func:`run`: open a database session, begin, do the work, commit (or roll back whole on any error), and
return the work's result with the session events it emitted, the votes whose tally should be reported and
the sign-in sessions it ended.
Nothing reaches a screen before the commit: the server fans out ``Done.events`` only after ``run`` returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda import events
from agenda.events import ProgressKey
from agenda.models import SessionEvent

T = TypeVar("T")


@dataclass(frozen=True)
class Done(Generic[T]):
    """A committed unit of work: its result, its events in version order, the tallies to report, the sign-in
    sessions it ended."""

    result: T
    events: tuple[SessionEvent, ...] = ()
    progress: tuple[ProgressKey, ...] = ()
    signed_out: tuple[int, ...] = ()


def run(factory: sessionmaker[DbSession], work: Callable[[DbSession], T]) -> Done[T]:
    """Run ``work`` in one transaction of its own; what it emitted once committed (nothing if it raised)."""
    with factory() as db:
        events.take_emitted(db)  # a fresh session: nothing before this unit counts
        with db.begin():
            result = work(db)
        emitted = events.take_emitted(db)
    return Done(result, tuple(emitted.events), tuple(emitted.progress), tuple(emitted.signed_out))

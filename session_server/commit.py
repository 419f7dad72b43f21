"""What a committed unit of work hands to the screens: its events, encoded once for every receiver.

Every change the server makes — an HTTP request, a live action, a batch of ballots, a tally report — is
one :func:`agenda.unit.run`; :func:`commit` runs it and encodes what it emitted, so the hub can fan it
out after the commit.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda import events, unit
from agenda.events import ProgressKey

T = TypeVar("T")


def encode(message: dict[str, Any]) -> str:
    """A message as compact JSON, Vietnamese letters as they are (encoded once, sent to every screen)."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


@dataclass
class Committed:
    """What a committed transaction hands to the hub: encoded events (session, version, text), the votes
    whose tally should be reported soon, and the sign-in sessions it ended (their websockets are closed)."""

    events: list[tuple[int, int, str]] = field(default_factory=list)
    progress: list[ProgressKey] = field(default_factory=list)
    signed_out: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.events or self.progress or self.signed_out)

    @classmethod
    def of(cls, done: unit.Done[Any]) -> Committed:
        return cls(
            [(e.session_id, e.version, encode(events.as_message(e))) for e in done.events],
            list(done.progress),
            list(done.signed_out),
        )


def commit(factory: sessionmaker[DbSession], work: Callable[[DbSession], T]) -> tuple[T, Committed]:
    """Run ``work`` as one unit of work: its result and what it committed, encoded."""
    done = unit.run(factory, work)
    return done.result, Committed.of(done)

"""Reporting a vote's tally while ballots arrive (ballots cast one by one, over HTTP or as a live action),
at most every ``delay`` seconds. (The ballot writer reports the tallies of its batches itself.)"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.models import Session
from agenda.sitting import ballots
from session_server.commit import Committed, commit
from session_server.realtime.hub import Hub

log = logging.getLogger("kyhop.hub")


class ProgressReporter:
    """Reports a vote's tally at most every ``delay`` seconds while ballots arrive.

    A ballot is acknowledged as soon as it commits; reporting the tally once per ballot would send
    N × screens messages for N ballots. Instead a ballot after a quiet spell is reported at once; the
    ballots that follow within ``delay`` ride along in the next report, and one arriving during a
    report schedules one more.
    ``flush(session_id, vote_id)`` does the report in the database and returns what to publish.
    """

    def __init__(
        self, hub: Hub, flush: Callable[[int, int], Awaitable[Committed]], delay: float = 0.05
    ) -> None:
        self.hub = hub
        self.flush = flush
        self.delay = delay
        self.running: dict[tuple[int, int], asyncio.Task[None]] = {}
        self.dirty: set[tuple[int, int]] = set()
        self.last: dict[tuple[int, int], float] = {}  # when each vote's tally was last reported

    def request(self, session_id: int, vote_id: int) -> None:
        key = (session_id, vote_id)
        if key in self.running:
            self.dirty.add(key)
            return
        self.running[key] = asyncio.get_running_loop().create_task(self._run(key))

    async def _run(self, key: tuple[int, int]) -> None:
        loop = asyncio.get_running_loop()
        try:
            while True:
                # The first ballot after a quiet spell is reported at once; then at most every `delay`.
                wait = self.last.get(key, -self.delay) + self.delay - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                self.last[key] = loop.time()
                self.dirty.discard(key)
                try:
                    await self.hub.publish(await self.flush(*key))
                except Exception:  # noqa: BLE001 - a failed report is retried by the next ballot
                    log.exception("reporting the tally of vote %s failed", key[1])
                if key not in self.dirty:
                    return
        finally:
            self.running.pop(key, None)

    async def drain(self) -> None:
        """Wait for the reports in flight (shutdown, tests)."""
        while self.running:
            await asyncio.gather(*self.running.values(), return_exceptions=True)


def flush_progress(factory: sessionmaker[DbSession], session_id: int, vote_id: int) -> Committed:
    """Report a vote's tally (one ``vote.progress`` event for the ballots since the last report)."""

    def report(db: DbSession) -> None:
        session = db.get(Session, session_id)
        if session is not None:
            ballots.report_progress(db, session, vote_id)

    return commit(factory, report)[1]

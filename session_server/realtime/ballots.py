"""Ballots are committed in batches by one writer per server process, and the tally goes out with them.

When hundreds of delegates press at once, one transaction per ballot would spend its time in commits
and lock waits. The writer takes every ballot waiting in its queue (ballots arriving while a batch
commits make the next batch), records them in one transaction with a few bulk statements
(``agenda.voting.cast_ballots`` refuses a bad ballot before writing anything, so one refusal does not
spoil the batch), commits once, and only then answers each tablet.

The vote's tally (``vote.progress``) is reported **in the batch's own transaction**, so it reaches the
screens right after the commit — at most one report per vote every ``report_every`` seconds, counted
from the vote's last report by any server process: a batch that comes sooner leaves its tally to the
next batch, or to a report of its own once that time has passed and no ballot came (so the last
ballot's tally is never later than about ``report_every`` after its commit).

If the commit itself fails (another process recorded the same delegate's ballot at the same moment),
the batch is retried one by one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker
from starlette.concurrency import run_in_threadpool

from agenda import events
from agenda.access import require, require_signed_in
from agenda.accounts import signins
from agenda.council import sessions
from agenda.errors import DomainError, Unavailable
from agenda.models import Session, User
from agenda.sitting import ballots
from session_server.commit import Committed, commit
from session_server.realtime.actions import ACTIONS
from session_server.realtime.hub import Hub

log = logging.getLogger("kyhop.ballots")
MAX_BATCH = 500
REPORT_EVERY = 0.05  # seconds between two tallies of one vote while ballots pour in
GATHER = 0.03  # in a burst, batches begin at most this often (seconds)

Key = tuple[int, int]  # (session id, vote id)


@dataclass(frozen=True)
class Submitted:
    """A ballot as a tablet submitted it on its socket: the session, the sign-in session the socket connected
    with (None: not signed in), and the ballot, parsed when the message arrived."""

    session_id: int
    signin_id: int | None
    ballot: ballots.Ballot


@dataclass
class Batch:
    """What one transaction did: an ack dict or a ``DomainError`` per ballot, the events to publish, the
    votes whose tally it reported and those whose tally it left for later."""

    outcomes: list[Any] = field(default_factory=list)
    committed: Committed = field(default_factory=Committed)
    reported: list[Key] = field(default_factory=list)
    deferred: list[Key] = field(default_factory=list)

    def add(self, other: Batch) -> None:
        self.outcomes += other.outcomes
        self.committed.events += other.committed.events
        self.reported += [k for k in other.reported if k not in self.reported]
        self.deferred = [k for k in [*self.deferred, *other.deferred] if k not in self.reported]


def cast_batch(
    factory: sessionmaker[DbSession],
    submitted: list[Submitted],
    due: Callable[[Key], bool] = lambda k: True,
    reports: Iterable[Key] = (),
    every: float = 0.0,
) -> Batch:
    """Record ``submitted`` in one transaction, and report in it the tally of every vote they went to for
    which ``due(key)`` holds and no process reported in the last ``every`` seconds, and of the votes in
    ``reports`` (tallies left for later, reported whatever the time); the others are left for later."""
    reports = list(reports)
    try:
        batch, committed = commit(factory, lambda db: _write(db, submitted, due, reports, every))
        batch.committed = committed
        return batch
    except SQLAlchemyError:
        if len(submitted) <= 1:
            log.exception("a ballot or a tally could not be recorded")
            return Batch(outcomes=[Unavailable()] * len(submitted))
        log.warning("a batch of %d ballots failed to commit; recording them one by one", len(submitted))
        batch = Batch()
        for one in submitted:
            batch.add(cast_batch(factory, [one], due, reports))
        return batch


def _write(
    db: DbSession, submitted: list[Submitted], due: Callable[[Key], bool], reports: list[Key], every: float
) -> Batch:
    batch = Batch()
    batch.outcomes, loaded, cast = _cast(db, submitted)
    for key in dict.fromkeys([*cast, *reports]):
        forced = key in reports
        if not forced and not due(key):
            batch.deferred.append(key)
            continue
        # With ballots, this transaction holds the session's lock shared (so do the ballots of another
        # process, side by side): never wait to upgrade it — two would deadlock.
        if submitted and not events.try_lock(db, key[0]):
            batch.deferred.append(key)
            continue
        session = loaded.get(key[0]) or db.get(Session, key[0])
        if (
            session is not None
            and not ballots.report_progress(db, session, key[1], every=0.0 if forced else every)
            and not forced
        ):
            batch.deferred.append(key)  # another process reported less than `every` ago
            continue
        batch.reported.append(key)  # (forced and nothing new: nothing to report)
    return batch


def _cast(db: DbSession, submitted: list[Submitted]) -> tuple[list[Any], dict[int, Session], list[Key]]:
    """Each ballot's outcome (an ack dict or the ``DomainError``), the sessions loaded, and the votes that
    received a new ballot."""
    # The users of the sign-in sessions still live (one statement): a socket signed out casts nothing.
    users = signins.live_users(db, {b.signin_id for b in submitted if b.signin_id is not None})
    outcomes: list[Any] = [None] * len(submitted)
    by_session: dict[int, list[int]] = {}
    loaded: dict[int, Session] = {}
    cast: list[Key] = []
    for i, one in enumerate(submitted):
        by_session.setdefault(one.session_id, []).append(i)
    for session_id in sorted(by_session):  # sessions locked in one order: no deadlock between processes
        session: Session | None = None
        accepted: list[tuple[int, User]] = []
        for i in by_session[session_id]:
            one = submitted[i]
            user = users.get(one.signin_id) if one.signin_id is not None else None
            try:
                session = _authorize(db, session_id, user)
            except DomainError as error:
                outcomes[i] = error
                continue
            assert user is not None
            accepted.append((i, user))
        if session is None or not accepted:
            continue
        loaded[session_id] = session
        requests = [ballots.BallotRequest(user.person_id, submitted[i].ballot, user) for i, user in accepted]
        # Shared: the batches of two processes go in side by side (up to the audit chain's lock).
        result = ballots.cast_ballots(db, session, requests)
        for (i, _), outcome in zip(accepted, result.outcomes, strict=True):
            outcomes[i] = outcome if isinstance(outcome, DomainError) else outcome.as_dict()
        cast += [(session_id, vote_id) for vote_id in result.votes]
    return outcomes, loaded, cast


def _authorize(db: DbSession, session_id: int, user: User | None) -> Session:
    """The checks of ``actions.run_action`` for ``ballot.cast``, without loading anything twice."""
    require_signed_in(user)
    session = sessions.visible_session(db, session_id, user)
    require(user, ACTIONS["ballot.cast"].roles)
    return session


class BallotWriter:
    def __init__(
        self,
        factory: sessionmaker[DbSession],
        hub: Hub,
        report_every: float = REPORT_EVERY,
        gather: float = GATHER,
    ) -> None:
        self.factory = factory
        self.hub = hub
        self.report_every = report_every
        self.queue: asyncio.Queue[tuple[Submitted, asyncio.Future[Any]]] | None = None
        self.task: asyncio.Task[None] | None = None
        self.last_report: dict[Key, float] = {}  # time.monotonic() of each vote's last tally
        self.deferred: dict[Key, float] = {}  # votes with ballots not yet in a tally -> when to report them
        self.gather = gather
        self.last_batch = -math.inf  # when the last batch of ballots began (time.monotonic())

    async def cast(self, ballot: Submitted) -> Any:
        """The ack once the ballot is committed; raises the ``DomainError`` that refused it."""
        if self.queue is None or self.task is None or self.task.done():
            self.queue = asyncio.Queue()
            self.task = asyncio.create_task(self._run(self.queue))
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.queue.put_nowait((ballot, future))
        outcome = await future
        if isinstance(outcome, DomainError):
            raise outcome
        return outcome

    def _due(self, key: Key, now: float) -> bool:
        return now - self.last_report.get(key, -math.inf) >= self.report_every

    def _next_due(self) -> float | None:
        """Seconds until the first deferred tally is due (None: nothing deferred)."""
        if not self.deferred:
            return None
        return max(0.0, min(self.deferred.values()) - time.monotonic())

    async def _run(self, queue: asyncio.Queue[tuple[Submitted, asyncio.Future[Any]]]) -> None:
        getter: asyncio.Future[tuple[Submitted, asyncio.Future[Any]]] | None = None
        try:
            while True:
                if getter is None:
                    getter = asyncio.ensure_future(queue.get())
                if not getter.done():
                    await asyncio.wait({getter}, timeout=self._next_due())
                batch: list[tuple[Submitted, asyncio.Future[Any]]] = []
                if getter.done():
                    batch.append(getter.result())
                    getter = None
                    # In a burst (the last batch began a moment ago), let this one gather a little longer:
                    # a batch costs about the same for 1 ballot as for 20 (statements, round trips, commit).
                    wait = self.last_batch + self.gather - time.monotonic()
                    if wait > 0:
                        await asyncio.sleep(wait)
                    while not queue.empty() and len(batch) < MAX_BATCH:
                        batch.append(queue.get_nowait())
                now = time.monotonic()
                reports = [k for k, at in self.deferred.items() if at <= now]
                if not batch and not reports:
                    continue
                if batch:
                    self.last_batch = now
                await self._write(batch, reports, now)
        finally:
            if getter is not None:
                getter.cancel()

    async def _write(
        self, batch: list[tuple[Submitted, asyncio.Future[Any]]], reports: list[Key], now: float
    ) -> None:
        try:
            done = await run_in_threadpool(
                cast_batch,
                self.factory,
                [b for b, _ in batch],
                lambda key: self._due(key, now),
                reports,
                self.report_every,
            )
        except Exception:  # noqa: BLE001 - never leave a tablet without an answer
            log.exception("the ballot writer failed")
            done = Batch(outcomes=[Unavailable()] * len(batch))
        for key in done.reported:
            self.last_report[key] = now
            self.deferred.pop(key, None)
        for key in reports:
            self.deferred.pop(key, None)  # reported, or failed: the next ballot asks again
        for key in done.deferred:
            # held back here (reported < report_every ago), or by another process's recent report
            at = now + self.report_every if self._due(key, now) else self.last_report[key] + self.report_every
            self.deferred[key] = min(at, self.deferred.get(key, math.inf))
        for (_, future), outcome in zip(batch, done.outcomes, strict=True):
            if not future.done():
                future.set_result(outcome)
        if done.committed:
            await asyncio.sleep(0)  # the tablets' acks go out first, then the tally to every screen
            try:
                await self.hub.publish(done.committed)
            except Exception:  # noqa: BLE001 - committed: screens catch up from the database at the next event
                log.exception("publishing a batch's events failed")

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task

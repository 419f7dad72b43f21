"""Ballots are committed in batches by one writer per server process.

When hundreds of delegates press at once, one transaction per ballot would spend its time in commits
and lock waits. The writer takes every ballot waiting in its queue, records them in one transaction
(``agenda.voting.cast_ballot`` refuses a bad ballot before writing anything, so one refusal does not
spoil the batch), commits once, and only then answers each tablet. If the commit itself fails (another
process recorded the same delegate's ballot at the same moment), the batch is retried one by one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload, sessionmaker
from starlette.concurrency import run_in_threadpool

from agenda import voting
from agenda.errors import DomainError, Unavailable
from agenda.models import Session, User
from session_server.actions import run_action
from session_server.http import encoded_events
from session_server.hub import Committed, Hub

log = logging.getLogger("kyhop.ballots")
MAX_BATCH = 250


@dataclass(frozen=True)
class Ballot:
    session_id: int
    user_id: int | None
    auth_version: int | None
    data: Any


def cast_batch(factory: sessionmaker[DbSession], ballots: list[Ballot]) -> tuple[list[Any], Committed]:
    """Record ``ballots`` in one transaction; each outcome is an ack dict or a ``DomainError``."""
    try:
        with factory() as db:
            with db.begin():
                users = _users(db, {b.user_id for b in ballots if b.user_id is not None})
                _prepare(db, ballots, users)
                outcomes: list[Any] = []
                for ballot in ballots:
                    user = users.get(ballot.user_id) if ballot.user_id is not None else None
                    if user is not None and user.auth_version != ballot.auth_version:
                        user = None  # signed out or password changed since the socket connected
                    try:
                        outcomes.append(run_action(db, ballot.session_id, user, "ballot.cast", ballot.data))
                    except DomainError as error:
                        outcomes.append(error)
            return outcomes, encoded_events(db)
    except SQLAlchemyError:
        if len(ballots) == 1:
            log.exception("a ballot could not be recorded")
            return [Unavailable()], Committed()
        log.warning("a batch of %d ballots failed to commit; recording them one by one", len(ballots))
        outcomes, committed = [], Committed()
        for ballot in ballots:
            (outcome,), done = cast_batch(factory, [ballot])
            outcomes.append(outcome)
            committed.events += done.events
            committed.progress += [p for p in done.progress if p not in committed.progress]
        return outcomes, committed


def _prepare(db: DbSession, ballots: list[Ballot], users: dict[int, User]) -> None:
    by_session: dict[int, set[int]] = {}
    for ballot in ballots:
        user = users.get(ballot.user_id) if ballot.user_id is not None else None
        if user is not None and user.person_id is not None:
            by_session.setdefault(ballot.session_id, set()).add(user.person_id)
    for session_id, persons in by_session.items():
        session = db.get(Session, session_id)
        if session is not None:
            voting.prepare_ballots(db, session, persons)


def _users(db: DbSession, ids: set[int]) -> dict[int, User]:
    rows = db.scalars(select(User).where(User.id.in_(ids)).options(selectinload(User.role_rows)))
    return {u.id: u for u in rows}


class BallotWriter:
    def __init__(self, factory: sessionmaker[DbSession], hub: Hub) -> None:
        self.factory = factory
        self.hub = hub
        self.queue: asyncio.Queue[tuple[Ballot, asyncio.Future[Any]]] | None = None
        self.task: asyncio.Task[None] | None = None

    async def cast(self, ballot: Ballot) -> Any:
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

    async def _run(self, queue: asyncio.Queue[tuple[Ballot, asyncio.Future[Any]]]) -> None:
        while True:
            batch = [await queue.get()]
            while not queue.empty() and len(batch) < MAX_BATCH:
                batch.append(queue.get_nowait())
            try:
                outcomes, committed = await run_in_threadpool(cast_batch, self.factory, [b for b, _ in batch])
            except Exception:  # noqa: BLE001 - never leave a tablet without an answer
                log.exception("the ballot writer failed")
                outcomes, committed = [Unavailable()] * len(batch), Committed()
            for (_, future), outcome in zip(batch, outcomes, strict=True):
                if not future.done():
                    future.set_result(outcome)
            if committed:
                await self.hub.publish(committed)

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task

"""The versioned event stream of a live session.

``emit`` bumps the session's version (a row lock on ``live_state`` serialises writers of one session),
stores the event, and writes the audit entry — all inside the caller's transaction. What a transaction
emitted — its events, the votes whose tally should be reported, the sign-in sessions it ended — is collected
for it, and handed to the caller, once committed, by the unit of work (:func:`agenda.unit.run`): the server
fans it out then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session as DbSession

from agenda import audit
from agenda.clock import utcnow
from agenda.models import LiveState, SessionEvent
from agenda.models.base import table_of

_EMITTED_KEY = "kyhop_emitted"  # the Emitted of the database session's current unit of work
_LOCKED_KEY = "kyhop_live_locked"  # the _Locked rows of the current transaction
REPLAY_LIMIT = 1000  # a client further behind than this gets a fresh snapshot instead

ProgressKey = tuple[int, int]  # (session id, vote id): a vote whose tally should be reported


@dataclass
class Emitted:
    """What a unit of work emitted: the events, in order, the votes whose tally to report after commit, and
    the sign-in sessions it ended (whose open websockets every server process closes after commit)."""

    events: list[SessionEvent] = field(default_factory=list)
    progress: list[ProgressKey] = field(default_factory=list)
    signed_out: list[int] = field(default_factory=list)


def _emitted(db: DbSession) -> Emitted:
    emitted = db.info.get(_EMITTED_KEY)
    if not isinstance(emitted, Emitted):
        emitted = db.info[_EMITTED_KEY] = Emitted()
    return emitted


def take_emitted(db: DbSession) -> Emitted:
    """What was emitted in ``db`` since the last call (and forget it): for :func:`agenda.unit.run` only."""
    emitted = db.info.pop(_EMITTED_KEY, None)
    return emitted if isinstance(emitted, Emitted) else Emitted()


LockMode = bool | str  # True: exclusive; "share": shared; False: not locked


@dataclass
class _Locked:
    """The live rows locked in one transaction (or savepoint), with the mode each is held in."""

    transaction: object
    rows: dict[int, tuple[LockMode, LiveState]] = field(default_factory=dict)


def _locked(db: DbSession) -> _Locked:
    """The rows locked in ``db``'s current transaction (a fresh record once another one began)."""
    transaction = db.get_nested_transaction() or db.get_transaction()
    held = db.info.get(_LOCKED_KEY)
    if not isinstance(held, _Locked) or held.transaction is not transaction:
        held = db.info[_LOCKED_KEY] = _Locked(transaction)
    return held


def live_state(db: DbSession, session_id: int, *, lock: LockMode = False) -> LiveState:
    """The session's live row; ``lock=True`` locks it exclusively, ``lock="share"`` in shared mode
    (PostgreSQL; SQLite serialises every writing transaction anyway). Once locked, the row is not read
    again in the same transaction (nobody else can change it until commit)."""
    held = _locked(db)
    mode, known = held.rows.get(session_id, (False, None))
    if known is not None and (mode is True or not lock or lock == mode):
        return known
    stmt = select(LiveState).where(LiveState.session_id == session_id)
    if lock:
        stmt = stmt.with_for_update(read=lock == "share")
    state = db.scalar(stmt)
    if state is None:
        state = LiveState(session_id=session_id, version=0, allow_absent_voting=False)
        if lock:  # about to write: create the row (a reader gets a blank one and writes nothing)
            db.add(state)
            db.flush()
    if lock:
        held.rows[session_id] = (lock, state)
    return state


def try_lock(db: DbSession, session_id: int) -> bool:
    """Lock the session's live row exclusively, unless another transaction holds a lock on it right now
    (PostgreSQL ``SKIP LOCKED``): then False, at once, without waiting — so two transactions holding it
    shared never wait for each other to upgrade (a deadlock)."""
    held = _locked(db)
    mode, known = held.rows.get(session_id, (False, None))
    if known is not None and mode is True:
        return True
    state = db.scalar(
        select(LiveState).where(LiveState.session_id == session_id).with_for_update(skip_locked=True)
    )
    if state is None:
        return False
    held.rows[session_id] = (True, state)
    return True


def emit(
    db: DbSession,
    session_id: int,
    type_: str,
    data: dict[str, Any],
    *,
    actor: str | None,
    audit_detail: dict[str, Any] | None = None,
) -> SessionEvent:
    """Record one change of a session: new version, stored event, audit entry (written at once, with
    Core statements; what the caller changed before is flushed with them). Returns the event as stored."""
    live_state(db, session_id, lock=True)
    version = db.scalar(
        update(LiveState)
        .where(LiveState.session_id == session_id)
        .values(version=LiveState.version + 1)
        .returning(LiveState.version)
    )
    assert version is not None
    event = SessionEvent(session_id=session_id, version=version, type=type_, data=data, at=utcnow())
    db.execute(
        insert(table_of(SessionEvent)).values(
            session_id=session_id, version=version, type=type_, data=data, at=event.at
        )
    )
    audit.append_many(db, [(type_, audit_detail if audit_detail is not None else data, actor, session_id)])
    db.flush()
    _emitted(db).events.append(event)
    return event


def request_progress(db: DbSession, session_id: int, vote_id: int) -> None:
    """Ask for the tally of a vote to be reported after commit (see ``voting.report_progress``): ballots
    are acknowledged one by one, but their tally goes to the screens in batches."""
    progress = _emitted(db).progress
    if (session_id, vote_id) not in progress:
        progress.append((session_id, vote_id))


def signed_out(db: DbSession, signin_ids: list[int]) -> None:
    """Say, after commit, that these sign-in sessions ended (:mod:`agenda.accounts.signins`)."""
    ended = _emitted(db).signed_out
    ended += [i for i in signin_ids if i not in ended]


def since(db: DbSession, session_id: int, version: int) -> list[SessionEvent] | None:
    """Events after ``version`` in order, or None when they cannot be replayed: the gap is too large, or
    ``version`` is ahead of the session's (a screen that saw a database since restored or rebuilt — what
    it holds is not a state of this one). None: the caller sends a fresh snapshot."""
    rows = list(
        db.scalars(
            select(SessionEvent)
            .where(SessionEvent.session_id == session_id, SessionEvent.version > version)
            .order_by(SessionEvent.version)
            .limit(REPLAY_LIMIT + 1)
        )
    )
    if len(rows) > REPLAY_LIMIT:
        return None
    if not rows and version > live_state(db, session_id).version:
        return None
    return rows


def as_message(event: SessionEvent) -> dict[str, Any]:
    return {
        "type": "event",
        "session_id": event.session_id,
        "version": event.version,
        "event": event.type,
        "data": event.data,
    }

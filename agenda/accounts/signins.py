"""Sign-in sessions: each browser or tablet signed in is a row, checked on every request and websocket.

Signing in opens one (:func:`open`): its id and a random token go into the browser's signed cookie, only the
token's SHA-256 is kept. A session is live (:func:`is_live`) until it is ended — and then at once, on every
server process: signing out ends that one (:func:`end`); revoking a card, or issuing new ones (which revokes
the old), ends those signed in with it (:func:`end_for_cards`); disabling the account, changing its password
or its roles ends all of them (:func:`end_all_for_user`). What a transaction ended is handed, once committed,
to the server (``Done.signed_out``), which closes the sessions' open websockets.

The caller is read together with its session in one statement (:func:`signed_in`, :func:`live_user`): no
request reads more than it did before sign-in sessions existed. ``last_seen_at`` is refreshed by writes only
(:func:`touch`), at most every few minutes.

Opening and signing out are audited here; the other endings are audited by the change that causes them (the
ids of the sessions ended are in its entry, as ``ended_signin_ids``). A token is never audited.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import secrets
from collections.abc import Collection
from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import joinedload

from agenda import audit, events
from agenda.clock import utcnow
from agenda.models import SignInCard, SignInSession, User

TOUCH_EVERY = dt.timedelta(minutes=5)  # last_seen_at is refreshed at most this often


class EndReason(enum.StrEnum):
    """Why a sign-in session ended (stored in ``end_reason``)."""

    SIGNED_OUT = "signed_out"
    CARD_REVOKED = "card_revoked"  # the card it signed in with was revoked, or replaced by a new one
    DEACTIVATED = "deactivated"
    PASSWORD_CHANGED = "password_changed"
    ROLES_CHANGED = "roles_changed"


class Opened(NamedTuple):
    signin: SignInSession
    token: str  # goes into the browser's signed cookie; only its hash is kept


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open(db: DbSession, user: User, *, card: SignInCard | None = None) -> Opened:
    """Sign ``user`` in on one browser (with ``card``, when a QR card was scanned); audited as theirs."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    signin = SignInSession(
        token_hash=_token_hash(token),
        user_id=user.id,
        card_id=card.id if card is not None else None,
        created_at=now,
        last_seen_at=now,
    )
    db.add(signin)
    db.flush()
    audit.append(
        db,
        "signin.opened",
        {"signin_id": signin.id, "user_id": user.id, "card_id": signin.card_id},
        actor=user.username,
    )
    return Opened(signin, token)


def is_live(signin: SignInSession, user: User) -> bool:
    """Whether ``signin`` still signs ``user`` in: not ended, and the account active."""
    return signin.ended_at is None and signin.user_id == user.id and user.is_active


# The caller and their sign-in session in one statement, with the roles (built once).
_SIGNED_IN = (
    select(User, SignInSession)
    .join(SignInSession, SignInSession.user_id == User.id)
    .options(joinedload(User.role_rows))
    .where(SignInSession.id == bindparam("signin_id"))
)


def _read(db: DbSession, signin_id: int) -> tuple[User, SignInSession] | None:
    row = db.execute(_SIGNED_IN, {"signin_id": signin_id}).unique().one_or_none()
    if row is None:
        return None
    user, signin = row
    return (user, signin) if is_live(signin, user) else None


def signed_in(db: DbSession, signin_id: object, token: object) -> tuple[User, SignInSession] | None:
    """The user a cookie's (id, token) signs in, with the session, if it is live; else None."""
    if not isinstance(signin_id, int) or isinstance(signin_id, bool) or not isinstance(token, str):
        return None
    found = _read(db, signin_id)
    if found is None or not secrets.compare_digest(found[1].token_hash, _token_hash(token)):
        return None
    return found


def live_user(db: DbSession, signin_id: int | None) -> User | None:
    """The user of a sign-in session a websocket proved at connect, if it is still live."""
    found = _read(db, signin_id) if signin_id is not None else None
    return found[0] if found is not None else None


def live_users(db: DbSession, signin_ids: Collection[int]) -> dict[int, User]:
    """The user of each sign-in session still live, by session id (one statement: a batch of ballots)."""
    if not signin_ids:
        return {}
    rows = db.execute(
        select(User, SignInSession)
        .join(SignInSession, SignInSession.user_id == User.id)
        .options(joinedload(User.role_rows))
        .where(SignInSession.id.in_(list(signin_ids)))
    ).unique()
    return {signin.id: user for user, signin in rows if is_live(signin, user)}


def touch(signin: SignInSession) -> None:
    """Note that the session was used now (in a writing transaction; at most every ``TOUCH_EVERY``)."""
    now = utcnow()
    if now - signin.last_seen_at >= TOUCH_EVERY:
        signin.last_seen_at = now


def _finish(db: DbSession, rows: list[SignInSession], reason: EndReason) -> list[int]:
    now = utcnow()
    ended = []
    for signin in rows:
        if signin.ended_at is None:
            signin.ended_at, signin.end_reason = now, reason.value
            ended.append(signin.id)
    if ended:
        db.flush()
        events.signed_out(db, ended)
    return ended


def end(db: DbSession, signin_id: int, *, reason: EndReason, actor: str | None) -> bool:
    """End one sign-in session (signing out); whether it was live. Audited with ``actor``."""
    signin = db.get(SignInSession, signin_id)
    if signin is None or not _finish(db, [signin], reason):
        return False
    audit.append(
        db,
        "signin.ended",
        {"signin_id": signin.id, "user_id": signin.user_id, "reason": reason.value},
        actor=actor,
    )
    return True


def end_all_for_user(db: DbSession, user: User, *, reason: EndReason) -> list[int]:
    """End every live sign-in session of ``user``; their ids (the caller audits why)."""
    rows = db.scalars(
        select(SignInSession).where(SignInSession.user_id == user.id, SignInSession.ended_at.is_(None))
    )
    return _finish(db, list(rows), reason)


def end_for_cards(db: DbSession, card_ids: Collection[int], *, reason: EndReason) -> list[int]:
    """End every live sign-in session signed in with one of these cards; their ids (the caller audits why)."""
    if not card_ids:
        return []
    rows = db.scalars(
        select(SignInSession).where(
            SignInSession.card_id.in_(list(card_ids)), SignInSession.ended_at.is_(None)
        )
    )
    return _finish(db, list(rows), reason)


def end_for_card(db: DbSession, card_id: int, *, reason: EndReason = EndReason.CARD_REVOKED) -> list[int]:
    """End the live sign-in sessions of one card (revoked); their ids (the caller audits why)."""
    return end_for_cards(db, [card_id], reason=reason)

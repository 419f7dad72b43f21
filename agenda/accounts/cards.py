"""QR sign-in cards: issued with a one-time token (only its SHA-256 is kept), expiring, revocable; a
delegate's card signs their tablet in. Printing a card for every delegate of a term. Issuing and revoking
are audited (never with the token or its hash), and done only by someone who may act on the card's account
(:mod:`agenda.accounts.authority`): a card signs in as its account."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import joinedload

from agenda import audit, clock
from agenda.accounts import signins
from agenda.accounts.authority import Actor, audit_name, may_act_on, require_may_act_on
from agenda.accounts.users import UserInput, create_account, revoke_cards
from agenda.clock import utcnow
from agenda.council.delegates import list_delegates
from agenda.errors import Conflict, DomainError, NotFound
from agenda.models import Mandate, Role, SignInCard, Term, User
from agenda.pdf.cards import CardFace
from agenda.text import ascii_fold, vietnamese_sort_key

CARD_DAYS = 30  # a printed card signs in for one month unless reissued sooner


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class IssuedCard(NamedTuple):
    card: SignInCard
    token: str  # shown once (in the QR code, the sign-in address); only its hash is kept


def issue_card(
    db: DbSession,
    user: User,
    *,
    by: Actor,
    days: int = CARD_DAYS,
    revoke_previous: bool = True,
) -> IssuedCard:
    """A new card for ``user`` (by default revoking the cards they hold, which signs out every tablet signed
    in with them), issued ``by`` someone who may act on their account."""
    require_may_act_on(by, user.roles)
    if not user.is_active:
        raise Conflict("Tài khoản đã bị khóa.", "The account is disabled.")
    if not 1 <= days <= 400:
        raise DomainError(
            "Thời hạn thẻ từ 1 đến 400 ngày.", "A card is valid for 1 to 400 days.", field="days"
        )
    now = utcnow()
    revoked = revoke_cards(db, user) if revoke_previous else []
    ended = signins.end_for_cards(db, revoked, reason=signins.EndReason.CARD_REVOKED)
    token = secrets.token_urlsafe(24)
    card = SignInCard(
        user_id=user.id,
        token_hash=_token_hash(token),
        issued_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    db.add(card)
    db.flush()
    audit.append(
        db,
        "card.issued",
        {
            "card_id": card.id,
            "user_id": user.id,
            "expires_at": card.expires_at,
            "revoked_card_ids": revoked,
            "ended_signin_ids": ended,
        },
        actor=audit_name(by),
    )
    return IssuedCard(card, token)


def revoke_card(db: DbSession, card_id: int, *, by: Actor) -> SignInCard:
    """Revoke a lost or stolen card (a card already revoked stays as it is), ``by`` someone who may act on
    its account: every tablet signed in with it is signed out at once."""
    card = db.get(SignInCard, card_id)
    if card is None:
        raise NotFound("thẻ đăng nhập", "Sign-in card")
    require_may_act_on(by, card.user.roles)
    if card.revoked_at is None:
        card.revoked_at = utcnow()
        ended = signins.end_for_card(db, card.id)
        db.flush()
        audit.append(
            db,
            "card.revoked",
            {"card_id": card.id, "user_id": card.user_id, "ended_signin_ids": ended},
            actor=audit_name(by),
        )
    return card


def card_for_token(db: DbSession, token: Any) -> SignInCard:
    """The valid card of a scanned token (its ``user`` is the account it signs in), or a DomainError saying
    why not."""
    invalid = DomainError(
        "Thẻ đăng nhập không hợp lệ.", "This sign-in card is not valid.", code="card_invalid", status=401
    )
    if not isinstance(token, str) or not 16 <= len(token) <= 100:
        raise invalid
    card = db.scalar(select(SignInCard).where(SignInCard.token_hash == _token_hash(token)))
    if card is None:
        raise invalid
    now = utcnow()
    if card.revoked_at is not None:
        raise DomainError(
            "Thẻ này đã bị thu hồi — xin nhận thẻ mới từ thư ký.",
            "This card was revoked — ask the secretary for a new one.",
            code="card_revoked",
            status=401,
        )
    if card.expires_at <= now:
        raise DomainError(
            "Thẻ này đã hết hạn — xin nhận thẻ mới từ thư ký.",
            "This card has expired — ask the secretary for a new one.",
            code="card_expired",
            status=401,
        )
    if not card.user.is_active:
        raise invalid
    card.last_used_at = now
    return card


def user_for_card(db: DbSession, token: Any) -> User:
    """The user a scanned card signs in, or a DomainError saying why not."""
    return card_for_token(db, token).user


def cards_of(db: DbSession, user_ids: Iterable[int] | None = None, *, by: Actor) -> list[SignInCard]:
    """The cards (newest first) of the accounts ``by`` may act on — of ``user_ids`` only, if given."""
    stmt = select(SignInCard).options(joinedload(SignInCard.user)).order_by(SignInCard.issued_at.desc())
    if user_ids is not None:
        stmt = stmt.where(SignInCard.user_id.in_(list(user_ids)))
    return [card for card in db.scalars(stmt) if may_act_on(by, card.user.roles)]


def username_base(full_name: str) -> str:
    """'Nguyễn Văn An' → 'nguyenvanan' (at least three characters, fits the username rules)."""
    base = re.sub(r"[^a-z0-9]", "", ascii_fold(full_name))[:70]
    return base if len(base) >= 3 else f"daibieu{base}"


def free_username(db: DbSession, full_name: str) -> str:
    """The username for a name, with a number suffix ('nguyenvanan2') when the plain one is taken."""
    base = username_base(full_name)
    taken = set(db.scalars(select(User.username).where(User.username.like(f"{base}%"))))
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


def _account_for(db: DbSession, mandate: Mandate, by: Actor) -> User | None:
    """The delegate's account; one is created (role delegate, no password) if they have none.

    Returns None for a disabled account: an administrator locked it, so no card is printed.
    """
    user = db.scalar(select(User).where(User.person_id == mandate.person_id))
    if user is None:
        name = mandate.person.full_name
        account = UserInput(
            free_username(db, name), name, frozenset({Role.DELEGATE}), person_id=mandate.person_id
        )
        return create_account(db, account, by=by)
    return user if user.is_active else None


def signin_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/signin.html#card={token}"


def issue_cards_for_term(
    db: DbSession,
    term: Term,
    base_url: str,
    *,
    by: Actor,
    days: int = 30,
    on: dt.date | None = None,
) -> list[CardFace]:
    """A fresh card for every delegate in office ``on`` (default today); older cards are revoked.

    Delegates without an account get one; delegates whose account is disabled get no card. All or nothing:
    ``by`` must be allowed to act on every one of the accounts (the chair's, a delegate too, needs an
    administrator or the system).
    """
    faces: list[CardFace] = []
    for mandate in list_delegates(db, term, on=on or clock.today(term.council)):
        user = _account_for(db, mandate, by)
        if user is None:
            continue
        card, token = issue_card(db, user, by=by, days=days)
        faces.append(
            CardFace(
                full_name=mandate.person.full_name,
                seat_label=mandate.seat_label,
                constituency=mandate.constituency,
                url=signin_url(base_url, token),
                expires_on=clock.local(card.expires_at, term.council).date(),
            )
        )
    return sorted(faces, key=_card_order)


def _card_order(face: CardFace) -> tuple[object, ...]:
    # Seats in natural order ("A2" < "A10" < "B1"); cards without a seat last; then Vietnamese name order.
    seat = [
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", face.seat_label or "")
        if part
    ]
    return (face.seat_label is None, seat, vietnamese_sort_key(face.full_name))

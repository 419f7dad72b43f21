"""Accounts, roles, passwords (Argon2id) and QR sign-in cards."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.errors import Conflict, DomainError, NotFound
from agenda.inputs import Fields
from agenda.models import Person, Role, SignInCard, User, UserRole, utcnow

# Argon2id with the library's RFC 9106 "low memory" defaults. KYHOP_FAST_PASSWORD_HASH=1 selects the
# cheapest parameters — for test suites only, where hundreds of accounts are made and thrown away.
_hasher = (
    PasswordHasher.from_parameters(profiles.CHEAPEST)
    if os.environ.get("KYHOP_FAST_PASSWORD_HASH") == "1"
    else PasswordHasher()
)
# Verified against when the username is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("kyhop-timing-equaliser")

MIN_PASSWORD_LENGTH = 8
CARD_DAYS = 30  # a printed card signs in for one month unless reissued sooner
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,79}$")

ROLE_LABELS = {
    Role.DELEGATE: "Đại biểu",
    Role.SECRETARY: "Thư ký kỳ họp",
    Role.CHAIR: "Chủ tọa",
    Role.ARCHIVIST: "Lưu trữ",
    Role.ADMIN: "Quản trị",
}


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_policy(password: Any) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.",
            f"The password must have at least {MIN_PASSWORD_LENGTH} characters.",
            field="password",
        )
    if len(password) > 256:
        raise DomainError("Mật khẩu quá dài.", "The password is too long.", field="password")
    return password


def create_user(db: DbSession, data: Mapping[str, Any]) -> User:
    f = Fields(data)
    username = f.text("username", ("tên đăng nhập", "username"), max_length=80).lower()
    if not _USERNAME.match(username):
        raise DomainError(
            "Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch (3–80 ký tự).",
            "Usernames use lowercase letters, digits, dot, dash, underscore (3–80).",
            field="username",
        )
    if db.scalar(select(User.id).where(User.username == username)):
        raise Conflict(
            f"Tên đăng nhập “{username}” đã có người dùng.",
            f"Username “{username}” is taken.",
            field="username",
        )
    roles = _roles(data.get("roles"))
    user = User(
        username=username,
        display_name=f.text("display_name", ("tên hiển thị", "display name"), max_length=120),
    )
    password = data.get("password")
    if password is not None:
        user.password_hash = hash_password(check_password_policy(password))
    person_id = f.integer("person_id", ("người", "person"), required=False)
    if person_id is not None:
        if db.get(Person, person_id) is None:
            raise NotFound("người", "Person")
        if db.scalar(select(User.id).where(User.person_id == person_id)):
            raise Conflict(
                "Người này đã có tài khoản.", "This person already has an account.", field="person_id"
            )
        user.person_id = person_id
    user.role_rows = [UserRole(role=r) for r in sorted(roles)]
    db.add(user)
    db.flush()
    return user


def _roles(value: Any) -> set[Role]:
    if not isinstance(value, list) or not value:
        raise DomainError("Chọn ít nhất một vai trò.", "Choose at least one role.", field="roles")
    try:
        return {Role(v) for v in value}
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise DomainError(
            f"Vai trò không hợp lệ (chọn trong: {allowed}).",
            f"Unknown role (one of: {allowed}).",
            field="roles",
        ) from None


def set_roles(db: DbSession, user: User, roles: Iterable[str]) -> User:
    user.role_rows = [UserRole(role=r) for r in sorted(_roles(list(roles)))]
    user.auth_version += 1
    db.flush()
    return user


def set_password(db: DbSession, user: User, password: Any) -> None:
    user.password_hash = hash_password(check_password_policy(password))
    user.auth_version += 1
    db.flush()


def deactivate(db: DbSession, user: User) -> None:
    user.is_active = False
    user.auth_version += 1
    for card in db.scalars(
        select(SignInCard).where(SignInCard.user_id == user.id, SignInCard.revoked_at.is_(None))
    ):
        card.revoked_at = utcnow()
    db.flush()


def authenticate(db: DbSession, username: Any, password: Any) -> User | None:
    """The active user with this username and password, or None (same cost either way)."""
    if not isinstance(username, str) or not isinstance(password, str) or len(password) > 256:
        return None
    user = db.scalar(select(User).where(User.username == username.strip().lower()))
    stored = user.password_hash if user is not None and user.password_hash else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.is_active or not user.password_hash:
        return None
    if _hasher.check_needs_rehash(stored):
        user.password_hash = hash_password(password)
    return user


def get_user(db: DbSession, user_id: int) -> User:
    user = db.get(User, user_id)
    if user is None:
        raise NotFound("tài khoản", "User")
    return user


# ---------------------------------------------------------------------------------------------
# QR sign-in cards
# ---------------------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_card(
    db: DbSession, user: User, *, days: int = CARD_DAYS, revoke_previous: bool = True
) -> tuple[SignInCard, str]:
    """A new card for ``user``; returns the card and its token (shown once, only its hash is kept)."""
    if not user.is_active:
        raise Conflict("Tài khoản đã bị khóa.", "The account is disabled.")
    if not 1 <= days <= 400:
        raise DomainError(
            "Thời hạn thẻ từ 1 đến 400 ngày.", "A card is valid for 1 to 400 days.", field="days"
        )
    now = utcnow()
    if revoke_previous:
        for old in db.scalars(
            select(SignInCard).where(SignInCard.user_id == user.id, SignInCard.revoked_at.is_(None))
        ):
            old.revoked_at = now
    token = secrets.token_urlsafe(24)
    card = SignInCard(
        user_id=user.id,
        token_hash=_token_hash(token),
        issued_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    db.add(card)
    db.flush()
    return card, token


def revoke_card(db: DbSession, card_id: int) -> SignInCard:
    card = db.get(SignInCard, card_id)
    if card is None:
        raise NotFound("thẻ đăng nhập", "Sign-in card")
    if card.revoked_at is None:
        card.revoked_at = utcnow()
    db.flush()
    return card


def user_for_card(db: DbSession, token: Any) -> User:
    """The user a scanned card signs in, or a DomainError saying why not."""
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
    return card.user


def cards_of(db: DbSession, user_ids: Iterable[int] | None = None) -> list[SignInCard]:
    stmt = select(SignInCard).order_by(SignInCard.issued_at.desc())
    if user_ids is not None:
        stmt = stmt.where(SignInCard.user_id.in_(list(user_ids)))
    return list(db.scalars(stmt))

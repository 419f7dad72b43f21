"""User accounts: roles, Argon2id passwords and their policy, signing in with a password."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from typing import Any

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.clock import utcnow
from agenda.errors import Conflict, DomainError, NotFound
from agenda.inputs import Fields
from agenda.models import Person, Role, SignInCard, User, UserRole

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

"""User accounts: roles, passwords set and changed (Argon2id: :mod:`.passwords`), disabled; every change
audited (never with a password or its hash)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import audit
from agenda.accounts import signins
from agenda.accounts.authority import Actor, audit_name, require_may_act_on
from agenda.accounts.passwords import check_password_policy, hash_password, matches
from agenda.accounts.signins import EndReason
from agenda.clock import utcnow
from agenda.council.values import Patch, Reader
from agenda.errors import Conflict, DomainError, NotFound
from agenda.inputs import Fields
from agenda.models import Person, Role, SignInCard, User, UserRole

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,79}$")


ROLE_LABELS = {
    Role.DELEGATE: "Đại biểu",
    Role.SECRETARY: "Thư ký kỳ họp",
    Role.CHAIR: "Chủ tọa",
    Role.ARCHIVIST: "Lưu trữ",
    Role.ADMIN: "Quản trị",
}


def parse_roles(value: object) -> frozenset[Role]:
    """A non-empty list of role names (``["secretary"]``) as roles."""
    if not isinstance(value, list) or not value:
        raise DomainError("Chọn ít nhất một vai trò.", "Choose at least one role.", field="roles")
    try:
        return frozenset(Role(v) for v in value)
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise DomainError(
            f"Vai trò không hợp lệ (chọn trong: {allowed}).",
            f"Unknown role (one of: {allowed}).",
            field="roles",
        ) from None


def _display_name(f: Fields) -> Any:
    return f.text("display_name", ("tên hiển thị", "display name"), max_length=120)


@dataclass(frozen=True)
class UserInput:
    """A new account. Without a password it signs in only with a QR card (a delegate's tablet)."""

    username: str  # lower case: letters without diacritics, digits, dot, dash, underscore (3–80)
    display_name: str
    roles: frozenset[Role]
    password: str | None = None
    person_id: int | None = None  # the delegate (person) the account belongs to

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        username = f.text("username", ("tên đăng nhập", "username"), max_length=80).lower()
        if not _USERNAME.match(username):
            raise DomainError(
                "Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch (3–80 ký tự).",
                "Usernames use lowercase letters, digits, dot, dash, underscore (3–80).",
                field="username",
            )
        roles = parse_roles(f.data.get("roles"))
        display_name = _display_name(f)
        password = f.data.get("password")
        return cls(
            username=username,
            display_name=display_name,
            roles=roles,
            password=None if password is None else check_password_policy(password),
            person_id=f.integer("person_id", ("người", "person"), required=False),
        )


def create_account(db: DbSession, values: UserInput, *, by: Actor) -> User:
    """A new account made ``by`` someone who may act on an account with its roles (:mod:`.authority`)."""
    require_may_act_on(by, values.roles)
    return create_user(db, values, actor=audit_name(by))


def create_user(db: DbSession, values: UserInput, *, actor: str | None = None) -> User:
    """A new account, as the system makes it (seeding, tests); someone's request is :func:`create_account`."""
    if db.scalar(select(User.id).where(User.username == values.username)):
        raise Conflict(
            f"Tên đăng nhập “{values.username}” đã có người dùng.",
            f"Username “{values.username}” is taken.",
            field="username",
        )
    user = User(username=values.username, display_name=values.display_name)
    if values.password is not None:
        user.password_hash = hash_password(check_password_policy(values.password))
    if values.person_id is not None:
        if db.get(Person, values.person_id) is None:
            raise NotFound("người", "Person")
        if db.scalar(select(User.id).where(User.person_id == values.person_id)):
            raise Conflict(
                "Người này đã có tài khoản.", "This person already has an account.", field="person_id"
            )
        user.person_id = values.person_id
    user.role_rows = [UserRole(role=r) for r in sorted(values.roles)]
    db.add(user)
    db.flush()
    audit.append(
        db,
        "user.created",
        {
            "user_id": user.id,
            "username": user.username,
            "roles": sorted(values.roles),
            "person_id": user.person_id,
            "has_password": values.password is not None,
        },
        actor=actor,
    )
    return user


@dataclass(frozen=True)
class UserPatch(Patch):
    """An administrator's changes to an account: its name, roles, password, or whether it is active."""

    display_name: str | None = None
    roles: frozenset[Role] | None = None
    password: str | None = None
    is_active: bool | None = None  # False: disable (and revoke its cards); True: enable again
    READERS: ClassVar[Mapping[str, Reader]] = {
        "display_name": _display_name,
        "roles": lambda f: parse_roles(f.data.get("roles")),
        "password": lambda f: check_password_policy(f.data.get("password")),
        "is_active": lambda f: f.boolean("is_active", ("trạng thái", "active")),
    }


def update_user(db: DbSession, user: User, patch: UserPatch, *, by: User) -> User:
    """Apply an administrator's changes; nobody removes their own admin role or disables their own account,
    and nobody acts on an account, or gives it roles, beyond what they may act on (:mod:`.authority`)."""
    require_may_act_on(by, user.roles)
    if patch.roles is not None:
        require_may_act_on(by, patch.roles)
    if patch.roles is not None and user.id == by.id and Role.ADMIN not in patch.roles:
        raise DomainError(
            "Không thể tự bỏ quyền quản trị của chính mình.",
            "You cannot remove your own admin role.",
            field="roles",
        )
    if patch.is_active is False and user.id == by.id:
        raise DomainError(
            "Không thể tự khóa tài khoản của mình.", "You cannot disable your own account.", field="is_active"
        )
    actor = by.username
    if patch.display_name is not None:
        user.display_name = patch.display_name
        db.flush()
        audit.append(db, "user.updated", {"user_id": user.id, "fields": ["display_name"]}, actor=actor)
    if patch.roles is not None:
        set_roles(db, user, patch.roles, actor=actor)
    if patch.password is not None:
        set_password(db, user, patch.password, actor=actor)
    if patch.is_active is False:
        deactivate(db, user, actor=actor)
    elif patch.is_active is True and not user.is_active:
        reactivate(db, user, actor=actor)
    return user


def set_roles(db: DbSession, user: User, roles: Iterable[Role], *, actor: str | None = None) -> User:
    """The account's roles become ``roles``; it is signed out everywhere (every sign-in session ends). An
    account that gains a role loses its cards: whoever issued or saw one could act on the account only as it
    was (:mod:`.authority`)."""
    previous = user.roles
    user.role_rows = [UserRole(role=r) for r in sorted(set(roles))]
    user.auth_version += 1
    revoked = revoke_cards(db, user) if user.roles - previous else []
    ended = signins.end_all_for_user(db, user, reason=EndReason.ROLES_CHANGED)
    db.flush()
    audit.append(
        db,
        "user.roles_changed",
        {
            "user_id": user.id,
            "roles": sorted(user.roles),
            "previous": sorted(previous),
            "revoked_card_ids": revoked,
            "ended_signin_ids": ended,
        },
        actor=actor,
    )
    return user


def set_password(db: DbSession, user: User, password: str, *, actor: str | None = None) -> None:
    """A new password (the policy checked); every browser signed in as ``user`` is signed out (the one
    changing its own password signs in again: ``session_server/api/auth.py``)."""
    _store_hash(db, user, hash_password(check_password_policy(password)), actor=actor)


def _store_hash(db: DbSession, user: User, password_hash: str, *, actor: str | None) -> None:
    user.password_hash = password_hash
    user.auth_version += 1
    ended = signins.end_all_for_user(db, user, reason=EndReason.PASSWORD_CHANGED)
    db.flush()
    audit.append(db, "user.password_changed", {"user_id": user.id, "ended_signin_ids": ended}, actor=actor)


@dataclass(frozen=True)
class PasswordChange:
    """A signed-in user changing their own password. Anything but text reads as no password at all."""

    current_password: str | None
    new_password: str | None

    @classmethod
    def parse(cls, data: Any) -> Self:
        body = Fields(data).data
        current, new = body.get("current_password"), body.get("new_password")
        return cls(current if isinstance(current, str) else None, new if isinstance(new, str) else None)


@dataclass(frozen=True)
class CheckedChange:
    """A change of one's own password whose slow part is done: the current password confirmed against
    ``stored_hash``, the new one hashed."""

    user_id: int
    stored_hash: str | None
    new_hash: str


def check_password_change(db: DbSession, user_id: int, change: PasswordChange) -> CheckedChange:
    """Confirm the current password of ``user_id`` (unless they have none yet: a QR card account setting
    its first password) and hash the new one. Argon2 twice, slow on purpose: run it in a read-only
    transaction, never while holding the write lock; :func:`apply_password_change` then writes it."""
    user = get_user(db, user_id)
    if user.password_hash and not matches(user.password_hash, change.current_password):
        raise DomainError(
            "Mật khẩu hiện tại không đúng.",
            "The current password is wrong.",
            field="current_password",
            code="bad_credentials",
        )
    return CheckedChange(
        user.id, user.password_hash, hash_password(check_password_policy(change.new_password))
    )


def apply_password_change(db: DbSession, user: User, checked: CheckedChange) -> None:
    """Write a change checked by :func:`check_password_change` (a short write), unless the password
    changed in between."""
    if user.id != checked.user_id or user.password_hash != checked.stored_hash:
        raise Conflict(
            "Mật khẩu vừa được đổi ở nơi khác — vui lòng thử lại.",
            "The password was just changed elsewhere — please try again.",
            field="current_password",
        )
    _store_hash(db, user, checked.new_hash, actor=user.username)


def change_own_password(db: DbSession, user: User, change: PasswordChange) -> None:
    """Both steps in one transaction (scripts and tests; the server runs the first one apart)."""
    apply_password_change(db, user, check_password_change(db, user.id, change))


def revoke_cards(db: DbSession, user: User) -> list[int]:
    """Revoke every card of ``user`` not yet revoked; their ids (the caller audits why, and ends the sign-in
    sessions of those cards, :func:`agenda.accounts.signins.end_for_cards`, unless it ends them all)."""
    now = utcnow()
    revoked = []
    for card in db.scalars(
        select(SignInCard).where(SignInCard.user_id == user.id, SignInCard.revoked_at.is_(None))
    ):
        card.revoked_at = now
        revoked.append(card.id)
    return revoked


def deactivate(db: DbSession, user: User, *, actor: str | None = None) -> None:
    """Disable the account: it is signed out everywhere and its cards are revoked."""
    user.is_active = False
    user.auth_version += 1
    revoked = revoke_cards(db, user)
    ended = signins.end_all_for_user(db, user, reason=EndReason.DEACTIVATED)
    db.flush()
    audit.append(
        db,
        "user.deactivated",
        {"user_id": user.id, "revoked_card_ids": revoked, "ended_signin_ids": ended},
        actor=actor,
    )


def reactivate(db: DbSession, user: User, *, actor: str | None = None) -> None:
    """Enable a disabled account again (its revoked cards stay revoked: print new ones)."""
    user.is_active = True
    db.flush()
    audit.append(db, "user.reactivated", {"user_id": user.id}, actor=actor)


def get_user(db: DbSession, user_id: int) -> User:
    user = db.get(User, user_id)
    if user is None:
        raise NotFound("tài khoản", "User")
    return user

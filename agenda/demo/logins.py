"""The demo's accounts and their passwords: made when the demo is built, and read back from the database on
every later start (``kyhop demo``, ``kyhop demo --accounts``). The passwords are fixed for the demo only —
it is a demo, its sign-ins are printed — so nothing needs to be kept beside the database."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.accounts.cards import free_username
from agenda.accounts.passwords import matches
from agenda.accounts.users import UserInput, create_user
from agenda.models import Mandate, Role, User

STAFF_LOGINS = [  # username, password, roles, display name, description
    ("thuky", "thuky2026", ["secretary"], "Thư ký kỳ họp", "Thư ký kỳ họp — soạn chương trình, tài liệu"),
    ("luutru", "luutru2026", ["archivist"], "Lưu trữ", "Lưu trữ — hồ sơ kỳ họp, nghị quyết"),
    (
        "quantri",
        "quantri2026",
        ["admin"],
        "Quản trị hệ thống",
        "Quản trị hệ thống — tài khoản, thẻ đăng nhập",
    ),
]
CHAIR_LOGIN = ("chutoa", "chutoa2026")
DELEGATE_PASSWORD = "daibieu2026"


class DemoLogin(NamedTuple):
    username: str
    password: str
    who: str  # "Thư ký kỳ họp — soạn chương trình, tài liệu"


def _chair_who(name: str) -> str:
    return f"Chủ tọa — {name}, Chủ tịch HĐND tỉnh"


def _delegate_who(name: str, seat: str | None) -> str:
    return f"Đại biểu {name} (ghế {seat})"


def create_accounts(
    db: DbSession, delegates: list[Mandate], chair: Mandate, demo_delegate: Mandate
) -> list[DemoLogin]:
    """Staff accounts, the chair's account and one account per delegate in office: ``demo_delegate`` with a
    password too, the others sign in with their QR card."""
    logins: list[DemoLogin] = []
    for username, password, roles, display_name, description in STAFF_LOGINS:
        create_user(db, UserInput(username, display_name, frozenset(Role(r) for r in roles), password))
        logins.append(DemoLogin(username, password, description))
    name = chair.person.full_name
    create_user(
        db,
        UserInput(
            CHAIR_LOGIN[0], name, frozenset({Role.CHAIR, Role.DELEGATE}), CHAIR_LOGIN[1], chair.person_id
        ),
    )
    logins.insert(1, DemoLogin(*CHAIR_LOGIN, _chair_who(name)))
    for mandate in delegates:
        if mandate is chair:
            continue
        name = mandate.person.full_name
        card_only = mandate is not demo_delegate
        own = None if card_only else DELEGATE_PASSWORD
        user = create_user(
            db, UserInput(free_username(db, name), name, frozenset({Role.DELEGATE}), own, mandate.person_id)
        )
        if not card_only:
            logins.append(
                DemoLogin(user.username, DELEGATE_PASSWORD, _delegate_who(name, mandate.seat_label))
            )
    return logins


def demo_logins(db: DbSession) -> list[DemoLogin]:
    """The demo's sign-ins that still work in this database, in the order the build printed them: an account
    removed, disabled or given another password since is left out (an empty list: not the demo's data)."""
    wanted = [DemoLogin(u, p, who) for u, p, _, _, who in STAFF_LOGINS]
    chair = _active(db, CHAIR_LOGIN[0])
    if chair is not None:
        wanted.insert(1, DemoLogin(*CHAIR_LOGIN, _chair_who(chair.display_name)))
    with_password = db.scalars(
        select(User).where(User.password_hash.is_not(None), User.person_id.is_not(None)).order_by(User.id)
    )
    for user in with_password:
        if user.roles == {Role.DELEGATE}:
            seat = db.scalar(
                select(Mandate.seat_label)
                .where(Mandate.person_id == user.person_id)
                .order_by(Mandate.id.desc())
            )
            wanted.append(DemoLogin(user.username, DELEGATE_PASSWORD, _delegate_who(user.display_name, seat)))
    return [login for login in wanted if _still_works(db, login)]


def _active(db: DbSession, username: str) -> User | None:
    return db.scalar(select(User).where(User.username == username, User.is_active.is_(True)))


def _still_works(db: DbSession, login: DemoLogin) -> bool:
    user = _active(db, login.username)
    return user is not None and user.password_hash is not None and matches(user.password_hash, login.password)


def as_lines(logins: list[DemoLogin]) -> list[str]:
    """The sign-ins as the demo prints them: username, password, who."""
    return [f"  {user:<16} {password:<14} {who}" for user, password, who in logins]

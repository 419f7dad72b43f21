"""Starting from nothing: the home council, its current term and the first administrator, made together.

``kyhop init`` and the first-run page (``POST /api/setup``) both call :func:`initialise`, in one unit of work:
either all three are recorded (and audited) or nothing is. It is refused once the database has a home council
(409) — a second set-up racing the first is refused by the database itself (a unique index on the home flag).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Self

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import audit
from agenda.accounts.users import UserInput, create_user
from agenda.council.councils import CouncilInput, create_council, place_of, short_name_of
from agenda.council.terms import TermInput, create_term
from agenda.errors import Conflict, DomainError
from agenda.inputs import Fields
from agenda.models import Council, CouncilLevel, Role, Term, User

SETUP_ACTOR = "setup"  # who the audit trail names for the first records


@dataclass(frozen=True)
class SetupInput:
    council: CouncilInput  # the home council (province or commune, in force)
    term: TermInput  # its current term
    admin: UserInput  # the first administrator (with a password)
    parent: CouncilInput | None = None  # a commune council's province council, recorded beside it

    @classmethod
    def parse(cls, data: Any) -> Self:
        """``{"council": {...}, "term": {...}, "admin": {"username", "password", "display_name"?}}``."""
        parts = [_part(data, key, keys) for key, keys in PARTS.items()]
        admin = parts[2]
        council = {k: v for k, v in parts[0].items() if k != "parent_name"}
        parent_name = Fields(parts[0]).text(
            "parent_name", ("Hội đồng cấp trên", "parent council"), required=False, max_length=200
        )
        values = cls(
            council=CouncilInput.parse(council),
            parent=None if parent_name is None else province_council(parent_name),
            term=TermInput.parse(parts[1]),
            admin=UserInput.parse(
                {
                    "username": admin.get("username"),
                    "display_name": admin.get("display_name") or admin.get("username"),
                    "password": admin.get("password"),
                    "roles": [Role.ADMIN.value],
                }
            ),
        )
        return values.checked()

    def checked(self) -> Self:
        if self.admin.password is None:
            raise DomainError(
                "Tài khoản quản trị cần mật khẩu.", "The administrator needs a password.", field="password"
            )
        if Role.ADMIN not in self.admin.roles:
            raise DomainError(
                "Tài khoản đầu tiên phải là quản trị viên.", "The first account must be an admin."
            )
        if self.council.parent_id is not None:  # nothing exists yet to point at: a name instead
            raise DomainError(
                "Khi khởi tạo, ghi tên Hội đồng cấp trên (không phải mã số).",
                "At set-up, name the parent council (not an id).",
                field="parent_id",
            )
        if self.parent is not None and self.council.level != CouncilLevel.COMMUNE:
            raise DomainError(
                "Chỉ Hội đồng cấp xã có Hội đồng cấp trên (cấp tỉnh).",
                "Only a commune council has a parent (its province council).",
                field="parent_name",
            )
        return self


def province_council(name: str) -> CouncilInput:
    """The province council above a commune one, from its name ("Hội đồng nhân dân tỉnh Ninh Bình")."""
    return CouncilInput(name, short_name_of(name), place_of(name), CouncilLevel.PROVINCE)


PARTS = {
    "council": frozenset({"name", "short_name", "place_name", "level", "time_zone", "parent_name"}),
    "term": frozenset({"number", "starts_on", "ends_on", "seats"}),
    "admin": frozenset({"username", "password", "display_name"}),
}


def _part(data: Any, key: str, keys: frozenset[str]) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, dict):
        raise DomainError(
            f"Thiếu phần “{key}” của dữ liệu khởi tạo.", f"The set-up data lacks its “{key}” part.", field=key
        )
    for name in value:
        if name not in keys:
            raise DomainError(
                f"Trường “{key}.{name}” không có trong dữ liệu khởi tạo.",
                f"The field “{key}.{name}” is not part of the set-up data.",
                code="unknown_field",
                field=str(name),
            )
    return value


def is_set_up(db: DbSession) -> bool:
    """Whether the database has a home council (``kyhop init``, ``kyhop demo`` or a restored backup)."""
    return db.scalar(select(Council.id).where(Council.is_home.is_(True)).limit(1)) is not None


def has_accounts(db: DbSession) -> bool:
    return db.scalar(select(User.id).limit(1)) is not None


def already_set_up() -> Conflict:
    return Conflict(
        "Hệ thống đã được khởi tạo (đã có Hội đồng nhân dân). Sửa Hội đồng và nhiệm kỳ ở trang Hội đồng "
        "của bảng điều khiển.",
        "This installation is already set up (it has a council). Edit the council and its terms on the "
        "console's Council page.",
    )


@dataclass(frozen=True)
class Initialised:
    council: Council
    term: Term
    admin: User


def initialise(db: DbSession, values: SetupInput, *, actor: str = SETUP_ACTOR) -> Initialised:
    """Create the home council, its term and the first administrator; refused (409) once set up."""
    values.checked()
    if is_set_up(db):
        raise already_set_up()
    home = values.council
    if values.parent is not None:
        home = replace(home, parent_id=create_council(db, values.parent, actor=actor).id)
    council = create_council(db, home, is_home=True, actor=actor)
    term = create_term(db, council, values.term, actor=actor)
    admin = create_user(db, values.admin, actor=actor)
    audit.append(
        db,
        "setup.initialised",
        {
            "council_id": council.id,
            "parent_id": council.parent_id,
            "term_id": term.id,
            "admin_user_id": admin.id,
        },
        actor=actor,
    )
    return Initialised(council, term, admin)

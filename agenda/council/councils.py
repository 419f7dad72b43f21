"""Councils: the home council and the others kept beside it (its province, its communes, the abolished district
councils of the archive) — created and edited under the rules of their levels, each change audited.

The rules (../shared/domain.md): two levels today, province and commune; district councils were abolished on
1/7/2025 and exist only for the archive, so one is recorded with its abolition date and is never the home
council. A commune (or district) council's parent is a province council; a province council has none. At most
one council is the home council — the one this installation serves — and it is in force (not abolished).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, ClassVar, Self

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import audit
from agenda.clock import DEFAULT_TIME_ZONE
from agenda.council.values import Patch, Reader
from agenda.errors import Conflict, DomainError, found
from agenda.inputs import Fields
from agenda.models import Council, CouncilLevel


def parse_time_zone(value: Any, key: str = "time_zone") -> str:
    """An IANA time zone name the system knows (``Asia/Ho_Chi_Minh``)."""
    if isinstance(value, str) and 0 < len(value) <= 64 and not value.startswith(("/", ".")):
        try:
            zoneinfo.ZoneInfo(value)
            return value
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            pass
    raise DomainError(
        "Múi giờ không hợp lệ (ví dụ: Asia/Ho_Chi_Minh).",
        "Unknown time zone (e.g. Asia/Ho_Chi_Minh).",
        field=key,
    )


def _name(f: Fields) -> Any:
    return f.text("name", ("tên Hội đồng", "council name"), max_length=200)


def _short_name(f: Fields) -> Any:
    return f.text("short_name", ("tên viết tắt", "short name"), max_length=100)


def _place_name(f: Fields) -> Any:
    return f.text("place_name", ("địa danh", "place name"), max_length=100)


def _level(f: Fields) -> Any:
    return f.choice("level", ("cấp", "level"), CouncilLevel)


def _abolished_on(f: Fields) -> Any:
    return f.date("abolished_on", ("ngày giải thể", "abolition date"), required=False)


def _parent_id(f: Fields) -> Any:
    return f.integer("parent_id", ("Hội đồng cấp trên", "parent council"), required=False, minimum=1)


def _time_zone(f: Fields) -> Any:
    value = f.text("time_zone", ("múi giờ", "time zone"), required=False, max_length=64)
    return DEFAULT_TIME_ZONE if value is None else parse_time_zone(value)


PLACE_WORDS = ("thành phố ", "tỉnh ", "đặc khu ", "phường ", "xã ", "huyện ", "quận ", "thị xã ")


def place_of(name: str) -> str:
    """ "Hội đồng nhân dân tỉnh Ninh Bình" → "Ninh Bình" (the place a council's papers are dated from)."""
    rest = name.removeprefix("Hội đồng nhân dân ").removeprefix("HĐND ")
    for word in PLACE_WORDS:
        if rest.lower().startswith(word):
            return rest[len(word) :]
    return rest


def short_name_of(name: str) -> str:
    """ "Hội đồng nhân dân tỉnh Ninh Bình" → "HĐND tỉnh Ninh Bình"."""
    return name.replace("Hội đồng nhân dân", "HĐND", 1)[:100]


@dataclass(frozen=True)
class CouncilInput:
    name: str  # "Hội đồng nhân dân tỉnh Ninh Bình"
    short_name: str  # "HĐND tỉnh Ninh Bình"
    place_name: str  # "Ninh Bình" — the province or commune, for "Ninh Bình, ngày … tháng …"
    level: CouncilLevel
    abolished_on: dt.date | None = None
    parent_id: int | None = None
    time_zone: str = DEFAULT_TIME_ZONE

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        name = _name(f)
        return cls(
            name=name,
            short_name=f.text("short_name", ("tên viết tắt", "short name"), required=False, max_length=100)
            or short_name_of(name),
            place_name=_place_name(f),
            level=_level(f),
            abolished_on=_abolished_on(f),
            parent_id=_parent_id(f),
            time_zone=_time_zone(f),
        )


@dataclass(frozen=True)
class CouncilPatch(Patch):
    name: str | None = None
    short_name: str | None = None
    place_name: str | None = None
    level: CouncilLevel | None = None
    abolished_on: dt.date | None = None
    parent_id: int | None = None
    time_zone: str | None = None
    READERS: ClassVar[Mapping[str, Reader]] = {
        "name": _name,
        "short_name": _short_name,
        "place_name": _place_name,
        "level": _level,
        "abolished_on": _abolished_on,
        "parent_id": _parent_id,
        "time_zone": _time_zone,
    }


def get_council(db: DbSession, council_id: int) -> Council:
    return found(db.get(Council, council_id), "Hội đồng nhân dân", "Council")


def list_councils(db: DbSession) -> list[Council]:
    """The home council first, then the others by level and name."""
    rows = db.scalars(select(Council).order_by(Council.is_home.desc(), Council.level, Council.name))
    return list(rows)


def create_council(
    db: DbSession, values: CouncilInput, *, is_home: bool = False, actor: str | None = None
) -> Council:
    if is_home and db.scalar(select(Council.id).where(Council.is_home.is_(True))) is not None:
        raise Conflict(
            "Đã có Hội đồng nhân dân chính của hệ thống; chỉ thêm được Hội đồng khác để lưu trữ.",
            "This installation already serves a council; others are added for the archive only.",
        )
    council = Council(**asdict(values), is_home=is_home)
    _check(db, council)
    db.add(council)
    db.flush()
    audit.append(
        db,
        "council.created",
        {"council_id": council.id, "name": council.name, "level": council.level.value, "is_home": is_home},
        actor=actor,
    )
    return council


def update_council(
    db: DbSession, council: Council, patch: CouncilPatch, *, actor: str | None = None
) -> Council:
    before = {key: getattr(council, key) for key in patch.given}
    with db.no_autoflush:  # the checks' queries must not flush the half-checked values first
        for key in patch.given:
            value = getattr(patch, key)
            setattr(council, key, DEFAULT_TIME_ZONE if key == "time_zone" and value is None else value)
        _check(db, council)
    db.flush()
    changed = sorted(key for key in patch.given if before[key] != getattr(council, key))
    if not changed:
        return council
    audit.append(
        db,
        "council.updated",
        {"council_id": council.id, "fields": changed, "before": {k: before[k] for k in changed}},
        actor=actor,
    )
    return council


def _check(db: DbSession, council: Council) -> None:
    """The rules of levels, parents and the home council, on a council about to be written."""
    if council.level == CouncilLevel.DISTRICT and council.abolished_on is None:
        raise DomainError(
            "Cấp huyện đã kết thúc hoạt động từ 01/07/2025: Hội đồng cấp huyện chỉ được lưu trữ, "
            "cần ghi ngày giải thể.",
            "District councils were abolished on 1 July 2025: one is kept for the archive only, "
            "with its abolition date.",
            field="abolished_on",
        )
    if council.is_home and council.abolished_on is not None:
        raise DomainError(
            "Hội đồng chính của hệ thống không thể là Hội đồng đã giải thể.",
            "The council this installation serves cannot be an abolished one.",
            field="abolished_on",
        )
    if council.parent_id is None:
        _check_children(db, council)
        return
    if council.level == CouncilLevel.PROVINCE:
        raise DomainError(
            "Hội đồng cấp tỉnh không có Hội đồng cấp trên.",
            "A province council has no parent council.",
            field="parent_id",
        )
    parent = found(db.get(Council, council.parent_id), "Hội đồng cấp trên", "Parent council")
    if parent.level != CouncilLevel.PROVINCE or parent.id == council.id:
        raise DomainError(
            "Hội đồng cấp trên của Hội đồng cấp xã (hoặc cấp huyện) phải là Hội đồng cấp tỉnh.",
            "A commune (or district) council's parent must be a province council.",
            field="parent_id",
        )
    _check_children(db, council)


def _check_children(db: DbSession, council: Council) -> None:
    if council.id is None or council.level == CouncilLevel.PROVINCE:
        return
    if db.scalar(select(Council.id).where(Council.parent_id == council.id).limit(1)) is not None:
        raise Conflict(
            "Hội đồng này là cấp trên của Hội đồng khác nên phải là cấp tỉnh.",
            "Other councils have this one as their parent, so it must stay a province council.",
            field="level",
        )

"""Emulation criteria as data: a council's versions of criteria (targets and weights per unit type), each
valid from a date until the next one's.

A version in use — valid from today or earlier — is never edited: a change makes a new version valid from
a later date (:func:`change_version`), so the scores of a period that has ended are always reproduced with
the criteria valid at its end. A version not yet in use may be edited or deleted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Self

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import audit
from agenda.errors import DomainError
from agenda.inputs import Fields
from agenda.metrics.measures import measure
from agenda.models import Council, CriteriaVersion, Criterion, TargetPer, UnitType

MAX_CRITERIA = 100


@dataclass(frozen=True)
class CriterionInput:
    unit_type: UnitType
    measure: str
    target: int
    per: TargetPer
    weight: int
    label: str | None

    @classmethod
    def parse(cls, data: object) -> Self:
        f = Fields(data)
        name = f.text("measure", ("chỉ số", "measure"), max_length=60)
        measure(name)  # a known measure, or a 404 naming it
        return cls(
            f.choice("unit_type", ("loại đơn vị", "unit type"), UnitType),
            name,
            f.integer("target", ("chỉ tiêu", "target"), minimum=1, maximum=100000),
            f.choice("per", ("chỉ tiêu tính theo", "target per"), TargetPer, required=False)
            or TargetPer.YEAR,
            f.integer("weight", ("trọng số", "weight"), minimum=1, maximum=1000),
            f.text("label", ("tên tiêu chí", "label"), required=False),
        )


@dataclass(frozen=True)
class VersionInput:
    valid_from: dt.date
    title: str
    note: str | None
    criteria: tuple[CriterionInput, ...]

    @classmethod
    def parse(cls, data: object) -> Self:
        f = Fields(data)
        raw = f.data.get("criteria", [])
        if not isinstance(raw, list) or len(raw) > MAX_CRITERIA:
            raise DomainError(
                f"Danh sách tiêu chí phải là một mảng (tối đa {MAX_CRITERIA}).",
                f"The criteria must be a list (at most {MAX_CRITERIA}).",
                field="criteria",
            )
        criteria = tuple(CriterionInput.parse(c) for c in raw)
        seen = set()
        for c in criteria:
            if (c.unit_type, c.measure) in seen:
                raise DomainError(
                    f"Tiêu chí “{c.measure}” cho loại đơn vị “{c.unit_type}” bị lặp.",
                    f"The criterion “{c.measure}” for unit type “{c.unit_type}” is given twice.",
                    field="criteria",
                )
            seen.add((c.unit_type, c.measure))
        return cls(
            f.date("valid_from", ("ngày áp dụng", "valid from")),
            f.text("title", ("tên bộ tiêu chí", "title")),
            f.text("note", ("căn cứ", "note"), required=False, max_length=2000),
            criteria,
        )


def versions(db: DbSession, council_id: int) -> list[CriteriaVersion]:
    stmt = select(CriteriaVersion).where(CriteriaVersion.council_id == council_id)
    return list(db.scalars(stmt.order_by(CriteriaVersion.valid_from)))


def get_version(db: DbSession, council_id: int, version_id: int) -> CriteriaVersion:
    version = db.get(CriteriaVersion, version_id)
    if version is None or version.council_id != council_id:
        raise DomainError(
            "Không tìm thấy bộ tiêu chí này.", "No such criteria version.", code="not_found", status=404
        )
    return version


def version_on(db: DbSession, council_id: int, day: dt.date) -> CriteriaVersion | None:
    """The version valid on ``day``: the latest valid from that day or earlier."""
    stmt = (
        select(CriteriaVersion)
        .where(CriteriaVersion.council_id == council_id, CriteriaVersion.valid_from <= day)
        .order_by(CriteriaVersion.valid_from.desc())
        .limit(1)
    )
    return db.scalar(stmt)


def in_use(version: CriteriaVersion, today: dt.date) -> bool:
    return version.valid_from <= today


def _check_date(db: DbSession, council_id: int, valid_from: dt.date, today: dt.date, own: int | None) -> None:
    others = [v for v in versions(db, council_id) if v.id != own]
    if any(v.valid_from == valid_from for v in others):
        raise DomainError(
            f"Đã có bộ tiêu chí áp dụng từ ngày {valid_from:%d/%m/%Y}.",
            f"A criteria version valid from {valid_from:%d/%m/%Y} already exists.",
            code="conflict",
            field="valid_from",
            status=409,
        )
    if any(in_use(v, today) for v in others) and valid_from <= today:
        raise DomainError(
            "Bộ tiêu chí mới phải áp dụng từ một ngày sau hôm nay: điểm của các kỳ đã qua được giữ nguyên.",
            "A new criteria version must be valid from a day after today: past scores are kept as they were.",
            field="valid_from",
        )


def _criteria(data: VersionInput) -> list[Criterion]:
    return [
        Criterion(
            unit_type=c.unit_type,
            measure=c.measure,
            target=c.target,
            per=c.per,
            weight=c.weight,
            label=c.label,
        )
        for c in data.criteria
    ]


def create_version(
    db: DbSession, council: Council, data: VersionInput, today: dt.date, actor: str | None
) -> CriteriaVersion:
    _check_date(db, council.id, data.valid_from, today, None)
    version = CriteriaVersion(
        council_id=council.id, valid_from=data.valid_from, title=data.title, note=data.note, created_by=actor
    )
    version.criteria = _criteria(data)
    db.add(version)
    db.flush()
    audit.append(db, "metrics.criteria_created", _detail(version), actor=actor)
    return version


def change_version(
    db: DbSession,
    council: Council,
    version: CriteriaVersion,
    data: VersionInput,
    today: dt.date,
    actor: str | None,
) -> CriteriaVersion:
    """Edit a version not yet in use; for one in use, make a new version with the change, valid from
    ``data.valid_from`` (after today). Returns the version that holds the change."""
    if in_use(version, today):
        return create_version(db, council, data, today, actor)
    _check_date(db, council.id, data.valid_from, today, version.id)
    version.valid_from, version.title, version.note = data.valid_from, data.title, data.note
    version.criteria.clear()
    db.flush()  # the old criteria gone before the new are written (their UNIQUE key)
    version.criteria.extend(_criteria(data))
    db.flush()
    audit.append(db, "metrics.criteria_changed", _detail(version), actor=actor)
    return version


def copy_version(
    db: DbSession,
    council: Council,
    version: CriteriaVersion,
    valid_from: dt.date,
    today: dt.date,
    actor: str | None,
) -> CriteriaVersion:
    """A new version with the criteria of ``version``, valid from ``valid_from`` — the start of next year's."""
    data = VersionInput(
        valid_from,
        version.title,
        version.note,
        tuple(
            CriterionInput(c.unit_type, c.measure, c.target, c.per, c.weight, c.label)
            for c in version.criteria
        ),
    )
    return create_version(db, council, data, today, actor)


def delete_version(db: DbSession, version: CriteriaVersion, today: dt.date, actor: str | None) -> None:
    if in_use(version, today):
        raise DomainError(
            "Bộ tiêu chí đang được áp dụng, không thể xóa.",
            "This criteria version is in use and cannot be deleted.",
            code="conflict",
            status=409,
        )
    audit.append(db, "metrics.criteria_deleted", _detail(version), actor=actor)
    db.delete(version)
    db.flush()


def _detail(version: CriteriaVersion) -> dict[str, Any]:
    return {
        "version_id": version.id,
        "council_id": version.council_id,
        "valid_from": version.valid_from.isoformat(),
        "criteria": [
            {
                "unit_type": c.unit_type.value,
                "measure": c.measure,
                "target": c.target,
                "per": c.per.value,
                "weight": c.weight,
            }
            for c in version.criteria
        ],
    }

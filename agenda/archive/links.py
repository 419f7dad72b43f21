"""Relations between resolution records, kept in the database, and the legal force read from them — the rules
are :mod:`agenda.archive.relations` and :mod:`agenda.archive.force`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Self

from sqlalchemy import case, or_, select
from sqlalchemy.orm import Session as DbSession

from agenda import audit
from agenda.archive.force import (
    ForceOnDate,
    Incoming,
    OwnDates,
    YearlyEntry,
    ended_or_suspended_in,
    force_on,
    forces_on,
)
from agenda.archive.relations import ACTING, ENDING, Relation, RelationKind, check_relation, clean_parts
from agenda.archive.tracking import closing
from agenda.collector import collector_paused
from agenda.errors import DomainError, found
from agenda.inputs import Fields
from agenda.models import Resolution, ResolutionRelation


def name_of(record: Resolution) -> str:
    """How a resolution is named in a sentence: its number, or — still without one — its summary."""
    return _name(record.number, record.title)


def _name(number: str | None, title: str) -> str:
    return f"Nghị quyết {number}" if number else f"Nghị quyết “{title[:80]}”"


def as_relation(row: ResolutionRelation) -> Relation:
    return Relation(
        source=row.source_id,
        target=row.target_id,
        kind=row.kind,
        effective=row.effective_on,
        parts=tuple(row.parts or ()),
        until=row.until_on,
    )


def own_dates(record: Resolution) -> OwnDates:
    return OwnDates(adopted=record.adopted_on, effective=record.effective_on, expires=record.expires_on)


@dataclass(frozen=True)
class RelationInput:
    target_id: int
    kind: RelationKind
    effective_on: dt.date | None
    parts: tuple[str, ...]
    until_on: dt.date | None
    note: str | None

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        raw_parts = data.get("parts") if isinstance(data, dict) else None
        if raw_parts is not None and not (
            isinstance(raw_parts, list) and all(isinstance(p, str) for p in raw_parts)
        ):
            raise DomainError(
                'Điều, khoản phải là danh sách tên (ví dụ ["Điều 2", "khoản 3 Điều 4"]).',
                'Parts must be a list of names (e.g. ["Điều 2", "khoản 3 Điều 4"]).',
                field="parts",
            )
        return cls(
            target_id=f.integer("target_id", ("nghị quyết liên quan", "related resolution"), minimum=1),
            kind=f.choice("kind", ("loại quan hệ", "kind of relation"), RelationKind),
            effective_on=f.date(
                "effective_on", ("ngày có hiệu lực của quan hệ", "date of effect"), required=False
            ),
            parts=clean_parts(raw_parts or []),
            until_on=f.date("until_on", ("ngày kết thúc đình chỉ", "end of the suspension"), required=False),
            note=f.text("note", ("ghi chú", "note"), required=False, max_length=2000),
        )


def add_relation(
    db: DbSession, source: Resolution, values: RelationInput, *, actor: str | None = None
) -> ResolutionRelation:
    """``source`` acts on the target from ``effective_on`` (by default: the day ``source`` takes effect)."""
    target = found(db.get(Resolution, values.target_id), "nghị quyết liên quan", "Related resolution")
    effective = values.effective_on or source.effective_on or source.adopted_on
    new = Relation(source.id, target.id, values.kind, effective, values.parts, values.until_on)
    existing = [as_relation(row) for row in _rows_for_check(db, source.id, target.id)]
    records = {
        r.id: r
        for r in [
            source,
            target,
            *_records(db, {rel.source for rel in existing} | {rel.target for rel in existing}),
        ]
    }
    check_relation(
        new,
        existing,
        {rid: r.adopted_on for rid, r in records.items()},
        {rid: r.number or f"“{r.title[:60]}”" for rid, r in records.items()},
    )
    row = ResolutionRelation(
        source_id=source.id,
        target_id=target.id,
        kind=values.kind,
        effective_on=effective,
        parts=list(values.parts),
        parts_key="|".join(values.parts),
        until_on=values.until_on,
        note=values.note,
        created_by=actor,
    )
    db.add(row)
    db.flush()
    audit.append(
        db,
        "resolution.related",
        {
            "relation_id": row.id,
            "source_id": source.id,
            "target_id": target.id,
            "kind": values.kind.value,
            "effective_on": effective.isoformat(),
            "parts": list(values.parts),
        },
        actor=actor,
    )
    closing.after_relation(db, row)  # in effect already: a resolution it ends closes its open tasks
    return row


def _rows_for_check(db: DbSession, source_id: int, target_id: int) -> list[ResolutionRelation]:
    """The relations the rules need: those between the two, and every replacement and repeal (for circles)."""
    query = select(ResolutionRelation).where(
        or_(
            ResolutionRelation.kind.in_(list(ENDING)),
            (ResolutionRelation.source_id == source_id) & (ResolutionRelation.target_id == target_id),
        )
    )
    return list(db.scalars(query))


def _records(db: DbSession, ids: Iterable[int]) -> list[Resolution]:
    wanted = list(set(ids))
    return list(db.scalars(select(Resolution).where(Resolution.id.in_(wanted)))) if wanted else []


def remove_relation(db: DbSession, relation_id: int, *, actor: str | None = None) -> None:
    row = found(db.get(ResolutionRelation, relation_id), "quan hệ", "Relation")
    detail = {
        "relation_id": row.id,
        "source_id": row.source_id,
        "target_id": row.target_id,
        "kind": row.kind.value,
    }
    db.delete(row)
    db.flush()
    audit.append(db, "resolution.unrelated", detail, actor=actor)


@dataclass(frozen=True)
class RelationView:
    """A relation as seen from one resolution: ``acting`` when that resolution is its source."""

    row: ResolutionRelation
    other: Resolution
    acting: bool


def relations_of(db: DbSession, record: Resolution) -> list[RelationView]:
    """Both ways: what ``record`` does to others, and what others do to it — by date."""
    rows = list(
        db.scalars(
            select(ResolutionRelation)
            .where(or_(ResolutionRelation.source_id == record.id, ResolutionRelation.target_id == record.id))
            .order_by(ResolutionRelation.effective_on, ResolutionRelation.id)
        )
    )
    others = {
        r.id: r
        for r in _records(
            db, {row.target_id if row.source_id == record.id else row.source_id for row in rows}
        )
    }
    return [
        RelationView(
            row,
            others[row.target_id if row.source_id == record.id else row.source_id],
            row.source_id == record.id,
        )
        for row in rows
    ]


def force_of(db: DbSession, record: Resolution, day: dt.date) -> ForceOnDate:
    """``record``'s legal force on ``day``."""
    incoming = [view for view in relations_of(db, record) if not view.acting]
    return force_on(
        day, own_dates(record), [Incoming(as_relation(v.row), name_of(v.other)) for v in incoming]
    )


def _archive(
    db: DbSession, council_id: int | None
) -> tuple[dict[int, OwnDates], list[Relation], dict[int, str]]:
    """The archive as plain rows: each resolution's own dates, every relation that acts on a resolution's force
    or text (the others change nothing), and the names of the acting resolutions (the only ones the reasons
    name)."""
    query = select(Resolution.id, Resolution.adopted_on, Resolution.effective_on, Resolution.expires_on)
    if council_id is not None:
        query = query.where(Resolution.council_id == council_id)
    # Read through the session's connection: Core rows, without the ORM's per-row work on a plain select — the
    # pending changes flushed first, as the session's own queries would.
    if db.autoflush:
        db.flush()
    rows = db.connection().execute(query).all()
    records = {rid: OwnDates(adopted, effective, expires) for rid, adopted, effective, expires in rows}
    relations, names = _acting_relations(db)
    return records, relations, names


def _acting_relations(db: DbSession) -> tuple[list[Relation], dict[int, str]]:
    """Every relation that acts, read as plain rows (an archive holds tens of thousands: no ORM objects) with
    its source's name in the same query, in the order they were recorded."""
    r = ResolutionRelation
    parts = case((r.parts_key == "", None), else_=r.parts)  # most relations name no part: nothing to decode
    query = (
        select(
            r.source_id,
            r.target_id,
            r.kind,
            r.effective_on,
            parts,
            r.until_on,
            Resolution.number,
            Resolution.title,
        )
        .join(Resolution, Resolution.id == r.source_id)
        .where(r.kind.in_(sorted(ACTING)))
        .order_by(r.id)
    )
    relations: list[Relation] = []
    names: dict[int, str] = {}
    for source, target, kind, effective, parts_of, until, number, title in (
        db.connection().execute(query).all()
    ):
        relations.append(
            Relation(source, target, kind, effective, tuple(parts_of) if parts_of else (), until)
        )
        if source not in names:
            names[source] = _name(number, title)
    return relations, names


def forces_of_archive(
    db: DbSession, day: dt.date, *, council_id: int | None = None
) -> dict[int, ForceOnDate]:
    """The legal force on ``day`` of every resolution (of one council, or all)."""
    with collector_paused():
        records, relations, names = _archive(db, council_id)
        return forces_on(day, records, relations, names)


def yearly_list(db: DbSession, council_id: int, year: int) -> list[YearlyEntry]:
    """The council's resolutions that ended or were suspended, wholly or in part, during ``year``."""
    with collector_paused():
        records, relations, names = _archive(db, council_id)
        return ended_or_suspended_in(year, records, relations, names)


def forces_of(db: DbSession, records: list[Resolution], day: dt.date) -> dict[int, ForceOnDate]:
    """The legal force on ``day`` of the given records (a page of a list): only their relations are read."""
    if not records:
        return {}
    ids = [r.id for r in records]
    rows = list(db.scalars(select(ResolutionRelation).where(ResolutionRelation.target_id.in_(ids))))
    names = {r.id: name_of(r) for r in _records(db, {row.source_id for row in rows})}
    return forces_on(day, {r.id: own_dates(r) for r in records}, [as_relation(row) for row in rows], names)

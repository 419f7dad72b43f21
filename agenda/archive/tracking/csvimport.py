"""The CSV import of tasks (:mod:`agenda.archive.tracking.csvfile` reads the file): every row checked against
what is recorded before anything is written — all rows or none — with the report of each bad cell, or of what
each row does (created, updated, unchanged)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import audit
from agenda.archive.tracking.csvfile import FIELDS, HEADERS, normalized, read_rows
from agenda.archive.tracking.rollup import ancestors_would_cycle
from agenda.archive.tracking.values import TaskPatch
from agenda.errors import DomainError
from agenda.inputs import Fields
from agenda.models import Council, Resolution, Task


@dataclass(frozen=True)
class RowError:
    row: int  # the line in the file (the header is 1)
    column: str | None  # its header, None for the row as a whole
    vi: str
    en: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message_vi": self.vi, "message_en": self.en}


@dataclass(frozen=True)
class RowOutcome:
    row: int
    resolution: str
    external_id: str
    outcome: str  # "created" | "updated" | "unchanged"


@dataclass
class ImportReport:
    outcomes: list[RowOutcome] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False

    def counts(self) -> dict[str, int]:
        keys = ("created", "updated", "unchanged")
        return {k: sum(1 for o in self.outcomes if o.outcome == k) for k in keys}

    def as_dict(self) -> dict[str, Any]:
        return {
            "committed": self.committed,
            "counts": self.counts(),
            "rows": [o.__dict__ for o in self.outcomes],
            "errors": [e.as_dict() for e in self.errors],
        }


@dataclass
class Planned:
    """One row, read and checked: the resolution it belongs to and the task's values."""

    row: int
    resolution: Resolution
    external_id: str
    parent: str | None
    values: dict[str, Any]


def _cells(line: int, values: Mapping[str, str], errors: list[RowError]) -> dict[str, Any] | None:
    """The task's fields of one row, each checked by the reader the API uses."""
    f = Fields({k: values.get(k, "") for k in FIELDS})
    read: dict[str, Any] = {}
    ok = True
    for key in FIELDS:
        try:
            read[key] = TaskPatch.READERS[key](f)
        except DomainError as error:
            errors.append(RowError(line, HEADERS[key], error.vi, error.en))
            ok = False
    return read if ok else None


def _resolution(
    line: int, values: Mapping[str, str], lookup: Mapping[tuple[str, str], Resolution], errors: list[RowError]
) -> Resolution | None:
    number, council = values.get("resolution", "").strip(), values.get("council", "").strip()
    for key, text in (("resolution", number), ("council", council)):
        if not text:
            errors.append(
                RowError(line, HEADERS[key], "Ô này không được để trống.", "This cell is required.")
            )
    if not number or not council:
        return None
    found = lookup.get((normalized(council), normalized(number)))
    if found is None:
        errors.append(
            RowError(
                line,
                HEADERS["resolution"],
                f"Không tìm thấy Nghị quyết {number} của {council} trong kho lưu trữ.",
                f"Resolution {number} of {council} is not in the archive.",
            )
        )
    return found


def _lookup(db: DbSession) -> dict[tuple[str, str], Resolution]:
    councils = {c.id: c for c in db.scalars(select(Council))}
    out: dict[tuple[str, str], Resolution] = {}
    for r in db.scalars(select(Resolution).where(Resolution.number.is_not(None))):
        assert r.number is not None
        council = councils[r.council_id]
        for name in (council.name, council.short_name):
            out[(normalized(name), normalized(r.number))] = r
    return out


def plan(db: DbSession, rows: Iterable[tuple[int, Mapping[str, str]]], report: ImportReport) -> list[Planned]:
    """Every row read and checked against what is recorded; errors go to ``report``."""
    lookup = _lookup(db)
    planned: list[Planned] = []
    seen: dict[tuple[int, str], int] = {}
    for line, values in rows:
        before = len(report.errors)
        resolution = _resolution(line, values, lookup, report.errors)
        code = " ".join(values.get("external_id", "").split())
        if not code:
            report.errors.append(
                RowError(line, HEADERS["external_id"], "Ô này không được để trống.", "This cell is required.")
            )
        elif len(code) > 80:
            report.errors.append(
                RowError(
                    line,
                    HEADERS["external_id"],
                    "Mã dài quá 80 ký tự.",
                    "The code is longer than 80 characters.",
                )
            )
        cells = _cells(line, values, report.errors)
        if resolution is not None and code:
            if (resolution.id, code) in seen:
                report.errors.append(
                    RowError(
                        line,
                        HEADERS["external_id"],
                        f"Mã nhiệm vụ “{code}” đã có ở dòng {seen[(resolution.id, code)]}.",
                        f"The task code “{code}” is already on row {seen[(resolution.id, code)]}.",
                    )
                )
            seen.setdefault((resolution.id, code), line)
        if len(report.errors) == before and resolution is not None and cells is not None:
            parent = " ".join(values.get("parent", "").split()) or None
            planned.append(Planned(line, resolution, code, parent, cells))
    _check_parents(db, planned, report)
    return planned


def _check_parents(db: DbSession, planned: list[Planned], report: ImportReport) -> None:
    """A parent's code is in the file or recorded, in the same resolution; no task under its own sub-task."""
    resolutions = {p.resolution.id for p in planned}
    recorded = (
        list(db.scalars(select(Task).where(Task.resolution_id.in_(list(resolutions))))) if resolutions else []
    )
    codes = {t.id: t.external_id for t in recorded}
    parents: dict[tuple[int, str], tuple[int, str] | None] = {
        (t.resolution_id, t.external_id): (t.resolution_id, codes[t.parent_id])
        if t.parent_id in codes
        else None
        for t in recorded
    }
    for p in planned:
        parents[(p.resolution.id, p.external_id)] = (p.resolution.id, p.parent) if p.parent else None
    index = {key: i for i, key in enumerate(parents)}
    numbered = {index[k]: (index[v] if v is not None and v in index else None) for k, v in parents.items()}
    for p in planned:
        if p.parent is None:
            continue
        header = HEADERS["parent"]
        if (p.resolution.id, p.parent) not in parents:
            report.errors.append(
                RowError(
                    p.row,
                    header,
                    f"Không có nhiệm vụ mã “{p.parent}” trong tệp hay trong nghị quyết này.",
                    f"No task coded “{p.parent}” in the file or in this resolution.",
                )
            )
            continue
        me = index[(p.resolution.id, p.external_id)]
        if ancestors_would_cycle({k: v for k, v in numbered.items() if k != me}, me, numbered[me]):
            report.errors.append(
                RowError(
                    p.row,
                    header,
                    "Nhiệm vụ không thể là con của chính nó hoặc của nhiệm vụ con của nó.",
                    "A task cannot be under itself or under one of its own sub-tasks.",
                )
            )


def _depth(p: Planned, by_key: Mapping[tuple[int, str], Planned]) -> int:
    depth, current = 0, p
    while current.parent is not None and (current.resolution.id, current.parent) in by_key:
        depth += 1
        current = by_key[(current.resolution.id, current.parent)]
    return depth


def _recorded(db: DbSession, planned: list[Planned]) -> dict[tuple[int, str], Task]:
    resolutions = list({p.resolution.id for p in planned})
    if not resolutions:
        return {}
    query = select(Task).where(Task.resolution_id.in_(resolutions))
    return {(t.resolution_id, t.external_id): t for t in db.scalars(query)}


def outcomes_of(db: DbSession, planned: list[Planned]) -> list[RowOutcome]:
    """What each checked row does: creates its task, updates it, or finds it as it is (parents by code)."""
    tasks = _recorded(db, planned)
    codes = {t.id: t.external_id for t in tasks.values()}
    out = []
    for p in planned:
        task = tasks.get((p.resolution.id, p.external_id))
        if task is None:
            outcome = "created"
        else:
            same = all(getattr(task, k) == v for k, v in p.values.items())
            parent = codes.get(task.parent_id) if task.parent_id is not None else None
            outcome = "unchanged" if same and parent == p.parent else "updated"
        out.append(RowOutcome(p.row, p.resolution.number or "", p.external_id, outcome))
    return out


def write(db: DbSession, planned: list[Planned]) -> None:
    """Write the checked rows, parents first."""
    by_key = {(p.resolution.id, p.external_id): p for p in planned}
    tasks = _recorded(db, planned)
    for p in sorted(planned, key=lambda p: (_depth(p, by_key), p.row)):
        parent = tasks[(p.resolution.id, p.parent)] if p.parent else None
        wanted = {**p.values, "parent_id": parent.id if parent else None}
        task = tasks.get((p.resolution.id, p.external_id))
        if task is None:
            task = Task(resolution_id=p.resolution.id, external_id=p.external_id, **wanted)
            db.add(task)
            tasks[(p.resolution.id, p.external_id)] = task
        else:
            for k, v in wanted.items():
                if getattr(task, k) != v:
                    setattr(task, k, v)
        db.flush()


def import_csv(db: DbSession, content: bytes, *, commit: bool, actor: str | None = None) -> ImportReport:
    """Read and check every row; with ``commit`` and no error, write them all — else write nothing. Without
    ``commit`` (a preview) the report says what each row would do."""
    report = ImportReport()
    planned = plan(db, read_rows(content), report)
    if report.errors:
        report.errors.sort(key=lambda e: e.row)
        return report
    report.outcomes = outcomes_of(db, planned)
    counts = report.counts()
    if commit:
        write(db, planned)
        report.committed = True
        if counts["created"] or counts["updated"]:
            audit.append(db, "task.imported", counts, actor=actor)
    return report


class ImportRefused(DomainError):
    """A file with at least one bad row: nothing is written; the error carries the whole report."""

    status = 422

    def __init__(self, report: ImportReport) -> None:
        first = report.errors[0]
        where = f"{first.row}" + (f", “{first.column}”" if first.column else "")
        super().__init__(
            f"Tệp có {len(report.errors)} lỗi, chưa nhập dòng nào (đầu tiên: dòng {where}: {first.vi})",
            f"The file has {len(report.errors)} errors; no row was imported (first: row {where}: {first.en})",
            code="import_refused",
            field="file",
        )
        self.report = report

    def as_dict(self, lang: str = "vi") -> dict[str, object]:
        return {**super().as_dict(lang), "report": self.report.as_dict()}

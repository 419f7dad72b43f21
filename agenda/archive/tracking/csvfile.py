"""Tasks as a CSV file (UTF-8 with a BOM, for Excel; Vietnamese headers), the same columns both ways.

Export: the tasks of the numbered resolutions (of one council, or one resolution), each resolution's tree in
order, parents first. Import (:mod:`agenda.archive.tracking.csvimport`): every row checked before anything is
written — **all rows or none** — with a report naming each bad row (its line in the file, the header is line
1), its column and what is wrong, in Vietnamese and English. A row is keyed on its resolution (number and council) and its task code (``Mã nhiệm
vụ``): a task found again is updated, or — same values — left unchanged, so importing the same file twice
changes nothing the second time. A resolution is named by its number as printed ("05/2026/NQ-HĐND") and its
council's name or short name ("HĐND tỉnh Ninh Bình"); a parent by its task code in the same resolution, in
the file or already recorded.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.archive.tracking.tasks import flatten, views_of
from agenda.errors import DomainError
from agenda.models import Council, Resolution, Task
from agenda.opendata.exports.cells import cell_in
from agenda.opendata.exports.columns import Column, Kind, Label, Table
from agenda.opendata.exports.csvfile import write_csv


@dataclass(frozen=True)
class TaskLine:
    """A task as a row of the file: its resolution, the council's short name, its parent's code."""

    resolution: Resolution
    council: str
    task: Task
    parent: str | None


# The columns of the file, both ways: what the export writes (CSV and XLSX) and the headers the import reads.
TASK_COLUMNS: tuple[Column[TaskLine], ...] = (
    Column("resolution", "Số nghị quyết", "Resolution number", lambda t: t.resolution.number, width=22),
    Column("council", "Hội đồng nhân dân", "People's Council", lambda t: t.council, width=24),
    Column("external_id", "Mã nhiệm vụ", "Task code", lambda t: t.task.external_id, width=14),
    Column("parent", "Mã nhiệm vụ cha", "Parent task code", lambda t: t.parent, width=14),
    Column("article", "Điều, khoản", "Article", lambda t: t.task.article, width=16),
    Column("title", "Nhiệm vụ", "Task", lambda t: t.task.title, width=50),
    Column("agency", "Cơ quan chủ trì", "Lead agency", lambda t: t.task.agency, width=30),
    Column("deadline", "Hạn hoàn thành", "Deadline", lambda t: t.task.deadline, Kind.DATE, 14),
    Column("weight", "Trọng số", "Weight", lambda t: t.task.weight, Kind.INTEGER, 10),
    Column("progress", "Tiến độ (%)", "Progress (%)", lambda t: t.task.progress, Kind.INTEGER, 12),
)
COLUMNS: tuple[tuple[str, str], ...] = tuple((c.key, c.vi) for c in TASK_COLUMNS)  # (key, header)
HEADERS = {key: header for key, header in COLUMNS}
REQUIRED = ("resolution", "council", "external_id", "title")
FIELDS = ("article", "title", "agency", "deadline", "weight", "progress")  # read by TaskPatch's readers
MAX_ROWS = 5000
TITLE = Label("Theo dõi thực hiện", "Implementation tasks")


def normalized(text: str) -> str:
    """A name as compared: NFC, single spaces, any case."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def task_table(
    db: DbSession, *, council_id: int | None = None, resolution_id: int | None = None
) -> Table[TaskLine]:
    """The tasks of the numbered resolutions (of one council, or one resolution), each tree parents first."""
    query = select(Resolution).where(Resolution.number.is_not(None)).order_by(Resolution.id)
    if council_id is not None:
        query = query.where(Resolution.council_id == council_id)
    if resolution_id is not None:
        query = query.where(Resolution.id == resolution_id)
    resolutions = list(db.scalars(query))
    councils = {c.id: c for c in db.scalars(select(Council))}
    lines = []
    for resolution in resolutions:
        tasks = list(db.scalars(select(Task).where(Task.resolution_id == resolution.id).order_by(Task.id)))
        codes = {t.id: t.external_id for t in tasks}
        council = councils[resolution.council_id].short_name
        for view in flatten(views_of(tasks, resolution.adopted_on)):
            parent = codes.get(view.task.parent_id) if view.task.parent_id is not None else None
            lines.append(TaskLine(resolution, council, view.task, parent))
    return Table(TITLE, TASK_COLUMNS, lines)


def export_csv(db: DbSession, *, council_id: int | None = None, resolution_id: int | None = None) -> bytes:
    return write_csv(task_table(db, council_id=council_id, resolution_id=resolution_id))


def refused(vi: str, en: str) -> DomainError:
    return DomainError(vi, en, code="bad_csv", field="file")


def read_rows(content: bytes) -> list[tuple[int, dict[str, str]]]:
    """The data rows by key, each with its line; the file as a whole refused when it cannot be read."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refused(
            "Tệp CSV phải mã hóa UTF-8 (trong Excel: Lưu thành “CSV UTF-8”).",
            "The CSV file must be UTF-8 (in Excel: Save as “CSV UTF-8”).",
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not rows:
        raise refused("Tệp CSV trống.", "The CSV file is empty.")
    by_header = {normalized(c.en): c.key for c in TASK_COLUMNS} | {normalized(h): k for k, h in COLUMNS}
    keys: list[str | None] = [by_header.get(normalized(h)) for h in rows[0]]
    missing = [HEADERS[k] for k in REQUIRED if k not in keys]
    unknown = [h for h, k in zip(rows[0], keys, strict=True) if k is None and h.strip()]
    if missing or unknown:
        raise refused(
            "Tiêu đề cột không đúng"
            + (f"; thiếu: {', '.join(missing)}" if missing else "")
            + (f"; không nhận: {', '.join(unknown)}" if unknown else "")
            + f". Các cột: {', '.join(h for _, h in COLUMNS)}.",
            "The column headers are wrong"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; unknown: {', '.join(unknown)}" if unknown else "")
            + f". The columns: {', '.join(h for _, h in COLUMNS)}.",
        )
    data = [(line, cells) for line, cells in enumerate(rows[1:], start=2) if any(c.strip() for c in cells)]
    if len(data) > MAX_ROWS:
        raise refused(f"Tệp có quá {MAX_ROWS} dòng.", f"The file has more than {MAX_ROWS} rows.")
    out = []
    for line, cells in data:
        values = {k: cell_in(c) for k, c in zip(keys, cells, strict=False) if k is not None}
        out.append((line, values))
    return out

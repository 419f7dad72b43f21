"""The import itself: every row of every sheet written through the functions the pages use — activities
first, so a recommendation may name an activity of the same file — each in its own savepoint, inside one
savepoint for the file. Any bad row, or a preview: the file's savepoint rolled back, nothing written, the
report says what each row did or would do and what is wrong with each bad one. Rows are keyed on their
council and code (``external_id``): a row found again with the same values is unchanged, so a second import
of the same file changes nothing; two rows with the same code in one file are refused."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import audit
from agenda.activity import activities, recommendations
from agenda.activity.importer.columns import COLUMNS, Table
from agenda.activity.importer.rows import CellError, Councils, RowError, activity_input, recommendation_input
from agenda.activity.importer.sheets import Row, Sheet, read_file
from agenda.activity.values import ActivityInput, ActivityPatch
from agenda.errors import DomainError
from agenda.models import Activity, Council, Recommendation


@dataclass(frozen=True)
class RowOutcome:
    sheet: str
    row: int
    table: str
    external_id: str
    outcome: str  # "created" | "updated" | "unchanged"
    id: int


@dataclass
class ImportReport:
    outcomes: list[RowOutcome] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False

    def counts(self) -> dict[str, int]:
        return {
            k: sum(1 for o in self.outcomes if o.outcome == k) for k in ("created", "updated", "unchanged")
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "committed": self.committed,
            "counts": self.counts(),
            "rows": [dataclasses.asdict(o) for o in self.outcomes],
            "errors": [e.as_dict() for e in self.errors],
        }


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


def _same_activity(a: ActivityInput, b: ActivityInput) -> bool:
    def key(v: ActivityInput) -> ActivityInput:
        return dataclasses.replace(
            v,
            ends_on=v.ends_on or v.starts_on,
            participants=tuple(sorted(v.participants, key=lambda p: p.person_id)),
        )

    return key(a) == key(b)


def _activity_row(lookup: Councils, council: Council, row: Row, actor: str | None) -> tuple[str, int]:
    db = lookup.db
    values = activity_input(lookup, council, row.cells)
    found = db.scalar(
        select(Activity).where(Activity.council_id == council.id, Activity.external_id == values.external_id)
    )
    if found is None:
        return "created", activities.create_activity(db, council, values, actor=actor).id
    if _same_activity(activities.as_input(found), values):
        return "unchanged", found.id
    changes = {f.name: getattr(values, f.name) for f in dataclasses.fields(ActivityInput)}
    activities.update_activity(db, found, ActivityPatch.of(**changes), actor=actor)
    return "updated", found.id


def _recommendation_row(lookup: Councils, council: Council, row: Row, actor: str | None) -> tuple[str, int]:
    db = lookup.db
    values = recommendation_input(db, council, row.cells)
    found = db.scalar(
        select(Recommendation).where(
            Recommendation.council_id == council.id, Recommendation.external_id == values.external_id
        )
    )
    if found is None:
        return "created", recommendations.create_recommendation(db, values, council=council, actor=actor).id
    wanted = (
        values
        if values.outcome is None or values.outcome_on
        else dataclasses.replace(values, outcome_on=values.answered_on)
    )
    current = recommendations.as_input(found)
    if dataclasses.replace(current, term_id=None) == dataclasses.replace(wanted, term_id=None) and (
        values.term_id is None or values.term_id == found.term_id
    ):
        return "unchanged", found.id
    recommendations.replace_recommendation(db, found, values, actor=actor)
    return "updated", found.id


WRITERS: dict[Table, Callable[[Councils, Council, Row, str | None], tuple[str, int]]] = {
    Table.ACTIVITIES: _activity_row,
    Table.RECOMMENDATIONS: _recommendation_row,
}


def _column(sheet: Sheet, key: str | None) -> str | None:
    """The header of column ``key`` as the file wrote it, or as the template names it when the file has none."""
    if key is None:
        return None
    named = next((c.vi for c in COLUMNS[sheet.table] if c.key == key), key)
    return sheet.headers.get(key, named)


def _run_sheet(
    db: DbSession, councils: Councils, sheet: Sheet, report: ImportReport, actor: str | None
) -> None:
    seen: dict[tuple[int, str], int] = {}
    for row in sheet.rows:
        try:
            council = councils.council(row.cells)
            code = " ".join(row.cells.get("external_id", "").split())
            if not code:
                raise CellError("external_id", "Ô này không được để trống.", "This cell is required.")
            if (council.id, code) in seen:
                raise CellError(
                    "external_id",
                    f"Mã “{code}” đã có ở dòng {seen[(council.id, code)]} của tệp.",
                    f"The code “{code}” is already on row {seen[(council.id, code)]} of the file.",
                )
            seen[(council.id, code)] = row.number
            with db.begin_nested():
                outcome, record_id = WRITERS[sheet.table](councils, council, row, actor)
        except CellError as error:
            report.errors.append(
                RowError(sheet.title, row.number, _column(sheet, error.key), error.vi, error.en)
            )
            continue
        except DomainError as error:
            failed = CellError.of(error)
            report.errors.append(
                RowError(sheet.title, row.number, _column(sheet, failed.key), error.vi, error.en)
            )
            continue
        report.outcomes.append(
            RowOutcome(sheet.title, row.number, str(sheet.table), code, outcome, record_id)
        )


def import_file(
    db: DbSession, filename: str, content: bytes, *, commit: bool, actor: str | None = None
) -> ImportReport:
    """Every row of the file checked by writing it; kept only with ``commit`` and no bad row (else
    :class:`ImportRefused` with ``commit``, or the preview's report without). Audited with the counts."""
    sheets = sorted(read_file(filename, content), key=lambda s: s.table is not Table.ACTIVITIES)
    report = ImportReport()
    councils = Councils(db)
    savepoint = db.begin_nested()
    try:
        for sheet in sheets:
            _run_sheet(db, councils, sheet, report, actor)
    except BaseException:
        savepoint.rollback()
        raise
    if report.errors or not commit:
        savepoint.rollback()
        report.errors.sort(key=lambda e: (e.sheet, e.row))
        if report.errors and commit:
            raise ImportRefused(report)
        return report
    savepoint.commit()
    report.committed = True
    counts = report.counts()
    if counts["created"] or counts["updated"]:
        audit.append(db, "activity.imported", {"file": filename, **counts}, actor=actor)
    return report

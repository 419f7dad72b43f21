"""What an import would do or did, row by row: its action, the fields it changes (from → to) and its errors
(the row's number, the column, Vietnamese and English) — as the preview shows it and a refusal carries it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from agenda.errors import DomainError

if TYPE_CHECKING:
    from agenda.council.roster.parse import Workbook
    from agenda.council.roster.plan import RowPlan


def shown(value: Any) -> Any:
    """A value as the file writes it: dates dd/mm/yyyy, "nam"/"nữ" capitalised."""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if value in ("nam", "nữ"):
        return str(value).capitalize()
    return value


@dataclass(frozen=True)
class Report:
    book: Workbook
    rows: tuple[RowPlan, ...]
    created_organizations: tuple[str, ...] = ()

    @property
    def has_errors(self) -> bool:
        return any(plan.errors for plan in self.rows)

    def counts(self) -> dict[str, dict[str, int]]:
        """Per list: how many rows are created, updated, unchanged or wrong."""
        out: dict[str, dict[str, int]] = {}
        for sheet in self.book.sheets:
            out.setdefault(sheet.roster.value, {"create": 0, "update": 0, "unchanged": 0, "error": 0})
        for plan in self.rows:
            out[plan.roster.value][plan.action.value] += 1
        return out

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "kind": self.book.kind,
            "sheets": [
                {
                    "list": sheet.roster.value,
                    "title": sheet.title,
                    "rows": len(sheet.rows),
                    "columns": [c.header for c in sheet.columns],
                    "ignored_columns": list(sheet.ignored),
                }
                for sheet in self.book.sheets
            ],
            "counts": self.counts(),
            "ok": not self.has_errors,
            "organizations_created": list(self.created_organizations),
            "rows": [_row(plan, lang) for plan in self.rows],
        }


def _row(plan: RowPlan, lang: str) -> dict[str, Any]:
    return {
        "list": plan.roster.value,
        "row": plan.number,
        "name": plan.name,
        "action": plan.action.value,
        "changes": [
            {
                "column": c.column.header if lang == "vi" else c.column.header_en,
                "key": c.column.key,
                "before": shown(c.before),
                "after": shown(c.after),
            }
            for c in plan.changes
        ],
        "errors": [
            {
                "row": plan.number,
                "column": (e.column.header if lang == "vi" else e.column.header_en) if e.column else None,
                "column_vi": e.column.header if e.column else None,
                "key": e.column.key if e.column else None,
                "message": e.vi if lang == "vi" else e.en,
                "message_vi": e.vi,
                "message_en": e.en,
            }
            for e in plan.errors
        ],
    }


class RosterRefused(DomainError):
    """An import with at least one wrong row: nothing is written; the error carries every row's report."""

    status = 422

    def __init__(self, report: Report) -> None:
        wrong = [plan for plan in report.rows if plan.errors]
        first = wrong[0]
        error = first.errors[0]
        where_vi = f"dòng {first.number}" + (f", cột “{error.column.header}”" if error.column else "")
        where_en = f"row {first.number}" + (f", column “{error.column.header_en}”" if error.column else "")
        super().__init__(
            f"{len(wrong)} dòng có lỗi, chưa ghi gì (đầu tiên: {where_vi}: {error.vi})",
            f"{len(wrong)} rows have errors; nothing was written (first: {where_en}: {error.en})",
            code="roster_refused",
            field="file",
        )
        self.report = report

    def as_dict(self, lang: str = "vi") -> dict[str, object]:
        return {**super().as_dict(lang), "report": self.report.as_dict(lang)}

"""Tables as an XLSX workbook, one sheet each: the header row bold, shaded and frozen, the columns as wide as
declared, dates and times as real dates (shown dd/mm/yyyy), numbers as numbers, and every text kept text —
never a formula, whatever it starts with. A table cut short says why in a last sheet, "Ghi chú"."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from agenda.opendata.exports.columns import Kind, Label, Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = "FFE8EEF7"
FORMATS = {Kind.DATE: "DD/MM/YYYY", Kind.DATETIME: "DD/MM/YYYY HH:MM", Kind.INTEGER: "0"}
NOTE_TITLE = Label("Ghi chú", "Note")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what an XLSX cannot hold
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, taken: set[str]) -> str:
    """A title as Excel allows a sheet's name: 31 characters, none of []:*?/\\, unique in the book."""
    name = _SHEET_NAME.sub(" ", title).strip()[:31] or "Sheet"
    base, n = name, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def write_xlsx(tables: Sequence[Table[Any]], lang: str = "vi") -> bytes:
    book = Workbook()
    first = book.active
    if first is not None:
        book.remove(first)
    taken: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(sheet_name(table.title.said(lang), taken))
        _fill(sheet, table, lang)
    notes = [t.note.said(lang) for t in tables if t.note is not None]
    if notes:
        sheet = book.create_sheet(sheet_name(NOTE_TITLE.said(lang), taken))
        for text in notes:
            sheet.append([text])
        sheet.column_dimensions["A"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(sheet: Any, table: Table[Any], lang: str) -> None:
    kinds = [c.kind for c in table.columns]
    sheet.append(table.headers(lang))
    for index, column in enumerate(table.columns, start=1):
        head = sheet.cell(row=1, column=index)
        head.font = Font(bold=True)
        head.fill = PatternFill("solid", fgColor=HEADER_FILL)
        head.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for number, values in enumerate(table.values(lang), start=2):
        for index, (kind, value) in enumerate(zip(kinds, values, strict=True), start=1):
            _put(sheet.cell(row=number, column=index), kind, value)
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(kinds))}{len(table.rows) + 1}"


def _put(cell: Cell, kind: Kind, value: str | int | float | dt.date | dt.datetime | None) -> None:
    if value is None:
        return
    if isinstance(value, str):
        cell.value = _ILLEGAL.sub("", value)
        cell.data_type = "s"  # "=…" stays the text it is: openpyxl would otherwise write a formula
        return
    cell.value = value
    number_format = FORMATS.get(kind)
    if number_format:
        cell.number_format = number_format

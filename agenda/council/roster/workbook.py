"""Writing the lists' files: an XLSX workbook (a sheet per list, headers styled and frozen, dates shown
dd/mm/yyyy, texts kept as text, pick lists) or a CSV of one list — in the columns of :mod:`.columns`, so that
what is written reads back as it was."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from typing import Any

from agenda.council.roster.columns import COLUMNS, SHEET_TITLES, Cell, Column, RosterList
from agenda.opendata.exports.cells import cell_out

Rows = list[dict[str, Any]]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
_LAST_ROW = 2001  # how far down the pick lists reach
_HEADER_FILL = "FFE8EEF7"


def write_xlsx(sheets: Iterable[tuple[RosterList, Rows]], more: Callable[[Any], None] | None = None) -> bytes:
    """A workbook with one sheet per list (headers, the rows, dates as dates, texts as text); ``more(book)``
    adds to it (the template's guide)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for roster, rows in sheets:
        sheet = book.create_sheet(SHEET_TITLES[roster])
        columns = COLUMNS[roster]
        sheet.append([c.header for c in columns])
        for number, row in enumerate(rows, start=1):
            sheet.append([number if c.cell == Cell.ORDINAL else row.get(c.key) for c in columns])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = (
                        "s"  # "=…" stays the text it is: openpyxl would otherwise write a formula
                    )
        style_sheet(sheet, columns, len(rows))
    if more is not None:
        more(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_csv(roster: RosterList, rows: Rows) -> bytes:
    """One list as CSV in UTF-8 with the BOM (which Excel needs to read Vietnamese), dates dd/mm/yyyy; a text a
    spreadsheet would run as a formula quoted with ``'`` (taken off again when the file is read back)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = COLUMNS[roster]
    writer.writerow([c.header for c in columns])
    for number, row in enumerate(rows, start=1):
        writer.writerow([number if c.cell == Cell.ORDINAL else _text(row.get(c.key)) for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _text(value: Any) -> Any:
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else cell_out(value) if isinstance(value, str) else value


def style_sheet(sheet: Any, columns: tuple[Column, ...], rows: int) -> None:
    """Bold, frozen headers; widths; dates shown dd/mm/yyyy; texts kept as text; the pick lists."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet.freeze_panes = "B2"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        head = sheet.cell(row=1, column=index)
        head.font = Font(bold=True)
        head.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        number_format = {Cell.DATE: "DD/MM/YYYY", Cell.TEXT: "@"}.get(column.cell)
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        if number_format:  # the cells written, and the column's style for those typed in later
            dimension.number_format = number_format
            for row in range(2, rows + 2):
                sheet.cell(row=row, column=index).number_format = number_format
        if column.choices:
            listed = '"' + ",".join(column.choices) + '"'
            check = DataValidation(type="list", formula1=listed, allow_blank=True, showErrorMessage=False)
            check.add(f"{letter}2:{letter}{_LAST_ROW}")
            sheet.add_data_validation(check)

"""An uploaded list's bytes → its sheets of raw rows (cell values as the file holds them), within bounds.

XLSX is read with openpyxl (read-only, values not formulas, XML through defusedxml) after its zip's
declared sizes are checked — a decompression bomb is refused before a byte of it is inflated. CSV is read
as UTF-8 (with or without the BOM Excel writes for "CSV UTF-8") or UTF-16 with its BOM, separated by commas,
semicolons or tabs. A CSV in the Windows code page (what Excel writes for plain "CSV" on a Vietnamese
Windows) is refused with the way to save it right: guessing a code page would store wrong names.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from agenda.council.roster.columns import GUIDE_TITLE, Cell, Column, RosterList, column_for, list_of_headers
from agenda.errors import DomainError
from agenda.opendata.exports.cells import cell_in

MAX_FILE_BYTES = 5 * 1024 * 1024  # the upload's limit (the API adds the form's own room)
MAX_UNPACKED_BYTES = 16 * 1024 * 1024  # what an XLSX's parts may inflate to, together (1,000 rows: ~1 MB)
MAX_ZIP_PARTS = 2000
MAX_ROWS = 1000  # data rows per sheet: a province has under 100 delegates (an import: ~10 ms a row)
MAX_COLUMNS = 60
HEADER_SEARCH_ROWS = 10  # a title or a blank line may stand above the header row


@dataclass(frozen=True)
class RawRow:
    number: int  # the row's number as the spreadsheet shows it (1 = the first line)
    cells: dict[str, Any]  # column key → the cell's value (str, int, float, date, datetime, bool or None)


@dataclass(frozen=True)
class Sheet:
    roster: RosterList
    title: str  # the sheet's name ("Đại biểu"), or the CSV file's
    columns: tuple[Column, ...]  # those the header row names, in its order
    ignored: tuple[str, ...]  # headers of no column of ours (left out, shown in the preview)
    rows: tuple[RawRow, ...]


@dataclass(frozen=True)
class Workbook:
    kind: str  # "xlsx" or "csv"
    sheets: tuple[Sheet, ...]


def unreadable(vi: str, en: str) -> DomainError:
    return DomainError(vi, en, code="unreadable_file", field="file", status=422)


def read_workbook(filename: str, content: bytes) -> Workbook:
    """The lists in an uploaded file (XLSX or CSV), or a 4xx saying why not."""
    if not content:
        raise unreadable("Tệp rỗng.", "The file is empty.")
    if len(content) > MAX_FILE_BYTES:
        raise DomainError(
            f"Tệp quá lớn (tối đa {MAX_FILE_BYTES // (1024 * 1024)} MB).",
            f"The file is too large (at most {MAX_FILE_BYTES // (1024 * 1024)} MB).",
            code="too_large",
            field="file",
            status=413,
        )
    if content.startswith(b"PK\x03\x04"):
        sheets = _xlsx_sheets(content)
        kind = "xlsx"
    elif content.startswith(b"\xd0\xcf\x11\xe0"):
        raise unreadable(
            "Tệp Excel dạng cũ (.xls) không đọc được. Trong Excel chọn Lưu thành → Sổ làm việc Excel (.xlsx).",
            "Old Excel files (.xls) cannot be read. In Excel choose Save As → Excel Workbook (.xlsx).",
        )
    else:
        sheets = [_csv_sheet(filename, content)]
        kind = "csv"
    found = tuple(sheet for sheet in sheets if sheet is not None)
    if not found:
        raise unreadable(
            "Không tìm thấy danh sách nào: cần một dòng tiêu đề có cột “Họ và tên” (xem tệp mẫu).",
            "No list found: a header row with a “Họ và tên” column is needed (see the template).",
        )
    return Workbook(kind, found)


def _xlsx_sheets(content: bytes) -> list[Sheet | None]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_ZIP_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
                raise unreadable(
                    "Tệp XLSX giải nén quá lớn; hãy chia danh sách thành nhiều tệp.",
                    "The XLSX file unpacks too large; split the list into several files.",
                )
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except DomainError:
        raise
    except Exception:  # noqa: BLE001 - any failure of the parser on untrusted bytes: not a workbook we can read
        raise unreadable(
            "Tệp không phải bảng tính XLSX đọc được (hỏng hoặc không đúng định dạng).",
            "The file is not a readable XLSX workbook (damaged or not that format).",
        ) from None
    try:
        return [
            _sheet(str(ws.title), ws.iter_rows(max_col=MAX_COLUMNS, values_only=True))
            for ws in book.worksheets
            if str(ws.title) != GUIDE_TITLE  # the template's guide names the columns, it is no list
        ]
    except DomainError:
        raise
    except Exception:  # noqa: BLE001 - as above, for a sheet's XML read row by row
        raise unreadable(
            "Một trang của bảng tính bị hỏng, không đọc được.",
            "A sheet of the workbook is damaged and cannot be read.",
        ) from None
    finally:
        book.close()


def _decoded(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return content.decode(encoding)
    except UnicodeDecodeError:
        raise unreadable(
            "Tệp CSV không ở dạng UTF-8 (có thể là bảng mã Windows-1258 của Excel). Trong Excel chọn Lưu thành "
            "→ “CSV UTF-8 (phân cách bằng dấu phẩy)”, hoặc tải lên tệp XLSX.",
            "The CSV file is not UTF-8 (perhaps Excel's Windows-1258 code page). In Excel choose Save As → "
            "“CSV UTF-8 (Comma delimited)”, or upload the XLSX file.",
        ) from None


def _csv_sheet(filename: str, content: bytes) -> Sheet | None:
    text = _decoded(content)
    if "\x00" in text:
        raise unreadable(
            "Tệp không phải CSV hay XLSX (có ký tự NUL).", "The file is neither CSV nor XLSX (it holds NUL)."
        )
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    try:
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return _sheet(filename or "CSV", ([cell or None for cell in row[:MAX_COLUMNS]] for row in rows))
    except csv.Error:
        raise unreadable("Tệp CSV không đúng định dạng.", "The CSV file is malformed.") from None


def too_many_rows(title: str) -> DomainError:
    return DomainError(
        f"Trang “{title}” có quá {MAX_ROWS} dòng; hãy chia thành nhiều tệp.",
        f"The sheet “{title}” has more than {MAX_ROWS} rows; split it into several files.",
        code="too_many_rows",
        field="file",
        status=413,
    )


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell(value: Any) -> Any:
    """A cell's value, with the quote a written file put before a would-be formula taken off again."""
    return cell_in(value) if isinstance(value, str) else value


def _sheet(title: str, rows: Any) -> Sheet | None:
    """The list in these rows, from its header row (within the first rows), or None without one."""
    header: list[str] | None = None
    roster: RosterList | None = None
    columns: list[tuple[int, Column]] = []
    ignored: list[str] = []
    found: list[RawRow] = []
    ordinal: set[str] = set()
    for number, values in enumerate(rows, start=1):
        if header is None:
            if number > HEADER_SEARCH_ROWS:
                return None
            texts = ["" if _blank(v) else str(v) for v in values]
            roster = list_of_headers(texts)
            if roster is not None:
                header = texts
                columns, ignored = _columns(roster, texts)
                ordinal = {c.key for _, c in columns if c.cell == Cell.ORDINAL}
            continue
        if number > HEADER_SEARCH_ROWS + 3 * MAX_ROWS:  # blank rows too: a million of them cost time
            raise too_many_rows(title)
        cells = {col.key: _cell(values[i]) if i < len(values) else None for i, col in columns}
        if all(_blank(v) for key, v in cells.items() if key not in ordinal):
            continue  # an empty line, or one numbered in advance (STT) and not filled in
        if len(found) >= MAX_ROWS:
            raise too_many_rows(title)
        found.append(RawRow(number, cells))
    if header is None or roster is None:
        return None
    return Sheet(roster, title, tuple(c for _, c in columns), tuple(ignored), tuple(found))


def _columns(roster: RosterList, headers: list[str]) -> tuple[list[tuple[int, Column]], list[str]]:
    columns: list[tuple[int, Column]] = []
    ignored: list[str] = []
    for i, text in enumerate(headers):
        if not text.strip():
            continue
        column = column_for(roster, text)
        if column is None:
            ignored.append(text.strip())
        elif any(c.key == column.key for _, c in columns):
            raise unreadable(
                f"Cột “{column.header}” xuất hiện hai lần trong dòng tiêu đề.",
                f"The column “{column.header_en}” appears twice in the header row.",
            )
        else:
            columns.append((i, column))
    return columns, ignored

"""An uploaded file's bytes → its tables of rows (each cell as text), within bounds. XLSX is read with
openpyxl (read-only, values not formulas) after its zip's declared sizes are checked; CSV as UTF-8 (with or
without the BOM), separated by commas, semicolons or tabs. A sheet is an activities table or a
recommendations table by its headers (:func:`agenda.activity.importer.columns.table_of`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from agenda.activity.importer.columns import Column, Table, header_map, normalized, table_of
from agenda.errors import DomainError

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 32 * 1024 * 1024
MAX_ZIP_PARTS = 2000
MAX_ROWS = 5000
MAX_COLUMNS = 60
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it (the first line is 1)
    cells: dict[str, str]  # column key → the cell as text ("" when blank)


@dataclass(frozen=True)
class Sheet:
    table: Table
    title: str
    headers: dict[str, str]  # column key → the header as written in the file
    rows: tuple[Row, ...]


def unreadable(vi: str, en: str) -> DomainError:
    return DomainError(vi, en, code="unreadable_file", field="file", status=422)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _sheet(title: str, lines: Iterable[Any]) -> Sheet | None:
    columns: list[tuple[int, Column]] | None = None
    table: Table | None = None
    headers: dict[str, str] = {}
    rows: list[Row] = []
    for number, values in enumerate(lines, start=1):
        texts = [_text(v) for v in list(values)[:MAX_COLUMNS]]
        if columns is None:
            if number > HEADER_SEARCH_ROWS:
                return None
            table = table_of(texts)
            if table is not None:
                by_name = header_map(table)
                columns = [
                    (i, by_name[normalized(t)]) for i, t in enumerate(texts) if normalized(t) in by_name
                ]
                headers = {c.key: texts[i] for i, c in columns}
                unknown = [t for t in texts if t and normalized(t) not in by_name]
                missing = [c.vi for c in by_name.values() if c.required and c.key not in headers]
                if unknown or missing:
                    raise unreadable(
                        f"Trang “{title}”: tiêu đề cột không đúng"
                        + (f"; thiếu: {', '.join(dict.fromkeys(missing))}" if missing else "")
                        + (f"; không nhận: {', '.join(unknown)}" if unknown else "")
                        + ".",
                        f"Sheet “{title}”: the column headers are wrong"
                        + (f"; missing: {', '.join(dict.fromkeys(missing))}" if missing else "")
                        + (f"; unknown: {', '.join(unknown)}" if unknown else "")
                        + ".",
                    )
            continue
        cells = {c.key: texts[i] if i < len(texts) else "" for i, c in columns}
        if not any(cells.values()):
            continue
        if len(rows) >= MAX_ROWS or number > HEADER_SEARCH_ROWS + 3 * MAX_ROWS:
            raise DomainError(
                f"Trang “{title}” có quá {MAX_ROWS} dòng; hãy chia thành nhiều tệp.",
                f"The sheet “{title}” has more than {MAX_ROWS} rows; split it into several files.",
                code="too_many_rows",
                field="file",
                status=413,
            )
        rows.append(Row(number, cells))
    if table is None:
        return None
    return Sheet(table, title, headers, tuple(rows))


def _xlsx(content: bytes) -> list[Sheet | None]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_ZIP_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
                raise unreadable("Tệp XLSX giải nén quá lớn.", "The XLSX file unpacks too large.")
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except DomainError:
        raise
    except Exception:  # noqa: BLE001 - any failure of the parser on untrusted bytes
        raise unreadable(
            "Tệp không phải bảng tính XLSX đọc được.", "The file is not a readable XLSX workbook."
        ) from None
    try:
        return [
            _sheet(str(ws.title), ws.iter_rows(max_col=MAX_COLUMNS, values_only=True))
            for ws in book.worksheets
        ]
    except DomainError:
        raise
    except Exception:  # noqa: BLE001 - a sheet's XML read row by row
        raise unreadable("Một trang của bảng tính bị hỏng.", "A sheet of the workbook is damaged.") from None
    finally:
        book.close()


def _csv(filename: str, content: bytes) -> Sheet | None:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise unreadable(
            "Tệp CSV phải mã hóa UTF-8 (trong Excel: Lưu thành “CSV UTF-8”).",
            "The CSV file must be UTF-8 (in Excel: Save as “CSV UTF-8”).",
        ) from None
    if "\x00" in text:
        raise unreadable("Tệp không phải CSV hay XLSX.", "The file is neither CSV nor XLSX.")
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    try:
        return _sheet(filename or "CSV", csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise unreadable("Tệp CSV không đúng định dạng.", "The CSV file is malformed.") from None


def read_file(filename: str, content: bytes) -> list[Sheet]:
    """The activities and recommendations tables in an uploaded file, or a 4xx saying why not."""
    if not content:
        raise unreadable("Tệp rỗng.", "The file is empty.")
    if len(content) > MAX_FILE_BYTES:
        raise DomainError(
            "Tệp quá lớn (tối đa 5 MB).",
            "The file is too large (at most 5 MB).",
            code="too_large",
            field="file",
            status=413,
        )
    sheets = _xlsx(content) if content.startswith(b"PK\x03\x04") else [_csv(filename, content)]
    found = [s for s in sheets if s is not None]
    if not found:
        raise unreadable(
            "Không tìm thấy bảng hoạt động (cột “Loại hoạt động”) hay bảng kiến nghị (cột “Nội dung kiến nghị”).",
            "No activities table (a “Loại hoạt động” column) nor recommendations table (a “Nội dung kiến nghị”"
            " column) was found.",
        )
    return found

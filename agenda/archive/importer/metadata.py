"""A CSV of the files' details (``--csv META.csv``): one row per file, its values over what the first page
says. Headers in English or Vietnamese, any case, with or without diacritics:

    file (tệp), number (số, ký hiệu), adopted_on (ngày thông qua / ngày ban hành), council (hđnd / cơ quan
    ban hành: an id, a name or a short name), normative (quy phạm pháp luật / qppl: có, x, 1, true …),
    title (trích yếu), field (lĩnh vực), signer_name (người ký), signer_title (chức vụ), signed_on (ngày ký),
    effective_on (ngày có hiệu lực)

A row with a bad value is kept as its error, refused with the file it names (the other rows go on)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import PurePath

from agenda.errors import DomainError
from agenda.inputs import parse_date
from agenda.text import ascii_fold, canonical, nfc

COLUMNS = {
    "file": ("file", "filename", "tep", "ten tep"),
    "number": ("number", "so", "so, ky hieu", "so ky hieu", "so/ky hieu"),
    "adopted_on": ("adopted_on", "date", "ngay thong qua", "ngay ban hanh", "ngay"),
    "council": ("council", "issuer", "hdnd", "hoi dong nhan dan", "co quan ban hanh"),
    "normative": ("normative", "qppl", "quy pham phap luat", "van ban qppl"),
    "title": ("title", "summary", "trich yeu"),
    "field": ("field", "linh vuc"),
    "signer_name": ("signer_name", "signer", "nguoi ky"),
    "signer_title": ("signer_title", "chuc vu", "chuc vu nguoi ky"),
    "signed_on": ("signed_on", "ngay ky"),
    "effective_on": ("effective_on", "ngay co hieu luc", "hieu luc tu"),
}
_LABELS = {
    "adopted_on": ("ngày thông qua", "adoption date"),
    "signed_on": ("ngày ký", "signing date"),
    "effective_on": ("ngày có hiệu lực", "effective date"),
}
_YES = {"1", "x", "co", "true", "yes", "y", "qppl"}
_NO = {"", "0", "khong", "false", "no", "n"}


@dataclass(frozen=True)
class Row:
    """One file's details; None: not given (the header's value stands)."""

    line: int
    number: str | None = None
    adopted_on: dt.date | None = None
    council: str | None = None
    normative: bool | None = None
    title: str | None = None
    field: str | None = None
    signer_name: str | None = None
    signer_title: str | None = None
    signed_on: dt.date | None = None
    effective_on: dt.date | None = None
    error: DomainError | None = None


@dataclass(frozen=True)
class Metadata:
    rows: dict[str, Row] = field(
        default_factory=dict
    )  # by file name (its path under the folder, or its name)

    def row_for(self, relative: str) -> Row | None:
        """The row of a file, by its path under the folder or its name (NFC on both sides: a name written
        decomposed, as some systems store them, is the same name)."""
        name = nfc(relative)
        return self.rows.get(name) or self.rows.get(PurePath(name).name)


def _column(header: str) -> str | None:
    wanted = " ".join(ascii_fold(header).replace("_", " ").split())
    for name, spellings in COLUMNS.items():
        if wanted in spellings or wanted == name.replace("_", " "):
            return name
    return None


def _row_error(line: int, error: DomainError) -> DomainError:
    return DomainError(
        f"Dòng {line} của tệp CSV: {error.vi}",
        f"Line {line} of the CSV file: {error.en}",
        code="csv_row",
        field=error.field,
    )


def _normative(value: str) -> bool:
    folded = ascii_fold(value).strip()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise DomainError(
        f"Cột quy phạm pháp luật ghi “{value}”: hãy ghi “có” hoặc “không”.",
        f"The normative column says “{value}”: write “yes” or “no”.",
        field="normative",
    )


def _row(line: int, cells: dict[str, str]) -> Row:
    values: dict[str, object] = {}
    for name, raw in cells.items():
        text = canonical(raw).strip()
        if name in _LABELS:
            values[name] = parse_date(text, name, _LABELS[name]) if text else None
        elif name == "normative":
            values[name] = _normative(text) if text else None
        else:
            values[name] = text or None
    return Row(line=line, **values)  # type: ignore[arg-type]


def read_metadata(content: bytes) -> Metadata:
    """The rows of a CSV (UTF-8, with or without BOM; comma or semicolon); refused when it has no ``file``
    column or names a column twice. Unknown columns are ignored."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(
            "Tệp CSV không phải UTF-8: hãy lưu lại với bảng mã UTF-8.",
            "The CSV file is not UTF-8: save it again as UTF-8.",
            code="csv_encoding",
            field="csv",
        ) from None
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")  # type: ignore[assignment]
    except csv.Error:
        pass
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None) or []
    columns = [_column(cell) for cell in header]
    named = [c for c in columns if c]
    if "file" not in named or len(named) != len(set(named)):
        raise DomainError(
            "Tệp CSV cần dòng tiêu đề có cột “tệp” (file), mỗi cột một lần.",
            "The CSV file needs a header row with a “file” column, each column once.",
            code="csv_header",
            field="csv",
        )
    rows: dict[str, Row] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        given = {c: cells[i] for i, c in enumerate(columns) if c and i < len(cells)}
        name = nfc(given.pop("file", "").strip())
        if not name:
            continue
        try:
            rows[name] = _row(line, given)
        except DomainError as error:
            rows[name] = Row(line=line, error=_row_error(line, error))
    return Metadata(rows)

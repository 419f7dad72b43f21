"""Reading the exported files back as a spreadsheet user's program would: the CSV with :mod:`csv` (the BOM
first), the XLSX with openpyxl (its sheets, their rows as values)."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl

from agenda.opendata.exports.csvfile import BOM


def csv_rows(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith(BOM), "no byte-order mark: Excel would read the Vietnamese wrong"
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def xlsx_sheets(content: bytes) -> dict[str, list[list[Any]]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book.worksheets}


def xlsx_book(content: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(content))


def by_header(rows: list[list[Any]]) -> list[dict[str, Any]]:
    head = rows[0]
    return [dict(zip(head, r, strict=True)) for r in rows[1:]]

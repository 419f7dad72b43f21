"""Spreadsheets for the roster's tests, built the way a council's own files are (openpyxl, csv)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import openpyxl

HEADERS = [
    "STT",
    "Họ và tên",
    "Năm sinh",
    "Giới tính",
    "Đơn vị bầu cử",
    "Số ghế",
    "Ban",
    "Chức vụ trong Ban",
    "Tổ đại biểu",
    "Chức vụ trong Tổ",
]


def xlsx(
    rows: Sequence[Sequence[Any]],
    headers: Sequence[str] = HEADERS,
    title: str = "Đại biểu",
    above: Sequence[Sequence[Any]] = (),
) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for line in above:
        sheet.append(list(line))
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(
    rows: Sequence[Sequence[Any]],
    headers: Sequence[str] = HEADERS,
    *,
    delimiter: str = ",",
    encoding: str = "utf-8-sig",
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def delegates(count: int, *, heads: bool = True) -> list[list[Any]]:
    """``count`` delegates in five Ban and ten Tổ, seated H001…, each Ban and Tổ with its head (the first
    member) if ``heads``."""
    bans = ["Ban Pháp chế", "Ban Kinh tế – Ngân sách", "Ban Văn hóa – Xã hội", "Ban Đô thị", "Ban Dân tộc"]
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
    given = ["An", "Bình", "Cường", "Dung", "Đạt", "Giang", "Hà", "Khánh", "Lan", "Minh"]
    rows = []
    for i in range(count):
        ban, group = bans[i % 5], f"Tổ đại biểu số {i % 10 + 1}"
        rows.append(
            [
                i + 1,
                f"{family[i % 10]} Văn {given[(i // 10) % 10]} {chr(65 + i // 100)}"
                if i >= 100
                else f"{family[i % 10]} {'Thị' if i % 2 else 'Văn'} {given[(i // 10) % 10]}",
                1960 + i % 30,
                "Nữ" if i % 2 else "Nam",
                f"Đơn vị bầu cử số {i % 20 + 1}",
                f"H{i + 1:03d}",
                ban,
                "Trưởng Ban" if heads and i < 5 else "Ủy viên",
                group,
                "Tổ trưởng" if heads and i < 10 else "",
            ]
        )
    return rows


def windows_1258(text: str) -> bytes:
    """``text`` as Excel writes "CSV" on a Vietnamese Windows: code page 1258, tones as combining marks."""
    import unicodedata

    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            letter = unicodedata.normalize("NFC", base + "".join(marks[:-1]))
            out += letter.encode("cp1258") + marks[-1].encode("cp1258")
    return out

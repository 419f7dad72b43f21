"""The yearly list a council publishes each January (danh mục văn bản hết hiệu lực, ngưng hiệu lực toàn bộ hoặc
một phần — Decree 34/2016/NĐ-CP art. 157, as amended), as rows for a spreadsheet and a printable PDF.

Part A lists the resolutions that ended or were suspended wholly during the year, part B those that did in
part (with the articles concerned). Only normative resolutions belong on the legal list; the archive's own
list (``links.yearly_list``) has the others too."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from agenda.archive.force import Force, YearlyEntry
from agenda.models import Resolution

WHOLE = frozenset({Force.ENDED, Force.SUSPENDED})
HEADERS = (
    "STT",
    "Số, ký hiệu; ngày, tháng, năm ban hành",
    "Tên gọi của văn bản (trích yếu)",
    "Nội dung, quy định hết hiệu lực, ngưng hiệu lực",
    "Lý do hết hiệu lực, ngưng hiệu lực",
    "Ngày hết hiệu lực, ngưng hiệu lực",
)
PARTS = {
    "A": "A. VĂN BẢN HẾT HIỆU LỰC, NGƯNG HIỆU LỰC TOÀN BỘ",
    "B": "B. VĂN BẢN HẾT HIỆU LỰC, NGƯNG HIỆU LỰC MỘT PHẦN",
}


@dataclass(frozen=True)
class YearlyRow:
    part: str  # "A" (wholly) or "B" (in part)
    number: str
    adopted_on: dt.date
    title: str
    what: str  # the articles concerned ("Điều 2"); "Toàn bộ" for part A
    reason: str
    day: dt.date

    def cells(self, index: int) -> tuple[str, ...]:
        return (
            str(index),
            f"{self.number} ngày {self.adopted_on:%d/%m/%Y}",
            self.title,
            self.what,
            self.reason,
            f"{self.day:%d/%m/%Y}",
        )


def yearly_rows(entries: Sequence[YearlyEntry], records: Mapping[int, Resolution]) -> list[YearlyRow]:
    """The lines of the legal list: normative resolutions only, part A before part B, by date."""
    rows = []
    for entry in entries:
        record = records[entry.resolution]
        if not record.normative:
            continue
        parts = sorted({p for r in entry.reasons for p in r.parts})
        rows.append(
            YearlyRow(
                part="A" if entry.status in WHOLE else "B",
                number=record.number or "(chưa có số)",
                adopted_on=record.adopted_on,
                title=record.title,
                what="Toàn bộ" if entry.status in WHOLE else ", ".join(parts),
                reason="; ".join(r.sentence("vi") for r in entry.reasons),
                day=entry.day,
            )
        )
    return sorted(rows, key=lambda r: (r.part, r.day, r.number))


def heading(council: str, year: int) -> tuple[str, str]:
    return (
        f"DANH MỤC VĂN BẢN QUY PHẠM PHÁP LUẬT HẾT HIỆU LỰC, NGƯNG HIỆU LỰC TOÀN BỘ HOẶC MỘT PHẦN NĂM {year}",
        f"của {council}",
    )


def yearly_xlsx(council: str, year: int, rows: Sequence[YearlyRow]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"Danh mục {year}"
    title, by = heading(council, year)
    sheet.append([title])
    sheet.append([by])
    sheet["A1"].font = Font(bold=True, size=12)
    for part, label in PARTS.items():
        sheet.append([])
        sheet.append([label])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.append(list(HEADERS))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        lines = [r for r in rows if r.part == part]
        for index, row in enumerate(lines, start=1):
            sheet.append(list(row.cells(index)))
            for cell in sheet[sheet.max_row]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if not lines:
            sheet.append(["", "Không có văn bản."])
    for column, width in zip("ABCDEF", (6, 28, 50, 22, 50, 16), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

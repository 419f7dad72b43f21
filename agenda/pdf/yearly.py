"""The yearly list of resolutions no longer in force or suspended, printed (A4 landscape, a table per part),
in a font that covers Vietnamese; the rows come from :mod:`agenda.archive.reports`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from agenda.pdf.typeset import new_pdf, output_bytes


class Line(Protocol):
    @property
    def part(self) -> str: ...

    def cells(self, index: int) -> tuple[str, ...]: ...


WIDTHS = (10, 45, 75, 35, 72, 30)  # mm, across 267 mm of landscape A4


def yearly_pdf(
    title: str, by: str, parts: dict[str, str], headers: Sequence[str], rows: Sequence[Line]
) -> bytes:
    pdf = new_pdf(running=title[:90])
    pdf.set_margins(15, 15, 15)
    pdf.add_page(orientation="L")
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 6, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, by, align="C", new_x="LMARGIN", new_y="NEXT")
    for part, label in parts.items():
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 5, label, new_x="LMARGIN", new_y="NEXT")
        lines = [r for r in rows if r.part == part]
        pdf.set_font("DejaVu", "", 8.5)
        if not lines:
            pdf.multi_cell(0, 5, "Không có văn bản.", new_x="LMARGIN", new_y="NEXT")
            continue
        with pdf.table(col_widths=WIDTHS, text_align="LEFT", line_height=4.5, repeat_headings=1) as table:
            head = table.row()
            for text in headers:
                head.cell(text)
            for index, line in enumerate(lines, start=1):
                row = table.row()
                for text in line.cells(index):
                    row.cell(text)
    return output_bytes(pdf)

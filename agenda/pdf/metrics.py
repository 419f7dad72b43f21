"""The annual report (báo cáo tổng kết) of :mod:`agenda.metrics.report`, printed: A4 landscape, a table per
section, in DejaVu (every Vietnamese letter). Text is cleaned as the minutes clean theirs
(:func:`agenda.pdf.minutes.typography.clean`: NFC, no soft hyphen). Headings wrap only at spaces
(:func:`~agenda.pdf.minutes.typography.wrap`); a body cell is one line — a number is never cut (each column
is wide enough for its widest number), a name too long for its column is shortened with "…". The header
row is repeated on each new page."""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF

from agenda.metrics.report import Report, Section
from agenda.pdf.minutes.typography import clean, wrap
from agenda.pdf.typeset import new_pdf, output_bytes

LINE = 4.0  # mm
PAD = 1.0  # mm each side


def _fit(pdf: FPDF, text: str, width: float) -> str:
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _header(pdf: FPDF, section: Section) -> None:
    pdf.set_font("DejaVu", "B", 7)
    lines = [
        wrap(clean(h), w - 2 * PAD, pdf.get_string_width)
        for h, w in zip(section.headers, section.widths, strict=True)
    ]
    height = max(len(x) for x in lines) * LINE + 1
    x, y = pdf.l_margin, pdf.get_y()
    for column, width in zip(lines, section.widths, strict=True):
        pdf.rect(x, y, width, height)
        for n, text in enumerate(column):
            pdf.set_xy(x + PAD, y + 0.5 + n * LINE)
            pdf.cell(width - 2 * PAD, LINE, text)
        x += width
    pdf.set_xy(pdf.l_margin, y + height)
    pdf.set_font("DejaVu", "", 7.5)


def _row(pdf: FPDF, values: Sequence[str | int], widths: Sequence[float]) -> None:
    for value, width in zip(values, widths, strict=True):
        number = isinstance(value, int) or clean(str(value)).replace(",", "").replace(" %", "").isdigit()
        text = clean(str(value))
        pdf.cell(width, LINE + 1, _fit(pdf, text, width - 2 * PAD), border=1, align="R" if number else "L")
    pdf.ln(LINE + 1)


def report_pdf(report: Report) -> bytes:
    pdf = new_pdf(running=clean(report.title)[:90])
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(False)
    pdf.add_page(orientation="L")
    bottom = pdf.h - 18
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 6, clean(report.title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 6, clean(report.subtitle), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.c_margin = PAD
    for section in report.sections:
        if pdf.get_y() + 30 > bottom:
            pdf.add_page(orientation="L")
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 5, clean(section.title), new_x="LMARGIN", new_y="NEXT")
        if not section.rows:
            pdf.set_font("DejaVu", "", 8)
            pdf.multi_cell(0, 5, "Không có số liệu.", new_x="LMARGIN", new_y="NEXT")
            continue
        _header(pdf, section)
        for values in section.rows:
            if pdf.get_y() + LINE + 1 > bottom:
                pdf.add_page(orientation="L")
                _header(pdf, section)
            _row(pdf, values, section.widths)
    return output_bytes(pdf)

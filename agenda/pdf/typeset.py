"""Typesetting with fpdf2 in DejaVu (it carries every Vietnamese letter): A4 pages with a running header and
page numbers, and plain text documents (the demo's documents are made this way)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fpdf import FPDF, XPos, YPos

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"


def add_fonts(pdf: FPDF) -> None:
    """DejaVu, regular and bold (``"B"``), under the family name "DejaVu"."""
    pdf.add_font("DejaVu", "", str(FONT_REGULAR))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))


class _Typeset(FPDF):
    """An A4 page with an optional running header and a page number at the foot."""

    running: str | None = None

    def header(self) -> None:
        if self.running:
            self.set_font("DejaVu", size=8)
            self.set_y(8)
            self.cell(0, 4, self.running[:110], align="C")
            self.set_y(self.t_margin)
            self.set_font("DejaVu", size=11)

    def footer(self) -> None:
        if self.running:
            self.set_font("DejaVu", size=8)
            self.set_y(-12)
            self.cell(0, 4, f"Trang {self.page_no()}", align="C")


def new_pdf(*, running: str | None = None) -> _Typeset:
    pdf = _Typeset(format="A4")
    pdf.running = running
    add_fonts(pdf)
    pdf.set_font("DejaVu", size=11)
    # A fixed creation date keeps the output reproducible (same input → same bytes → same ETag).
    pdf.set_creation_date(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    return pdf


def write_paragraph(pdf: FPDF, width: float, height: float, text: str, **options: Any) -> None:
    """A paragraph; the next one starts at the left margin below it."""
    pdf.multi_cell(width, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, **options)


def output_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


def text_pdf(
    title: str, paragraphs: Sequence[str], *, author: str | None = None, header: str | None = None
) -> bytes:
    """Plain text typeset as an A4 PDF: a bold title, then paragraphs; header and page numbers on every page.

    Used for sample and demo documents (and the benchmark corpus)."""
    pdf = new_pdf(running=header or title)
    pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_top_margin(16)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    write_paragraph(pdf, 0, 8, title, align="C")
    pdf.ln(4)
    pdf.set_font("DejaVu", size=11)
    for paragraph in paragraphs:
        write_paragraph(pdf, 0, 6, paragraph)
        pdf.ln(2)
    return output_bytes(pdf)

"""The minutes' page: A4 in DejaVu (it carries every Vietnamese letter), a running header from the second
page, "Trang 2/7" at the foot, and paragraphs that go through :mod:`.typography` — NFC, document numbers
kept whole — on their way to fpdf2."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from fpdf import FPDF, XPos, YPos

from agenda.pdf.minutes.typography import clean, wrap
from agenda.pdf.typeset import add_fonts

FONT = "DejaVu"
LINE = 0.47  # line height per point of font size, in mm


class MinutesPdf(FPDF):
    """An A4 page of the minutes; ``running`` is printed at the top of every page after the first."""

    def __init__(self, running: str) -> None:
        super().__init__(format="A4")
        self.running = clean(running)
        add_fonts(self)
        self.set_margins(20, 15, 15)
        self.set_auto_page_break(True, margin=16)
        self.alias_nb_pages()
        self._widths: dict[tuple[str, float, str], float] = {}
        # A fixed creation date keeps the output reproducible (same minutes → same bytes).
        self.set_creation_date(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    @property
    def width(self) -> float:
        return float(self.w - self.l_margin - self.r_margin)

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font(FONT, size=7.5)
            self.set_y(8)
            self.cell(0, 4, self.running, align="C")
            self.set_y(self.t_margin)

    def footer(self) -> None:
        self.set_font(FONT, size=7.5)
        self.set_y(-11)
        self.cell(0, 4, f"Trang {self.page_no()}/{{nb}}", align="C")

    def para(
        self,
        text: str,
        size: float = 10,
        *,
        bold: bool = False,
        align: str = "L",
        indent: float = 0,
        gap: float = 1.2,
    ) -> None:
        """A paragraph across the page (``indent`` mm from the left margin); the next starts below it. Its
        lines are broken here (:func:`.typography.wrap`: at spaces only), each printed as one cell."""
        style = "B" if bold else ""
        self.set_font(FONT, style, size)
        width, height = self.width - indent, size * LINE
        for line in wrap(
            clean(text), width - 2 * self.c_margin, lambda word: self._measure(word, style, size)
        ):
            self.set_x(self.l_margin + indent)
            self.cell(width, height, line, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if gap:
            self.ln(gap)

    def _measure(self, word: str, style: str, size: float) -> float:
        """A word's width in the current font, measured once (names and words repeat through the minutes)."""
        key = (word, size, style)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = float(self.get_string_width(word))
        return found

    def part_title(self, text: str) -> None:
        """A part of the minutes ("II. ĐIỂM DANH"), never alone at the foot of a page."""
        if self.will_page_break(30):
            self.add_page()
        self.ln(2)
        self.para(text, 11, bold=True, gap=1.5)

    def columns(
        self, left: Sequence[tuple[str, bool]], right: Sequence[tuple[str, bool]], size: float
    ) -> None:
        """Two centred columns side by side (the national heading, the signatures): lines (text, bold)."""
        top, half = self.get_y(), self.width / 2
        bottom = top
        for x, lines in ((self.l_margin, left), (self.l_margin + half, right)):
            self.set_xy(x, top)
            for text, bold in lines:
                self.set_font(FONT, "B" if bold else "", size)
                self.set_x(x)
                self.multi_cell(half, size * LINE, clean(text), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
            bottom = max(bottom, self.get_y())
        self.set_xy(self.l_margin, bottom)

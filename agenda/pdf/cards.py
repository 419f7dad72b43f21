"""The printable sheet of QR sign-in cards: eight to an A4 page, cut along the dashed lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from fpdf import FPDF

from agenda.errors import DomainError
from agenda.pdf.typeset import add_fonts
from agenda.qr import qr_image
from agenda.text import nfc

CARD_TITLE = "THẺ ĐĂNG NHẬP MÁY TÍNH BẢNG"
CARD_HINT = "Quét mã QR bằng camera máy tính bảng để đăng nhập"


@dataclass(frozen=True)
class CardFace:
    """What is printed on one card."""

    full_name: str
    seat_label: str | None
    constituency: str | None
    url: str
    expires_on: dt.date


PAGE_W, PAGE_H = 210.0, 297.0  # A4 portrait, millimetres
COLUMNS, ROWS = 2, 4
CARD_W, CARD_H = 90.0, 58.0
MARGIN_X = (PAGE_W - COLUMNS * CARD_W) / 2
MARGIN_Y = (PAGE_H - ROWS * CARD_H) / 2
PAD = 4.0
BAND_H = 12.0
QR_SIZE = 28.0
RED = (160, 22, 28)
INK = (25, 25, 25)
GREY = (95, 95, 95)
LIGHT = (170, 170, 170)


class _Sheet(FPDF):
    def __init__(self, council_name: str, session_title: str | None) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.council_name = nfc(council_name)
        self.session_title = nfc(session_title) if session_title else None
        add_fonts(self)
        self.set_auto_page_break(False)
        self.set_margins(0, 0, 0)
        self.c_margin = 0  # text starts exactly at the card's padding
        self.set_title(f"Thẻ đăng nhập — {self.council_name}")
        self.set_creator("Kỳ họp số")
        self.set_lang("vi")
        self.alias_nb_pages()

    def sheet_page(self) -> None:
        self.add_page()
        self._page_header()

    def finish_page(self, count: int) -> None:
        self._cut_lines(count)  # drawn last so the dashes stay visible across the coloured bands

    def _page_header(self) -> None:
        self.set_text_color(*GREY)
        self.set_font("DejaVu", "B", 9)
        self.set_xy(MARGIN_X, MARGIN_Y - 14)
        self.cell(COLUMNS * CARD_W, 5, f"{self.council_name} — Thẻ đăng nhập máy tính bảng", align="L")
        self.set_font("DejaVu", "", 8)
        self.set_xy(MARGIN_X, MARGIN_Y - 14)
        self.cell(COLUMNS * CARD_W, 5, f"Trang {self.page_no()}/{{nb}}", align="R")
        if self.session_title:
            self.set_xy(MARGIN_X, MARGIN_Y - 9)
            self.cell(COLUMNS * CARD_W, 4, self.session_title, align="L")
        self.set_xy(MARGIN_X, MARGIN_Y + ROWS * CARD_H + 5)
        self.set_font("DejaVu", "", 7.5)
        self.multi_cell(
            COLUMNS * CARD_W,
            3.6,
            "Cắt theo đường nét đứt. Mỗi thẻ là thông tin đăng nhập của riêng một đại biểu — "
            "không cho người khác mượn; mất thẻ xin báo ngay thư ký kỳ họp để thu hồi và cấp thẻ mới.",
            align="L",
        )

    def _cut_lines(self, count: int) -> None:
        """Dashed lines along the edges of the ``count`` cards on this page, running a little past the grid."""

        def cards_in_row(row: int) -> int:
            return max(0, min(COLUMNS, count - row * COLUMNS)) if 0 <= row < ROWS else 0

        rows = -(-count // COLUMNS)
        self.set_draw_color(*LIGHT)
        self.set_line_width(0.2)
        with self.local_context():
            self.set_dash_pattern(dash=1.5, gap=1.5)
            for row in range(rows + 1):
                width = max(cards_in_row(row - 1), cards_in_row(row))
                y = MARGIN_Y + row * CARD_H
                self.line(MARGIN_X - 6, y, MARGIN_X + width * CARD_W + 6, y)
            for col in range(COLUMNS + 1):
                depth = sum(1 for row in range(rows) if cards_in_row(row) >= max(col, 1))
                x = MARGIN_X + col * CARD_W
                if depth:
                    self.line(x, MARGIN_Y - 4, x, MARGIN_Y + depth * CARD_H + 4)

    def card(self, face: CardFace, x: float, y: float) -> None:
        self._band(x, y)
        if self.session_title:
            self._fitted_line(
                self.session_title,
                x + PAD,
                y + BAND_H + 1.2,
                CARD_W - 2 * PAD,
                3.2,
                style="",
                size=6.2,
                color=GREY,
            )
        text_w = CARD_W - 2 * PAD - QR_SIZE - 3
        top = y + BAND_H + (5.5 if self.session_title else 3.5)
        self._person(face, x + PAD, top, text_w)
        qr_y = y + BAND_H + (5 if self.session_title else 3)
        self.image(qr_image(face.url), x=x + CARD_W - PAD - QR_SIZE, y=qr_y, w=QR_SIZE, h=QR_SIZE)
        self._footer(face, x, y)

    def _band(self, x: float, y: float) -> None:
        self.set_fill_color(*RED)
        self.rect(x, y, CARD_W, BAND_H, style="F")
        self._fitted_line(
            self.council_name.upper(),
            x + PAD,
            y + 1.8,
            CARD_W - 2 * PAD,
            4.4,
            style="B",
            size=7.6,
            color=(255, 255, 255),
            align="C",
        )
        self._fitted_line(
            CARD_TITLE,
            x + PAD,
            y + 6.6,
            CARD_W - 2 * PAD,
            3.8,
            style="",
            size=6.6,
            color=(255, 228, 160),
            align="C",
        )

    def _person(self, face: CardFace, x: float, y: float, width: float) -> None:
        name = nfc(face.full_name)
        size = _fit_size(self, name, width, "B", 12.5, 8.5)
        self.set_text_color(*INK)
        if size is not None:
            self._fitted_line(name, x, y, width, 6, style="B", size=size, color=INK)
            y += 6.5
        else:  # a very long name: at most two lines
            self.set_font("DejaVu", "B", 8.5)
            lines = self._lines(name, width, 4.2)
            if len(lines) > 2:
                lines = [lines[0], lines[1].rstrip() + "…"]
            self.set_xy(x, y)
            self.multi_cell(width, 4.2, "\n".join(lines), align="L")
            y = self.get_y() + 1
        if face.seat_label:
            self._fitted_line(f"Ghế {face.seat_label}", x, y, width, 5, style="B", size=9.5, color=RED)
            y += 5.6
        if face.constituency:
            self.set_font("DejaVu", "", 6.6)
            self.set_text_color(*GREY)
            self.set_xy(x, y)
            lines = self._lines(nfc(face.constituency), width, 3.1)
            if len(lines) > 3:
                lines = [*lines[:2], lines[2].rstrip(" ,") + "…"]
            self.multi_cell(width, 3.1, "\n".join(lines), align="L")

    def _lines(self, text: str, width: float, height: float) -> list[str]:
        """How ``text`` wraps in the current font, without printing it."""
        lines = self.multi_cell(width, height, text, align="L", dry_run=True, output="LINES")
        return cast(list[str], lines)  # output="LINES" returns the lines (fpdf's type covers every output)

    def _footer(self, face: CardFace, x: float, y: float) -> None:
        bottom = y + CARD_H
        self.set_draw_color(*LIGHT)
        self.set_line_width(0.2)
        self.line(x + PAD, bottom - 10.8, x + CARD_W - PAD, bottom - 10.8)
        self._fitted_line(
            f"Hiệu lực đến {face.expires_on:%d/%m/%Y}",
            x + PAD,
            bottom - 10.0,
            CARD_W - 2 * PAD,
            4,
            style="B",
            size=7.5,
            color=INK,
        )
        self._fitted_line(
            CARD_HINT, x + PAD, bottom - 5.8, CARD_W - 2 * PAD, 3.6, style="", size=6.8, color=GREY
        )

    def _fitted_line(
        self,
        text: str,
        x: float,
        y: float,
        width: float,
        height: float,
        *,
        style: str,
        size: float,
        color: tuple[int, int, int],
        align: str = "L",
    ) -> None:
        """One line of text, shrunk until it fits ``width`` (and cut with an ellipsis below 5 pt)."""
        fitted = _fit_size(self, text, width, style, size, 5.0)
        if fitted is None:
            self.set_font("DejaVu", style, 5.0)
            while text and self.get_string_width(text + "…") > width:
                text = text[:-1]
            text, fitted = text.rstrip() + "…", 5.0
        self.set_font("DejaVu", style, fitted)
        self.set_text_color(*color)
        self.set_xy(x, y)
        self.cell(width, height, text, align=align)


def _fit_size(pdf: FPDF, text: str, width: float, style: str, start: float, smallest: float) -> float | None:
    size = start
    while size >= smallest:
        pdf.set_font("DejaVu", style, size)
        if pdf.get_string_width(text) <= width:
            return size
        size -= 0.25
    return None


def render_cards_pdf(cards: list[CardFace], *, council_name: str, session_title: str | None = None) -> bytes:
    """An A4 PDF with eight cards per page (2 columns × 4 rows) and dashed cut lines."""
    if not cards:
        raise DomainError("Không có thẻ nào để in.", "There are no cards to print.", code="no_cards")
    sheet = _Sheet(council_name, session_title)
    per_page = COLUMNS * ROWS
    for index, face in enumerate(cards):
        slot = index % per_page
        if slot == 0:
            if index:
                sheet.finish_page(per_page)
            sheet.sheet_page()
        row, col = divmod(slot, COLUMNS)
        sheet.card(face, MARGIN_X + col * CARD_W, MARGIN_Y + row * CARD_H)
    sheet.finish_page(len(cards) - (len(cards) - 1) // per_page * per_page)
    return bytes(sheet.output())

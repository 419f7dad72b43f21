"""Vietnamese typography for printed records: text in NFC, dates as a document writes them ("ngày 03 tháng 12
năm 2026"), durations, and document numbers ("05/2026/NQ-HĐND") that never break across lines.

How a number is kept whole: the text is cleaned first — inside a number no space, soft hyphen or
zero-width space is left (:func:`clean`) — and the minutes break their lines themselves (:func:`wrap`),
only at spaces, so a number is one word and moves whole to the next line. The characters printed are the
number's own (an ASCII hyphen-minus, not U+2011), so the text extracted back is exactly the number; and no
choice of fpdf2's is relied on (fpdf2 2.8 wraps ``multi_cell`` at spaces and soft hyphens, but anywhere
with ``wrapmode="CHAR"``, and its wrapping measures the line again at each character — slow on the long
lists of names). Each line is then printed with ``cell``."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

SOFT_HYPHEN, ZERO_WIDTH_SPACE = "\u00ad", "\u200b"
TOLERANCE = 1e-6  # mm: a word that fits to the rounding fits

DOCUMENT_NUMBER = re.compile(r"(?<![\w/])\d{1,4}(?:\s*/\s*\d{4})?\s*/\s*[^\W_]+(?:\s*[-–]\s*[^\W_]+)+")
"""A số, ký hiệu: "05/2026/NQ-HĐND", "12/NQ-HĐND", "30/2020/NĐ-CP", "594/NQ-UBTVQH15", "123/TTr-UBND"."""

_INSIDE = re.compile(rf"[\s{SOFT_HYPHEN}{ZERO_WIDTH_SPACE}]+")


def clean(text: str) -> str:
    """NFC, no soft hyphen or zero-width space (each a break opportunity), and each document number written
    without spaces: "05 / 2026 / NQ - HĐND" → "05/2026/NQ-HĐND"."""
    text = unicodedata.normalize("NFC", text).replace(SOFT_HYPHEN, "").replace(ZERO_WIDTH_SPACE, "")
    return DOCUMENT_NUMBER.sub(lambda m: _INSIDE.sub("", m.group(0)), text)


def long_date(day: dt.date) -> str:
    """``ngày 03 tháng 12 năm 2026`` (days and months below 10 with a leading zero, as Decree 30 writes them)."""
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def date_line(place: str, day: dt.date) -> str:
    """The place and date line of a document: ``Quảng Ninh, ngày 03 tháng 12 năm 2026``."""
    return f"{place}, {long_date(day)}"


def duration(seconds: int) -> str:
    """``7 phút 05 giây``; under a minute ``45 giây``; an hour or more ``1 giờ 02 phút``."""
    minutes, secs = divmod(max(seconds, 0), 60)
    if minutes >= 60:
        return f"{minutes // 60} giờ {minutes % 60:02d} phút"
    return f"{minutes} phút {secs:02d} giây" if minutes else f"{secs} giây"


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """The lines of ``text`` (cleaned) within ``width``, words measured by ``measure``: greedy, broken only at
    spaces and at the newlines of the text. A document number holds no space, so it is never cut — unless it
    is wider than the whole line, the one case where a word is cut by characters."""
    lines: list[str] = []
    space = measure(" ")
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for word in (w for w in paragraph.split(" ") if w):  # a no-break space stays inside its word
            size = measure(word)
            if line and used + space + size > width + TOLERANCE:
                lines.append(" ".join(line))
                line, used = [], 0.0
            if not line and size > width + TOLERANCE:
                *whole, word = _cut(word, width, measure)
                lines.extend(whole)
                size = measure(word)
            used = used + space + size if line else size
            line.append(word)
        lines.append(" ".join(line))
    return lines


def _cut(word: str, width: float, measure: Callable[[str], float]) -> list[str]:
    pieces, piece = [], ""
    for ch in word:
        if piece and measure(piece + ch) > width + TOLERANCE:
            pieces.append(piece)
            piece = ""
        piece += ch
    return [*pieces, piece]

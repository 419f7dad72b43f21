"""Vietnamese typography for printed records: text in NFC, dates as a document writes them ("ngày 03 tháng 12
năm 2026"), durations, and document numbers ("05/2026/NQ-HĐND") that never break across lines.

How a number is kept whole: fpdf2 (2.8) wraps a ``multi_cell`` only at spaces and soft hyphens, or anywhere
in a word too long for the line. So the text is cleaned first — inside a number no space, soft hyphen or
zero-width space is left (:func:`clean`) — and then each paragraph holding a number is laid out once as a
dry run: where a line would end inside a number, a line break is put before the number and the paragraph is
laid out again (:func:`keep_numbers`). The characters printed are the number's own (an ASCII hyphen-minus,
not U+2011), so the text extracted back is exactly the number; and the check does not rely on fpdf2's
choice of break points, so it still holds if a later fpdf2 breaks after hyphens."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from fpdf import FPDF

SOFT_HYPHEN, ZERO_WIDTH_SPACE, NBSP = "\u00ad", "\u200b", "\u00a0"

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


def _line_ends(text: str, lines: list[str]) -> list[int]:
    """Where in ``text`` each laid-out line but the last ends (fpdf2 drops the space or newline it breaks at,
    and prints a no-break space as a space)."""
    plain, ends, pos = text.replace(NBSP, " "), [], 0
    for line in lines[:-1]:
        while pos < len(plain) and plain[pos] in " \n" and not plain.startswith(line, pos):
            pos += 1
        if not plain.startswith(line, pos):
            return []  # laid out differently than expected: leave the text as it is
        pos += len(line)
        ends.append(pos)
    return ends


def keep_numbers(pdf: FPDF, width: float, height: float, text: str, **options: Any) -> str:
    """``text`` (cleaned) with a line break before each document number that would otherwise be broken across
    two lines of a ``multi_cell(width, height)`` in the current font. A number wider than the whole line
    cannot be kept (it is left as fpdf2 breaks it). ``options`` are the ``multi_cell``'s own (``wrapmode``…)."""
    for _ in range(len(text) + 1):
        spans = [m.span() for m in DOCUMENT_NUMBER.finditer(text)]
        if not spans:
            return text
        lines = pdf.multi_cell(width, height, text, dry_run=True, output="LINES", **options)
        ends = _line_ends(text, lines)
        broken = next(((s, e) for s, e in spans for b in ends if s < b < e), None)
        if broken is None:
            return text
        word = max(text.rfind(" ", 0, broken[0]), text.rfind("\n", 0, broken[0])) + 1  # "(05/…" moves whole
        if word == 0 or text[word - 1] == "\n" or pdf.get_string_width(text[word : broken[1]]) > width:
            return text
        text = text[: word - 1] + "\n" + text[word:]
    return text

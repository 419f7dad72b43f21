"""Vietnamese typography of the minutes (agenda/pdf/minutes/typography.py): NFC, dates as documents write them,
and document numbers that never break across lines — checked on what PDFium reads back from the page."""

from __future__ import annotations

import datetime as dt
import unicodedata

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, WrapMode

from agenda.pdf.minutes.document import MinutesPdf
from agenda.pdf.minutes.typography import clean, date_line, duration, long_date, wrap
from agenda.pdf.text import extract_texts
from agenda.pdf.typeset import add_fonts

NUMBERS = ("05/2026/NQ-HĐND", "30/2020/NĐ-CP", "594/NQ-UBTVQH15")
TEXT = (
    "Căn cứ Nghị quyết số 05/2026/NQ-HĐND của Hội đồng nhân dân tỉnh, Nghị định số 30/2020/NĐ-CP của "
    "Chính phủ và Nghị quyết số 594/NQ-UBTVQH15 về hoạt động chất vấn tại kỳ họp Hội đồng nhân dân."
)


def _pdf() -> FPDF:
    pdf = FPDF(format="A4")
    add_fonts(pdf)
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    return pdf


def _broken(lines: list[str]) -> list[str]:
    """The numbers not found whole on some line."""
    return [n for n in NUMBERS if not any(n in line for line in lines)]


def test_a_number_typed_with_spaces_or_hidden_break_points_is_written_whole() -> None:
    assert clean("số 05 / 2026 / NQ - HĐND ngày") == "số 05/2026/NQ-HĐND ngày"
    assert clean("12/NQ\u00ad-HĐ\u200bND") == "12/NQ-HĐND"
    decomposed = unicodedata.normalize("NFD", "Nghị quyết Hội đồng nhân dân")
    assert clean(decomposed) == "Nghị quyết Hội đồng nhân dân" != decomposed
    assert clean("từ 1 - 3 ngày") == "từ 1 - 3 ngày"  # not a number: left alone


def test_dates_and_durations_as_a_document_writes_them() -> None:
    assert long_date(dt.date(2026, 12, 3)) == "ngày 03 tháng 12 năm 2026"
    assert date_line("Quảng Ninh", dt.date(2027, 1, 20)) == "Quảng Ninh, ngày 20 tháng 01 năm 2027"
    assert [duration(s) for s in (45, 425, 3725)] == ["45 giây", "7 phút 05 giây", "1 giờ 02 phút"]


def test_lines_break_at_spaces_only_so_a_number_moves_whole_at_every_width() -> None:
    """fpdf2's character wrapping cuts anywhere, the hyphen included: at some widths that cuts a number in
    two. The minutes' own wrapping never does, at any width, and loses no word."""
    pdf = _pdf()
    cut_somewhere = False
    for width in range(45, 181, 3):
        plain = pdf.multi_cell(
            width, 5, TEXT, dry_run=True, output=MethodReturnValue.LINES, wrapmode=WrapMode.CHAR
        )
        assert isinstance(plain, list)
        cut_somewhere |= bool(_broken(plain))
        lines = wrap(clean(TEXT), width, pdf.get_string_width)
        assert not _broken(lines), (width, lines)
        assert all(pdf.get_string_width(line) <= width + 1e-6 for line in lines)
        assert " ".join(lines) == TEXT
    assert cut_somewhere  # the check above was not vacuous


def test_only_a_word_wider_than_the_line_is_cut() -> None:
    pdf = _pdf()
    assert wrap("a 05/2026/NQ-HĐND b", 1000, pdf.get_string_width) == ["a 05/2026/NQ-HĐND b"]
    narrow = wrap("x Độc-lập-Tự-do-Hạnh-phúc", 12, pdf.get_string_width)
    assert narrow[0] == "x" and "".join(narrow[1:]) == "Độc-lập-Tự-do-Hạnh-phúc" and len(narrow) > 2
    assert wrap("số\u00a005/2026/NQ-HĐND", 1000, pdf.get_string_width) == ["số\u00a005/2026/NQ-HĐND"]
    assert wrap("một\nhai", 1000, pdf.get_string_width) == ["một", "hai"]


def test_the_page_reads_back_with_each_number_on_one_line_and_an_ascii_hyphen() -> None:
    pdf = MinutesPdf("Biên bản")
    pdf.add_page()
    for indent in range(0, 120, 4):  # the numbers fall at every place of a line
        pdf.para(TEXT, 10, indent=indent)
    [page, *rest] = extract_texts(bytes(pdf.output()))
    lines = [line for text in [page, *rest] for line in text.splitlines()]
    assert not _broken(lines)
    found = sum(line.count(n) for line in lines for n in NUMBERS)
    assert found == 30 * len(NUMBERS)
    assert "\u2011" not in page and unicodedata.normalize("NFC", page) == page

"""The places of a search's words on a PDF page: where PDFium draws those characters, as fractions of the
page, one rectangle per word and line — found without diacritics, the words as written marked."""

from __future__ import annotations

import pytest

from agenda.archive.search.boxes import PageChars, read_page, rectangles
from agenda.errors import DomainError
from agenda.pdf import typeset

PDF = typeset.text_pdf(
    "NGHỊ QUYẾT Quy định giá đất",
    ["Hội đồng nhân dân tỉnh quyết nghị."] * 3 + ["Điều 2. Bảng giá đất đai tại các xã miền núi."],
)


def test_words_typed_without_diacritics_are_marked_where_they_are_written() -> None:
    page = read_page(PDF, 1)
    marks = rectangles(page, "dat dai")
    assert [m.text for m in marks] == [
        "đất",
        "đất",
        "đất",
        "đai",
    ]  # the running head's, the title's, then "đất đai"
    at = "".join(page.chars).index("đất đai")
    left, bottom, right, top = page.boxes[at]
    area_left, area_bottom, area_right, area_top = page.area
    first = marks[2]
    assert first.x == pytest.approx((left - area_left) / (area_right - area_left), abs=1e-4)
    assert first.y == pytest.approx((area_top - top) / (area_top - area_bottom), abs=0.01)
    assert 0 < first.width < 0.1 and 0 < first.height < 0.05
    assert marks[3].x > first.x + first.width  # "đai" after "đất", on the same line
    assert abs(marks[3].y - first.y) < first.height


def test_words_every_resolution_carries_and_empty_queries_mark_nothing() -> None:
    page = read_page(PDF, 1)
    assert rectangles(page, "nghị quyết") == []
    assert rectangles(page, "") == []
    assert rectangles(page, "không có") == []


def test_a_match_over_two_lines_is_two_rectangles_and_a_rotated_page_turns_them() -> None:
    boxes = ((10.0, 90.0, 20.0, 100.0), (20.0, 90.0, 30.0, 100.0), (10.0, 70.0, 20.0, 80.0))
    page = PageChars(("d", "a", "t"), boxes, (0.0, 0.0, 100.0, 100.0), 0)
    # "da" then "t" on the next line: a prefix match of "dat" is not the word; the word is split by a line
    assert [(m.x, m.y, m.width, m.height) for m in rectangles(page, "dat")] == [
        (0.1, 0.0, 0.2, 0.1),
        (0.1, 0.2, 0.1, 0.1),
    ]
    turned = PageChars(page.chars, boxes, page.area, 90)
    assert [(m.x, m.y) for m in rectangles(turned, "dat")][0] == (0.9, 0.1)


def test_a_page_the_file_does_not_have_is_not_found() -> None:
    with pytest.raises(DomainError) as refused:
        read_page(PDF, 2)
    assert refused.value.status == 404


def test_a_page_that_inherits_its_size_is_measured_as_it_is_drawn() -> None:
    # fpdf2 gives the pages after the first their size through the page tree: PDFium's own crop box of the page
    # is then missing (US Letter by default), the drawn area is A4.
    long = typeset.text_pdf("NGHỊ QUYẾT", ["Giao đất, cho thuê đất theo quy định của pháp luật."] * 60)
    page = read_page(long, 2)
    assert page.area == pytest.approx((0, 0, 595.28, 841.89), abs=0.01)
    marks = rectangles(page, "dat")
    assert marks and all(0 <= m.x and m.x + m.width <= 1 and 0 <= m.y and m.y + m.height <= 1 for m in marks)

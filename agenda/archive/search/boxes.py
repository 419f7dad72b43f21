"""Where the words of a search are on a page of a PDF: rectangles to draw over the page's image, as fractions
of its width and height (top-left origin), so that they scale with the image whatever its size.

The page's characters and their boxes come from PDFium (:mod:`agenda.pdf.pdfium`); the text is folded one
character for one (:func:`agenda.text.fold_keep_length`; a combining mark of decomposed text is left out) and
the words are found as the snippets find them (:func:`.snippets.spans`), so "dat dai" marks "Đất đai" on the
page exactly where the snippet marked it. Each match becomes one rectangle per line it runs over: the union
of its characters' boxes. Pure apart from reading the PDF."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium

from agenda.archive.search.query import parse
from agenda.archive.search.snippets import spans
from agenda.archive.search.terms import words_of
from agenda.errors import NotFound
from agenda.pdf.pdfium import LOCK, open_document

Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF units


@dataclass(frozen=True)
class Rect:
    """A marked place, as fractions of the page (0–1 from its top-left corner)."""

    x: float
    y: float
    width: float
    height: float
    text: str


@dataclass(frozen=True)
class PageChars:
    """A page's characters with their boxes, and the page's visible area (the crop box) and rotation."""

    chars: tuple[str, ...]
    boxes: tuple[Box, ...]
    area: Box
    rotation: int  # 0, 90, 180 or 270 degrees clockwise


def read_page(content: bytes, page_number: int) -> PageChars:
    """The characters and boxes of page ``page_number`` (1-based); no such page: 404."""
    with open_document(content) as document:
        with LOCK:
            if not 1 <= page_number <= len(document):
                raise NotFound(f"trang {page_number}", f"Page {page_number}")
            page = document[page_number - 1]
            text: pdfium.PdfTextPage | None = None
            try:
                text = page.get_textpage()
                count = text.count_chars()
                whole = text.get_text_range(0, count) if count else ""
                chars = (
                    tuple(whole)
                    if len(whole) == count
                    else tuple((text.get_text_range(i, 1) or " ")[:1] for i in range(count))
                )
                boxes = tuple(text.get_charbox(i) for i in range(count))
                area = page.get_bbox()  # the visible area as rendered (inherited boxes too)
                rotation = page.get_rotation() % 360
            finally:
                if text is not None:
                    text.close()
                page.close()
    return PageChars(chars, boxes, (area[0], area[1], area[2], area[3]), rotation)


def _fraction(box: Box, area: Box, rotation: int) -> tuple[float, float, float, float]:
    """``box`` (PDF units, bottom-left origin) as x, y, width, height fractions of the page as shown."""
    left, bottom, right, top = area
    width, height = (right - left) or 1.0, (top - bottom) or 1.0
    x0, x1 = (box[0] - left) / width, (box[2] - left) / width
    y0, y1 = (top - box[3]) / height, (top - box[1]) / height  # from the top
    if rotation == 90:
        x0, x1, y0, y1 = 1 - y1, 1 - y0, x0, x1
    elif rotation == 180:
        x0, x1, y0, y1 = 1 - x1, 1 - x0, 1 - y1, 1 - y0
    elif rotation == 270:
        x0, x1, y0, y1 = y0, y1, 1 - x1, 1 - x0
    return x0, y0, x1 - x0, y1 - y0


def _lines(indexes: Sequence[int], page: PageChars) -> list[list[int]]:
    """The characters of a match with a box, split where a line ends (no vertical overlap with the last)."""
    lines: list[list[int]] = []
    for i in indexes:
        box = page.boxes[i]
        if page.chars[i].isspace() or box[2] <= box[0] or box[3] <= box[1]:
            continue
        if lines:
            last = page.boxes[lines[-1][-1]]
            if min(last[3], box[3]) > max(last[1], box[1]):
                lines[-1].append(i)
                continue
        lines.append([i])
    return lines


def rectangles(page: PageChars, q: str) -> list[Rect]:
    """The places of the words of ``q`` on ``page`` (words every resolution carries are marked too when the
    query has nothing else — as the snippet marks them: not at all)."""
    words = words_of(parse(q)).folded()
    if not words:
        return []
    kept = [i for i, c in enumerate(page.chars) if not unicodedata.combining(c)]
    text = "".join(page.chars[i] for i in kept)
    out = []
    for low, high in spans(text, words):
        for line in _lines(kept[low:high], page):
            boxes = [page.boxes[i] for i in line]
            union = (
                min(b[0] for b in boxes),
                min(b[1] for b in boxes),
                max(b[2] for b in boxes),
                max(b[3] for b in boxes),
            )
            x, y, w, h = _fraction(union, page.area, page.rotation)
            out.append(
                Rect(round(x, 5), round(y, 5), round(w, 5), round(h, 5), "".join(page.chars[i] for i in line))
            )
    return out

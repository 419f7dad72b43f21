"""Confidential copies: a visible diagonal stamp with the reader's name and the time on every page, and the
copy's hidden mark in each page's own content (:mod:`agenda.pdf.mark`)."""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

from agenda.clock import Zoned, local
from agenda.pdf.mark import embed, mark_ops
from agenda.pdf.reader import open_reader
from agenda.pdf.typeset import new_pdf, output_bytes


def stamp_text(full_name: str, at: dt.datetime, where: Zoned | str) -> str:
    """'MẬT — Nguyễn Văn An — 28/11/2026 14:05' (``at`` in UTC, shown on the council's clock)."""
    return f"MẬT — {full_name} — {local(at, where):%d/%m/%Y %H:%M}"


def _overlay(sizes: Sequence[tuple[float, float]], text: str) -> bytes:
    """One overlay page per page size: the stamp across the diagonal, and along the bottom edge."""
    pdf = new_pdf()
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    for width_pt, height_pt in sizes:
        width, height = width_pt * 25.4 / 72, height_pt * 25.4 / 72  # points → mm
        pdf.add_page(format=(width, height))
        diagonal = math.hypot(width, height)
        pdf.set_font("DejaVu", "B", 10)
        size = max(8.0, min(60.0, 10 * 0.75 * diagonal / max(1.0, pdf.get_string_width(text))))
        pdf.set_font("DejaVu", "B", size)
        line = size * 25.4 / 72  # the font size in mm
        angle = math.degrees(math.atan2(height, width))
        with pdf.local_context(fill_opacity=0.25, text_color=(200, 0, 0)):
            with pdf.rotation(angle, x=width / 2, y=height / 2):
                text_width = pdf.get_string_width(text)
                # text() takes absolute coordinates (set_x would read a negative x from the right edge)
                pdf.text(width / 2 - text_width / 2, height / 2 + line * 0.35, text)
        pdf.set_font("DejaVu", "", 7)
        with pdf.local_context(fill_opacity=0.8, text_color=(160, 0, 0)):
            pdf.set_xy(4, height - 6)
            pdf.cell(width - 8, 4, text, align="C")
    return output_bytes(pdf)


def _rotation_matrix(rotate: int, width: float, height: float) -> tuple[float, ...]:
    """The ``cm`` matrix drawing something laid out upright (as the page is shown) onto a page with
    ``/Rotate`` ``rotate``, whose (unrotated) box is ``width`` × ``height``."""
    return {
        0: (1, 0, 0, 1, 0, 0),
        90: (0, 1, -1, 0, width, 0),
        180: (-1, 0, 0, -1, width, height),
        270: (0, -1, 1, 0, 0, height),
    }[rotate % 360]


def watermark(content: bytes, text: str, mark: int | None = None) -> bytes:
    """The PDF with ``text`` stamped on every page, as it is shown (rotated pages included), and ``mark``
    (when given) hidden in every page.

    The stamp is one form XObject per page size, drawn over each page by a small content stream added
    after the page's own (wrapped in q … Q): nothing of the original is re-parsed, so a 2,000-page document
    is stamped in seconds and grows by a few kilobytes. The mark goes at the head of each page's first own
    content stream (decoded and re-compressed: deleting the stamp's streams leaves it); a page without
    content, or whose content is encoded in a way pypdf does not write, carries it in the stamp's stream."""
    writer = PdfWriter(clone_from=open_reader(content))
    shown: list[tuple[float, float, float, float, int]] = []
    for page in writer.pages:
        box = page.cropbox
        rotate = int(page.get("/Rotate", 0) or 0) % 360
        width, height = float(box.width), float(box.height)
        shown.append((float(box.left), float(box.bottom), width, height, rotate))
    sizes = sorted({_shown_size(w, h, r) for _, _, w, h, r in shown})
    overlay = PdfReader(io.BytesIO(_overlay(sizes, text)))
    marked: set[int] = set()  # content streams already marked (pages may share one)
    forms = {size: _form_xobject(writer, overlay.pages[i], size) for i, size in enumerate(sizes)}
    names = {size: NameObject(f"/KyhopStamp{i}") for i, size in enumerate(sizes)}
    for page, (left, bottom, width, height, rotate) in zip(writer.pages, shown, strict=True):
        size = _shown_size(width, height, rotate)
        hidden = b""
        if mark is not None and not _mark_own_content(page, mark_ops(mark, left + 18, bottom + 3), marked):
            hidden = mark_ops(mark, left + 18, bottom + 3)
        _draw_over(
            writer,
            page,
            names[size],
            forms[size],
            _rotation_matrix(rotate, width, height),
            left,
            bottom,
            hidden,
        )
    writer.add_metadata({"/Subject": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _shown_size(width: float, height: float, rotate: int) -> tuple[float, float]:
    return (round(height, 2), round(width, 2)) if rotate in (90, 270) else (round(width, 2), round(height, 2))


def _mark_own_content(page: Any, ops: bytes, marked: set[int]) -> bool:
    """Put the mark at the head of the page's first content stream; False when it cannot go there."""
    contents = page.get("/Contents")
    if contents is None:
        return False
    contents = contents.get_object()
    streams = list(contents) if isinstance(contents, ArrayObject) else [contents]
    first = next((s.get_object() for s in streams if isinstance(s.get_object(), StreamObject)), None)
    if first is None:
        return False
    if id(first) in marked:
        return True
    if not embed(first, ops):
        return False
    marked.add(id(first))
    return True


def _form_xobject(writer: PdfWriter, page: Any, size: tuple[float, float]) -> IndirectObject:
    form = DecodedStreamObject()
    form.set_data(page.get_contents().get_data())
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [FloatObject(0), FloatObject(0), FloatObject(size[0]), FloatObject(size[1])]
            ),
            NameObject("/Resources"): page["/Resources"].get_object().clone(writer),
        }
    )
    return writer._add_object(form)


def _draw_over(
    writer: PdfWriter,
    page: Any,
    name: NameObject,
    form: IndirectObject,
    matrix: tuple[float, ...],
    left: float,
    bottom: float,
    hidden: bytes = b"",
) -> None:
    resources = page.get("/Resources")
    if resources is None:
        resources = DictionaryObject()
        page[NameObject("/Resources")] = resources
    resources = resources.get_object()
    xobjects = resources.get("/XObject")
    if xobjects is None:
        xobjects = DictionaryObject()
        resources[NameObject("/XObject")] = xobjects
    xobjects.get_object()[name] = form
    a, b, c, d, e, f = matrix
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(hidden + b"q\n")
    after.set_data(f"\nQ q {a} {b} {c} {d} {e + left:.3f} {f + bottom:.3f} cm {name} Do Q\n".encode())
    contents = page.get("/Contents")
    existing = (
        []
        if contents is None
        else (list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents])
    )
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(before), *existing, writer._add_object(after)]
    )

"""A resolution's copy for download: the archived PDF with, on its first page, a QR code to the resolution's
permanent address and a line naming it — reproducible (the same archived file and address give the same
bytes), so the permalink page can tell whether a file someone holds is this copy or the archived original."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter

from agenda.pdf.reader import open_reader
from agenda.pdf.typeset import new_pdf, output_bytes
from agenda.qr import qr_image

QR_MM = 22.0  # the code's side: readable by a phone at arm's length
MARGIN_MM = 8.0


def _overlay(width_pt: float, height_pt: float, url: str, caption: str) -> bytes:
    """One page of the first page's size: the QR code in the bottom right corner, the caption beside it."""
    pdf = new_pdf()
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    width, height = width_pt * 25.4 / 72, height_pt * 25.4 / 72
    pdf.add_page(format=(width, height))
    x, y = width - MARGIN_MM - QR_MM, height - MARGIN_MM - QR_MM
    pdf.image(qr_image(url), x=x, y=y, w=QR_MM, h=QR_MM)
    pdf.set_font("DejaVu", "", 6.5)
    text_width = min(70.0, x - MARGIN_MM - 2)
    pdf.set_xy(x - text_width - 2, y + QR_MM - 9)
    pdf.multi_cell(text_width, 3, f"{caption}\n{url}", align="R")
    return output_bytes(pdf)


def with_qr(content: bytes, url: str, caption: str) -> bytes:
    """``content`` with the QR code to ``url`` and ``caption`` drawn on its first page (as it is shown: a
    rotated first page is drawn upright)."""
    writer = PdfWriter(clone_from=open_reader(content))
    first = writer.pages[0]
    if int(first.get("/Rotate", 0) or 0) % 360:
        first.transfer_rotation_to_content()
    box = first.cropbox
    overlay = PdfReader(io.BytesIO(_overlay(float(box.width), float(box.height), url, caption))).pages[0]
    first.merge_translated_page(overlay, float(box.left), float(box.bottom))
    writer.add_metadata({"/KyhopPermalink": url})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()

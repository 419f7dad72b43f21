"""Pages as images (PNG, WebP) for readers without a PDF plugin, rendered by PDFium within a pixel budget.

However the page is shaped — a strip 1 × 14,400 pt, a 200 × 14,400 pt scroll, a MediaBox of a kilometre —
the image never holds more than ``PIXEL_BUDGET`` pixels nor is longer than ``MAX_SIDE`` on a side: the scale
is lowered until it fits (the image is then narrower than asked). A page with no area cannot be drawn and is
refused (422). Readers' renders run in a worker process (:func:`agenda.pdf.jobs.rendered_page`)."""

from __future__ import annotations

import io
import math

from agenda.errors import DomainError
from agenda.pdf.pdfium import LOCK, open_document

IMAGE_FORMATS = {"png": "image/png", "webp": "image/webp"}
PIXEL_BUDGET = 8 * 1024 * 1024  # 8 Mi pixels (32 MB of bitmap): an A4 page 2,400 px wide (8.1 M) fits
MAX_SIDE = 16_000  # pixels on either side (WebP allows at most 16,383)


def render_failed() -> DomainError:
    return DomainError(
        "Không hiển thị được trang này thành ảnh (trang hỏng, quá phức tạp hoặc kích thước bất thường). Hãy tải "
        "tệp PDF về để đọc.",
        "This page could not be rendered as an image (damaged, too complex or of an odd size). Download the "
        "PDF to read it.",
        code="render_failed",
        status=422,
    )


def renders_busy() -> DomainError:
    return DomainError(
        "Máy chủ đang bận hiển thị các trang khác — vui lòng thử lại sau giây lát.",
        "The server is busy rendering other pages — please try again in a moment.",
        code="unavailable",
        status=503,
    )


def fit_scale(page_width: float, page_height: float, width: int) -> float:
    """The scale that makes the page ``width`` pixels wide, lowered to keep within the budget; 0: nothing
    to draw (no area, or not a number)."""
    if not (math.isfinite(page_width) and math.isfinite(page_height)) or page_width <= 0 or page_height <= 0:
        return 0.0
    scale = width / page_width
    scale = min(scale, math.sqrt(PIXEL_BUDGET / (page_width * page_height)))
    scale = min(scale, MAX_SIDE / page_width, MAX_SIDE / page_height)
    if page_width * scale < 1 or page_height * scale < 1:  # thinner than a pixel at any allowed scale
        return 0.0
    return scale


def render_page(content: bytes, page_number: int, width: int, fmt: str = "png") -> bytes:
    """Page ``page_number`` (1-based) rendered ``width`` pixels wide (less if over budget), as PNG or WebP."""
    with open_document(content) as document:
        with LOCK:
            count = len(document)
            if not 1 <= page_number <= count:
                raise DomainError(
                    f"Tài liệu không có trang {page_number} (có {count} trang).",
                    f"The document has no page {page_number} (it has {count}).",
                    code="not_found",
                    status=404,
                )
            page = document[page_number - 1]
            try:
                scale = fit_scale(page.get_width(), page.get_height(), width)
                if scale <= 0:
                    raise render_failed()
                image = page.render(scale=scale, may_draw_forms=True).to_pil()
            finally:
                page.close()
    buffer = io.BytesIO()
    if fmt == "webp":
        image.save(buffer, format="WEBP", quality=82, method=4)
    else:
        image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()

"""Pages as images (PNG, WebP) for readers without a PDF plugin, rendered by PDFium."""

from __future__ import annotations

import io

from agenda.errors import DomainError
from agenda.pdf.pdfium import LOCK, open_document

IMAGE_FORMATS = {"png": "image/png", "webp": "image/webp"}


def render_page(content: bytes, page_number: int, width: int, fmt: str = "png") -> bytes:
    """Page ``page_number`` (1-based) rendered ``width`` pixels wide, as PNG or WebP."""
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
                scale = width / max(1.0, page.get_width())
                image = page.render(scale=scale, may_draw_forms=True).to_pil()
            finally:
                page.close()
    buffer = io.BytesIO()
    if fmt == "webp":
        image.save(buffer, format="WEBP", quality=82, method=4)
    else:
        image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()

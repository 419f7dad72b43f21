"""PDFium (pypdfium2) for text and page images. It is not thread-safe: every call into it holds ``LOCK`` (one
call at a time per process; the ctypes calls release the GIL, so the event loop keeps running)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import pypdfium2 as pdfium

from agenda.pdf.limits import damaged

LOCK = threading.Lock()  # PDFium allows one call at a time in the whole process


@contextlib.contextmanager
def open_document(content: bytes) -> Iterator[pdfium.PdfDocument]:
    with LOCK:
        try:
            document = pdfium.PdfDocument(content)
        except pdfium.PdfiumError:
            raise damaged() from None
    try:
        yield document
    finally:
        with LOCK:
            document.close()

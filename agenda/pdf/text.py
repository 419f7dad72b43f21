"""The text of every page: PDFium (several times faster than pypdf, the same Vietnamese text —
``bench/extract_text.py``), with pypdf kept for the benchmark and as a fallback."""

from __future__ import annotations

from agenda.pdf.limits import Limits
from agenda.pdf.pdfium import LOCK, open_document
from agenda.pdf.reader import decoding_limits, open_reader


def _clean_text(text: str, limit: int) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").replace("\ufffe", "")
    return text[:limit]


def extract_texts(content: bytes, limits: Limits | None = None) -> list[str]:
    """The text of each page, in order. The lock is taken per page so renders can interleave."""
    limit = (limits or Limits()).max_page_text
    texts: list[str] = []
    with open_document(content) as document:
        with LOCK:
            count = len(document)
        for index in range(count):
            with LOCK:
                page = document[index]
                textpage = page.get_textpage()
                try:
                    texts.append(_clean_text(textpage.get_text_range(), limit))
                finally:
                    textpage.close()
                    page.close()
    return texts


def extract_texts_pypdf(content: bytes, limits: Limits | None = None) -> list[str]:
    """The same with pypdf (kept for the benchmark and as a fallback)."""
    limit = (limits or Limits()).max_page_text
    with decoding_limits(limits or Limits()):
        reader = open_reader(content)
        return [_clean_text(page.extract_text() or "", limit) for page in reader.pages]

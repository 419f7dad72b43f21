"""How much an upload may be and cost to open, and the refusals that say why a file was not taken."""

from __future__ import annotations

import os
from dataclasses import dataclass

from agenda.errors import DomainError

MB = 1024 * 1024


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() else default


@dataclass(frozen=True)
class Limits:
    """What an upload may be. ``from_env`` reads ``KYHOP_DOCUMENT_MAX_BYTES`` / ``KYHOP_DOCUMENT_MAX_PAGES``."""

    max_bytes: int = 50 * MB
    max_pages: int = 2000
    max_stream_bytes: int = 64 * MB  # one decoded content stream (pypdf's decoder limits)
    max_decoded_bytes: int = 512 * MB  # all content streams and forms of the document together
    max_image_pixels: int = 150_000_000  # one image (width × height): rendering decodes it whole
    max_page_text: int = 200_000  # characters kept per page for search
    convert_seconds: int = 180  # LibreOffice conversion of a Word file

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            max_bytes=_env_int("KYHOP_DOCUMENT_MAX_BYTES", cls.max_bytes),
            max_pages=_env_int("KYHOP_DOCUMENT_MAX_PAGES", cls.max_pages),
        )


def _size(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{max(1, n // 1024)} KB"


class Refused(DomainError):
    """An uploaded file that cannot become a document; nothing of it is stored."""

    def __init__(self, vi: str, en: str, *, code: str, status: int = 400) -> None:
        super().__init__(vi, en, code=code, field="file", status=status)


def damaged() -> Refused:
    return Refused(
        "Tệp PDF bị hỏng hoặc không đọc được. Hãy xuất lại tệp PDF từ phần mềm soạn thảo rồi tải lên lại.",
        "The PDF file is damaged or unreadable. Export the PDF again from the editor and upload it again.",
        code="pdf_damaged",
    )


def bomb(what_vi: str, what_en: str) -> Refused:
    return Refused(
        f"Tệp PDF bị từ chối: {what_vi} vượt quá giới hạn an toàn (có thể là tệp “bom giải nén”).",
        f"The PDF is refused: {what_en} exceeds the safety limit (possibly a decompression bomb).",
        code="pdf_bomb",
    )


def check_size(content: bytes, limits: Limits) -> None:
    if len(content) > limits.max_bytes:
        raise Refused(
            f"Tệp quá lớn ({_size(len(content))}; tối đa {_size(limits.max_bytes)}). Hãy giảm dung lượng "
            "(nén ảnh, tách tệp) rồi tải lên lại.",
            f"The file is too large ({_size(len(content))}; at most {_size(limits.max_bytes)}). Reduce it "
            "(compress images, split the file) and upload again.",
            code="file_too_large",
            status=413,
        )

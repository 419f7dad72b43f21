"""How much an upload may be and cost to open, and the refusals that say why a file was not taken."""

from __future__ import annotations

import os
from dataclasses import dataclass

from agenda.errors import DomainError
from agenda.pdf.worker import Bounds

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
    # The checks of an upload run in a worker process (agenda.pdf.worker) under these limits:
    check_cpu_seconds: int = 20  # CPU time of the checks (a 2,000-page report of text takes ~4 s)
    check_memory_mb: int = 2048  # address space of the worker
    check_wall_seconds: int = 60  # wall clock (the CPU is shared), then the worker is killed

    @classmethod
    def from_env(cls) -> Limits:
        """``KYHOP_DOCUMENT_MAX_BYTES`` / ``_MAX_PAGES``, ``KYHOP_CHECK_CPU_SECONDS`` / ``_MEMORY_MB`` /
        ``_WALL_SECONDS``."""
        return cls(
            max_bytes=_env_int("KYHOP_DOCUMENT_MAX_BYTES", cls.max_bytes),
            max_pages=_env_int("KYHOP_DOCUMENT_MAX_PAGES", cls.max_pages),
            check_cpu_seconds=_env_int("KYHOP_CHECK_CPU_SECONDS", cls.check_cpu_seconds),
            check_memory_mb=_env_int("KYHOP_CHECK_MEMORY_MB", cls.check_memory_mb),
            check_wall_seconds=_env_int("KYHOP_CHECK_WALL_SECONDS", cls.check_wall_seconds),
        )

    def check_bounds(self, converting: bool) -> Bounds:
        """What the worker checking one upload may cost (a Word file has its conversion's time on top)."""
        extra = self.convert_seconds if converting else 0
        return Bounds(self.check_cpu_seconds, self.check_memory_mb * MB, self.check_wall_seconds + extra)


def size_text(n: int) -> str:
    """A size as people read it: "50 MB", "20 KB" (MB = 1,048,576 bytes, the unit of the documented limit)."""
    if n >= MB:
        return f"{n // MB} MB" if n % MB == 0 else f"{n / MB:.1f} MB"
    return f"{max(1, n // 1024)} KB"


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


def too_costly() -> Refused:
    return Refused(
        "Tệp PDF cần quá nhiều thời gian hoặc bộ nhớ để kiểm tra nên không được nhận. Hãy mở tệp và lưu (hoặc "
        "in) lại thành PDF mới, hoặc tách thành nhiều tệp nhỏ hơn, rồi tải lên lại.",
        "The PDF is too costly to process (it needs too much time or memory to check) and was not accepted. "
        "Open it and save (or print) it again as a new PDF, or split it into smaller files, and upload again.",
        code="too_costly",
        status=422,
    )


def checks_busy() -> DomainError:
    return DomainError(
        "Máy chủ đang kiểm tra nhiều tệp khác; tệp chưa được nhận — vui lòng tải lên lại sau ít phút.",
        "The server is busy checking other files; the file was not accepted — please upload it again in a "
        "few minutes.",
        code="unavailable",
        status=503,
    )


def check_size(content: bytes, limits: Limits) -> None:
    if len(content) > limits.max_bytes:
        raise Refused(
            f"Tệp quá lớn ({size_text(len(content))}; tối đa {size_text(limits.max_bytes)}). Hãy giảm dung lượng "
            "(nén ảnh, tách tệp) rồi tải lên lại.",
            f"The file is too large ({size_text(len(content))}; at most {size_text(limits.max_bytes)}). Reduce it "
            "(compress images, split the file) and upload again.",
            code="file_too_large",
            status=413,
        )

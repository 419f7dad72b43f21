"""Scanned resolutions (pages that are images, no text layer): their first page read by Tesseract with its
Vietnamese model (``vie``), when both are installed — ``tesseract`` on the PATH and ``vie`` among its
languages. Nothing is installed for it: without them the import says OCR was not available, and such a file
can still be imported with its details in the CSV."""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass

from agenda.errors import DomainError
from agenda.pdf import jobs
from agenda.pdf.limits import Limits
from agenda.pdf.render import render_page

OCR_WIDTH = 2480  # pixels across an A4 page: 300 dpi, what Tesseract reads best
OCR_SECONDS = 120
MIN_TEXT = 40  # letters on a first page below which it has no usable text layer


@dataclass(frozen=True)
class OcrStatus:
    available: bool
    vi: str
    en: str


@functools.lru_cache(maxsize=1)
def ocr_status() -> OcrStatus:
    """Whether scanned pages can be read here, and what the report says of it."""
    program = shutil.which("tesseract")
    if program is None:
        return OcrStatus(
            False,
            "Không có nhận dạng chữ (OCR): chưa cài Tesseract với dữ liệu tiếng Việt (vie).",
            "OCR not available: Tesseract with its Vietnamese data (vie) is not installed.",
        )
    try:
        listed = subprocess.run(
            [program, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        listed = None
    languages = set((listed.stdout + listed.stderr).split()) if listed is not None else set()
    if "vie" not in languages:
        return OcrStatus(
            False,
            "Không có nhận dạng chữ (OCR): Tesseract đã cài nhưng thiếu dữ liệu tiếng Việt (vie).",
            "OCR not available: Tesseract is installed but without its Vietnamese data (vie).",
        )
    return OcrStatus(True, "Nhận dạng chữ (OCR) bằng Tesseract, tiếng Việt.", "OCR by Tesseract, Vietnamese.")


def has_text_layer(first_page: str) -> bool:
    return sum(ch.isalpha() for ch in first_page) >= MIN_TEXT


def first_page_image(pdf: bytes) -> bytes:
    """Page 1 as a PNG for Tesseract. In a check worker (:func:`agenda.pdf.jobs.bounded_check`)."""
    return render_page(pdf, 1, OCR_WIDTH, "png")


def ocr_failed(reason: str) -> DomainError:
    return DomainError(
        f"Không nhận dạng được chữ trên trang quét ({reason}).",
        f"The scanned page could not be read ({reason}).",
        code="ocr_failed",
        field="file",
        status=422,
    )


def read_scanned(pdf: bytes, limits: Limits) -> str:
    """The text of page 1 of a scanned PDF, by Tesseract (``ocr_status().available`` must be true)."""
    image = jobs.bounded_check(first_page_image, (pdf,), limits)
    program = shutil.which("tesseract") or "tesseract"
    try:
        done = subprocess.run(
            [program, "stdin", "stdout", "-l", "vie", "--psm", "4"],
            input=image,
            capture_output=True,
            timeout=OCR_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ocr_failed(type(error).__name__) from None
    if done.returncode != 0:
        raise ocr_failed(done.stderr.decode("utf-8", "replace").strip()[:200] or f"exit {done.returncode}")
    return done.stdout.decode("utf-8", "replace")

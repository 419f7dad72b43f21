"""The work on untrusted files that runs in a worker process (:mod:`agenda.pdf.worker`): the checks of an
upload and the rendering of a page for readers, each in its own pool so neither waits for the other.

These are what the server calls; the children run :func:`check_file` and :func:`render_file`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from agenda.pdf.check import PdfFacts, check_and_clean
from agenda.pdf.convert import convert_to_pdf
from agenda.pdf.limits import MB, Limits, Refused, check_size, checks_busy, too_costly
from agenda.pdf.render import render_failed, render_page, renders_busy
from agenda.pdf.sniff import WORD_TYPES, sniff, word_magic
from agenda.pdf.worker import Bounds, Pool

R = TypeVar("R")
CHECKS = Pool(2, checks_busy)  # upload checks at once (each may use a core and up to its memory limit)
RENDERS = Pool(2, renders_busy)  # page renders for readers at once
RENDER_BOUNDS = Bounds(cpu_seconds=20, memory_bytes=1536 * MB, wall_seconds=40)


def warm_up() -> None:
    """Start a worker of each pool in the background (at server start: the first upload and the first page
    image then do not wait the second or so a worker takes to start)."""
    CHECKS.warm()
    RENDERS.warm()


@dataclass(frozen=True)
class CheckedFile:
    """An upload as it will be stored: the PDF (converted from Word, active content removed), its facts, what
    it was converted from, and what was removed (empty: the bytes are those uploaded)."""

    pdf: bytes
    facts: PdfFacts
    converted_from: str | None
    removed: tuple[str, ...]


def check_file(content: bytes, filename: str, limits: Limits) -> CheckedFile:
    """Sniff, convert (Word), check the PDF and extract its text, strip active content. In the worker."""
    if not content:
        raise Refused("Tệp tải lên rỗng.", "The uploaded file is empty.", code="file_empty")
    check_size(content, limits)
    kind = sniff(content)
    converted_from = None
    if kind in WORD_TYPES:
        content = convert_to_pdf(content, kind, limits)
        converted_from = kind
    facts, cleaned = check_and_clean(content, limits, filename)
    if cleaned is None:
        return CheckedFile(content, facts, converted_from, ())
    return CheckedFile(cleaned.pdf, facts, converted_from, cleaned.removed)


def _check_in_worker(content: bytes, filename: str, limits: Limits) -> CheckedFile:
    """:func:`check_file`, answering without the PDF when it is the one sent (no 50 MB back over the pipe)."""
    checked = check_file(content, filename, limits)
    return replace(checked, pdf=b"") if checked.pdf is content else checked


def checked_upload(
    content: bytes,
    filename: str,
    limits: Limits,
    cancelled: Callable[[], bool] | None = None,
    pool: Pool | None = None,
) -> CheckedFile:
    """:func:`check_file` in a worker of ``pool`` (the uploads' ``CHECKS``; an archive import brings its own,
    one worker per core) under ``limits``; a file past them is refused as too costly."""
    if not content:  # (nothing to send to a worker)
        return check_file(content, filename, limits)
    check_size(content, limits)
    bounds = limits.check_bounds(converting=word_magic(content))
    checked = (pool or CHECKS).run(
        _check_in_worker, (content, filename, limits), bounds, too_costly, cancelled
    )
    return checked if checked.pdf else replace(checked, pdf=content)


def bounded_check(
    job: Callable[..., R], args: tuple[Any, ...], limits: Limits, cancelled: Callable[[], bool] | None = None
) -> R:
    """Another check of an uploaded file (reading a leaked copy's marks) in a check worker, under the same
    limits as an upload's; ``job`` must be importable by name (a module's function)."""
    return CHECKS.run(job, args, limits.check_bounds(converting=False), too_costly, cancelled)


def render_file(path: str, page_number: int, width: int, fmt: str) -> bytes:
    """Page ``page_number`` of the PDF at ``path``, as :func:`~agenda.pdf.render.render_page`. In the worker."""
    return render_page(Path(path).read_bytes(), page_number, width, fmt)


def rendered_page(path: Path, page_number: int, width: int, fmt: str) -> bytes:
    """:func:`render_file` in a render worker; any failure is a 422 ``render_failed``."""
    return RENDERS.run(render_file, (str(path), page_number, width, fmt), RENDER_BOUNDS, render_failed)

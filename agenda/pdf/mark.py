"""The hidden mark of a confidential copy: a number that names the copy, drawn into each page's own content.

The visible stamp (:mod:`agenda.pdf.stamp`) is a form XObject drawn by content streams of its own; whoever
deletes those gets a clean-looking page. The mark is not among them: it is written at the head of the page's
*original* content stream, so removing what the stamp added leaves it in place. It is a row of 64 columns of
tiny squares (0.25 pt, a near-white grey, drawn first so the page's own content covers them): every column
has a square on the base line, and a second one just above it for a 1 bit. The 64 bits are the 48-bit mark
and a CRC-16 of it, so a stray pattern of squares in a document is not taken for a mark.

What it survives: the overlay's streams and XObjects removed, the metadata changed, pages dropped or
reordered, the file re-saved by pypdf or a similar editor. What it does not: printing or rendering the page
to an image (the squares are far below what a scan or a photo resolves), retyping, and someone who knows to
look for it (see ``docs/confidential-documents.md``). No database here."""

from __future__ import annotations

import binascii
import re
import zlib
from collections.abc import Iterator

from pypdf.errors import LimitReachedError, PdfReadError, PyPdfError
from pypdf.generic import StreamObject

from agenda.pdf.limits import Limits, Refused, bomb, damaged
from agenda.pdf.reader import decoding_limits, open_reader

MARK_BITS = 48
MARK_LIMIT = 1 << MARK_BITS  # marks are 1 … MARK_LIMIT - 1
_BITS = MARK_BITS + 16
DOT = 0.25  # the side of one square, in points
STEP = 0.75  # from one column (and from the base line to the 1 row) to the next
_TOLERANCE = 0.02
_NUMBER = rb"[-+]?(?:\d+\.?\d*|\.\d+)"
_RECTANGLE = re.compile(rb"(%s)\s+(%s)\s+(%s)\s+(%s)\s+re(?![A-Za-z])" % ((_NUMBER,) * 4))


def _check(mark: int) -> int:
    return binascii.crc_hqx(mark.to_bytes(MARK_BITS // 8, "big"), 0xFFFF)


def mark_ops(mark: int, x: float, y: float) -> bytes:
    """The content-stream operators drawing ``mark`` with its lower left corner at (``x``, ``y``), in the
    page's default coordinates. Self-contained (``q`` … ``Q``): nothing after it sees a changed state."""
    if not 0 < mark < MARK_LIMIT:
        raise ValueError(f"a mark is a number from 1 to {MARK_LIMIT - 1}")
    payload = (mark << 16) | _check(mark)
    squares = []
    for column in range(_BITS):
        left = x + column * STEP
        squares.append(f"{left:.2f} {y:.2f} {DOT} {DOT} re")
        if payload >> (_BITS - 1 - column) & 1:
            squares.append(f"{left:.2f} {y + STEP:.2f} {DOT} {DOT} re")
    return f"q 0.98 0.98 0.98 rg 0 w {' '.join(squares)} f Q\n".encode()


def embed(stream: StreamObject, ops: bytes) -> bool:
    """Put ``ops`` at the head of ``stream`` (a page's own content stream), re-encoding it as it was
    (Flate, or none). False — and ``stream`` untouched — when it is encoded some other way."""
    if "/DecodeParms" in stream:
        return False
    try:
        data = stream.get_data()
        stream.set_data(ops + data)
    except (PdfReadError, LimitReachedError):
        return False
    return True


def _is_dot(width: float, height: float) -> bool:
    return abs(width - DOT) <= _TOLERANCE and abs(height - DOT) <= _TOLERANCE


def _runs(content: bytes) -> Iterator[list[tuple[float, float]]]:
    """Runs of squares of the mark's size, as (x, y), in the order the content draws them."""
    run: list[tuple[float, float]] = []
    for found in _RECTANGLE.finditer(content):
        try:
            x, y, width, height = (float(v) for v in found.groups())
        except ValueError:
            continue
        if not _is_dot(width, height):
            if run:
                yield run
            run = []
            continue
        if run and not -_TOLERANCE <= x - run[-1][0] <= STEP + _TOLERANCE:
            yield run
            run = []
        run.append((x, y))
    if run:
        yield run


def _decode(run: list[tuple[float, float]]) -> int | None:
    """The mark a run of squares spells, or None when it is not one (wrong shape, or its CRC disagrees)."""
    base = min(y for _, y in run)
    start = min(x for x, _ in run)
    columns: dict[int, set[int]] = {}
    for x, y in run:
        column, row = round((x - start) / STEP), round((y - base) / STEP)
        if abs(x - start - column * STEP) > _TOLERANCE or row not in (0, 1):
            return None
        columns.setdefault(column, set()).add(row)
    if sorted(columns) != list(range(_BITS)) or any(0 not in rows for rows in columns.values()):
        return None
    payload = 0
    for column in range(_BITS):
        payload = payload << 1 | (1 in columns[column])
    mark, check = payload >> 16, payload & 0xFFFF
    return mark if 0 < mark and _check(mark) == check else None


def marks_in_content(content: bytes) -> list[int]:
    """The marks drawn in one page's (decoded) content, in order."""
    return [m for run in _runs(content) if (m := _decode(run)) is not None]


def read_marks(pdf: bytes, limits: Limits | None = None) -> list[int]:
    """Every distinct mark in the file, in page order: one for a leaked copy, more when pages of several
    copies were put together. Damaged files and bombs are refused (:class:`~agenda.pdf.limits.Refused`)."""
    limits = limits or Limits.from_env()
    found: list[int] = []
    with decoding_limits(limits):
        reader = open_reader(pdf)
        try:
            if reader.is_encrypted and not reader.decrypt(""):  # an owner password alone still opens
                raise Refused(
                    "Tệp PDF được đặt mật khẩu: hãy gửi bản không có mật khẩu.",
                    "The PDF is password-protected: send a copy without the password.",
                    code="pdf_encrypted",
                )
            for page in reader.pages:
                contents = page.get_contents()
                if contents is None:
                    continue
                for mark in marks_in_content(contents.get_data()):
                    if mark not in found:
                        found.append(mark)
        except LimitReachedError:
            raise bomb("nội dung trang", "a page's content") from None
        except (
            PyPdfError,
            ValueError,
            TypeError,
            KeyError,
            IndexError,
            AttributeError,
            RecursionError,
            NotImplementedError,
            OSError,
            zlib.error,
        ):  # an untrusted file: whatever pypdf trips over, it is a damaged PDF
            raise damaged() from None
    return found


def read_leak(pdf: bytes) -> int | None:
    """The mark of the copy a leaked file was made from (its first, if pages of several were mixed), or
    None when it carries none — a file that was never a stamped copy, or one that was printed or
    rendered to images."""
    marks = read_marks(pdf)
    return marks[0] if marks else None

"""Opening a PDF with pypdf under decoding limits: a damaged file or a decompression bomb is refused, never
inflated in memory."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator

from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError, PyPdfError

from agenda.pdf.limits import Limits, bomb, damaged


@contextlib.contextmanager
def decoding_limits(limits: Limits) -> Iterator[None]:
    """pypdf's decoders stop with LimitReachedError past these sizes (a bomb never inflates in memory)."""
    cap = limits.max_stream_bytes
    with apply_configuration(
        zlib_maximum_output_length=cap,
        lzw_maximum_output_length=cap,
        run_length_maximum_output_length=cap,
        brotli_maximum_output_length=cap,
        array_based_stream_maximum_output_length=cap,
        image_maximum_buffer_size=cap,
        stream_decoding_work_maximum_length=cap * 2,
    ):
        yield


def open_reader(content: bytes) -> PdfReader:
    try:
        return PdfReader(io.BytesIO(content), strict=False)
    except LimitReachedError:
        raise bomb("cấu trúc tệp", "the file structure") from None
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OSError):
        raise damaged() from None

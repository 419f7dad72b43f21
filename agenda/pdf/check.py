"""The gate: is this a readable, safe PDF? pypdf opens it under decoding limits (decompression bombs are
refused with the reason) and reads its page count and metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader, get_configuration
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.generic import (
    ArrayObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

from agenda.pdf.active import Cleaned, strip_active_content
from agenda.pdf.limits import Limits, Refused, bomb, check_size, damaged
from agenda.pdf.reader import decoding_limits, open_reader
from agenda.pdf.sniff import refuse_not_pdf, sniff
from agenda.pdf.text import extract_texts


@dataclass(frozen=True)
class PdfFacts:
    page_count: int
    title: str | None
    author: str | None
    texts: tuple[str, ...] = field(repr=False)


def check_pdf(content: bytes, limits: Limits, filename: str = "tệp") -> PdfFacts:
    """Everything a PDF must pass to become a document; refuses with the reason, else its facts and text."""
    return check_and_clean(content, limits, filename, clean=False)[0]


def check_and_clean(
    content: bytes, limits: Limits, filename: str = "tệp", *, clean: bool = True
) -> tuple[PdfFacts, Cleaned | None]:
    """:func:`check_pdf`, and (``clean``) the file without its active content
    (:func:`~agenda.pdf.active.strip_active_content`) — looked for with the pypdf reader that the checks
    opened, every object of which the stream guard has just read: the file is parsed by pypdf once, not
    once for the checks and again for the active content. The same refusals, the same limits (the walk
    runs under the same decoding limits), done before PDFium reads the text, and the reader dropped before
    (its decoded streams are not held while PDFium works)."""
    check_size(content, limits)
    kind = sniff(content)
    if kind != "pdf":
        raise refuse_not_pdf(kind, filename)
    with decoding_limits(limits):
        reader = open_reader(content)
        if reader.is_encrypted:
            raise Refused(
                "Tệp PDF được đặt mật khẩu hoặc mã hóa. Hãy mở tệp, bỏ mật khẩu (hoặc in ra PDF mới) rồi "
                "tải lên lại.",
                "The PDF is password-protected or encrypted. Open it, remove the password (or print it "
                "to a new PDF) and upload again.",
                code="pdf_encrypted",
            )
        page_count = _page_count(reader)
        if page_count == 0:
            raise Refused("Tệp PDF không có trang nào.", "The PDF has no pages.", code="pdf_empty")
        if page_count > limits.max_pages:
            raise Refused(
                f"Tệp PDF có {page_count} trang, vượt quá giới hạn {limits.max_pages} trang. Hãy tách thành "
                "nhiều tài liệu.",
                f"The PDF has {page_count} pages, more than the limit of {limits.max_pages}. Split it into "
                "several documents.",
                code="pdf_too_many_pages",
                status=413,
            )
        _guard_streams(reader, limits)
        title, author = _metadata(reader)
    cleaned = strip_active_content(content, limits, reader) if clean else None
    del reader
    texts = extract_texts(content, limits)
    if len(texts) != page_count:
        raise damaged()
    facts = PdfFacts(page_count=page_count, title=title, author=author, texts=tuple(texts))
    return facts, cleaned


def _page_count(reader: PdfReader) -> int:
    try:
        return len(reader.pages)
    except LimitReachedError:
        raise bomb("cây trang", "the page tree") from None
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        raise damaged() from None


def _metadata(reader: PdfReader) -> tuple[str | None, str | None]:
    try:
        info = reader.metadata
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError):
        return None, None
    if info is None:
        return None, None

    def clean(value: Any) -> str | None:
        text = " ".join(str(value).split())[:300] if value else ""
        return text or None

    try:
        return clean(info.title), clean(info.author)
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError):
        return None, None


def _guard_streams(reader: PdfReader, limits: Limits) -> None:
    """Decode every stream of the file under the limits — page contents, forms, fonts, annotation
    appearances, patterns: whatever PDFium might inflate later — and check image sizes without decoding
    them. A stream pypdf cannot decode (an exotic filter) is left to PDFium; only a limit refuses. A stream
    that cannot reach a limit is not decoded (:class:`_Budget`): the same refusals, without inflating the
    fonts and pages of an ordinary file a second time (PDFium inflates them for the text)."""
    budget = _Budget(limits)
    try:
        for generation, numbers in list(reader.xref.items()):
            for number in list(numbers):
                stream = reader.get_object(IndirectObject(number, generation, reader))
                if isinstance(stream, StreamObject):
                    budget.stream(stream)
    except LimitReachedError:
        raise bomb("dữ liệu nén trong tệp", "the compressed data in the file") from None
    except Refused:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OSError):
        raise damaged() from None


def _resolved(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


# Deflate's densest code gives 258 bytes for 2 bits (a length and a distance code of one bit each, RFC 1951
# 3.2.7): no Flate data inflates to more than 1,032 times its size (zlib's documented maximum, 1032:1).
FLATE_MAX_RATIO = 1032


def inflated_at_most(stream: StreamObject) -> int | None:
    """How large ``stream`` can be once decoded, whatever its bytes: its size without a filter, 1,032 times
    it under FlateDecode alone without parameters; None for any other filter (or a predictor), whose output
    only decoding tells."""
    raw = len(stream._data)  # (pypdf's encoded bytes: what its decoder reads)
    if "/Filter" not in stream:
        return raw
    filters = stream["/Filter"]
    if isinstance(filters, ArrayObject) and len(filters) == 1:
        filters = filters[0]
    if not (isinstance(filters, NameObject) and filters == "/FlateDecode") or "/DecodeParms" in stream:
        return None
    if raw >= get_configuration().zlib_maximum_recovery_input_length:
        return None  # (pypdf may refuse to read a damaged stream this long: only decoding says)
    return raw * FLATE_MAX_RATIO


class _Budget:
    """Decoded bytes so far, against the document's limit. A stream whose :func:`inflated_at_most` is below
    pypdf's limit for one stream, and keeps the document within its own with every stream before it at
    its largest, is put aside undecoded: it cannot be what refuses the file. Once a stream must be decoded,
    those put aside are decoded first, so the total it is added to is the exact one — every refusal is the
    one decoding every stream in turn gives, at the same stream."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.total = 0  # bytes of the streams decoded
        self.at_most = 0  # the most the streams put aside can decode to
        self.aside: list[StreamObject] = []

    def stream(self, stream: StreamObject) -> None:
        if stream.get("/Subtype") == "/Image":
            self._check_image(stream)
            return
        bound = inflated_at_most(stream)
        if (
            bound is not None
            and bound < self.limits.max_stream_bytes
            and self.total + self.at_most + bound <= self.limits.max_decoded_bytes
        ):
            self.at_most += bound
            self.aside.append(stream)
            return
        for aside in self.aside:
            self._decode(aside)
        self.aside.clear()
        self.at_most = 0
        self._decode(stream)

    def _decode(self, stream: StreamObject) -> None:
        try:
            size = len(stream.get_data())
        except LimitReachedError:
            raise
        except Exception:  # noqa: BLE001 - undecodable here; PDFium decides whether the file is readable
            return
        self.total += size
        if self.total > self.limits.max_decoded_bytes:
            raise bomb("tổng dung lượng sau giải nén", "the total decompressed size")

    def _check_image(self, image: StreamObject) -> None:
        width, height = (_resolved(image.get(key, 0)) for key in ("/Width", "/Height"))
        if not isinstance(width, int) or not isinstance(height, int) or width < 0 or height < 0:
            raise damaged()
        if width * height > self.limits.max_image_pixels:
            raise bomb(f"một ảnh {width}×{height} điểm ảnh", f"an image of {width}×{height} pixels")

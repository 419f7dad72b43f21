"""The stream guard decodes only the streams that could reach a limit: an ordinary file is accepted without
inflating its streams, and every file gets the refusal that decoding every stream in turn gives — a bomb in
a page or an annotation, one stream past its limit, many small streams past the document's, a large image."""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from pypdf import filters
from pypdf.errors import LimitReachedError
from pypdf.generic import IndirectObject, StreamObject

from agenda.archive.importer.specimens import Specimen, resolution_pdf
from agenda.errors import DomainError
from agenda.pdf import check
from agenda.pdf.check import FLATE_MAX_RATIO, inflated_at_most
from agenda.pdf.limits import MB, Limits, Refused, bomb
from agenda.pdf.reader import decoding_limits, open_reader
from tests.agenda.pdf.hostile import raw_pdf, shared_stream_pdf

SMALL = Limits(max_stream_bytes=4 * MB, max_decoded_bytes=16 * MB, max_image_pixels=1_000_000)


def flate(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data, 9)
    return (
        b"<< /Length %d /Filter /FlateDecode%s >>\nstream\n" % (len(packed), extra) + packed + b"\nendstream"
    )


def pages_with(streams: list[bytes]) -> bytes:
    """One page whose contents are ``streams`` (objects 4, 5, …)."""
    contents = " ".join(f"{4 + i} 0 R" for i in range(len(streams))).encode()
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [" + contents + b"] >>"
    return raw_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page, *streams]
    )


def image(width: int, height: int) -> bytes:
    return b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /Length 1 >>\nstream\n0\nendstream" % (
        width,
        height,
    )


def specimen() -> bytes:
    return resolution_pdf(
        Specimen(
            issuer=("HỘI ĐỒNG NHÂN DÂN", "TỈNH QUẢNG NINH"),
            number="03/2026/NQ-HĐND",
            place="Quảng Ninh",
            adopted_on=dt.date(2026, 7, 15),
            title="Quy định chính sách hỗ trợ trên địa bàn tỉnh Quảng Ninh",
            pages=3,
        )
    )


FILES: dict[str, tuple[Callable[[], bytes], Limits]] = {
    "an ordinary resolution": (specimen, Limits()),
    "a page of 8 MB shared by 100 pages": (shared_stream_pdf, Limits()),
    "one stream past its limit": (lambda: pages_with([flate(b" " * (5 * MB))]), SMALL),
    "small streams past the document's limit": (lambda: pages_with([flate(b" " * (3 * MB))] * 7), SMALL),
    "small streams within it": (lambda: pages_with([flate(b" " * (3 * MB))] * 5), SMALL),
    "an image too large after a bomb put aside": (
        lambda: pages_with([flate(b" " * (3 * MB)), image(2000, 2000)]),
        SMALL,
    ),
    "a stream with a predictor": (
        lambda: pages_with([flate(b"\x00" * (2 * MB), b" /DecodeParms << /Predictor 12 /Columns 9 >>")]),
        SMALL,
    ),
    "a damaged flate stream": (
        lambda: pages_with([flate(b"0 0 m 1 1 l S\n" * 50)[:-30] + b"\nendstream"]),
        SMALL,
    ),
    "two filters": (
        lambda: pages_with(
            [
                b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n"
                % len(z := zlib.compress(zlib.compress(b" " * (5 * MB))))
                + z
                + b"\nendstream"
            ]
        ),
        SMALL,
    ),
}


def decoding_every_stream(content: bytes, limits: Limits) -> None:
    """The guard as it was: every stream decoded in turn, its size added (the reference)."""
    with decoding_limits(limits):
        reader = open_reader(content)
        total = 0
        try:
            for generation, numbers in list(reader.xref.items()):
                for number in list(numbers):
                    stream = reader.get_object(IndirectObject(number, generation, reader))
                    if not isinstance(stream, StreamObject):
                        continue
                    if stream.get("/Subtype") == "/Image":
                        width, height = stream["/Width"], stream["/Height"]
                        if width * height > limits.max_image_pixels:
                            raise bomb(
                                f"một ảnh {width}×{height} điểm ảnh", f"an image of {width}×{height} pixels"
                            )
                        continue
                    try:
                        total += len(stream.get_data())
                    except LimitReachedError:
                        raise
                    except Exception:  # noqa: BLE001, S112 - as the guard: left to PDFium
                        continue
                    if total > limits.max_decoded_bytes:
                        raise bomb("tổng dung lượng sau giải nén", "the total decompressed size")
        except LimitReachedError:
            raise bomb("dữ liệu nén trong tệp", "the compressed data in the file") from None


def outcome(guard: Callable[[bytes, Limits], Any], content: bytes, limits: Limits) -> str:
    try:
        guard(content, limits)
    except DomainError as refusal:
        return f"{refusal.code}: {refusal.en}"
    return "accepted"


def guarding(content: bytes, limits: Limits) -> None:
    with decoding_limits(limits):
        check._guard_streams(open_reader(content), limits)


@pytest.mark.parametrize("name", list(FILES))
def test_each_file_gets_the_refusal_that_decoding_every_stream_gives(name: str) -> None:
    make, limits = FILES[name]
    content = make()
    assert outcome(guarding, content, limits) == outcome(decoding_every_stream, content, limits)


def test_the_expected_refusals() -> None:
    refused = {name: outcome(guarding, make(), limits) for name, (make, limits) in FILES.items()}
    assert refused["an ordinary resolution"] == refused["small streams within it"] == "accepted"
    assert "the compressed data in the file" in refused["one stream past its limit"]
    assert "the compressed data in the file" in refused["two filters"]
    assert "the total decompressed size" in refused["small streams past the document's limit"]
    assert "an image of 2000×2000 pixels" in refused["an image too large after a bomb put aside"]


def test_an_ordinary_file_is_checked_without_inflating_its_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    decode = filters.decode_stream_data

    def counting(stream: StreamObject) -> bytes:
        calls.append(1)
        return decode(stream)

    monkeypatch.setattr(filters, "decode_stream_data", counting)
    facts = check.check_pdf(specimen(), Limits())
    assert facts.page_count == 3 and "QUẢNG NINH" in facts.texts[0]
    assert calls == []
    with pytest.raises(Refused, match="decompression bomb"):
        guarding(pages_with([flate(b" " * (5 * MB))]), SMALL)
    assert calls  # (what might reach a limit is decoded)


def test_the_bound_is_what_flate_can_reach() -> None:
    data = b"\x00" * (8 * MB)
    packed = zlib.compress(data, 9)
    assert len(data) <= len(packed) * FLATE_MAX_RATIO  # (zlib's best is about 1,030:1)
    with decoding_limits(Limits()):
        reader = open_reader(pages_with([flate(data), b"<< /Length 3 >>\nstream\nabc\nendstream"]))
        first, plain = (reader.get_object(IndirectObject(n, 0, reader)) for n in (4, 5))
        assert isinstance(first, StreamObject) and isinstance(plain, StreamObject)
        assert inflated_at_most(first) == len(packed) * FLATE_MAX_RATIO
        assert inflated_at_most(plain) == 3

"""The hidden mark of a confidential copy (agenda/pdf/mark.py), tried as the attack it is meant for: a reader
takes their stamped copy, deletes what the stamp drew — its form XObjects, the content streams that draw
them, the metadata — and the file still names their copy."""

from __future__ import annotations

import datetime as dt
import functools
import io

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject

from agenda.documents.tracing import examine_leak
from agenda.pdf import mark, text, typeset
from agenda.pdf.limits import Refused
from agenda.pdf.stamp import stamp_text, watermark

PROSE = [
    "Kết luận thanh tra về việc quản lý, sử dụng đất đai tại các dự án trên địa bàn tỉnh: xác định trách "
    "nhiệm của tổ chức, cá nhân có liên quan và kiến nghị xử lý theo quy định của pháp luật.",
    "Đoàn thanh tra đề nghị thu hồi 12,4 tỷ đồng nộp ngân sách nhà nước; chuyển hồ sơ ba vụ việc sang cơ quan "
    "điều tra xem xét theo thẩm quyền.",
]
AT = dt.datetime(2026, 11, 28, 7, 5)
AN, BINH = 0x2F1C3A4B5D6E, 0x0000000000A1  # two readers' marks (the second with mostly 0 bits)


@functools.cache
def original() -> bytes:
    return typeset.text_pdf("KẾT LUẬN THANH TRA (MẬT)", PROSE * 24, author="Thanh tra tỉnh")


def copy_for(name: str, number: int, content: bytes | None = None) -> bytes:
    return watermark(content or original(), stamp_text(name, AT, "Asia/Ho_Chi_Minh"), number)


def saved(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def strip_overlay(content: bytes) -> bytes:
    """The attack by hand: on every page, delete the stamp's form XObjects and the content streams the stamp
    added (the one that draws them, and the lone ``q`` opened before the page's own), and the metadata."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    for page in writer.pages:
        xobjects = page["/Resources"].get_object()["/XObject"].get_object()
        names = [n for n in xobjects if n.startswith("/KyhopStamp")]
        for name in names:
            del xobjects[name]

        drawn = [n.encode() for n in names]
        streams = page["/Contents"].get_object()
        page[NameObject("/Contents")] = ArrayObject(
            s for s in streams if not _added(s.get_object().get_data(), drawn)
        )
    writer.metadata = None
    return saved(writer)


def _added(data: bytes, drawn: list[bytes]) -> bool:
    return data.strip() == b"q" or any(name in data for name in drawn)


def strip_operators(content: bytes) -> bytes:
    """The attack with pypdf's content parser: every ``Do`` of the stamp's XObject removed, the page's
    content rewritten from the parsed operators (numbers re-serialised)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    for page in writer.pages:
        contents = page.get_contents()
        assert contents is not None
        contents.operations = [
            (operands, op)
            for operands, op in contents.operations
            if not (op == b"Do" and str(operands[0]).startswith("/KyhopStamp"))
        ]
        page.replace_contents(contents)
    writer.metadata = None
    return saved(writer)


@pytest.mark.parametrize("attack", [strip_overlay, strip_operators])
def test_a_copy_whose_stamp_was_removed_still_names_its_reader(attack: object) -> None:
    stamped = copy_for("Nguyễn Văn An", AN)
    assert all("MẬT — Nguyễn Văn An" in t for t in text.extract_texts(stamped))
    leaked = attack(stamped)  # type: ignore[operator]
    assert all("MẬT" not in t.replace("(MẬT)", "") for t in text.extract_texts(leaked))  # the stamp is gone
    assert "Nguyễn Văn An" not in str(PdfReader(io.BytesIO(leaked)).metadata or "")
    assert "Đoàn thanh tra" in text.extract_texts(leaked)[0]  # the document is whole
    assert mark.read_leak(leaked) == AN
    assert mark.read_leak(stamped) == AN


def test_every_page_carries_the_mark_so_one_page_is_enough() -> None:
    leaked = strip_overlay(copy_for("Nguyễn Văn An", AN))
    reader = PdfReader(io.BytesIO(leaked))
    assert len(reader.pages) > 2
    for number in range(len(reader.pages)):
        writer = PdfWriter()
        writer.add_page(reader.pages[number])
        assert mark.read_leak(saved(writer)) == AN


def test_two_readers_copies_differ_and_pages_put_together_name_both() -> None:
    an, binh = copy_for("Nguyễn Văn An", AN), copy_for("Trần Thị Bình", BINH)
    assert mark.read_leak(strip_overlay(an)) == AN and mark.read_leak(strip_overlay(binh)) == BINH
    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(strip_overlay(binh))).pages[0])
    writer.add_page(PdfReader(io.BytesIO(strip_overlay(an))).pages[1])
    assert mark.read_marks(saved(writer)) == [BINH, AN]


def test_a_file_never_stamped_or_stamped_without_a_mark_names_nobody() -> None:
    assert mark.read_leak(original()) is None
    assert (
        mark.read_leak(watermark(original(), stamp_text("Nguyễn Văn An", AT, "Asia/Ho_Chi_Minh"))) is None
    )  # copies before 0005
    assert mark.read_leak(typeset.text_pdf("BÁO CÁO", ["Một trang."])) is None


def test_without_the_mark_the_stamped_copy_is_byte_for_byte_what_it_was() -> None:
    """Copies handed out before marks existed are stamped again (an emptied cache) to the same bytes."""
    assert watermark(original(), "MẬT — x") == watermark(original(), "MẬT — x", None)
    assert copy_for("Nguyễn Văn An", AN) == copy_for("Nguyễn Văn An", AN)  # reproducible with a mark too


def test_a_stray_square_or_a_damaged_mark_is_not_taken_for_one() -> None:
    ops = mark.mark_ops(AN, 20, 3)
    assert mark.marks_in_content(ops) == [AN]
    assert mark.marks_in_content(b"10 10 0.25 0.25 re f 12 10 0.25 0.25 re f") == []
    squares = ops.split(b" re ")
    tampered = b" re ".join(squares[:10] + squares[11:])  # one square gone: a bit flips, the CRC disagrees
    assert mark.marks_in_content(tampered) == []
    with pytest.raises(ValueError):
        mark.mark_ops(0, 0, 0)
    with pytest.raises(ValueError):
        mark.mark_ops(mark.MARK_LIMIT, 0, 0)


def test_blank_and_rotated_pages_are_marked_too() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(original())))
    writer.add_blank_page()  # no content of its own: the mark goes into the stamp's stream
    writer.pages[0].rotate(90)
    stamped = copy_for("Nguyễn Văn An", AN, saved(writer))
    reader = PdfReader(io.BytesIO(stamped))
    for page in (reader.pages[0], reader.pages[-1]):
        contents = page.get_contents()
        assert contents is not None and mark.marks_in_content(contents.get_data()) == [AN]


def test_a_marked_page_looks_the_same() -> None:
    """The squares are a near-white 0.25 pt drawn under the page's content: at the widest rendering the
    reader gets (2,400 px) no pixel moves by more than a few levels of 255."""
    from PIL import Image, ImageChops

    from agenda.pdf.render import render_page

    plain = watermark(original(), "MẬT — x")
    marked = watermark(original(), "MẬT — x", AN)
    images = [Image.open(io.BytesIO(render_page(c, 1, 2400, "png"))).convert("L") for c in (plain, marked)]
    low, high = ImageChops.difference(*images).getextrema()
    assert high <= 8


def test_what_is_not_a_pdf_is_refused_with_the_reason() -> None:
    for content, code in [
        (b"", "file_empty"),
        (b"<html>khong phai PDF</html>", "not_pdf"),
        (b"%PDF-1.7\n garbage", "pdf_damaged"),
    ]:
        with pytest.raises(Refused) as refused:
            examine_leak(content, "ro-ri.pdf")
        assert refused.value.code == code and refused.value.vi

"""The session pack: a cover (heading, agenda with page numbers, QR code), then every document, with an outline."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from agenda.pdf.reader import open_reader
from agenda.pdf.typeset import new_pdf, output_bytes, write_paragraph
from agenda.qr import qr_image


@dataclass(frozen=True)
class PackDocument:
    title: str
    content: bytes
    page_count: int
    label: str = ""  # e.g. "Tờ trình"


@dataclass(frozen=True)
class PackSection:
    """An agenda item ('2.1', title) and its documents; ``number`` empty for documents of no item."""

    number: str
    title: str
    documents: tuple[PackDocument, ...]

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


class AgendaLine(NamedTuple):
    """An agenda item as the cover lists it."""

    number: str  # "2.1"
    depth: int  # 0 for a main item
    title: str


@dataclass(frozen=True)
class Cover:
    council: str  # "HỘI ĐỒNG NHÂN DÂN TỈNH NINH BÌNH"
    term: str  # "KHÓA XVII, NHIỆM KỲ 2026–2031"
    heading: str  # "Kỳ họp thứ 1 HĐND tỉnh Ninh Bình khóa XVII"
    title: str | None
    dates: str  # "Từ ngày 10/12/2026 đến ngày 12/12/2026"
    place: str | None
    agenda: tuple[AgendaLine, ...]
    url: str  # the QR code's target


def cover_pdf(
    cover: Cover, sections: Sequence[PackSection], first_pages: dict[tuple[int, int], int]
) -> bytes:
    """The cover: council, session, dates, place, QR code, then the numbered agenda and the documents with
    the page each starts on in the pack (``first_pages[(section, document)]``; 0 while not yet known)."""
    pdf = new_pdf()
    pdf.set_title(f"Tài liệu {cover.heading}")
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 13)
    write_paragraph(pdf, 120, 7, cover.council, align="C")
    pdf.set_font("DejaVu", "", 11)
    write_paragraph(pdf, 120, 6, cover.term, align="C")
    pdf.image(qr_image(cover.url), x=pdf.w - pdf.r_margin - 40, y=12, w=40, h=40)
    pdf.set_xy(pdf.w - pdf.r_margin - 44, 53)
    pdf.set_font("DejaVu", "", 7)
    write_paragraph(pdf, 48, 3.5, "Quét mã để mở kỳ họp trên máy tính bảng", align="C")
    pdf.set_y(62)
    pdf.set_font("DejaVu", "B", 20)
    write_paragraph(pdf, 0, 11, "TÀI LIỆU KỲ HỌP", align="C")
    pdf.set_font("DejaVu", "B", 14)
    write_paragraph(pdf, 0, 8, cover.heading, align="C")
    if cover.title:
        pdf.set_font("DejaVu", "", 12)
        write_paragraph(pdf, 0, 7, cover.title, align="C")
    pdf.set_font("DejaVu", "", 11)
    write_paragraph(pdf, 0, 7, cover.dates, align="C")
    if cover.place:
        write_paragraph(pdf, 0, 7, f"Địa điểm: {cover.place}", align="C")
    pdf.set_font("DejaVu", "", 8)
    write_paragraph(pdf, 0, 5, cover.url, align="C")
    pdf.ln(5)
    pdf.set_font("DejaVu", "B", 13)
    write_paragraph(pdf, 0, 8, "CHƯƠNG TRÌNH KỲ HỌP", align="C")
    pdf.ln(2)
    docs_by_heading = {(s.number, s.title): (i, s) for i, s in enumerate(sections)}
    for line in cover.agenda:
        indent = 8.0 * line.depth
        pdf.set_x(pdf.l_margin + indent)
        pdf.set_font("DejaVu", "B" if line.depth == 0 else "", 11)
        write_paragraph(pdf, 0, 6, f"{line.number}. {line.title}")
        found = docs_by_heading.get((line.number, line.title))
        if found is not None:
            _cover_documents(pdf, found[0], found[1], first_pages, indent + 6)
    for index, section in enumerate(sections):
        if not section.number:  # documents attached to no agenda item
            pdf.ln(2)
            pdf.set_font("DejaVu", "B", 11)
            write_paragraph(pdf, 0, 6, section.title)
            _cover_documents(pdf, index, section, first_pages, 6)
    return output_bytes(pdf)


def _cover_documents(
    pdf: FPDF, index: int, section: PackSection, first_pages: dict[tuple[int, int], int], indent: float
) -> None:
    pdf.set_font("DejaVu", "", 9.5)
    for d_index, document in enumerate(section.documents):
        page = first_pages.get((index, d_index), 0)
        label = f"{document.label}: " if document.label else ""
        pdf.set_x(pdf.l_margin + indent)
        write_paragraph(pdf, 0, 5, f"– {label}{document.title} (tr. {page if page else '…'})")


def _count_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


class BuiltPack(NamedTuple):
    content: bytes
    page_count: int


def build_pack(cover: Cover, sections: Sequence[PackSection]) -> BuiltPack:
    """The pack and its page count. The cover is laid out twice: once to know its length, then with the
    page numbers of the documents filled in."""
    first_pages: dict[tuple[int, int], int] = {}
    cover_bytes = cover_pdf(cover, sections, first_pages)
    for _ in range(3):
        cover_pages = _count_pages(cover_bytes)
        page = cover_pages + 1
        first_pages = {}
        for s_index, section in enumerate(sections):
            for d_index, document in enumerate(section.documents):
                first_pages[(s_index, d_index)] = page
                page += document.page_count
        cover_bytes = cover_pdf(cover, sections, first_pages)
        if _count_pages(cover_bytes) == cover_pages:
            break
    return _assemble(cover, cover_bytes, sections)


def _assemble(cover: Cover, cover_bytes: bytes, sections: Sequence[PackSection]) -> BuiltPack:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover_bytes)), import_outline=False)
    writer.add_outline_item(title="Trang bìa và chương trình kỳ họp", page_number=0)
    page = len(writer.pages)
    for section in sections:
        if not section.documents:
            continue
        parent = writer.add_outline_item(title=section.heading, page_number=page)
        for document in section.documents:
            writer.append(open_reader(document.content), import_outline=False)
            label = f"{document.label}: " if document.label else ""
            writer.add_outline_item(title=f"{label}{document.title}", page_number=page, parent=parent)
            page = len(writer.pages)
    writer.page_mode = "/UseOutlines"
    writer.add_metadata(
        {"/Title": f"Tài liệu {cover.heading}", "/Author": cover.council.title(), "/Producer": "Kỳ họp số"}
    )
    out = io.BytesIO()
    writer.write(out)
    return BuiltPack(out.getvalue(), len(writer.pages))


def outline_titles(content: bytes) -> list[Any]:
    """The pack's outline as nested lists of titles (for checks and tests)."""
    reader = PdfReader(io.BytesIO(content))

    def walk(items: list[Any]) -> list[Any]:
        return [walk(item) if isinstance(item, list) else item.title for item in items]

    return walk(reader.outline)

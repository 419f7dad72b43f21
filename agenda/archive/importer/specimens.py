"""Resolution PDFs laid out as Decree 30/2020/NĐ-CP prints them (Annex I, form 1.1): the issuer on the left
and the national motto on the right of a two-column header, the number under the issuer and the place and
date under the motto, then "NGHỊ QUYẾT", the trích yếu, the council's session line, the legal bases and
the articles — for the importer's tests and benchmark (``bench/archive_import.py``), and a scanned copy (the
page as an image, no text layer)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

import pypdfium2 as pdfium
from fpdf import FPDF, Align

from agenda.pdf.typeset import new_pdf, output_bytes, write_paragraph

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
# Prose of the kind a resolution's articles carry (after the seed texts: the councils' own reports).
ARTICLES = (
    "Tăng cường các hoạt động giám sát của Hội đồng nhân dân, Thường trực Hội đồng nhân dân, các Ban Hội đồng "
    "nhân dân, các Tổ đại biểu và đại biểu Hội đồng nhân dân theo hướng ngày càng hiệu quả, sát yêu cầu thực "
    "tế, giải quyết được các vấn đề phát sinh từ thực tiễn.",
    "Nâng cao chất lượng, hiệu quả các hoạt động tiếp xúc cử tri, tiếp công dân; đẩy mạnh chuyển đổi số, ứng "
    "dụng công nghệ thông tin trong hoạt động của Hội đồng nhân dân; bảo đảm quốc phòng, an ninh và thực hiện "
    "tốt chính sách an sinh xã hội trên địa bàn.",
    "Ủy ban nhân dân có trách nhiệm tổ chức thực hiện Nghị quyết này; định kỳ báo cáo kết quả thực hiện với Hội "
    "đồng nhân dân tại các kỳ họp thường lệ. Thường trực Hội đồng nhân dân, các Ban, các Tổ đại biểu và đại "
    "biểu Hội đồng nhân dân giám sát việc thực hiện Nghị quyết.",
    "Đổi mới công tác chuẩn bị kỳ họp và tổ chức các hoạt động tại kỳ họp; phấn đấu hoàn thành các chỉ tiêu "
    "phát triển kinh tế - xã hội theo nghị quyết của cấp ủy, nghị quyết của Hội đồng nhân dân các cấp hằng năm "
    "và cả nhiệm kỳ; tăng cường công tác quản lý đất đai, đô thị và giải phóng mặt bằng.",
)


@dataclass(frozen=True)
class Specimen:
    """What the first page of a resolution prints."""

    issuer: Sequence[str]  # ("HỘI ĐỒNG NHÂN DÂN", "TỈNH QUẢNG NINH") or ("HĐND QUẬN NGÔ QUYỀN",)
    number: str  # "05/2026/NQ-HĐND"
    place: str  # "Quảng Ninh"
    adopted_on: dt.date
    title: str  # the trích yếu, wrapped as the page wraps it
    session_line: Sequence[str] = ("HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NINH", "KHÓA XIV, KỲ HỌP THỨ 20")
    signer: str = "Nguyễn Văn Thành"
    pages: int = 10
    interleaved: bool = True  # the header as a table (row by row) rather than two text boxes
    bases: Sequence[str] = field(
        default=(
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
            "Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 2 năm 2025;",
            "Xét Tờ trình của Ủy ban nhân dân; Báo cáo thẩm tra của Ban Kinh tế - Ngân sách; ý kiến thảo luận "
            "của đại biểu Hội đồng nhân dân tại kỳ họp.",
        )
    )

    @property
    def dated(self) -> str:
        d = self.adopted_on
        return f"{self.place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def _header(pdf: FPDF, specimen: Specimen) -> None:
    """The two columns: 70 mm for the issuer and number, the rest for the motto and the place and date —
    written row by row (as a word processor's table is: the text comes out interleaved) or column after
    column."""
    left_x, right_x, top = 15.0, 85.0, 15.0
    issuer = list(specimen.issuer)
    left = [(line, "B" if i == len(issuer) - 1 else "", 6.0) for i, line in enumerate(issuer)]
    left += [("-------", "", 5.0), (f"Số: {specimen.number}", "", 7.0)]
    right = [
        (MOTTO[0], "B", 6.0),
        (MOTTO[1], "B", 6.0),
        ("---------------", "", 5.0),
        (specimen.dated, "", 7.0),
    ]
    while len(left) < len(right):  # the number on the row of the date
        left.insert(len(left) - 2, ("", "", 6.0))
    while len(right) < len(left):
        right.insert(len(right) - 2, ("", "", 6.0))

    def put(x: float, y: float, width: float, cell: tuple[str, str, float]) -> None:
        text, style, _ = cell
        if text:
            pdf.set_font("DejaVu", style, 11)
            pdf.set_xy(x, y)
            pdf.cell(width, 6, text, align=Align.C)

    ys = [top]
    for (_, _, height), _ in zip(left, right, strict=True):
        ys.append(ys[-1] + height)
    if specimen.interleaved:
        for y, l_cell, r_cell in zip(ys, left, right, strict=False):
            put(left_x, y, 70, l_cell)
            put(right_x, y, 110, r_cell)
    else:
        for y, cell in zip(ys, left, strict=False):
            put(left_x, y, 70, cell)
        for y, cell in zip(ys, right, strict=False):
            put(right_x, y, 110, cell)


def resolution_pdf(specimen: Specimen) -> bytes:
    """The resolution: its first page as Decree 30 lays it out, then its articles over ``pages`` pages."""
    pdf = new_pdf()
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_margins(20, 15, 15)
    pdf.add_page()
    _header(pdf, specimen)
    pdf.set_y(52)
    pdf.set_font("DejaVu", "B", 13)
    write_paragraph(pdf, 0, 7, "NGHỊ QUYẾT", align="C")
    write_paragraph(pdf, 0, 6, specimen.title, align="C")
    write_paragraph(pdf, 0, 5, "___________", align="C")
    pdf.ln(3)
    for line in specimen.session_line:
        write_paragraph(pdf, 0, 6, line, align="C")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 11)
    for basis in specimen.bases:
        write_paragraph(pdf, 0, 6, basis)
    pdf.set_font("DejaVu", "B", 11)
    write_paragraph(pdf, 0, 8, "QUYẾT NGHỊ:", align="C")
    article = 1
    while pdf.pages_count < specimen.pages:
        pdf.set_font("DejaVu", "B", 11)
        write_paragraph(pdf, 0, 6, f"Điều {article}.")
        pdf.set_font("DejaVu", "", 11)
        write_paragraph(pdf, 0, 6, " ".join(ARTICLES[(article + k) % len(ARTICLES)] for k in range(3)))
        article += 1
    pdf.set_font("DejaVu", "B", 11)
    write_paragraph(pdf, 0, 6, "CHỦ TỊCH", align="R")
    write_paragraph(pdf, 0, 6, specimen.signer, align="R")
    return output_bytes(pdf)


def scanned_copy(content: bytes, *, scale: float = 1.0) -> bytes:
    """The PDF as a scanner makes it: each page an image, no text layer."""
    document = pdfium.PdfDocument(content)
    pdf = FPDF(format="A4")
    try:
        for index in range(len(document)):
            image = document[index].render(scale=scale).to_pil()
            buffer = io.BytesIO()
            image.convert("L").save(buffer, format="PNG")
            pdf.add_page()
            pdf.image(buffer, x=0, y=0, w=210, h=297)
    finally:
        document.close()
    return bytes(pdf.output())

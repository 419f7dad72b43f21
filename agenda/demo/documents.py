"""The demo's session documents: what a province's People's Council sends delegates before a regular
session — the UBND's socio-economic report, the Ban's review report, a submission (tờ trình) with its
draft resolution, and a confidential inspection report for the questioning — typeset as Vietnamese PDFs,
checked like any upload, attached to their agenda items and published (so the tablet's reader has
something real to open, search and annotate).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session as DbSession

from agenda.documents.publishing import publish_documents
from agenda.documents.upload import DocumentFields, Upload, add_document, process_upload
from agenda.models import AgendaItem, Document, DocumentAccess, DocumentType, Session
from agenda.pdf.typeset import text_pdf

Pick = Callable[[Iterable[str], str], str]


@dataclass(frozen=True)
class _DemoDocument:
    item_has: str  # the agenda item it belongs to: words of its title
    title: str
    doc_type: str
    access: str
    author: str
    paragraphs: tuple[str, ...]


def _documents(year: int, pick: Pick) -> list[_DemoDocument]:
    ubnd = "Ủy ban nhân dân tỉnh"
    return [
        _DemoDocument(
            "Báo cáo tình hình kinh tế – xã hội",
            "Báo cáo tình hình kinh tế – xã hội; mục tiêu, nhiệm vụ, giải pháp",
            "bao_cao",
            "public",
            ubnd,
            (
                "Thực hiện Nghị quyết của Hội đồng nhân dân tỉnh về kế hoạch phát triển kinh tế – xã hội, Ủy ban "
                "nhân dân tỉnh báo cáo kết quả thực hiện và mục tiêu, nhiệm vụ, giải pháp chủ yếu như sau.",
                "I. KẾT QUẢ THỰC HIỆN",
                "Tổng sản phẩm trên địa bàn (GRDP) ước tăng 8,1% so với cùng kỳ; thu ngân sách nhà nước trên địa bàn "
                "ước đạt 104,5% dự toán; giải ngân vốn đầu tư công đạt 87,3% kế hoạch được giao.",
                pick(
                    ["kinh tế", "tăng trưởng", "đầu tư"],
                    "Các chỉ tiêu chủ yếu về kinh tế đạt và vượt kế hoạch.",
                ),
                pick(["đô thị", "nông thôn"], "Xây dựng nông thôn mới tiếp tục được quan tâm chỉ đạo."),
                pick(
                    ["chuyển đổi số", "cải cách"],
                    "Cải cách hành chính, chuyển đổi số có chuyển biến tích cực.",
                ),
                "II. TỒN TẠI, HẠN CHẾ",
                "Tiến độ giải phóng mặt bằng một số dự án trọng điểm còn chậm; sản xuất kinh doanh của một bộ phận "
                "doanh nghiệp còn khó khăn; ô nhiễm môi trường ở khu vực nông thôn chưa được xử lý triệt để.",
                "III. MỤC TIÊU, NHIỆM VỤ, GIẢI PHÁP",
                f"Phấn đấu tốc độ tăng trưởng GRDP năm {year} đạt 8,5% trở lên; tập trung tháo gỡ khó khăn cho sản "
                "xuất kinh doanh, đẩy nhanh giải ngân vốn đầu tư công, bảo đảm an sinh xã hội.",
                pick(
                    ["an ninh", "quốc phòng", "trật tự"],
                    "Giữ vững quốc phòng, an ninh và trật tự an toàn xã hội.",
                ),
            ),
        ),
        _DemoDocument(
            "Báo cáo thẩm tra của Ban Kinh tế – Ngân sách",
            "Báo cáo thẩm tra của Ban Kinh tế – Ngân sách",
            "bao_cao_tham_tra",
            "delegates",
            "Ban Kinh tế – Ngân sách HĐND tỉnh",
            (
                "Ban Kinh tế – Ngân sách Hội đồng nhân dân tỉnh đã tổ chức thẩm tra báo cáo của Ủy ban nhân dân tỉnh "
                "và có ý kiến như sau.",
                "Ban cơ bản thống nhất với đánh giá kết quả thực hiện nhiệm vụ phát triển kinh tế – xã hội; đề nghị "
                "làm rõ nguyên nhân chậm giải ngân vốn đầu tư công ở một số chủ đầu tư.",
                pick(
                    ["Ban", "thẩm tra", "giám sát"],
                    "Ban đề nghị tăng cường giám sát việc thực hiện các kiến nghị.",
                ),
                "Đề nghị Ủy ban nhân dân tỉnh rà soát các khoản chi thường xuyên, tránh dàn trải; bảo đảm dự phòng "
                "ngân sách theo đúng quy định của Luật Ngân sách nhà nước.",
            ),
        ),
        _DemoDocument(
            "dự toán ngân sách địa phương",
            f"Tờ trình về dự toán ngân sách địa phương năm {year}",
            "to_trinh",
            "delegates",
            ubnd,
            (
                "Căn cứ Luật Tổ chức chính quyền địa phương; Luật Ngân sách nhà nước; Ủy ban nhân dân tỉnh kính trình "
                f"Hội đồng nhân dân tỉnh xem xét, quyết định dự toán ngân sách địa phương năm {year}.",
                "1. Tổng thu ngân sách nhà nước trên địa bàn: 18.450 tỷ đồng, trong đó thu nội địa 16.900 tỷ đồng, "
                "thu từ hoạt động xuất nhập khẩu 1.550 tỷ đồng.",
                "2. Tổng chi ngân sách địa phương: 21.300 tỷ đồng, trong đó chi đầu tư phát triển 7.850 tỷ đồng; chi "
                "thường xuyên 12.960 tỷ đồng; dự phòng ngân sách 420 tỷ đồng (2% tổng chi cân đối).",
                "3. Nguồn cải cách tiền lương được bố trí đủ theo quy định của Chính phủ.",
                "Ủy ban nhân dân tỉnh kính trình Hội đồng nhân dân tỉnh xem xét, quyết định.",
            ),
        ),
        _DemoDocument(
            "dự toán ngân sách địa phương",
            f"Dự thảo Nghị quyết về dự toán ngân sách địa phương năm {year}",
            "du_thao_nghi_quyet",
            "public",
            ubnd,
            (
                "HỘI ĐỒNG NHÂN DÂN TỈNH",
                "QUYẾT NGHỊ:",
                f"Điều 1. Quyết định dự toán ngân sách địa phương năm {year}: tổng thu ngân sách nhà nước trên địa bàn "
                "18.450 tỷ đồng; tổng chi ngân sách địa phương 21.300 tỷ đồng.",
                "Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết; Thường trực Hội đồng nhân dân tỉnh, "
                "các Ban, các Tổ đại biểu và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện.",
                "Điều 3. Nghị quyết có hiệu lực kể từ ngày 01 tháng 01.",
            ),
        ),
        _DemoDocument(
            "Nhóm vấn đề về đất đai",
            "Báo cáo kết quả thanh tra việc quản lý, sử dụng đất đai (tài liệu mật)",
            "tai_lieu_tham_khao",
            "confidential",
            "Thanh tra tỉnh",
            (
                "Thực hiện kế hoạch thanh tra, Đoàn thanh tra đã kiểm tra việc quản lý, sử dụng đất tại 12 xã, phường "
                "và 5 dự án có sử dụng đất.",
                "Kết quả: phát hiện 37 trường hợp sử dụng đất sai mục đích với tổng diện tích 4,6 ha; kiến nghị thu "
                "hồi 2,1 ha đất giao không đúng đối tượng.",
                "Tài liệu phục vụ phiên chất vấn; không sao chụp, không cung cấp cho cơ quan, tổ chức, cá nhân khác.",
            ),
        ),
    ]


def _item(session: Session, words: str) -> AgendaItem | None:
    return next((i for i in session.items if words in i.title), None)


def add_session_documents(db: DbSession, session: Session, year: int, pick: Pick) -> int:
    """Typeset, check, attach and publish the demo documents of ``session``; how many were added."""
    added: list[Document] = []
    for spec in _documents(year, pick):
        item = _item(session, spec.item_has)
        if item is None:
            continue
        content = text_pdf(
            spec.title.upper() if spec.doc_type == "du_thao_nghi_quyet" else spec.title,
            list(spec.paragraphs),
            author=spec.author,
        )
        processed = process_upload(Upload(f"{spec.doc_type}.pdf", "application/pdf", content))
        added.append(
            add_document(
                db,
                session,
                DocumentFields(
                    title=spec.title,
                    doc_type=DocumentType(spec.doc_type),
                    access=DocumentAccess(spec.access),
                    agenda_item_id=item.id,
                ),
                processed,
                f"{spec.doc_type}.pdf",
                None,
            )
        )
    publish_documents(db, session, added, None)
    return len(added)

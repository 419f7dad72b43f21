"""The demo's resolution archive: resolutions of the province council from the last term and this one, and one
of the abolished district council, numbered, signed and published — related as councils' resolutions are
(a fee schedule replaced, an article repealed, a plan amended, a district's rule replaced by the province's)
so that the archive's pages show every kind of legal force; one (05/2026/NQ-HĐND, on the Land Law) runs over two
pages, so that the public search opens a hit at its second page."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session as DbSession

from agenda.archive import links, resolutions
from agenda.archive.links import RelationInput
from agenda.archive.values import ResolutionInput
from agenda.documents import upload
from agenda.models import Council
from agenda.pdf import typeset

# (key, issuer: "province" | "district", number, adopted, summary, field)
RESOLUTIONS = [
    (
        "fees",
        "province",
        "12/2022/NQ-HĐND",
        "2022-07-12",
        "Quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí tham quan danh lam thắng cảnh trên địa bàn tỉnh Ninh Bình",
        "Tài chính",
    ),
    (
        "land",
        "province",
        "05/2023/NQ-HĐND",
        "2023-07-14",
        "Quy định hạn mức giao đất ở, công nhận quyền sử dụng đất ở và diện tích tối thiểu được tách thửa trên địa bàn tỉnh",
        "Đất đai",
    ),
    (
        "schools",
        "province",
        "18/2023/NQ-HĐND",
        "2023-12-08",
        "Quy định chính sách hỗ trợ học sinh, giáo viên vùng khó khăn trên địa bàn tỉnh giai đoạn 2024–2026",
        "Giáo dục",
    ),
    (
        "district",
        "district",
        "03/2024/NQ-HĐND",
        "2024-07-19",
        "Quy định mức hỗ trợ xây dựng nông thôn mới kiểu mẫu trên địa bàn huyện Gia Viễn",
        "Nông nghiệp",
    ),
    (
        "plan",
        "province",
        "27/NQ-HĐND",
        "2024-12-10",
        "Về kế hoạch đầu tư công trung hạn 5 năm 2026–2030 của tỉnh Ninh Bình",
        "Đầu tư công",
    ),
    (
        "fees2",
        "province",
        "08/2025/NQ-HĐND",
        "2025-07-11",
        "Quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí tham quan danh lam thắng cảnh trên địa bàn tỉnh Ninh Bình (thay thế Nghị quyết số 12/2022/NQ-HĐND)",
        "Tài chính",
    ),
    (
        "rural",
        "province",
        "11/2025/NQ-HĐND",
        "2025-07-11",
        "Quy định chính sách hỗ trợ xây dựng nông thôn mới giai đoạn 2026–2030 trên địa bàn tỉnh",
        "Nông nghiệp",
    ),
    (
        "land2",
        "province",
        "14/2025/NQ-HĐND",
        "2025-12-09",
        "Bãi bỏ Điều 4 Nghị quyết số 05/2023/NQ-HĐND quy định hạn mức giao đất ở trên địa bàn tỉnh",
        "Đất đai",
    ),
    (
        "land3",
        "province",
        "05/2026/NQ-HĐND",
        "2026-07-10",
        "Quy định chi tiết một số điều của Luật Đất đai về hạn mức giao đất, công nhận quyền sử dụng đất trên địa bàn tỉnh Ninh Bình",
        "Đất đai",
    ),
    (
        "plan2",
        "province",
        "40/NQ-HĐND",
        "2025-12-09",
        "Về điều chỉnh kế hoạch đầu tư công trung hạn 5 năm 2026–2030 của tỉnh Ninh Bình",
        "Đầu tư công",
    ),
]
# (acting, affected, kind, parts, date of effect — None: when the acting one takes effect)
RELATIONS = [
    ("fees2", "fees", "replaces", [], None),
    ("rural", "district", "replaces", [], None),
    ("land2", "land", "repeals", ["Điều 4"], None),
    ("plan2", "plan", "amends", ["Điều 1", "Phụ lục I"], None),
    ("land", "schools", "cites", [], None),
]


# The text of a signed copy's articles, when the demo has more to say than their headings (several pages: the
# public search opens a hit at the page that matched).
BODIES = {
    "land3": [
        f"{i}. Ủy ban nhân dân cấp xã tổ chức rà soát, công khai danh mục các thửa đất theo quy định tại khoản {i} "
        "Điều 141 của Luật; việc giao đất, cho thuê đất thực hiện theo trình tự, thủ tục do Chính phủ quy định."
        for i in range(1, 19)
    ]
    + [
        "Điều 3. Hạn mức giao đất ở, công nhận quyền sử dụng đất ở cho hộ gia đình, cá nhân được áp dụng thống "
        "nhất theo pháp luật về đất đai; tranh chấp đất đai được hòa giải tại cơ sở trước khi giải quyết."
    ],
}


def _signed_copy(key: str, number: str, summary: str, issuer: str) -> bytes:
    return typeset.text_pdf(
        f"NGHỊ QUYẾT {number}",
        [
            f"{issuer.upper()}",
            summary,
            "Căn cứ Luật Tổ chức chính quyền địa phương; Căn cứ Luật Ban hành văn bản quy phạm pháp luật;",
            "QUYẾT NGHỊ:",
            "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng.",
            "Điều 2. Nội dung quy định.",
            *BODIES.get(key, []),
            "Điều 3. Tổ chức thực hiện." if key not in BODIES else "Điều 4. Tổ chức thực hiện.",
            "Điều 4. Điều khoản thi hành." if key not in BODIES else "Điều 5. Điều khoản thi hành.",
        ],
    )


def add_archive(db: DbSession, province: Council, district: Council) -> int:
    """The demo's archive; how many resolutions it holds."""
    made = {}
    for key, issuer, number, adopted, summary, field in RESOLUTIONS:
        council = province if issuer == "province" else district
        day = dt.date.fromisoformat(adopted)
        record = resolutions.create_resolution(
            db,
            ResolutionInput(
                council_id=council.id,
                title=summary,
                adopted_on=day,
                normative=number.count("/") == 2,  # 12/2022/NQ-HĐND carries its year: normative
                number=number,
                gap_reason="Các số trước đã cấp cho nghị quyết không lưu trong dữ liệu mẫu",
                field=field,
                signer_name="Mai Văn Tuất" if issuer == "province" else "Nguyễn Văn Hùng",
                signer_title="Chủ tịch",
                signed_on=day,
                published_on=day + dt.timedelta(days=3),
            ),
        )
        name = f"{number.replace('/', '-')}.pdf"
        checked = upload.process_upload(
            upload.Upload(name, "application/pdf", _signed_copy(key, number, summary, council.name))
        )
        resolutions.attach_signed(
            db, record, checked.pdf, checked.facts.page_count, name, texts=checked.facts.texts
        )
        made[key] = record
    for acting, affected, kind, parts, effective in RELATIONS:
        links.add_relation(
            db,
            made[acting],
            RelationInput.parse(
                {"target_id": made[affected].id, "kind": kind, "parts": parts, "effective_on": effective}
            ),
        )
    return len(made)

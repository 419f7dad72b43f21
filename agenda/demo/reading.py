"""The documents of the demo's past sessions and how the delegates read them: each report, review report,
submission and draft resolution of a past session (and, at a regular session's questioning, a confidential
inspection report), typeset, checked and published ten days before the session opened — and the tablets' read
receipts: for each document most of the delegates holding a seat (85–95 %) opened it before the first sitting
day, on a day they held their seat (a delegate who had left office, or was not yet elected, read nothing; the
confidential report is read, as the live rule allows, only by delegates in office), most to the last page.
Deterministic (a seeded generator)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import clock
from agenda.council.office import holds_on
from agenda.demo.record import held_sessions
from agenda.demo.votes import ADOPTING
from agenda.documents.upload import DocumentFields, Upload, add_document, process_upload
from agenda.models import (
    AgendaItem,
    AgendaItemKind,
    Council,
    Document,
    DocumentAccess,
    DocumentType,
    DocumentVersion,
    Mandate,
    ReadReceipt,
    Session,
    Term,
)
from agenda.pdf.typeset import text_pdf

UBND = "Ủy ban nhân dân tỉnh"
PUBLISHED_BEFORE = 10  # days before the session's first day


@dataclass(frozen=True)
class _Paper:
    item: AgendaItem
    title: str
    doc_type: DocumentType
    access: DocumentAccess
    author: str
    paragraphs: tuple[str, ...]


def _papers(item: AgendaItem) -> list[_Paper]:
    """What the delegates received for one agenda item."""
    if item.kind is AgendaItemKind.REPORT:
        review = item.title.startswith("Báo cáo thẩm tra")
        return [
            _Paper(
                item,
                item.title,
                DocumentType.REVIEW_REPORT if review else DocumentType.REPORT,
                DocumentAccess.DELEGATES if review else DocumentAccess.PUBLIC,
                item.presenter or UBND,
                (
                    f"{item.title}.",
                    "I. KẾT QUẢ ĐẠT ĐƯỢC — các chỉ tiêu chủ yếu cơ bản đạt kế hoạch; một số chỉ tiêu vượt kế hoạch.",
                    "II. TỒN TẠI, HẠN CHẾ — tiến độ một số nhiệm vụ còn chậm; nguyên nhân và trách nhiệm được nêu rõ.",
                    "III. KIẾN NGHỊ — đề nghị Hội đồng nhân dân tỉnh xem xét, cho ý kiến.",
                ),
            )
        ]
    if item.kind is AgendaItemKind.RESOLUTION:
        act = item.title.removeprefix(ADOPTING)
        return [
            _Paper(
                item,
                f"Tờ trình về dự thảo {act}",
                DocumentType.SUBMISSION,
                DocumentAccess.DELEGATES,
                item.presenter or UBND,
                (
                    f"Kính trình Hội đồng nhân dân tỉnh xem xét, thông qua {act}.",
                    "I. SỰ CẦN THIẾT — căn cứ pháp lý và thực tiễn; II. NỘI DUNG CHÍNH CỦA DỰ THẢO.",
                ),
            ),
            _Paper(
                item,
                f"Dự thảo {act}",
                DocumentType.DRAFT_RESOLUTION,
                DocumentAccess.PUBLIC,
                UBND,
                ("HỘI ĐỒNG NHÂN DÂN TỈNH", "QUYẾT NGHỊ:", "Điều 1. …", "Điều 2. Tổ chức thực hiện."),
            ),
        ]
    if item.kind is AgendaItemKind.QUESTIONING and item.depth == 0:
        return [
            _Paper(
                item,
                "Báo cáo kết quả thanh tra việc quản lý, sử dụng vốn đầu tư công (tài liệu mật)",
                DocumentType.REFERENCE,
                DocumentAccess.CONFIDENTIAL,
                "Thanh tra tỉnh",
                (
                    "Đoàn thanh tra đã kiểm tra 9 dự án đầu tư công; phát hiện sai phạm về thủ tục và khối lượng.",
                    "Tài liệu phục vụ phiên chất vấn; không sao chụp, không cung cấp cho cơ quan, tổ chức khác.",
                ),
            )
        ]
    return []


def _local(council: Council, day: dt.date, minutes: int) -> dt.datetime:
    """``minutes`` after midnight of ``day``, local to the council, stored as UTC without a zone."""
    local = dt.datetime.combine(day, dt.time(0, 0), clock.zone(council.time_zone)) + dt.timedelta(
        minutes=minutes
    )
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _publish(db: DbSession, council: Council, session: Session) -> list[Document]:
    """The session's documents, published (and uploaded the day before) ten days before it opened."""
    published = _local(council, session.starts_on - dt.timedelta(days=PUBLISHED_BEFORE), 9 * 60)
    uploaded = published - dt.timedelta(days=1)
    items = db.scalars(
        select(AgendaItem).where(AgendaItem.session_id == session.id).order_by(AgendaItem.position)
    )
    documents = []
    for paper in (p for item in items for p in _papers(item)):
        content = text_pdf(paper.title, list(paper.paragraphs), author=paper.author)
        name = f"{paper.doc_type.value}.pdf"
        processed = process_upload(Upload(name, "application/pdf", content))
        fields = DocumentFields(paper.title, paper.doc_type, paper.access, paper.item.id)
        document = add_document(db, session, fields, processed, name, None)
        for version in document.versions:
            version.uploaded_at = uploaded
        document.created_at, document.updated_at, document.published_at = uploaded, uploaded, published
        documents.append(document)
    db.flush()
    return documents


def _read(
    db: DbSession, council: Council, document: Document, seats: list[Mandate], rng: random.Random
) -> int:
    """Receipts of one document: most of the delegates seated on the day they would have opened it."""
    version = db.get(DocumentVersion, document.current_version_id)
    assert version is not None and document.published_at is not None
    first_day = clock.local(document.published_at, council).date() + dt.timedelta(days=1)
    last_day = document.session.starts_on - dt.timedelta(days=1)
    share = rng.uniform(0.85, 0.95)
    made = 0
    for seat in seats:
        day = first_day + dt.timedelta(days=rng.randrange((last_day - first_day).days + 1))
        if rng.random() >= share or not holds_on(seat, day):
            continue
        opened = _local(council, day, rng.randrange(7 * 60, 22 * 60))
        pages = version.page_count if rng.random() < 0.85 else rng.randrange(1, version.page_count + 1)
        db.add(
            ReadReceipt(
                document_id=document.id,
                person_id=seat.person_id,
                version_id=version.id,
                first_opened_at=opened,
                last_page=pages,
                max_page_seen=pages,
                pages_seen=list(range(1, pages + 1)),
                pages_total=version.page_count,
                updated_at=opened + dt.timedelta(minutes=rng.randrange(3, 40)),
            )
        )
        made += 1
    return made


def add_past_reading(db: DbSession, council: Council, term: Term, today: dt.date) -> int:
    """The documents of the term's sessions held before ``today`` and their read receipts; how many receipts."""
    rng = random.Random(1012)
    seats = list(db.scalars(select(Mandate).where(Mandate.term_id == term.id).order_by(Mandate.id)))
    held = held_sessions(db, term, today)
    made = 0
    for session in held:
        for document in _publish(db, council, session):
            made += _read(db, council, document, seats, rng)
    db.flush()
    return made

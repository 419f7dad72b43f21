"""Upload: a file becomes a checked PDF with the text of every page, stored as a document or as its next
version; editing and deleting documents."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session as DbSession

from agenda import audit, filestore
from agenda.audit import actor_of
from agenda.clock import utcnow
from agenda.documents.listing import version_number
from agenda.documents.publishing import emit_documents
from agenda.errors import Conflict, DomainError
from agenda.inputs import Fields
from agenda.models import (
    AgendaItem,
    Document,
    DocumentAccess,
    DocumentPage,
    DocumentType,
    DocumentVersion,
    Session,
    User,
)
from agenda.pdf.check import PdfFacts, check_pdf
from agenda.pdf.convert import convert_to_pdf
from agenda.pdf.limits import Limits, Refused, check_size
from agenda.pdf.sniff import WORD_TYPES, sniff


@dataclass(frozen=True)
class Upload:
    filename: str
    content_type: str
    content: bytes

    @classmethod
    def from_form(cls, value: Any) -> Upload:
        if not isinstance(value, tuple) or len(value) != 3:
            raise DomainError(
                "Vui lòng chọn tệp tài liệu (PDF hoặc Word).",
                "Please choose the document file (PDF or Word).",
                code="required",
                field="file",
            )
        filename, content_type, content = value
        name = Path(str(filename or "tai-lieu.pdf").replace("\\", "/")).name[:200] or "tai-lieu.pdf"
        return cls(name, str(content_type or ""), bytes(content))


@dataclass(frozen=True)
class ProcessedFile:
    pdf: bytes
    facts: PdfFacts
    converted_from: str | None


def process_upload(upload: Upload, limits: Limits | None = None) -> ProcessedFile:
    """Check (and convert, for Word) an uploaded file; refuses with the reason. CPU-heavy: call it from a
    worker thread, never on the event loop."""
    limits = limits or Limits.from_env()
    content = upload.content
    if not content:
        raise Refused("Tệp tải lên rỗng.", "The uploaded file is empty.", code="file_empty")
    check_size(content, limits)
    kind = sniff(content)
    converted_from = None
    if kind in WORD_TYPES:
        content = convert_to_pdf(content, kind, limits)
        converted_from = kind
    facts = check_pdf(content, limits, upload.filename)
    return ProcessedFile(content, facts, converted_from)


_DOC_LABELS = {
    "title": ("tên tài liệu", "title"),
    "doc_type": ("loại tài liệu", "document type"),
    "access": ("mức độ truy cập", "access level"),
    "agenda_item_id": ("nội dung chương trình", "agenda item"),
    "position": ("thứ tự", "order"),
}


def _agenda_item(db: DbSession, session: Session, item_id: int | None) -> AgendaItem | None:
    if item_id is None:
        return None
    item = db.get(AgendaItem, item_id)
    if item is None or item.session_id != session.id:
        raise DomainError(
            "Nội dung chương trình không thuộc kỳ họp này.",
            "The agenda item is not in this session.",
            field="agenda_item_id",
        )
    return item


def _next_position(db: DbSession, session: Session, item_id: int | None) -> int:
    stmt = select(func.max(Document.position)).where(Document.session_id == session.id)
    stmt = stmt.where(
        Document.agenda_item_id.is_(None) if item_id is None else Document.agenda_item_id == item_id
    )
    last = db.scalar(stmt)
    return 1 if last is None else last + 1


def _document_fields(data: Any) -> Fields:
    """Form fields or JSON; an empty ``agenda_item_id`` (a form's "no item") means none."""
    if isinstance(data, Mapping) and data.get("agenda_item_id") in ("", "null", "none"):
        data = {**data, "agenda_item_id": None}
    return Fields(data)


def add_document(
    db: DbSession,
    session: Session,
    data: Mapping[str, Any],
    processed: ProcessedFile,
    filename: str,
    actor: User | None,
) -> Document:
    """A new document of ``session`` with its first version (``processed`` by :func:`process_upload`)."""
    f = _document_fields(data)
    title = f.text("title", _DOC_LABELS["title"], required=False, max_length=500)
    item = _agenda_item(
        db, session, f.integer("agenda_item_id", _DOC_LABELS["agenda_item_id"], required=False)
    )
    position = f.integer("position", _DOC_LABELS["position"], required=False, minimum=0, maximum=10_000)
    document = Document(
        session_id=session.id,
        session=session,
        agenda_item_id=item.id if item else None,
        doc_type=f.choice("doc_type", _DOC_LABELS["doc_type"], DocumentType, required=False)
        or DocumentType.OTHER,
        title=title or processed.facts.title or Path(filename).stem[:500] or "Tài liệu",
        access=f.choice("access", _DOC_LABELS["access"], DocumentAccess, required=False)
        or DocumentAccess.DELEGATES,
        position=position if position is not None else _next_position(db, session, item.id if item else None),
        created_by=actor_of(actor),
    )
    db.add(document)
    db.flush()
    version = _store_version(db, document, processed, filename, actor)
    audit.append(
        db,
        "document.added",
        {
            "document_id": document.id,
            "title": document.title,
            "version": 1,
            "sha256": version.sha256,
            "access": document.access.value,
        },
        actor=actor_of(actor),
        session_id=session.id,
    )
    return document


def add_version(
    db: DbSession, document: Document, processed: ProcessedFile, filename: str, actor: User | None
) -> DocumentVersion:
    """Replace the document's file; earlier versions are kept. A published document tells the tablets."""
    version = _store_version(db, document, processed, filename, actor)
    detail = {"document_id": document.id, "version": version.number, "sha256": version.sha256}
    if document.published_at is not None:
        emit_documents(db, document.session, [document], "replaced", actor, detail)
    else:
        audit.append(db, "document.replaced", detail, actor=actor_of(actor), session_id=document.session_id)
    return version


def _store_version(
    db: DbSession, document: Document, processed: ProcessedFile, filename: str, actor: User | None
) -> DocumentVersion:
    facts = processed.facts
    digest = filestore.put(db, processed.pdf)
    number = 1 + max((v.number for v in document.versions), default=0)
    version = DocumentVersion(
        document_id=document.id,
        number=number,
        sha256=digest,
        size=len(processed.pdf),
        page_count=facts.page_count,
        pdf_title=facts.title,
        pdf_author=facts.author,
        original_filename=filename[:255],
        converted_from=processed.converted_from,
        uploaded_by=actor_of(actor),
        uploaded_at=utcnow(),
    )
    document.versions.append(version)
    db.flush()
    db.execute(
        insert(DocumentPage),
        [
            {"version_id": version.id, "page_number": n, "text": text}
            for n, text in enumerate(facts.texts, start=1)
        ],
    )
    document.current_version_id = version.id
    document.updated_at = utcnow()
    db.flush()
    return version


def update_document(
    db: DbSession, document: Document, data: Mapping[str, Any], actor: User | None
) -> Document:
    """Title, type, access, agenda item, order — and ``current_version`` (a number) to go back to an earlier file."""
    f = _document_fields(data)
    changed: dict[str, Any] = {}
    if f.has("title"):
        document.title = changed["title"] = f.text("title", _DOC_LABELS["title"], max_length=500)
    if f.has("doc_type"):
        document.doc_type = f.choice("doc_type", _DOC_LABELS["doc_type"], DocumentType)
        changed["doc_type"] = document.doc_type.value
    if f.has("access"):
        document.access = f.choice("access", _DOC_LABELS["access"], DocumentAccess)
        changed["access"] = document.access.value
    if f.has("agenda_item_id"):
        item = _agenda_item(
            db, document.session, f.integer("agenda_item_id", _DOC_LABELS["agenda_item_id"], required=False)
        )
        document.agenda_item_id = changed["agenda_item_id"] = item.id if item else None
        document.agenda_item = item
    if f.has("position"):
        document.position = changed["position"] = f.integer(
            "position", _DOC_LABELS["position"], minimum=0, maximum=10_000
        )
    if f.has("current_version"):
        number = f.integer("current_version", ("phiên bản", "version"), minimum=1)
        document.current_version_id = version_number(document, number).id
        changed["current_version"] = number
    if not changed:
        return document
    document.updated_at = utcnow()
    db.flush()
    detail = {"document_id": document.id, **changed}
    if document.published_at is not None:
        emit_documents(db, document.session, [document], "updated", actor, detail)
    else:
        audit.append(db, "document.updated", detail, actor=actor_of(actor), session_id=document.session_id)
    return document


def delete_document(db: DbSession, document: Document, actor: User | None) -> None:
    if document.published_at is not None:
        raise Conflict(
            "Tài liệu đã công bố cho đại biểu, không xóa được. Có thể tải lên phiên bản thay thế.",
            "A published document cannot be deleted. You can upload a replacement version.",
        )
    audit.append(
        db,
        "document.deleted",
        {"document_id": document.id, "title": document.title},
        actor=actor_of(actor),
        session_id=document.session_id,
    )
    document.current_version_id = None
    db.flush()
    db.delete(document)
    db.flush()

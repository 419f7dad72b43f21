"""Upload: a file becomes a checked PDF with the text of every page, stored as a document or as its next
version; editing and deleting documents."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

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
from agenda.pdf import jobs
from agenda.pdf.check import PdfFacts
from agenda.pdf.limits import Limits
from agenda.pdf.worker import Pool

NAME_LIMIT = 200  # characters of an uploaded file's name kept (the column holds 255)


@dataclass(frozen=True)
class Upload:
    filename: str
    content_type: str
    content: bytes

    @classmethod
    def from_form(cls, value: Any) -> Self:
        if not isinstance(value, tuple) or len(value) != 3:
            raise DomainError(
                "Vui lòng chọn tệp tài liệu (PDF hoặc Word).",
                "Please choose the document file (PDF or Word).",
                code="required",
                field="file",
            )
        filename, content_type, content = value
        name = short_name(Path(str(filename or "").replace("\\", "/")).name) or "tai-lieu.pdf"
        return cls(name, str(content_type or ""), bytes(content))


def short_name(name: str, limit: int = NAME_LIMIT) -> str:
    """A file name of at most ``limit`` characters that keeps its extension (".pdf", ".docx")."""
    name = name.replace("\x00", "").strip()
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 10:
        return name[:limit]
    return stem[: limit - len(extension) - 1].rstrip() + "." + extension


@dataclass(frozen=True)
class ProcessedFile:
    """An upload as it will be stored (:class:`agenda.pdf.jobs.CheckedFile`): ``removed`` names the active
    content taken out of it (empty: the bytes are those uploaded)."""

    pdf: bytes
    facts: PdfFacts
    converted_from: str | None
    removed: tuple[str, ...] = ()
    uploaded_sha256: str | None = None  # when ``removed``: the SHA-256 of the file as uploaded

    def audit_detail(self) -> dict[str, Any]:
        """What the audit trail says of the cleaning: nothing when the stored bytes are those uploaded."""
        if not self.removed:
            return {}
        return {"active_content_removed": list(self.removed), "uploaded_sha256": self.uploaded_sha256}


def process_upload(
    upload: Upload,
    limits: Limits | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    pool: Pool | None = None,
) -> ProcessedFile:
    """Check (and convert, for Word) an uploaded file, in a worker process under the limits of ``limits``
    (CPU time, memory, wall clock: past them it is refused as too costly); refuses with the reason. Blocks:
    call it from a worker thread, never on the event loop. ``cancelled()`` true: the worker is killed.
    ``pool``: the workers to use (default: the uploads' own, :data:`agenda.pdf.jobs.CHECKS`)."""
    limits = limits or Limits.from_env()
    checked = jobs.checked_upload(upload.content, upload.filename, limits, cancelled, pool)
    uploaded = filestore.sha256(upload.content) if checked.removed else None
    return ProcessedFile(checked.pdf, checked.facts, checked.converted_from, checked.removed, uploaded)


_LABELS = {
    "title": ("tên tài liệu", "title"),
    "doc_type": ("loại tài liệu", "document type"),
    "access": ("mức độ truy cập", "access level"),
    "agenda_item_id": ("nội dung chương trình", "agenda item"),
    "position": ("thứ tự", "order"),
    "current_version": ("phiên bản", "version"),
}


def _document_fields(data: Any) -> Fields:
    """Form fields or JSON; an empty ``agenda_item_id`` (a form's "no item") means none."""
    if isinstance(data, Mapping) and data.get("agenda_item_id") in ("", "null", "none"):
        data = {**data, "agenda_item_id": None}
    return Fields(data)


@dataclass(frozen=True)
class DocumentFields:
    """What comes with an uploaded file. Without a title the PDF's own is used, then the file's name;
    without a position the document goes after the others of its item."""

    title: str | None = None
    doc_type: DocumentType = DocumentType.OTHER
    access: DocumentAccess = DocumentAccess.DELEGATES
    agenda_item_id: int | None = None
    position: int | None = None

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = _document_fields(data)
        return cls(
            title=f.text("title", _LABELS["title"], required=False, max_length=500),
            agenda_item_id=f.integer("agenda_item_id", _LABELS["agenda_item_id"], required=False),
            position=f.integer("position", _LABELS["position"], required=False, minimum=0, maximum=10_000),
            doc_type=f.choice("doc_type", _LABELS["doc_type"], DocumentType, required=False)
            or DocumentType.OTHER,
            access=f.choice("access", _LABELS["access"], DocumentAccess, required=False)
            or DocumentAccess.DELEGATES,
        )


@dataclass(frozen=True)
class DocumentPatch:
    """What an edit changes: the fields given (None: unchanged). ``agenda_item_id`` is applied when
    ``moves_item`` (None then: attached to no item); ``current_version`` (a number) goes back to an
    earlier file."""

    title: str | None = None
    doc_type: DocumentType | None = None
    access: DocumentAccess | None = None
    moves_item: bool = False
    agenda_item_id: int | None = None
    position: int | None = None
    current_version: int | None = None

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = _document_fields(data)
        labels = _LABELS
        return cls(
            title=f.text("title", labels["title"], max_length=500) if f.has("title") else None,
            doc_type=f.choice("doc_type", labels["doc_type"], DocumentType) if f.has("doc_type") else None,
            access=f.choice("access", labels["access"], DocumentAccess) if f.has("access") else None,
            moves_item=f.has("agenda_item_id"),
            agenda_item_id=f.integer("agenda_item_id", labels["agenda_item_id"], required=False),
            position=f.integer("position", labels["position"], minimum=0, maximum=10_000)
            if f.has("position")
            else None,
            current_version=f.integer("current_version", labels["current_version"], minimum=1)
            if f.has("current_version")
            else None,
        )


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


def add_document(
    db: DbSession,
    session: Session,
    fields: DocumentFields,
    processed: ProcessedFile,
    filename: str,
    actor: User | None,
) -> Document:
    """A new document of ``session`` with its first version (``processed`` by :func:`process_upload`)."""
    item = _agenda_item(db, session, fields.agenda_item_id)
    item_id = item.id if item else None
    document = Document(
        session_id=session.id,
        session=session,
        agenda_item_id=item_id,
        doc_type=fields.doc_type,
        title=fields.title or processed.facts.title or Path(filename).stem[:500] or "Tài liệu",
        access=fields.access,
        position=fields.position if fields.position is not None else _next_position(db, session, item_id),
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
            **processed.audit_detail(),
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
    detail = {
        "document_id": document.id,
        "version": version.number,
        "sha256": version.sha256,
        **processed.audit_detail(),
    }
    _record_change(db, document, "replaced", actor, detail)
    return version


def _record_change(
    db: DbSession, document: Document, change: str, actor: User | None, detail: dict[str, Any]
) -> None:
    """A published document's change is told to the tablets (and audited with the event); an unpublished
    one is only audited."""
    if document.published_at is not None:
        emit_documents(db, document.session, [document], change, actor, detail)
    else:
        audit.append(db, f"document.{change}", detail, actor=actor_of(actor), session_id=document.session_id)


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


def update_document(db: DbSession, document: Document, patch: DocumentPatch, actor: User | None) -> Document:
    """Title, type, access, agenda item, order — and the current version, to go back to an earlier file."""
    changed: dict[str, Any] = {}
    if patch.title is not None:
        document.title = changed["title"] = patch.title
    if patch.doc_type is not None:
        document.doc_type = patch.doc_type
        changed["doc_type"] = patch.doc_type.value
    if patch.access is not None:
        document.access = patch.access
        changed["access"] = patch.access.value
    if patch.moves_item:
        item = _agenda_item(db, document.session, patch.agenda_item_id)
        document.agenda_item_id = changed["agenda_item_id"] = item.id if item else None
        document.agenda_item = item
    if patch.position is not None:
        document.position = changed["position"] = patch.position
    if patch.current_version is not None:
        document.current_version_id = version_number(document, patch.current_version).id
        changed["current_version"] = patch.current_version
    if not changed:
        return document
    document.updated_at = utcnow()
    db.flush()
    _record_change(db, document, "updated", actor, {"document_id": document.id, **changed})
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

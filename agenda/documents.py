"""Session documents: upload and versions, publishing to tablets, who may read what, stamped confidential
copies, the session pack, search inside a document, read receipts and private notes.

Each function works inside the caller's transaction and either completes or raises :class:`DomainError`.
PDF work itself (checks, text, stamping, the pack, page images) is in :mod:`agenda.pdfwork`; file bytes
go through :mod:`agenda.filestore`.

Who may read a document (anything else gets "not found", so nobody learns what exists):
- staff (secretary, chair, archivist, admin): every document, published or not;
- others only published documents of a session they may see (published; a closed sitting only for
  delegates), and by access level — public: anyone; delegates: signed-in delegates; confidential:
  delegates in office in the session's term, each served a copy stamped with their name and the time.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import joinedload, selectinload, sessionmaker

from agenda import audit, council, events, filestore, pdfwork
from agenda.db import transaction
from agenda.errors import Conflict, DomainError, NotFound
from agenda.filestore import FileCache
from agenda.inputs import Fields
from agenda.models import (
    AgendaItem,
    Council,
    Document,
    DocumentAccess,
    DocumentCopy,
    DocumentNote,
    DocumentPage,
    DocumentType,
    DocumentVersion,
    Mandate,
    NoteKind,
    ReadReceipt,
    Role,
    Session,
    SessionPack,
    SessionStatus,
    Term,
    User,
    utcnow,
)
from agenda.recent import RecentlyRead
from agenda.rules import agenda_numbers, in_office_filter, roman

STAFF = frozenset({Role.SECRETARY, Role.CHAIR, Role.ARCHIVIST, Role.ADMIN})
READ_FRACTION = 0.9  # "đã đọc": at least 90 % of the pages seen, rounded up (every page of a short document)
COPY_REUSE = dt.timedelta(hours=12)  # a stamped copy is handed out again (same bytes, same ETag) this long
TYPE_LABELS = {
    DocumentType.SUBMISSION: "Tờ trình",
    DocumentType.DRAFT_RESOLUTION: "Dự thảo nghị quyết",
    DocumentType.REVIEW_REPORT: "Báo cáo thẩm tra",
    DocumentType.REPORT: "Báo cáo",
    DocumentType.REFERENCE: "Tài liệu tham khảo",
    DocumentType.OTHER: "Tài liệu khác",
}
ACCESS_LABELS = {
    DocumentAccess.PUBLIC: "Công khai",
    DocumentAccess.DELEGATES: "Dành cho đại biểu",
    DocumentAccess.CONFIDENTIAL: "Mật",
}
PACK_PUBLIC, PACK_DELEGATES = "public", "delegates"
T = TypeVar("T")


def iso_time(value: dt.datetime | None) -> str | None:
    return None if value is None else value.replace(microsecond=0).isoformat() + "Z"


def precise_time(value: dt.datetime) -> str:
    """A server time to resume a sync from (``?since=``): to the microsecond."""
    return value.isoformat(timespec="microseconds") + "Z"


def _actor(user: User | None) -> str | None:
    return user.username if user is not None else None


def _roles(user: User | None) -> set[Role]:
    return user.roles if user is not None else set()


Writer = sessionmaker[DbSession] | None


def _in_write(db: DbSession, writer: Writer, work: Callable[[DbSession], T]) -> T:
    """Run ``work`` in its own short write transaction (``writer``: the request may be a read-only one —
    a GET — and a long build must not hold SQLite's write lock), else in ``db`` under a savepoint."""
    if writer is None:
        with db.begin_nested():
            return work(db)
    with transaction(writer) as own:
        return work(own)


# ---------------------------------------------------------------------------------------------
# Who may read what
# ---------------------------------------------------------------------------------------------


def is_staff(user: User | None) -> bool:
    return bool(_roles(user) & STAFF)


class SessionState(Protocol):
    """What the visibility rule reads of a session: a :class:`Session`, or a row of its columns."""

    @property
    def status(self) -> SessionStatus: ...

    @property
    def is_public(self) -> bool: ...


def session_visible(session: SessionState, user: User | None) -> bool:
    """The same rule as the session itself: staff always; others once published; closed sittings for delegates."""
    if is_staff(user):
        return True
    if session.status == SessionStatus.DRAFT:
        return False
    return session.is_public or Role.DELEGATE in _roles(user)


def delegate_in_office(db: DbSession, session: Session, user: User | None, on: dt.date | None = None) -> bool:
    if user is None or user.person_id is None or Role.DELEGATE not in user.roles:
        return False
    return (
        db.scalar(
            select(Mandate.id)
            .where(
                Mandate.term_id == session.term_id,
                Mandate.person_id == user.person_id,
                in_office_filter(on or dt.date.today()),
            )
            .limit(1)
        )
        is not None
    )


def can_read(db: DbSession, document: Document, user: User | None) -> bool:
    if is_staff(user):
        return True
    if document.published_at is None or not session_visible(document.session, user):
        return False
    if document.access == DocumentAccess.PUBLIC:
        return True
    if document.access == DocumentAccess.DELEGATES:
        return Role.DELEGATE in _roles(user)
    return delegate_in_office(db, document.session, user)


def get_document(db: DbSession, document_id: int) -> Document:
    document = db.get(Document, document_id)
    if document is None:
        raise NotFound("tài liệu", "Document")
    return document


def readable_document(db: DbSession, document_id: int, user: User | None) -> Document:
    """The document if ``user`` may read it; "not found" otherwise (not revealing that it exists)."""
    document = db.get(Document, document_id)
    if document is None or not can_read(db, document, user):
        raise NotFound("tài liệu", "Document")
    return document


def visible_session(db: DbSession, session_id: int, user: User | None) -> Session:
    # With its term and council in the same query: the pack's cover and the visibility rule need them.
    session = db.get(Session, session_id, options=[joinedload(Session.term).joinedload(Term.council)])
    if session is None or not session_visible(session, user):
        raise NotFound("kỳ họp", "Session")
    return session


def current_version(document: Document) -> DocumentVersion:
    for version in document.versions:
        if version.id == document.current_version_id:
            return version
    raise NotFound("tệp của tài liệu", "Document file")


def version_number(document: Document, number: int) -> DocumentVersion:
    for version in document.versions:
        if version.number == number:
            return version
    raise NotFound(f"phiên bản {number} của tài liệu", f"Version {number} of the document")


# ---------------------------------------------------------------------------------------------
# Upload: a file becomes a checked PDF with its text
# ---------------------------------------------------------------------------------------------


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
    facts: pdfwork.PdfFacts
    converted_from: str | None


def process_upload(upload: Upload, limits: pdfwork.Limits | None = None) -> ProcessedFile:
    """Check (and convert, for Word) an uploaded file; refuses with the reason. CPU-heavy: call it from a
    worker thread, never on the event loop."""
    limits = limits or pdfwork.Limits.from_env()
    content = upload.content
    if not content:
        raise pdfwork.Refused("Tệp tải lên rỗng.", "The uploaded file is empty.", code="file_empty")
    pdfwork.check_size(content, limits)
    kind = pdfwork.sniff(content)
    converted_from = None
    if kind in pdfwork.WORD_TYPES:
        content = pdfwork.convert_to_pdf(content, kind, limits)
        converted_from = kind
    facts = pdfwork.check_pdf(content, limits, upload.filename)
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
        created_by=_actor(actor),
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
        actor=_actor(actor),
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
        audit.append(db, "document.replaced", detail, actor=_actor(actor), session_id=document.session_id)
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
        uploaded_by=_actor(actor),
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
        audit.append(db, "document.updated", detail, actor=_actor(actor), session_id=document.session_id)
    return document


def copies_view(db: DbSession, document: Document) -> list[dict[str, Any]]:
    """The stamped copies of a document handed out: who, when, the stamp and the SHA-256 of the file."""
    numbers = {v.id: v.number for v in document.versions}
    copies = db.scalars(
        select(DocumentCopy)
        .where(DocumentCopy.version_id.in_(list(numbers) or [0]))
        .order_by(DocumentCopy.issued_at, DocumentCopy.id)
    )
    return [
        {
            "version": numbers[c.version_id],
            "user_id": c.user_id,
            "person_id": c.person_id,
            "stamp": c.stamp,
            "issued_at": iso_time(c.issued_at),
            "sha256": c.sha256,
            "size": c.size,
        }
        for c in copies
    ]


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
        actor=_actor(actor),
        session_id=document.session_id,
    )
    document.current_version_id = None
    db.flush()
    db.delete(document)
    db.flush()


# ---------------------------------------------------------------------------------------------
# Publishing and the realtime event
# ---------------------------------------------------------------------------------------------


def publish_documents(
    db: DbSession, session: Session, documents: Sequence[Document], actor: User | None
) -> list[Document]:
    """Publish the given documents (those not yet published) and tell the tablets; the newly published."""
    fresh = [d for d in documents if d.published_at is None]
    if not fresh:
        return []
    now = utcnow()
    for document in fresh:
        document.published_at = now
    db.flush()
    emit_documents(db, session, fresh, "published", actor, {"document_ids": [d.id for d in fresh]})
    return fresh


def withdraw_document(db: DbSession, document: Document, reason: str | None, actor: User | None) -> Document:
    """Take a published document back (published by mistake, or the wrong file): delegates can no longer
    open it, tablets are told and drop their offline copy; its versions, stamped copies, notes and read
    receipts stay in the database. Publishing it again gives it back."""
    if document.published_at is None:
        raise Conflict("Tài liệu chưa công bố nên không cần thu hồi.", "The document is not published.")
    reason = Fields({"reason": reason}).text(
        "reason", ("lý do thu hồi", "reason"), required=False, max_length=500
    )
    document.published_at = None
    db.flush()
    emit_documents(
        db,
        document.session,
        [document],
        "withdrawn",
        actor,
        {"document_ids": [document.id], "reason": reason},
    )
    return document


def session_documents(db: DbSession, session: Session) -> list[Document]:
    """Every document of the session in agenda order: by item, then the documents' own order; then those
    attached to no item."""
    documents = list(
        db.scalars(
            select(Document).where(Document.session_id == session.id).options(selectinload(Document.versions))
        )
    )  # one query, not one per document
    positions = {i.id: i.position for i in session.items}

    def key(d: Document) -> tuple[int, int, int]:
        item_position = positions.get(d.agenda_item_id, 1_000_000) if d.agenda_item_id else 1_000_000
        return item_position, d.position, d.id

    return sorted(documents, key=key)


def readable_documents(db: DbSession, session: Session, user: User | None) -> list[Document]:
    return [d for d in session_documents(db, session) if can_read(db, d, user)]


def _numbers(session: Session) -> dict[int, str]:
    return {item.id: number for number, item in council.numbered_items(session)}


def broadcast_entry(document: Document, numbers: Mapping[int, str]) -> dict[str, Any]:
    """What the realtime channel says of a published document. Everyone watching a session gets the same
    message, so a confidential document's title is left out (tablets ask ``GET …/documents`` for it)."""
    version = current_version(document)
    confidential = document.access == DocumentAccess.CONFIDENTIAL
    return {
        "id": document.id,
        "title": None if confidential else document.title,
        "doc_type": document.doc_type.value,
        "access": document.access.value,
        "agenda_item_id": document.agenda_item_id,
        "item_number": numbers.get(document.agenda_item_id) if document.agenda_item_id else None,
        "position": document.position,
        "version": version.number,
        "sha256": version.sha256,
        "size": version.size,
        "page_count": version.page_count,
        "file_url": f"/api/documents/{document.id}/file",
        "published_at": iso_time(document.published_at),
    }


def emit_documents(
    db: DbSession,
    session: Session,
    changed: Sequence[Document],
    change: str,
    actor: User | None,
    audit_detail: dict[str, Any],
) -> None:
    """A ``documents`` event: every published document of the session (so a tablet can reconcile its
    copy in one step), which ones changed and how, and where the pack is."""
    numbers = _numbers(session)
    published = [d for d in session_documents(db, session) if d.published_at is not None]
    data = {
        "change": change,
        "changed": [d.id for d in changed],
        "documents": [broadcast_entry(d, numbers) for d in published],
        "pack_url": f"/api/sessions/{session.id}/pack.pdf",
    }
    events.emit(
        db,
        session.id,
        "documents",
        data,
        actor=_actor(actor),
        audit_detail={"change": f"documents.{change}", **audit_detail},
    )


# ---------------------------------------------------------------------------------------------
# Views (JSON-able)
# ---------------------------------------------------------------------------------------------


def version_view(document: Document, version: DocumentVersion, *, staff: bool) -> dict[str, Any]:
    out = {
        "number": version.number,
        "sha256": version.sha256,
        "size": version.size,
        "page_count": version.page_count,
        "pdf_title": version.pdf_title,
        "pdf_author": version.pdf_author,
        "uploaded_at": iso_time(version.uploaded_at),
        "current": version.id == document.current_version_id,
        "file_url": f"/api/documents/{document.id}/versions/{version.number}/file",
    }
    if staff:
        out.update(
            {
                "original_filename": version.original_filename,
                "converted_from": version.converted_from,
                "uploaded_by": version.uploaded_by,
            }
        )
    return out


def document_view(document: Document, numbers: Mapping[int, str], *, staff: bool) -> dict[str, Any]:
    """A document as a reader sees it, with its versions (staff: also file names and who uploaded them).

    ``sha256`` is the original file's; a confidential document's download is a stamped copy with its own
    hash and ETag (``stamped``: true)."""
    version = current_version(document)
    out: dict[str, Any] = {
        "id": document.id,
        "session_id": document.session_id,
        "title": document.title,
        "doc_type": document.doc_type.value,
        "doc_type_label": TYPE_LABELS[document.doc_type],
        "access": document.access.value,
        "access_label": ACCESS_LABELS[document.access],
        "agenda_item_id": document.agenda_item_id,
        "item_number": numbers.get(document.agenda_item_id) if document.agenda_item_id else None,
        "position": document.position,
        "published": document.published_at is not None,
        "published_at": iso_time(document.published_at),
        "updated_at": iso_time(document.updated_at),
        "stamped": document.access == DocumentAccess.CONFIDENTIAL,
        "version": version.number,
        "sha256": version.sha256,
        "size": version.size,
        "page_count": version.page_count,
        "file_url": f"/api/documents/{document.id}/file",
        "page_image_url": f"/api/documents/{document.id}/pages/{{page}}.png",
        "text_url": f"/api/documents/{document.id}/text",
    }
    out["versions"] = [version_view(document, v, staff=staff) for v in document.versions]
    if staff:
        out["created_by"] = document.created_by
    return out


def documents_view(db: DbSession, session: Session, user: User | None) -> dict[str, Any]:
    numbers = _numbers(session)
    staff = is_staff(user)
    documents = readable_documents(db, session, user)
    views = [document_view(d, numbers, staff=staff) for d in documents]
    if user is not None and user.person_id is not None and Role.DELEGATE in user.roles and documents:
        # A delegate's list says how far they have read each document (one query for all).
        mine = {
            r.document_id: r
            for r in db.scalars(
                select(ReadReceipt).where(
                    ReadReceipt.person_id == user.person_id,
                    ReadReceipt.document_id.in_([d.id for d in documents]),
                )
            )
        }
        for view, document in zip(views, documents, strict=True):
            view["my_progress"] = receipt_view(mine.get(document.id), current_version(document))
    return {
        "session_id": session.id,
        "documents": views,
        "pack_url": f"/api/sessions/{session.id}/pack.pdf",
        "agenda": [
            {"id": i.id, "number": n, "title": i.title, "depth": i.depth}
            for n, i in council.numbered_items(session)
        ],
    }


# ---------------------------------------------------------------------------------------------
# Files as served: the original, or a stamped copy for a confidential document
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """The bytes a reader gets: their SHA-256 (the ETag), size, a file name, whether personal (stamped)."""

    sha256: str
    size: int
    filename: str
    personal: bool


def download_name(document: Document, version: DocumentVersion) -> str:
    base = re.sub(r"[^\w\-]+", "-", _fold(document.title)[0]).strip("-")[:80] or "tai-lieu"
    return f"{base}-v{version.number}.pdf"


def deliver(
    db: DbSession,
    document: Document,
    version: DocumentVersion,
    user: User | None,
    cache: FileCache,
    writer: Writer = None,
) -> Delivery:
    """Make sure the reader's bytes are in ``cache``; what to send."""
    name = download_name(document, version)
    if document.access != DocumentAccess.CONFIDENTIAL:
        cache.ensure(version.sha256, version.size, lambda: filestore.load(db, version.sha256))
        return Delivery(version.sha256, version.size, name, personal=False)
    if user is None:  # cannot happen: confidential documents are never readable anonymously
        raise NotFound("tài liệu", "Document")
    copy = stamped_copy(db, version, user, cache, writer)
    return Delivery(copy.sha256, copy.size, name.replace(".pdf", "-mat.pdf"), personal=True)


def reader_name(user: User) -> str:
    return user.person.full_name if user.person is not None else user.display_name


def stamped_copy(
    db: DbSession,
    version: DocumentVersion,
    user: User,
    cache: FileCache,
    writer: Writer = None,
    now: dt.datetime | None = None,
) -> DocumentCopy:
    """This reader's stamped copy of ``version``: the one issued in the last ``COPY_REUSE`` (identical bytes,
    so downloads resume and ETags hold), else a new one stamped with their name and the time."""
    now = now or utcnow()
    recent = db.scalar(
        select(DocumentCopy)
        .where(
            DocumentCopy.version_id == version.id,
            DocumentCopy.user_id == user.id,
            DocumentCopy.issued_at >= now - COPY_REUSE,
        )
        .order_by(DocumentCopy.issued_at.desc())
        .limit(1)
    )
    if recent is not None:
        if cache.has(recent.sha256, recent.size):
            return recent
        content = pdfwork.watermark(filestore.load(db, version.sha256), recent.stamp)
        if filestore.sha256(content) == recent.sha256:  # stamping is reproducible: the same copy again
            cache.put(content)
            return recent
    issued = now.replace(second=0, microsecond=0)
    stamp = pdfwork.stamp_text(reader_name(user), issued)
    content = pdfwork.watermark(filestore.load(db, version.sha256), stamp)
    digest, _ = cache.put(content)
    copy = DocumentCopy(
        version_id=version.id,
        user_id=user.id,
        person_id=user.person_id,
        stamp=stamp,
        issued_at=issued,
        sha256=digest,
        size=len(content),
    )

    def record(target: DbSession) -> DocumentCopy:
        target.add(copy)
        target.flush()
        return copy

    return _in_write(db, writer, record)


def page_image(
    db: DbSession,
    document: Document,
    version: DocumentVersion,
    user: User | None,
    page: int,
    width: int,
    fmt: str,
    cache: FileCache,
    writer: Writer = None,
) -> tuple[str, Path]:
    """(ETag, file) of page ``page`` rendered ``width`` px wide; confidential pages come from the reader's
    stamped copy. Cached by (source SHA-256, page, width, format)."""
    if not 1 <= page <= version.page_count:
        raise NotFound(f"trang {page}", f"Page {page}")
    source = deliver(db, document, version, user, cache, writer)
    tag = f"{source.sha256}-p{page}-w{width}.{fmt}"
    path = cache.make_once(
        cache.derived(f"{source.sha256[:2]}/{tag}"),
        lambda: pdfwork.render_page(cache.read(cache.path(source.sha256)), page, width, fmt),
    )
    return tag, path


# ---------------------------------------------------------------------------------------------
# The session pack
# ---------------------------------------------------------------------------------------------


def pack_audience(user: User | None) -> str:
    return PACK_DELEGATES if is_staff(user) or Role.DELEGATE in _roles(user) else PACK_PUBLIC


@dataclass(frozen=True)
class PlannedDocument:
    id: int
    label: str  # "Tờ trình"
    title: str
    sha256: str  # of its current version
    page_count: int


@dataclass(frozen=True)
class PackPlan:
    """What one reader's session pack is made of — the cover's data and, in agenda order, the sections and
    their documents — and the content key naming that state. Every tablet asks for the pack at the same
    moment, so it is read in three plain statements (the session with its term and council, the agenda, the
    published documents with their current file) without loading ORM objects (bench/download.py)."""

    session_id: int
    session_number: int
    status: SessionStatus  # with ``is_public``: who may see the session (``session_visible``)
    is_public: bool
    audience: str
    cover: pdfwork.Cover
    sections: tuple[tuple[str, str, tuple[PlannedDocument, ...]], ...]  # (number, title, documents)

    @functools.cached_property
    def key(self) -> str:
        """The content key: a pack is built once per key and kept by it."""
        cover = self.cover
        parts = {
            "format": 1,
            "audience": self.audience,
            "cover": [
                cover.council,
                cover.term,
                cover.heading,
                cover.title,
                cover.dates,
                cover.place,
                list(cover.agenda),
                cover.url,
            ],
            "sections": [
                [number, title, [[d.id, d.label, d.title, d.sha256] for d in docs]]
                for number, title, docs in self.sections
            ],
        }
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


_PACK_SESSION = (
    select(
        Session.id,
        Session.status,
        Session.is_public,
        Session.number,
        Session.session_type,
        Session.title,
        Session.starts_on,
        Session.ends_on,
        Session.place,
        Term.number.label("term_number"),
        Term.starts_on.label("term_starts_on"),
        Term.ends_on.label("term_ends_on"),
        Council.name.label("council_name"),
        Council.short_name.label("council_short_name"),
    )
    .join(Term, Term.id == Session.term_id)
    .join(Council, Council.id == Term.council_id)
    .where(Session.id == bindparam("session_id"))
)
_PACK_AGENDA = (
    select(AgendaItem.id, AgendaItem.depth, AgendaItem.title)
    .where(AgendaItem.session_id == bindparam("session_id"))
    .order_by(AgendaItem.position, AgendaItem.id)
)
_PACK_DOCUMENTS = {
    audience: select(
        Document.id,
        Document.agenda_item_id,
        Document.position,
        Document.doc_type,
        Document.title,
        DocumentVersion.sha256,
        DocumentVersion.page_count,
    )
    .join(DocumentVersion, DocumentVersion.id == Document.current_version_id)
    .where(
        Document.session_id == bindparam("session_id"),
        Document.published_at.is_not(None),
        Document.access.in_(allowed),
    )
    for audience, allowed in (
        (PACK_PUBLIC, [DocumentAccess.PUBLIC]),
        (PACK_DELEGATES, [DocumentAccess.PUBLIC, DocumentAccess.DELEGATES]),
    )
}


def plan_pack(
    db: DbSession,
    session_id: int,
    user: User | None,
    base_url: str,
    recent: RecentlyRead[PackPlan] | None = None,
) -> PackPlan:
    """The pack ``user`` may have of the session: published documents, public ones for everybody, delegates'
    ones too for delegates and staff; confidential documents never (each is served stamped, on its own).
    Not found when the session is not visible to ``user``. With ``recent``, a plan read moments ago for the
    same audience and address is used again (who may see the session is checked again against it: a staff
    member's plan of a draft session is not a delegate's)."""
    if recent is None:
        return _read_plan(db, session_id, user, base_url)
    plan = recent.get_or_read(
        (session_id, pack_audience(user), base_url), lambda: _read_plan(db, session_id, user, base_url)
    )
    if not session_visible(plan, user):
        raise NotFound("kỳ họp", "Session")
    return plan


def _read_plan(db: DbSession, session_id: int, user: User | None, base_url: str) -> PackPlan:
    conn = db.connection()  # plain statements, built once: no ORM objects, no statement to build
    facts = conn.execute(_PACK_SESSION, {"session_id": session_id}).one_or_none()
    if facts is None or not session_visible(facts, user):
        raise NotFound("kỳ họp", "Session")
    items = conn.execute(_PACK_AGENDA, {"session_id": session_id}).all()
    audience = pack_audience(user)
    documents = conn.execute(_PACK_DOCUMENTS[audience], {"session_id": session_id}).all()
    numbers = dict(zip((i.id for i in items), agenda_numbers([i.depth for i in items]), strict=True))
    positions = {item.id: index for index, item in enumerate(items)}
    titles = {i.id: i.title for i in items}
    sections: dict[int | None, tuple[str, str, list[PlannedDocument]]] = {}
    for d in sorted(documents, key=lambda d: (positions.get(d.agenda_item_id, len(items)), d.position, d.id)):
        key = d.agenda_item_id if d.agenda_item_id in numbers else None
        if key not in sections:
            sections[key] = (numbers[key], titles[key], []) if key is not None else ("", "Tài liệu khác", [])
        sections[key][2].append(
            PlannedDocument(d.id, TYPE_LABELS[d.doc_type], d.title, d.sha256, d.page_count)
        )
    dates = (
        f"Ngày {facts.starts_on:%d/%m/%Y}"
        if facts.starts_on == facts.ends_on
        else f"Từ ngày {facts.starts_on:%d/%m/%Y} đến ngày {facts.ends_on:%d/%m/%Y}"
    )
    term_end = facts.term_ends_on.year if facts.term_ends_on else facts.term_starts_on.year + 5
    cover = pdfwork.Cover(
        council=facts.council_name.upper(),
        term=f"KHÓA {roman(facts.term_number)}, NHIỆM KỲ {facts.term_starts_on.year}–{term_end}",
        heading=council.heading(
            facts.number, facts.session_type, facts.council_short_name, facts.term_number
        ),
        title=facts.title,
        dates=dates,
        place=facts.place,
        agenda=tuple((numbers[i.id], i.depth, i.title) for i in items),
        url=f"{base_url.rstrip('/')}/session.html?id={facts.id}",
    )
    return PackPlan(
        facts.id,
        facts.number,
        facts.status,
        facts.is_public,
        audience,
        cover,
        tuple((number, title, tuple(docs)) for number, title, docs in sections.values()),
    )


@dataclass(frozen=True)
class PackFile:
    sha256: str
    size: int


def session_pack(db: DbSession, plan: PackPlan, cache: FileCache, writer: Writer = None) -> PackFile:
    """The file of the pack ``plan`` describes, built only when its content key is new (and kept by it).
    Which file holds which key is remembered by ``cache`` too, so the pack asked for again needs no query.
    The build runs outside any write transaction; only storing it takes ``writer`` (see ``_in_write``)."""
    key = plan.key
    known = cache.recall(("pack", plan.session_id, key))
    if known is not None and cache.has(known[0], known[1]):
        return PackFile(*known)
    existing = _find_pack(db, plan.session_id, key)
    if existing is not None:
        cache.ensure(existing.sha256, existing.size, lambda: filestore.load(db, existing.sha256))
        return _remember(cache, plan, key, existing)
    parts = [
        pdfwork.PackSection(
            number,
            title,
            tuple(
                pdfwork.PackDocument(d.title, filestore.load(db, d.sha256), d.page_count, d.label)
                for d in docs
            ),
        )
        for number, title, docs in plan.sections
    ]
    content, pages = pdfwork.build_pack(plan.cover, parts)
    cache.put(content)

    def store(target: DbSession) -> SessionPack:
        pack = SessionPack(
            session_id=plan.session_id,
            audience=plan.audience,
            content_key=key,
            sha256=filestore.put(target, content),
            size=len(content),
            page_count=pages,
        )
        target.add(pack)
        target.flush()
        return pack

    try:
        return _remember(cache, plan, key, _in_write(db, writer, store))
    except IntegrityError:  # built at the same moment by another request: theirs is the same pack
        pack = _in_write(db, writer, lambda target: _find_pack(target, plan.session_id, key))
        assert pack is not None
        return _remember(cache, plan, key, pack)


def _find_pack(db: DbSession, session_id: int, key: str) -> SessionPack | None:
    return db.scalar(
        select(SessionPack).where(SessionPack.session_id == session_id, SessionPack.content_key == key)
    )


def _remember(cache: FileCache, plan: PackPlan, key: str, pack: SessionPack) -> PackFile:
    cache.remember(("pack", plan.session_id, key), (pack.sha256, pack.size))
    return PackFile(pack.sha256, pack.size)


# ---------------------------------------------------------------------------------------------
# Text and search inside a document
# ---------------------------------------------------------------------------------------------


def page_texts(db: DbSession, version: DocumentVersion, page: int | None = None) -> list[tuple[int, str]]:
    stmt = select(DocumentPage.page_number, DocumentPage.text).where(DocumentPage.version_id == version.id)
    if page is not None:
        stmt = stmt.where(DocumentPage.page_number == page)
    rows = db.execute(stmt.order_by(DocumentPage.page_number))
    return [(number, text) for number, text in rows]


def _fold(text: str, *, keep_marks: bool = False) -> tuple[str, list[int]]:
    """Lowercase, whitespace collapsed, and (unless ``keep_marks``) without diacritics, đ → d — with, for
    each character of the result, its index in ``text`` (to cut snippets from the original)."""
    out: list[str] = []
    index: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not space and out:
                out.append(" ")
                index.append(i)
            space = True
            continue
        space = False
        for c in _fold_char(ch, keep_marks):
            out.append(c)
            index.append(i)
    return "".join(out), index


def _fold_char(ch: str, keep_marks: bool) -> str:
    lower = unicodedata.normalize("NFC", ch.lower())
    if keep_marks:
        return lower
    lower = lower.replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", lower) if not unicodedata.combining(c))


def _has_marks(query: str) -> bool:
    return _fold(query)[0] != _fold(query, keep_marks=True)[0]


@dataclass(frozen=True)
class Hit:
    page: int
    count: int
    snippets: list[dict[str, Any]]


def search(
    pages: Iterable[tuple[int, str]], query: str, *, context: int = 60, per_page: int = 3
) -> tuple[str, list[Hit]]:
    """Pages where ``query`` occurs, with snippets. Case never matters; a query typed without diacritics
    matches with or without them ("dong" finds "Đồng", "động", "dòng"), a query with diacritics matches
    them exactly ("đồng" finds "Đồng" but not "động")."""
    text = unicodedata.normalize("NFC", query).strip()
    if not text:
        raise DomainError(
            "Vui lòng nhập từ cần tìm.", "Please enter what to search for.", code="required", field="q"
        )
    if len(text) > 200:
        raise DomainError(
            "Từ cần tìm dài quá 200 ký tự.", "The search is longer than 200 characters.", field="q"
        )
    exact = _has_marks(text)
    needle = _fold(text, keep_marks=exact)[0]
    hits = []
    for number, page_text in pages:
        source = unicodedata.normalize("NFC", page_text)
        haystack, index = _fold(source, keep_marks=exact)
        starts = [m.start() for m in re.finditer(re.escape(needle), haystack)]
        if starts:
            hits.append(
                Hit(
                    number,
                    len(starts),
                    [_snippet(source, index, s, len(needle), context) for s in starts[:per_page]],
                )
            )
    return ("exact" if exact else "folded"), hits


def _snippet(source: str, index: list[int], start: int, length: int, context: int) -> dict[str, Any]:
    begin, end = index[start], index[start + length - 1] + 1
    left, right = max(0, begin - context), min(len(source), end + context)
    before = ("…" if left > 0 else "") + re.sub(r"\s+", " ", source[left:begin]).lstrip()
    match = re.sub(r"\s+", " ", source[begin:end])
    after = re.sub(r"\s+", " ", source[end:right]).rstrip() + ("…" if right < len(source) else "")
    return {"text": before + match + after, "match_start": len(before), "match_end": len(before) + len(match)}


# ---------------------------------------------------------------------------------------------
# Read receipts
# ---------------------------------------------------------------------------------------------


def pages_needed(page_count: int) -> int:
    return max(1, math.ceil(page_count * READ_FRACTION))


def _reader_person(user: User | None) -> int:
    if user is None or user.person_id is None or Role.DELEGATE not in user.roles:
        raise DomainError(
            "Chỉ đại biểu mới ghi nhận được tiến độ đọc và ghi chú.",
            "Only delegates record reading progress and notes.",
            code="forbidden",
            status=403,
        )
    return user.person_id


def record_progress(db: DbSession, document: Document, user: User | None, data: Any) -> ReadReceipt:
    """``{"page": 7, "pages_seen": [1, 2, …]}``: the page now open and the pages seen since the last report
    (a tablet that read offline sends them all at once). A new version starts the count again."""
    person_id = _reader_person(user)
    version = current_version(document)
    f = Fields(data)
    page = f.integer("page", ("trang", "page"), minimum=1, maximum=version.page_count)
    seen_raw = f.data.get("pages_seen") or []
    if not isinstance(seen_raw, list) or not all(
        isinstance(p, int) and not isinstance(p, bool) for p in seen_raw
    ):
        raise DomainError(
            "Các trang đã xem phải là danh sách số trang.",
            "pages_seen must be a list of page numbers.",
            field="pages_seen",
        )
    seen = {p for p in seen_raw if 1 <= p <= version.page_count} | {page}
    receipt = db.scalar(
        select(ReadReceipt).where(ReadReceipt.document_id == document.id, ReadReceipt.person_id == person_id)
    )
    now = utcnow()
    if receipt is None:
        receipt = ReadReceipt(
            document_id=document.id,
            person_id=person_id,
            version_id=version.id,
            first_opened_at=now,
            pages_seen=[],
            pages_total=version.page_count,
        )
        db.add(receipt)
    elif receipt.version_id != version.id:
        receipt.version_id, receipt.pages_seen, receipt.pages_total = version.id, [], version.page_count
    receipt.pages_seen = sorted(set(receipt.pages_seen or []) | seen)
    receipt.max_page_seen = max(receipt.pages_seen)
    receipt.last_page = page
    receipt.pages_total = version.page_count
    receipt.updated_at = now
    db.flush()
    return receipt


def receipt_view(receipt: ReadReceipt | None, version: DocumentVersion) -> dict[str, Any]:
    if receipt is None:
        return {
            "opened": False,
            "first_opened_at": None,
            "last_page": None,
            "max_page_seen": 0,
            "pages_seen": 0,
            "page_count": version.page_count,
            "read": False,
            "status": "unopened",
            "label": "chưa đọc",
            "status_label": "chưa mở",
        }
    current = receipt.version_id == version.id
    count = len(receipt.pages_seen or []) if current else 0
    read = current and count >= pages_needed(version.page_count)
    status = "read" if read else ("reading" if current else "outdated")
    return {
        "opened": True,
        "first_opened_at": iso_time(receipt.first_opened_at),
        "last_page": receipt.last_page,
        "max_page_seen": receipt.max_page_seen if current else 0,
        "pages_seen": count,
        "page_count": version.page_count,
        "read": read,
        "status": status,
        "label": "đã đọc" if read else "chưa đọc",
        "status_label": {"read": "đã đọc", "reading": "đang đọc", "outdated": "đã mở bản cũ"}[status],
        "updated_at": iso_time(receipt.updated_at),
    }


def my_progress(db: DbSession, document: Document, user: User | None) -> dict[str, Any] | None:
    """The signed-in delegate's own receipt (where to resume); None for others."""
    if user is None or user.person_id is None or Role.DELEGATE not in user.roles:
        return None
    receipt = db.scalar(
        select(ReadReceipt).where(
            ReadReceipt.document_id == document.id, ReadReceipt.person_id == user.person_id
        )
    )
    return receipt_view(receipt, current_version(document))


def read_receipts(db: DbSession, session: Session, on: dt.date | None = None) -> dict[str, Any]:
    """Per published document, per delegate in office: opened?, how far, đã đọc / chưa đọc."""
    mandates = list(
        db.scalars(
            select(Mandate).where(Mandate.term_id == session.term_id, in_office_filter(on or dt.date.today()))
        )
    )
    mandates.sort(key=lambda m: council.vietnamese_sort_key(m.person.full_name))
    documents = [d for d in session_documents(db, session) if d.published_at is not None]
    receipts = {
        (r.document_id, r.person_id): r
        for r in db.scalars(
            select(ReadReceipt).where(ReadReceipt.document_id.in_([d.id for d in documents] or [0]))
        )
    }
    numbers = _numbers(session)
    out = []
    for document in documents:
        version = current_version(document)
        rows = [
            {
                "person_id": m.person_id,
                "full_name": m.person.full_name,
                "seat_label": m.seat_label,
                **receipt_view(receipts.get((document.id, m.person_id)), version),
            }
            for m in mandates
        ]
        out.append(
            {
                "id": document.id,
                "title": document.title,
                "access": document.access.value,
                "item_number": numbers.get(document.agenda_item_id) if document.agenda_item_id else None,
                "version": version.number,
                "page_count": version.page_count,
                "pages_needed": pages_needed(version.page_count),
                "opened": sum(r["opened"] for r in rows),
                "read": sum(r["read"] for r in rows),
                "delegates": rows,
            }
        )
    return {
        "session_id": session.id,
        "read_rule": f"đã đọc: đã xem ít nhất {round(READ_FRACTION * 100)}% số trang",
        "read_rule_en": f"read: at least {round(READ_FRACTION * 100)}% of the pages seen",
        "delegates": len(mandates),
        "documents": out,
    }


# ---------------------------------------------------------------------------------------------
# Private notes, highlights and bookmarks
# ---------------------------------------------------------------------------------------------

_CLIENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


def note_view(note: DocumentNote) -> dict[str, Any]:
    return {
        "id": note.id,
        "client_id": note.client_id,
        "document_id": note.document_id,
        "page": note.page,
        "kind": note.kind.value,
        "text": note.text,
        "color": note.color,
        "rects": note.rects,
        "version_number": note.version_number,
        "deleted": note.deleted,
        "created_at": iso_time(note.created_at),
        "updated_at": iso_time(note.updated_at),
        "server_updated_at": precise_time(note.server_updated_at),
    }


def _client_time(f: Fields, now: dt.datetime) -> dt.datetime:
    """The tablet's time of the edit (``updated_at``), never later than the server's clock."""
    raw = f.data.get("updated_at")
    if raw in (None, ""):
        return now
    if not isinstance(raw, str):
        raise DomainError(
            "Thời điểm sửa không hợp lệ.", "updated_at is not a valid time.", field="updated_at"
        )
    try:
        value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise DomainError(
            "Thời điểm sửa không hợp lệ.", "updated_at is not a valid time.", field="updated_at"
        ) from None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return min(value, now)


def _rects(value: Any) -> list[list[float]] | None:
    if value is None:
        return None
    ok = (
        isinstance(value, list)
        and len(value) <= 200
        and all(
            isinstance(r, list)
            and len(r) == 4
            and all(isinstance(x, (int, float)) and not isinstance(x, bool) and -0.01 <= x <= 1.01 for x in r)
            for r in value
        )
    )
    if not ok:
        raise DomainError(
            "Vùng đánh dấu phải là danh sách [x0, y0, x1, y1] theo tỉ lệ trang (0–1).",
            "rects must be a list of [x0, y0, x1, y1] in page fractions (0–1).",
            field="rects",
        )
    return [[round(float(x), 5) for x in r] for r in value]


def _apply_note(note: DocumentNote, f: Fields, *, creating: bool) -> None:
    if creating or f.has("page"):
        note.page = f.integer("page", ("trang", "page"), minimum=1, maximum=100_000)
    if creating or f.has("kind"):
        note.kind = f.choice("kind", ("loại ghi chú", "kind"), NoteKind, required=False) or NoteKind.NOTE
    if creating or f.has("text"):
        note.text = f.text("text", ("nội dung ghi chú", "note text"), required=False, max_length=10_000)
    if creating or f.has("color"):
        note.color = f.text("color", ("màu", "color"), required=False, max_length=20)
    if creating or f.has("rects"):
        note.rects = _rects(f.data.get("rects"))
    if f.has("deleted"):
        note.deleted = bool(f.boolean("deleted", ("đã xóa", "deleted"), default=False))


def save_note(db: DbSession, document: Document, user: User | None, data: Any) -> tuple[DocumentNote, bool]:
    """Create a note, or — same ``client_id`` again — apply it to the one already stored if it is newer
    (last writer wins on ``updated_at``); (note, created)."""
    person_id = _reader_person(user)
    f = Fields(data)
    client_id = f.text("client_id", ("mã ghi chú trên máy", "client id"), max_length=64)
    if not _CLIENT_ID.match(client_id):
        raise DomainError(
            "Mã ghi chú chỉ gồm chữ, số và - _ . : (tối đa 64 ký tự).",
            "client_id may hold letters, digits and - _ . : (64 at most).",
            field="client_id",
        )
    now = utcnow()
    when = _client_time(f, now)
    note = db.scalar(
        select(DocumentNote).where(DocumentNote.person_id == person_id, DocumentNote.client_id == client_id)
    )
    if note is not None:
        if note.document_id != document.id:
            raise Conflict(
                "Mã ghi chú này đã dùng cho tài liệu khác.",
                "This client_id belongs to another document.",
                field="client_id",
            )
        _apply_if_newer(note, f, when, now)
        return note, False
    note = DocumentNote(
        document_id=document.id,
        person_id=person_id,
        client_id=client_id,
        deleted=False,
        version_number=current_version(document).number,
        created_at=when,
        updated_at=when,
        server_updated_at=now,
    )
    _apply_note(note, f, creating=True)
    try:
        with db.begin_nested():
            db.add(note)
    except IntegrityError:  # the same note arrived twice at once: keep the first
        note = db.scalar(
            select(DocumentNote).where(
                DocumentNote.person_id == person_id, DocumentNote.client_id == client_id
            )
        )
        assert note is not None
        return note, False
    return note, True


def _apply_if_newer(note: DocumentNote, f: Fields, when: dt.datetime, now: dt.datetime) -> bool:
    if when <= note.updated_at:
        return False  # an older (or the same) edit: the stored note stands
    _apply_note(note, f, creating=False)
    note.updated_at = when
    note.server_updated_at = now
    return True


def own_note(db: DbSession, note_id: int, user: User | None) -> DocumentNote:
    person_id = _reader_person(user)
    note = db.get(DocumentNote, note_id)
    if note is None or note.person_id != person_id:
        raise NotFound("ghi chú", "Note")
    readable_document(db, note.document_id, user)
    return note


def update_note(db: DbSession, note: DocumentNote, data: Any) -> DocumentNote:
    f = Fields(data)
    now = utcnow()
    _apply_if_newer(note, f, _client_time(f, now), now)
    db.flush()
    return note


def delete_note(db: DbSession, note: DocumentNote, updated_at: str | None) -> DocumentNote:
    """Deleting leaves a tombstone (``deleted``) so the delegate's other tablets learn of it."""
    return update_note(db, note, {"deleted": True, "updated_at": updated_at})


def list_notes(
    db: DbSession,
    user: User | None,
    *,
    document: Document | None = None,
    session: Session | None = None,
    since: dt.datetime | None = None,
) -> list[DocumentNote]:
    """My notes on a document or a whole session; with ``since`` (server time) also deletions, for sync."""
    person_id = _reader_person(user)
    stmt = select(DocumentNote).where(DocumentNote.person_id == person_id)
    if document is not None:
        stmt = stmt.where(DocumentNote.document_id == document.id)
    if session is not None:
        stmt = stmt.join(Document, Document.id == DocumentNote.document_id).where(
            Document.session_id == session.id
        )
    if since is not None:
        stmt = stmt.where(DocumentNote.server_updated_at > since)
    else:
        stmt = stmt.where(DocumentNote.deleted.is_(False))
    notes = list(db.scalars(stmt.order_by(DocumentNote.document_id, DocumentNote.page, DocumentNote.id)))
    if document is not None:
        return notes
    readable = {d.id for d in readable_documents(db, session, user)} if session is not None else None
    return [n for n in notes if readable is None or n.document_id in readable]


def parse_since(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise DomainError(
            "Thời điểm “since” không hợp lệ.", "“since” is not a valid time.", field="since"
        ) from None
    return parsed.astimezone(dt.UTC).replace(tzinfo=None) if parsed.tzinfo else parsed

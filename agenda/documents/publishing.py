"""Publishing documents to the tablets, withdrawing them, and the ``documents`` event that tells every screen."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session as DbSession

from agenda import clock, events
from agenda.audit import actor_of
from agenda.clock import utcnow
from agenda.documents.listing import current_version, item_number, item_numbers, session_documents
from agenda.errors import Conflict, NotFound
from agenda.inputs import Fields
from agenda.models import Document, DocumentAccess, Session, User


def chosen_documents(db: DbSession, session: Session, ids: Collection[int] | None) -> list[Document]:
    """The session's documents with these ids in agenda order (all of them when ``ids`` is None); "not
    found" if one is not of this session."""
    documents = session_documents(db, session)
    if ids is None:
        return documents
    if set(ids) - {d.id for d in documents}:
        raise NotFound("tài liệu trong kỳ họp này", "Document of this session")
    return [d for d in documents if d.id in ids]


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
        "item_number": item_number(numbers, document),
        "position": document.position,
        "version": version.number,
        "sha256": version.sha256,
        "size": version.size,
        "page_count": version.page_count,
        "file_url": f"/api/documents/{document.id}/file",
        "published_at": clock.iso(document.published_at),
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
    numbers = item_numbers(session)
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
        actor=actor_of(actor),
        audit_detail={"change": f"documents.{change}", **audit_detail},
    )

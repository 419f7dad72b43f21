"""Documents as a reader or the secretary sees them (JSON-able)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session as DbSession

from agenda import clock
from agenda.access import delegate_person, is_staff
from agenda.council.sessions import numbered_items
from agenda.documents.access import readable_documents
from agenda.documents.listing import ACCESS_LABELS, TYPE_LABELS, current_version, item_number, item_numbers
from agenda.documents.receipts import delegate_receipts, receipt_view
from agenda.models import Document, DocumentAccess, DocumentVersion, Session, User


def version_view(document: Document, version: DocumentVersion, *, staff: bool) -> dict[str, Any]:
    out = {
        "number": version.number,
        "sha256": version.sha256,
        "size": version.size,
        "page_count": version.page_count,
        "pdf_title": version.pdf_title,
        "pdf_author": version.pdf_author,
        "uploaded_at": clock.iso(version.uploaded_at),
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
        "item_number": item_number(numbers, document),
        "position": document.position,
        "published": document.published_at is not None,
        "published_at": clock.iso(document.published_at),
        "updated_at": clock.iso(document.updated_at),
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
    numbers = item_numbers(session)
    staff = is_staff(user)
    documents = readable_documents(db, session, user)
    views = [document_view(d, numbers, staff=staff) for d in documents]
    person_id = delegate_person(user)
    if person_id is not None and documents:  # a delegate's list says how far they have read each document
        mine = delegate_receipts(db, person_id, documents)
        for view, document in zip(views, documents, strict=True):
            view["my_progress"] = receipt_view(mine.get(document.id), current_version(document))
    return {
        "session_id": session.id,
        "documents": views,
        "pack_url": f"/api/sessions/{session.id}/pack.pdf",
        "agenda": [
            {"id": i.id, "number": n, "title": i.title, "depth": i.depth} for n, i in numbered_items(session)
        ],
    }

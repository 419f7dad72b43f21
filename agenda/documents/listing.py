"""A session's documents in agenda order, their versions, and the labels of their types and access levels."""

from __future__ import annotations

import math
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from agenda.council.sessions import numbered_items
from agenda.errors import NotFound
from agenda.models import (
    Document,
    DocumentAccess,
    DocumentType,
    DocumentVersion,
    Session,
)

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


def session_documents(db: DbSession, session: Session) -> list[Document]:
    """Every document of the session in agenda order: by item, then the documents' own order; then those
    attached to no item."""
    documents = list(
        db.scalars(
            select(Document).where(Document.session_id == session.id).options(selectinload(Document.versions))
        )
    )  # one query, not one per document
    ranks = {i.id: i.position for i in session.items}
    return sorted(documents, key=lambda d: agenda_order(ranks, d.agenda_item_id, d.position, d.id))


def agenda_order(
    item_ranks: Mapping[int, int], agenda_item_id: int | None, position: int, document_id: int
) -> tuple[float, int, int]:
    """A document's place in agenda order: its item's rank (``item_ranks``: item id → its place in the
    agenda), then its own position among the item's documents; the documents of no item come last."""
    rank = item_ranks.get(agenda_item_id, math.inf) if agenda_item_id is not None else math.inf
    return rank, position, document_id


def item_numbers(session: Session) -> dict[int, str]:
    """The number of each agenda item of the session ("2.1"), by item id."""
    return {item.id: number for number, item in numbered_items(session)}


def item_number(numbers: Mapping[int, str], document: Document) -> str | None:
    """The number of the agenda item ``document`` belongs to (``numbers`` from :func:`item_numbers`)."""
    return numbers.get(document.agenda_item_id) if document.agenda_item_id else None

"""Who may read a document — anything else gets "not found", so nobody learns what exists:
- staff (secretary, chair, archivist, admin): every document, published or not;
- others only published documents of a session they may see (published; a closed sitting only for
  delegates), and by access level — public: anyone; delegates: signed-in delegates; confidential:
  delegates in office in the session's term, each served a copy stamped with their name and the time."""

from __future__ import annotations

from sqlalchemy.orm import Session as DbSession

from agenda import clock
from agenda.access import delegate_person, is_staff, roles_of, session_visible
from agenda.council.office import seat_on
from agenda.documents.listing import session_documents
from agenda.errors import DomainError, NotFound
from agenda.models import (
    Document,
    DocumentAccess,
    Role,
    Session,
    User,
)


def confidential_reader(db: DbSession, session: Session, user: User | None) -> bool:
    """A delegate in office today in the session's term (who gets a stamped copy of a confidential document)."""
    person_id = delegate_person(user)
    return (
        person_id is not None
        and seat_on(db, session.term_id, person_id, clock.today(session.term.council)) is not None
    )


def require_reader(user: User | None) -> int:
    """The delegate's person: only delegates record reading progress and keep notes."""
    person_id = delegate_person(user)
    if person_id is None:
        raise DomainError(
            "Chỉ đại biểu mới ghi nhận được tiến độ đọc và ghi chú.",
            "Only delegates record reading progress and notes.",
            code="forbidden",
            status=403,
        )
    return person_id


def can_read(db: DbSession, document: Document, user: User | None) -> bool:
    if is_staff(user):
        return True
    if document.published_at is None or not session_visible(document.session, user):
        return False
    if document.access == DocumentAccess.PUBLIC:
        return True
    if document.access == DocumentAccess.DELEGATES:
        return Role.DELEGATE in roles_of(user)
    return confidential_reader(db, document.session, user)


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


def readable_documents(db: DbSession, session: Session, user: User | None) -> list[Document]:
    return [d for d in session_documents(db, session) if can_read(db, d, user)]

"""Session documents: files and their versions, the text of every page, stamped copies, session packs,
read receipts and private notes."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from agenda.clock import utcnow
from agenda.models.base import Base, enum_column
from agenda.models.council import AgendaItem, Session


class DocumentType(enum.StrEnum):
    SUBMISSION = "to_trinh"  # tờ trình
    DRAFT_RESOLUTION = "du_thao_nghi_quyet"  # dự thảo nghị quyết
    REVIEW_REPORT = "bao_cao_tham_tra"  # báo cáo thẩm tra
    REPORT = "bao_cao"  # báo cáo
    REFERENCE = "tai_lieu_tham_khao"  # tài liệu tham khảo
    OTHER = "khac"  # khác


class DocumentAccess(enum.StrEnum):
    PUBLIC = "public"  # công khai: anyone who may see the session
    DELEGATES = "delegates"  # đại biểu and staff
    CONFIDENTIAL = (
        "confidential"  # mật: delegates in office and staff, each copy stamped with the reader's name
    )


class CopyKind(enum.StrEnum):
    PDF = "pdf"  # the stamped file (downloads, and the page images rendered from it)
    TEXT = "text"  # the words of its pages (the reader's text view and search)


class NoteKind(enum.StrEnum):
    NOTE = "note"  # ghi chú
    HIGHLIGHT = "highlight"  # đánh dấu đoạn
    BOOKMARK = "bookmark"  # đánh dấu trang


class Document(Base):
    """A document of a session (tờ trình, dự thảo nghị quyết…), attached to an agenda item or to none.

    Its file is the ``current_version_id`` one of its ``DocumentVersion``s; earlier versions are kept.
    Only staff see it until ``published_at`` is set."""

    __tablename__ = "document"
    __table_args__ = (CheckConstraint("position >= 0", name="position_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL"), index=True
    )
    doc_type: Mapped[DocumentType] = mapped_column(enum_column(DocumentType))
    title: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(Integer, default=0)  # order among the documents of its item
    access: Mapped[DocumentAccess] = mapped_column(
        enum_column(DocumentAccess), default=DocumentAccess.DELEGATES
    )
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_version.id", ondelete="SET NULL", use_alter=True)
    )
    created_by: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    session: Mapped[Session] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        order_by="DocumentVersion.number",
        foreign_keys="DocumentVersion.document_id",
        passive_deletes=True,
    )


class DocumentVersion(Base):
    """One uploaded file of a document (1, 2, …). The PDF itself is the ``StoredFile`` of its SHA-256."""

    __tablename__ = "document_version"
    __table_args__ = (
        UniqueConstraint("document_id", "number"),
        CheckConstraint("page_count > 0", name="has_pages"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_file.sha256", ondelete="RESTRICT"), index=True)
    size: Mapped[int] = mapped_column(Integer)
    page_count: Mapped[int] = mapped_column(Integer)
    pdf_title: Mapped[str | None] = mapped_column(String(300))
    pdf_author: Mapped[str | None] = mapped_column(String(300))
    original_filename: Mapped[str] = mapped_column(String(255))
    converted_from: Mapped[str | None] = mapped_column(String(10))  # "docx" when LibreOffice made the PDF
    uploaded_by: Mapped[str | None] = mapped_column(String(80))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    document: Mapped[Document] = relationship(back_populates="versions", foreign_keys=[document_id])


class DocumentPage(Base):
    """The text of one page of a version, for search inside the document."""

    __tablename__ = "document_page"
    __table_args__ = (UniqueConstraint("version_id", "page_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id", ondelete="CASCADE"))
    page_number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class DocumentCopy(Base):
    """A copy of a confidential document handed to one reader at one time, to trace a leak: a stamped PDF
    (``kind`` pdf: the SHA-256 of an untouched leaked file, else the ``mark`` hidden in its pages, names the
    reader) or the text of its pages (``kind`` text: who had the words, and since when)."""

    __tablename__ = "document_copy"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    stamp: Mapped[str] = mapped_column(String(300))  # the text on every page
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime)
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # of the file, or of the text, handed out
    size: Mapped[int] = mapped_column(Integer)
    kind: Mapped[CopyKind] = mapped_column(enum_column(CopyKind), default=CopyKind.PDF, server_default="pdf")
    mark: Mapped[int | None] = mapped_column(BigInteger, index=True, unique=True)  # agenda.pdf.mark; PDFs


class SessionPack(Base):
    """A built session pack (cover + documents), kept by its content key so the same state is not rebuilt."""

    __tablename__ = "session_pack"
    __table_args__ = (UniqueConstraint("session_id", "content_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    audience: Mapped[str] = mapped_column(String(20))  # public | delegates
    content_key: Mapped[str] = mapped_column(String(64))  # SHA-256 of the cover data and the version hashes
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_file.sha256", ondelete="RESTRICT"))
    size: Mapped[int] = mapped_column(Integer)
    page_count: Mapped[int] = mapped_column(Integer)
    built_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ReadReceipt(Base):
    """How far one delegate has read one document (the version ``version_id``)."""

    __tablename__ = "read_receipt"
    __table_args__ = (UniqueConstraint("document_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    version_id: Mapped[int | None] = mapped_column(ForeignKey("document_version.id", ondelete="SET NULL"))
    first_opened_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_page: Mapped[int] = mapped_column(Integer, default=1)
    max_page_seen: Mapped[int] = mapped_column(Integer, default=1)
    pages_seen: Mapped[list[int]] = mapped_column(JSON, default=list)  # distinct page numbers seen
    pages_total: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class DocumentNote(Base):
    """A delegate's private note, highlight or bookmark on a page. ``client_id`` comes from the tablet, so
    a note made offline and sent twice is stored once; ``updated_at`` (the tablet's clock) decides which
    of two edits wins; a deleted note stays as a tombstone so other tablets learn of the deletion."""

    __tablename__ = "document_note"
    __table_args__ = (UniqueConstraint("person_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    version_number: Mapped[int | None] = mapped_column(Integer)
    page: Mapped[int] = mapped_column(Integer)
    kind: Mapped[NoteKind] = mapped_column(enum_column(NoteKind))
    text: Mapped[str | None] = mapped_column(Text)
    color: Mapped[str | None] = mapped_column(String(20))
    rects: Mapped[list[Any] | None] = mapped_column(JSON)  # [[x0, y0, x1, y1], …] in page fractions
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    server_updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)

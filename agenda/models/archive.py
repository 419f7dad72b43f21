"""The resolution archive: resolutions (nghị quyết) with their numbers and dates, the dossier of documents they
were adopted on, the relations between them, and the reasons recorded for numbers left unused.

A resolution's legal force is never stored: it is computed on any date from these rows
(:mod:`agenda.archive.force`)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from agenda.archive.relations import RelationKind
from agenda.clock import utcnow
from agenda.models.base import Base, enum_column
from agenda.models.council import Council
from agenda.models.documents import DocumentType


class ResolutionOrigin(enum.StrEnum):
    VOTE = "vote"  # adopted by a vote in a sitting of this installation
    IMPORT = "import"  # a historical file brought into the archive
    MANUAL = "manual"  # typed in by an archivist


class Resolution(Base):
    """One resolution of a council. ``serial`` is empty until the archivist gives it its number; the series is
    (council, ``year``, ``normative``) — see :mod:`agenda.archive.numbering`."""

    __tablename__ = "resolution"
    __table_args__ = (
        UniqueConstraint("council_id", "year", "normative", "serial", name="uq_resolution_number"),
        CheckConstraint("serial IS NULL OR serial > 0", name="serial_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="RESTRICT"), index=True)
    origin: Mapped[ResolutionOrigin] = mapped_column(enum_column(ResolutionOrigin))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("session.id", ondelete="SET NULL"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"))
    vote_id: Mapped[int | None] = mapped_column(ForeignKey("vote.id", ondelete="SET NULL"), unique=True)
    year: Mapped[int] = mapped_column(Integer)  # of the series: the year of adoption
    normative: Mapped[bool] = mapped_column(Boolean, default=False)  # quy phạm pháp luật
    special_procedure: Mapped[bool] = mapped_column(Boolean, default=False)  # trình tự, thủ tục đặc biệt
    serial: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[str | None] = mapped_column(String(40), index=True)  # "05/2026/NQ-HĐND", as printed
    gap_reason: Mapped[str | None] = mapped_column(Text)  # why the numbers before this one were left unused
    title: Mapped[str] = mapped_column(String(1000))  # trích yếu
    field: Mapped[str | None] = mapped_column(String(200))  # lĩnh vực
    signer_name: Mapped[str | None] = mapped_column(String(200))
    signer_title: Mapped[str | None] = mapped_column(String(200))  # "Chủ tịch", "Phó Chủ tịch"
    adopted_on: Mapped[dt.date] = mapped_column(Date)
    signed_on: Mapped[dt.date | None] = mapped_column(Date)
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    effective_on: Mapped[dt.date | None] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)  # the first day it no longer applies
    # The signed final PDF (through the document checks), kept as a stored file.
    signed_sha256: Mapped[str | None] = mapped_column(ForeignKey("stored_file.sha256", ondelete="RESTRICT"))
    signed_filename: Mapped[str | None] = mapped_column(String(255))
    signed_pages: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # (indexed: the latest change is the archive's fingerprint, agenda/archive/search/status.py)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow, index=True)

    council: Mapped[Council] = relationship()
    documents: Mapped[list[DossierDocument]] = relationship(
        back_populates="resolution",
        cascade="all, delete-orphan",
        order_by="DossierDocument.position",
        passive_deletes=True,
    )


class DossierDocument(Base):
    """A document of the agenda item a resolution was adopted on, in the exact version voted on."""

    __tablename__ = "dossier_document"
    __table_args__ = (UniqueConstraint("resolution_id", "document_version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("resolution.id", ondelete="CASCADE"), index=True)
    document_version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id", ondelete="RESTRICT"))
    doc_type: Mapped[DocumentType] = mapped_column(enum_column(DocumentType))
    title: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(Integer, default=0)

    resolution: Mapped[Resolution] = relationship(back_populates="documents")


class ResolutionRelation(Base):
    """``source`` (the acting resolution) ``kind`` ``target`` from ``effective_on`` — for the named ``parts``
    (articles, clauses) or the whole act; a suspension may end (``until_on``, the first day it no longer
    holds). See :mod:`agenda.archive.relations`."""

    __tablename__ = "resolution_relation"
    __table_args__ = (
        UniqueConstraint("source_id", "target_id", "kind", "parts_key", name="uq_resolution_relation"),
        CheckConstraint("source_id <> target_id", name="not_self"),
        CheckConstraint("until_on IS NULL OR until_on > effective_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("resolution.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("resolution.id", ondelete="CASCADE"), index=True)
    kind: Mapped[RelationKind] = mapped_column(enum_column(RelationKind))
    effective_on: Mapped[dt.date] = mapped_column(Date)
    parts: Mapped[list[Any]] = mapped_column(JSON, default=list)
    parts_key: Mapped[str] = mapped_column(String(700), default="")  # the parts joined: one relation per set
    until_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)

    source: Mapped[Resolution] = relationship(foreign_keys=[source_id])
    target: Mapped[Resolution] = relationship(foreign_keys=[target_id])

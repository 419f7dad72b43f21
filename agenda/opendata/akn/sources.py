"""What an Akoma Ntoso export says of one resolution, read from the database into plain values: the record and
its council, its relations both ways, its dossier and vote (the workflow), and its text.

The text: the signed final copy's pages (as indexed when it was attached) if there is one; else the draft
resolution of its dossier (dự thảo nghị quyết, the version voted on); else none — the summary (trích yếu)
stands for it. ``public``: what anyone may read — only the dossier's public documents are named or read."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import clock
from agenda.archive import links
from agenda.archive.relations import RelationKind
from agenda.models import (
    Council,
    CouncilLevel,
    Document,
    DocumentAccess,
    DocumentPage,
    DocumentType,
    DocumentVersion,
    DossierDocument,
    Resolution,
    SearchPage,
    Vote,
)
from agenda.opendata.akn.ids import Frbr, frbr_of
from agenda.opendata.akn.structure import join_pages
from agenda.text import canonical


class TextSource(enum.StrEnum):
    SIGNED = "signed"  # the signed final copy
    DRAFT = "draft"  # the draft voted on
    SUMMARY = "summary"  # no text: the trích yếu


@dataclass(frozen=True)
class Link:
    """A relation seen from the exported resolution: ``acting`` when it is the source."""

    id: int
    kind: RelationKind
    acting: bool
    other: Frbr
    other_name: str
    effective: dt.date
    until: dt.date | None
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    """A document of the dossier: its type, title and the day its version was filed."""

    doc_type: DocumentType
    title: str
    day: dt.date


@dataclass(frozen=True)
class VoteFacts:
    day: dt.date
    title: str
    sentence: str
    passed: bool
    secret: bool


@dataclass(frozen=True)
class Source:
    record_id: int
    frbr: Frbr
    number: str | None
    title: str
    normative: bool
    field: str | None
    council_name: str
    council_level: CouncilLevel
    council_abolished_on: dt.date | None
    place_name: str
    signer_name: str | None
    signer_title: str | None
    adopted_on: dt.date
    signed_on: dt.date | None
    published_on: dt.date | None
    effective_on: dt.date | None
    expires_on: dt.date | None
    changed_on: dt.date  # the record's last change: the manifestation's date
    links: tuple[Link, ...]
    steps: tuple[Step, ...]
    vote: VoteFacts | None
    text: str
    text_source: TextSource


def frbr_of_record(record: Resolution) -> Frbr:
    return frbr_of(record.council_id, record.adopted_on, record.number, record.id)


def _links(db: DbSession, record: Resolution) -> tuple[Link, ...]:
    return tuple(
        Link(
            view.row.id,
            view.row.kind,
            view.acting,
            frbr_of_record(view.other),
            links.name_of(view.other),
            view.row.effective_on,
            view.row.until_on,
            tuple(view.row.parts or ()),
        )
        for view in links.relations_of(db, record)
    )


def _dossier(db: DbSession, record: Resolution, council: Council, *, public: bool) -> list[tuple[Step, int]]:
    """The dossier's documents (only public ones for ``public``) with their version ids, in its order."""
    query = (
        select(DossierDocument, DocumentVersion.uploaded_at)
        .join(DocumentVersion, DocumentVersion.id == DossierDocument.document_version_id)
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(DossierDocument.resolution_id == record.id)
        .order_by(DossierDocument.position, DossierDocument.id)
    )
    if public:
        query = query.where(Document.access == DocumentAccess.PUBLIC)
    return [
        (Step(d.doc_type, d.title, clock.local(uploaded, council).date()), d.document_version_id)
        for d, uploaded in db.execute(query)
    ]


def _vote(db: DbSession, record: Resolution, council: Council) -> VoteFacts | None:
    vote = db.get(Vote, record.vote_id) if record.vote_id is not None else None
    if vote is None or vote.closed_at is None or not vote.result:
        return None
    return VoteFacts(
        clock.local(vote.closed_at, council).date(),
        vote.title,
        str(vote.result.get("sentence", "")),
        bool(vote.result.get("passed")),
        vote.secret,
    )


def _text(db: DbSession, record: Resolution, drafts: list[int]) -> tuple[str, TextSource]:
    if record.signed_sha256 is not None:
        pages = list(
            db.scalars(
                select(SearchPage.text)
                .where(SearchPage.resolution_id == record.id, SearchPage.source == "signed")
                .order_by(SearchPage.position)
            )
        )
        if any(page.strip() for page in pages):
            return canonical(join_pages(pages)), TextSource.SIGNED
    for version_id in drafts:
        pages = list(
            db.scalars(
                select(DocumentPage.text)
                .where(DocumentPage.version_id == version_id)
                .order_by(DocumentPage.page_number)
            )
        )
        if any(page.strip() for page in pages):
            return canonical(join_pages(pages)), TextSource.DRAFT
    return "", TextSource.SUMMARY


def source_of(db: DbSession, record: Resolution, *, public: bool) -> Source:
    """Everything the export says of ``record``; ``public``: only what anyone may read."""
    council = record.council
    dossier = _dossier(db, record, council, public=public)
    drafts = [version for step, version in dossier if step.doc_type is DocumentType.DRAFT_RESOLUTION]
    text, text_source = _text(db, record, drafts)
    return Source(
        record_id=record.id,
        frbr=frbr_of_record(record),
        number=record.number,
        title=record.title,
        normative=record.normative,
        field=record.field,
        council_name=council.name,
        council_level=council.level,
        council_abolished_on=council.abolished_on,
        place_name=council.place_name,
        signer_name=record.signer_name,
        signer_title=record.signer_title,
        adopted_on=record.adopted_on,
        signed_on=record.signed_on,
        published_on=record.published_on,
        effective_on=record.effective_on,
        expires_on=record.expires_on,
        changed_on=clock.local(record.updated_at, council).date(),
        links=_links(db, record),
        steps=tuple(step for step, _ in dossier),
        vote=_vote(db, record, council),
        text=text,
        text_source=text_source,
    )

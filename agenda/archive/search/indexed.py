"""What the search index holds of one resolution: its metadata as one text, and its pages — the signed copy's
(public) and the dossier's (public documents for anyone; documents for delegates or confidential for staff
only) — and the rows the engines take from them. Pure apart from :func:`dossier_pages`, which reads.

Every text is made canonical (NFC, one tone placement: :func:`agenda.text.canonical`) before it is indexed;
the exact columns index it as it is (lowercased by the engine), the folded ones its
:func:`agenda.text.fold_keep_length` — one character for one, so a match found in the folded text is at the
same place in the original (snippets are cut from it)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.models import (
    Council,
    DocumentAccess,
    DocumentPage,
    DocumentVersion,
    DossierDocument,
    Resolution,
)
from agenda.models.documents import Document
from agenda.models.search import PAGES_PER_RESOLUTION
from agenda.text import canonical, fold_keep_length

TOKEN = re.compile(r"[^\W_]+")  # a word as both engines and the query parser cut it


@dataclass(frozen=True)
class Page:
    """One page: ``source`` "signed" or "dossier", its document version (dossier pages), its number in its
    file, whether the public may read it, its canonical text."""

    source: str
    document_version_id: int | None
    page_number: int
    public: bool
    text: str


@dataclass(frozen=True)
class DocRow:
    """One row of the resolution-level index: ``row_id`` is ``resolution_id * 2`` for what the public may
    search (metadata and public pages), ``* 2 + 1`` for the pages only staff may search."""

    row_id: int
    exact_meta: str
    folded_meta: str
    exact_body: str
    folded_body: str


@dataclass(frozen=True)
class PageRow:
    row_id: int  # the SearchPage id: resolution_id * PAGES_PER_RESOLUTION + position
    folded: str


def meta_text(record: Resolution, council: Council) -> str:
    """The metadata as it is searched: number, trích yếu, type, field, council, signer."""
    kind = "quy phạm pháp luật" if record.normative else ""
    parts = [record.number or "", record.title, kind, record.field or "", council.name, council.short_name]
    parts += [record.signer_name or "", record.signer_title or ""]
    return canonical(" \n".join(p for p in parts if p))


def page_id(resolution_id: int, position: int) -> int:
    return resolution_id * PAGES_PER_RESOLUTION + position


def rows_of(resolution_id: int, meta: str, pages: Sequence[Page]) -> tuple[list[DocRow], list[PageRow]]:
    """The engine rows of a resolution (the same for the same inputs: a row is taken out by its values)."""
    folded = [fold_keep_length(p.text) for p in pages]  # (each page folded once: the costly part)
    public = "\n".join(p.text for p in pages if p.public)
    public_folded = "\n".join(f for p, f in zip(pages, folded, strict=True) if p.public)
    docs = [DocRow(resolution_id * 2, meta, fold_keep_length(meta), public, public_folded)]
    if any(not p.public for p in pages):
        private = "\n".join(p.text for p in pages if not p.public)
        private_folded = "\n".join(f for p, f in zip(pages, folded, strict=True) if not p.public)
        docs.append(DocRow(resolution_id * 2 + 1, "", "", private, private_folded))
    kept = min(len(pages), PAGES_PER_RESOLUTION)
    return docs, [PageRow(page_id(resolution_id, i), folded[i]) for i in range(kept)]


def signed_pages(texts: Iterable[str]) -> list[Page]:
    return [Page("signed", None, n, True, canonical(t)) for n, t in enumerate(texts, start=1)]


def dossier_pages(db: DbSession, resolution_id: int) -> list[Page]:
    """The pages of the dossier's documents, in the dossier's order; public only when the document is."""
    rows = db.execute(
        select(
            DossierDocument.document_version_id, Document.access, DocumentPage.page_number, DocumentPage.text
        )
        .join(DocumentVersion, DocumentVersion.id == DossierDocument.document_version_id)
        .join(Document, Document.id == DocumentVersion.document_id)
        .join(DocumentPage, DocumentPage.version_id == DossierDocument.document_version_id)
        .where(DossierDocument.resolution_id == resolution_id)
        .order_by(DossierDocument.position, DossierDocument.id, DocumentPage.page_number)
    )
    return [
        Page("dossier", version, number, access == DocumentAccess.PUBLIC, canonical(text))
        for version, access, number, text in rows
    ]

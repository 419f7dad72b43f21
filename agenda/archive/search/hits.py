"""A page of hits as the search answers it (:mod:`.service`): each resolution's record as plain values, read in
one Core statement with its council's name — plain values, so that a page of hits can be kept in memory with
its search's facet counts (:mod:`.facet_cache`) and answered again without the database —, and the page of its
signed copy or dossier that matched best (of those the caller may read), with a snippet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import Session as DbSession

from agenda.archive.force import Force
from agenda.archive.search.engines import engine_for
from agenda.archive.search.indexed import page_id
from agenda.archive.search.snippets import WINDOW, Piece, mark
from agenda.archive.search.terms import Words
from agenda.models import Council, Resolution, SearchPage


@dataclass(frozen=True)
class CouncilName:
    id: int
    name: str


@dataclass(frozen=True)
class HitRecord:
    """What a hit shows of its resolution (the JSON, the Atom feed, the file of hits, the permalink)."""

    id: int
    council_id: int
    year: int
    number: str | None
    title: str
    normative: bool
    field: str | None
    signer_name: str | None
    signer_title: str | None
    adopted_on: dt.date
    published_on: dt.date | None
    updated_at: dt.datetime
    council: CouncilName


@dataclass(frozen=True)
class PageHit:
    source: str  # "signed" or "dossier"
    document_version_id: int | None
    page_number: int
    snippet: list[Piece]


@dataclass(frozen=True)
class Hit:
    record: HitRecord
    status: Force | None
    by_number: bool  # found by its number
    score: float
    title: list[Piece]
    page: PageHit | None


# The statements, built once (bound by their ``ids``): a statement kept is compiled once and its cache key
# memoised — every search asks them.
_RECORDS = (
    select(
        Resolution.id,
        Resolution.council_id,
        Resolution.year,
        Resolution.number,
        Resolution.title,
        Resolution.normative,
        Resolution.field,
        Resolution.signer_name,
        Resolution.signer_title,
        Resolution.adopted_on,
        Resolution.published_on,
        Resolution.updated_at,
        Council.name,
    )
    .join(Council, Council.id == Resolution.council_id)
    .where(Resolution.id.in_(bindparam("ids", expanding=True)))
)
_PAGE_COUNTS = (
    select(
        SearchPage.resolution_id,
        func.count(),
        func.sum(case((SearchPage.public.is_(True), 1), else_=0)),
    )
    .where(SearchPage.resolution_id.in_(bindparam("ids", expanding=True)))
    .group_by(SearchPage.resolution_id)
)
_PUBLIC_PAGES = select(SearchPage.resolution_id, SearchPage.position).where(
    SearchPage.resolution_id.in_(bindparam("ids", expanding=True)), SearchPage.public.is_(True)
)
_PAGES = select(
    SearchPage.resolution_id,
    SearchPage.source,
    SearchPage.document_version_id,
    SearchPage.page_number,
    SearchPage.text,
).where(SearchPage.id.in_(bindparam("ids", expanding=True)))


def records(db: DbSession, ids: Sequence[int]) -> dict[int, HitRecord]:
    """The records of ``ids`` with their councils' names, by id."""
    if not ids:
        return {}
    out: dict[int, HitRecord] = {}
    for row in db.execute(_RECORDS, {"ids": list(ids)}):
        v: tuple[Any, ...] = tuple(row)
        council = CouncilName(v[1], v[12])
        out[v[0]] = HitRecord(
            v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], council
        )
    return out


def readable_pages(db: DbSession, ids: Sequence[int], *, public: bool) -> dict[int, Sequence[int]]:
    """The positions of the pages each caller may read, by resolution (the public: public pages only): counted
    in one query for the page of hits; listed one by one only where some are not public."""
    if not ids:
        return {}
    rows = db.execute(_PAGE_COUNTS, {"ids": list(ids)}).all()
    out: dict[int, Sequence[int]] = {rid: range(count) for rid, count, _ in rows}
    mixed = [rid for rid, count, readable in rows if public and readable < count]
    if mixed:
        listed: dict[int, list[int]] = {rid: [] for rid in mixed}
        for rid, position in db.execute(_PUBLIC_PAGES, {"ids": mixed}):
            listed[rid].append(position)
        out.update(listed)
    return out


def page_hits(db: DbSession, words: Words, ids: Sequence[int], *, public: bool) -> dict[int, PageHit]:
    """The page of each of ``ids`` that matched best, of those the caller may read, with its snippet."""
    best = engine_for(db).best_pages(db, words, readable_pages(db, ids, public=public))
    chosen = [page_id(rid, position) for rid, position in best.items()]
    if not chosen:
        return {}
    folded = words.folded()
    return {
        rid: PageHit(source, version, number, mark(body, folded, window=WINDOW))
        for rid, source, version, number, body in db.execute(_PAGES, {"ids": chosen})
    }

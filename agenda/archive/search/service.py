"""The archive's search: what was asked (:class:`~.request.SearchRequest`) → a page of hits with their
snippets, the total and the facets with their counts.

1. A resolution number in the query ("05/2026/NQ-HĐND", "nq 12", …) goes straight to that resolution, or to
   the short list of resolutions with that number across councils — above any text hit.
2. The words are matched by the engine of the database (:mod:`.engines`), ranked by it; words every
   resolution carries decide nothing (a query of only those finds nothing, and says why).
3. The filters narrow the matches (in SQL), the facets count what is left by council, level, year, term,
   type, field, signer and legal force on the day (computed, :mod:`.status`); the status filter applies last.
4. The page of hits: each with its trích yếu marked and, for a text hit, the page of its dossier or signed copy
   that matched best, with a snippet.

``public``: only resolutions with a number and published on or before the day, and only pages the public may
read (the signed copy, public documents) — a document for delegates or a confidential one is never searched
for the public, and nothing of it is shown."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import Select, String, and_, func, or_, select, type_coerce
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from agenda.archive.force import Force
from agenda.archive.search.engines import engine_for
from agenda.archive.search.indexed import page_id
from agenda.archive.search.query import NumberLookup, parse
from agenda.archive.search.request import MAX_PAGE, Filters, Kind, SearchRequest, Sort
from agenda.archive.search.snippets import WINDOW, Piece, mark
from agenda.archive.search.status import statuses
from agenda.archive.search.terms import Words, words_of
from agenda.models import Council, Resolution, SearchEntry, SearchPage, Session

Facts = Select[*tuple[Any, ...]]

FACETS = ("council", "level", "year", "term", "kind", "field", "signer", "status")


class Found(NamedTuple):
    """A matched resolution's facts, as the facets and the sort need them (read as they are stored: the
    level as its text, the adoption date as SQLite's ISO text or PostgreSQL's date — both sort by date)."""

    id: int
    council_id: int
    level: str
    year: int
    term_id: int | None
    normative: bool
    field: str | None
    signer: str | None
    adopted_on: Any
    serial: int | None


@dataclass(frozen=True)
class PageHit:
    source: str  # "signed" or "dossier"
    document_version_id: int | None
    page_number: int
    snippet: list[Piece]


@dataclass(frozen=True)
class Hit:
    record: Resolution
    status: Force | None
    by_number: bool  # found by its number
    score: float
    title: list[Piece]
    page: PageHit | None


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    total: int
    page: int
    pages: int
    facets: dict[str, list[tuple[Any, int]]]
    day: dt.date
    message: tuple[str, str] | None = None  # why nothing could be searched (vi, en)
    numbers: list[NumberLookup] = field(default_factory=list)


_NOTHING = (
    "Hãy nhập từ cần tìm, số nghị quyết, hoặc chọn một bộ lọc.",
    "Type words or a resolution number to search for, or choose a filter.",
)
_ONLY_COMMON = (
    "Các từ này có trong mọi nghị quyết; hãy thêm từ khác (ví dụ: lĩnh vực, địa danh) hoặc số nghị quyết.",
    "Every resolution carries these words; add another word (a field, a place) or a resolution number.",
)


def _scoped(query: Facts, filters: Filters, *, public: bool, day: dt.date) -> Facts:
    if public:
        query = query.where(Resolution.serial.is_not(None), Resolution.published_on <= day)
    conditions: list[Any] = []
    if filters.council_id is not None:
        conditions.append(Resolution.council_id == filters.council_id)
    if filters.level is not None:
        conditions.append(Council.level == filters.level)
    if filters.year is not None:
        conditions.append(Resolution.year == filters.year)
    if filters.term_id is not None:
        conditions.append(Session.term_id == filters.term_id)
    if filters.session_id is not None:
        conditions.append(Resolution.session_id == filters.session_id)
    if filters.kind is not None:
        conditions.append(Resolution.normative.is_(filters.kind is Kind.NORMATIVE))
    if filters.field is not None:
        conditions.append(Resolution.field == filters.field)  # as its facet gives it
    if filters.signer is not None:
        conditions.append(Resolution.signer_name == filters.signer)
    if filters.since is not None:
        conditions.append(Resolution.adopted_on >= filters.since)
    if filters.until is not None:
        conditions.append(Resolution.adopted_on <= filters.until)
    if conditions:
        query = query.where(*conditions)
    return query


def _facts_query() -> Facts:
    query: Facts = (
        select(
            Resolution.id,
            Resolution.council_id,
            type_coerce(Council.level, String),  # (no enum, no date made of each row: thousands of them)
            Resolution.year,
            Session.term_id,
            Resolution.normative,
            Resolution.field,
            Resolution.signer_name,
            type_coerce(Resolution.adopted_on, String),
            Resolution.serial,
        )
        .join(Council, Council.id == Resolution.council_id)
        .outerjoin(Session, Session.id == Resolution.session_id)
    )
    return query


def _facts(db: DbSession, query: Facts) -> list[Found]:
    return [Found._make(row) for row in db.execute(query)]


def _number_condition(lookup: NumberLookup) -> Any:
    parts = [Resolution.serial == lookup.serial]
    if lookup.year is not None:
        parts.append(Resolution.year == lookup.year)
    if lookup.normative is not None:
        parts.append(Resolution.normative.is_(lookup.normative))
    return and_(*parts)


def _facet_counts(found: Sequence[Found], status: dict[int, Force]) -> dict[str, list[tuple[Any, int]]]:
    """Each facet's values with their counts, most first (30 at most). Counted column by column: a common
    word finds tens of thousands."""
    if not found:
        return {name: [] for name in FACETS}
    ids, councils, levels, years, terms, normative, fields, signers, _, _ = zip(*found, strict=True)
    kinds = Counter(normative)
    columns: dict[str, Counter[Any]] = {
        "council": Counter(councils),
        "level": Counter(levels),
        "year": Counter(years),
        "term": Counter(terms),
        "kind": Counter({Kind.NORMATIVE.value: kinds[True], Kind.OTHER.value: kinds[False]}),  # (1 == True)
        "field": Counter(fields),
        "signer": Counter(signers),
        "status": Counter(status[i].value for i in ids if i in status),
    }
    out: dict[str, list[tuple[Any, int]]] = {}
    for name in FACETS:
        counts = columns[name]
        counts.pop(None, None)
        out[name] = sorted(((v, n) for v, n in counts.items() if n), key=lambda kv: (-kv[1], str(kv[0])))[:30]
    return out


def _page_hit(db: DbSession, words: Words, record: Resolution, positions: list[int] | None) -> PageHit | None:
    """The page of ``record`` that matched best, of ``positions`` (None: every page)."""
    if positions is None:
        count = db.scalar(
            select(func.count()).select_from(SearchPage).where(SearchPage.resolution_id == record.id)
        )
        positions = list(range(count or 0))
    position = engine_for(db).best_page(db, words, record.id, positions)
    if position is None:
        return None
    page = db.get(SearchPage, page_id(record.id, position))
    if page is None:
        return None
    return PageHit(
        page.source,
        page.document_version_id,
        page.page_number,
        mark(page.text, words.folded(), window=WINDOW),
    )


def _readable_pages(db: DbSession, ids: list[int], *, public: bool) -> dict[int, list[int] | None]:
    """The pages each caller may read, by resolution: the public only public pages (listed when some are
    not), staff every page (None)."""
    if not public:
        return dict.fromkeys(ids)
    private = set(
        db.scalars(
            select(SearchEntry.resolution_id).where(
                SearchEntry.resolution_id.in_(ids), SearchEntry.private_pages
            )
        )
    )
    out: dict[int, list[int] | None] = {}
    for rid in ids:
        if rid in private:
            out[rid] = list(
                db.scalars(
                    select(SearchPage.position).where(
                        SearchPage.resolution_id == rid, SearchPage.public.is_(True)
                    )
                )
            )
        else:
            out[rid] = None
    return out


def search(
    db: DbSession, request: SearchRequest, *, public: bool, day: dt.date, snippets: bool = True
) -> SearchResult:
    """Run ``request`` (``day``: the legal force's, and the public's "published by"); ``snippets`` False: the
    hits without the page that matched nor the marked title (a file of every hit needs neither)."""
    query = parse(request.q, typing=request.typing)
    words = words_of(query)
    filters = request.filters
    on = request.on or day
    if query.empty and not filters.any:
        return SearchResult([], 0, 1, 1, {}, on, _NOTHING)
    if words.empty and not query.numbers and (query.terms or query.phrases):
        if any(t.common for t in query.terms) or query.phrases:
            return SearchResult([], 0, 1, 1, {}, on, _ONLY_COMMON)
        if not filters.any:
            return SearchResult([], 0, 1, 1, {}, on)  # one letter typed so far: nothing yet, and no complaint

    base = _scoped(_facts_query(), filters, public=public, day=day)
    by_number: list[Found] = []
    if query.numbers:
        by_number = _facts(db, base.where(or_(*(_number_condition(n) for n in query.numbers))))
    scores: dict[int, float] = {}
    if not words.empty:
        scores = engine_for(db).match(db, words, public=public)
        found = _facts(db, base.where(engine_for(db).among(Resolution.id, list(scores)))) if scores else []
    elif query.numbers:
        found = []  # a number and words every resolution carries: the number decides
    else:
        found = _facts(db, base)  # filters only: everything they keep, newest first

    number_ids = {f.id for f in by_number}
    everything = by_number + [f for f in found if f.id not in number_ids]
    status = statuses(db, [f.id for f in everything], on) if everything else {}
    if filters.status is not None:
        everything = [f for f in everything if status.get(f.id) == filters.status]
        number_ids &= {f.id for f in everything}
    facets = _facet_counts(everything, status)

    newest = sorted(everything, key=lambda f: (f.adopted_on, f.serial or 0, f.id), reverse=True)
    if request.sort is Sort.OLDEST:
        ordered = newest[::-1]
    elif request.sort is Sort.NEWEST or words.empty:
        ordered = sorted(newest, key=lambda f: f.id not in number_ids)  # (stable: newest first within)
    else:
        ordered = sorted(newest, key=lambda f: (f.id not in number_ids, -scores.get(f.id, 0.0)))

    total = len(ordered)
    pages = max(1, -(-total // request.per_page))
    page = min(request.page, MAX_PAGE)
    chosen = ordered[(page - 1) * request.per_page : page * request.per_page] if page <= pages else []
    chosen_ids = [f.id for f in chosen]
    records = {
        r.id: r
        for r in db.scalars(
            select(Resolution).where(Resolution.id.in_(chosen_ids)).options(selectinload(Resolution.council))
        )
    }
    marking = snippets and not words.empty
    readable = _readable_pages(db, chosen_ids, public=public) if marking else {}
    folded_words = words.folded()
    hits = []
    for f in chosen:
        record = records[f.id]
        hits.append(
            Hit(
                record=record,
                status=status.get(f.id),
                by_number=f.id in number_ids,
                score=scores.get(f.id, 0.0),
                title=mark(record.title, folded_words) if snippets else [],
                page=_page_hit(db, words, record, readable[f.id]) if marking else None,
            )
        )
    return SearchResult(hits, total, page, pages, facets, on, numbers=list(query.numbers))

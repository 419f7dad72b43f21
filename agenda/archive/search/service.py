"""The archive's search: what was asked (:class:`~.request.SearchRequest`) → a page of hits with their
snippets, the total and the facets with their counts.

1. A resolution number in the query ("05/2026/NQ-HĐND", "nq 12", …) goes straight to that resolution, or to
   the short list of resolutions with that number across councils — above any text hit.
2. The words are matched by the engine of the database (:mod:`.engines`), ranked by it; words every
   resolution carries decide nothing (a query of only those finds nothing, and says why).
3. The filters narrow the matches — on the archive's facts held in memory per generation (:mod:`.facts`) —,
   the facets count what is left by council, level, year, term, type, field, signer and legal force on the
   day (computed, :mod:`.status`), kept until the archive changes (:mod:`.facet_cache`); the status filter
   applies last. Only the page's worth of hits is put in order.
4. The page of hits (:mod:`.hits`): each record read as plain values, its trích yếu marked and, for a text
   hit, the page of its dossier or signed copy that matched best (one statement for the page of hits), with a
   snippet. The page is kept in memory (:data:`KEPT`, until the archive changes): asked again — the same words,
   numbers, filters, page, sort, audience and day — it is answered without the engine. (A council renamed
   shows under its old name in the kept pages until the archive's next change, as the index, which holds the
   council's name in each record's metadata, keeps it until the record is indexed again.)

``public``: only resolutions with a number and published on or before the day, and only pages the public may
read (the signed copy, public documents) — a document for delegates or a confidential one is never searched
for the public, and nothing of it is shown."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace
from itertools import compress, repeat
from operator import attrgetter, neg
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session as DbSession

from agenda.archive.force import Force
from agenda.archive.search import facet_cache
from agenda.archive.search.engines import engine_for
from agenda.archive.search.facts import Found, Groups, facts, kept
from agenda.archive.search.hits import Hit, page_hits, records
from agenda.archive.search.query import NumberLookup, Query, parse
from agenda.archive.search.request import MAX_PAGE, Kind, SearchRequest, Sort
from agenda.archive.search.snippets import mark
from agenda.archive.search.status import archive_statuses, fingerprint
from agenda.archive.search.terms import words_of
from agenda.models import Resolution

FACETS = ("council", "level", "year", "term", "kind", "field", "signer", "status")


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
    key: Hashable | None = None  # what it is kept under in memory (:data:`KEPT`), when it is


KEPT: facet_cache.Kept[SearchResult] = facet_cache.Kept()  # the pages of hits of recent searches
KEPT_HITS = 100  # a page of at most this many hits is kept (the file of every hit is not)


_NOTHING = (
    "Hãy nhập từ cần tìm, số nghị quyết, hoặc chọn một bộ lọc.",
    "Type words or a resolution number to search for, or choose a filter.",
)
_ONLY_COMMON = (
    "Các từ này có trong mọi nghị quyết; hãy thêm từ khác (ví dụ: lĩnh vực, địa danh) hoặc số nghị quyết.",
    "Every resolution carries these words; add another word (a field, a place) or a resolution number.",
)


def _number_condition(lookup: NumberLookup) -> Any:
    parts = [Resolution.serial == lookup.serial]
    if lookup.year is not None:
        parts.append(Resolution.year == lookup.year)
    if lookup.normative is not None:
        parts.append(Resolution.normative.is_(lookup.normative))
    return and_(*parts)


_PLACE = attrgetter("place")
_ID = attrgetter("id")
_SIGNER = attrgetter("signer")


def _by_score(found: list[Found], scores: dict[int, float], limit: int) -> list[Found]:
    """The first ``limit`` of ``found`` by score, highest first; equal scores in their order (newest first: a
    tier of the engine). (Keys looked up by ``map`` and only the first ones ordered: tens of thousands of
    matches.)"""
    keys = list(map(scores.get, map(_ID, found), repeat(0.0)))
    if limit * 4 < len(found):  # (nlargest is sorted(…, reverse=True)[:limit], stable too)
        return [found[n] for n in heapq.nlargest(limit, range(len(found)), key=keys.__getitem__)]
    return [found[n] for n in sorted(range(len(found)), key=keys.__getitem__, reverse=True)[:limit]]


# The legal force's value of every resolution by its place, for the statuses of a day (a Force hashes in Python,
# its value in C: counted as values, tens of thousands a search), kept with the very groups and statuses.
_STATUS_VALUES: dict[tuple[int, int], tuple[Groups, dict[int, Force], list[str | None]]] = {}


def _status_values(groups: Groups, status: dict[int, Force]) -> list[str | None]:
    key = (id(groups), id(status))
    known = _STATUS_VALUES.get(key)
    if known is None:
        values = {force: force.value for force in Force}
        by_place = [None if force is None else values[force] for force in map(status.get, groups.ids)]
        if len(_STATUS_VALUES) >= 8:
            _STATUS_VALUES.clear()
        known = _STATUS_VALUES[key] = (groups, status, by_place)
    return known[2]


def facet_counts(
    found: Sequence[Found], groups: Groups, status: dict[int, Force]
) -> dict[str, list[tuple[Any, int]]]:
    """Each facet's values with their counts, most first (30 at most). Counted as the matches' two codes (a
    common word finds tens of thousands, :class:`~.facts.Groups`), each code's count then added to its values."""
    if not found:
        return {name: [] for name in FACETS}
    places = list(map(_PLACE, found))
    columns: dict[str, Counter[Any]] = {name: Counter() for name in FACETS}
    council, level, term = (columns[n] for n in ("council", "level", "term"))
    for code, n in Counter(map(groups.council.__getitem__, places)).items():
        c, lv, t = groups.council_values[code]
        council[c] += n
        level[lv] += n
        term[t] += n
    columns["signer"] = Counter(map(_SIGNER, found))
    year, field_, kinds = columns["year"], columns["field"], Counter[bool]()
    for code, n in Counter(map(groups.year.__getitem__, places)).items():
        y, normative, f = groups.year_values[code]
        year[y] += n
        kinds[normative] += n
        field_[f] += n
    columns["kind"] = Counter({Kind.NORMATIVE.value: kinds[True], Kind.OTHER.value: kinds[False]})
    forces = Counter(map(_status_values(groups, status).__getitem__, places))
    columns["status"] = Counter({value: n for value, n in forces.items() if value is not None})
    out: dict[str, list[tuple[Any, int]]] = {}
    for name in FACETS:
        counts = columns[name]
        counts.pop(None, None)
        # (most first, equal counts in the order of their text: compared as C tuples, no key called per value —
        # thousands of signers; a value counted 0, last, left out)
        most = heapq.nsmallest(30, zip(map(neg, counts.values()), map(str, counts), counts, strict=True))
        out[name] = [(value, -minus) for minus, _, value in most if minus]
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

    generation = fingerprint(db)
    key = (
        str(db.get_bind().engine.url),
        generation,
        day,
        on,
        public,
        snippets,
        words,
        query.numbers,
        filters,
        request.page,
        request.per_page,
        request.sort,
    )
    known = KEPT.get(key)
    if known is not None:
        return known
    found = _answer(db, request, query, generation, key, public=public, day=day, snippets=snippets)
    if len(found.hits) > KEPT_HITS:
        return replace(found, key=None)
    return KEPT.put(key, found)


def forget() -> None:
    """Nothing of the searches kept in memory (their pages of hits, their facet counts)."""
    KEPT.clear()
    facet_cache.FACETS.clear()


def _answer(
    db: DbSession,
    request: SearchRequest,
    query: Query,
    generation: tuple[object, ...],
    key: Hashable,
    *,
    public: bool,
    day: dt.date,
    snippets: bool,
) -> SearchResult:
    """The search of :func:`search` as run against the archive (not kept in memory)."""
    words = words_of(query)
    filters = request.filters
    on = request.on or day
    archive = facts(db, generation)
    by_number: list[Found] = []
    if query.numbers:
        numbered = db.scalars(
            select(Resolution.id).where(or_(*(_number_condition(n) for n in query.numbers)))
        )
        by_number = kept(
            archive,
            sorted((archive.by_id[i] for i in numbered if i in archive.by_id), key=_PLACE),
            filters,
            public=public,
            day=day,
        )
    scores: dict[int, float] = {}
    if not words.empty:
        scores = engine_for(db).match(db, words, public=public)
        if len(scores) * 8 > len(archive.newest):  # (most of the archive: read in its order, not sorted)
            matched = list(compress(archive.newest, map(scores.__contains__, archive.newest_ids)))
        else:
            matched = sorted((archive.by_id[i] for i in scores if i in archive.by_id), key=_PLACE)
        found = kept(archive, matched, filters, public=public, day=day)  # newest first
    elif query.numbers:
        found = []  # a number and words every resolution carries: the number decides
    else:
        found = kept(archive, archive.newest, filters, public=public, day=day)  # filters only: newest first

    number_ids = {f.id for f in by_number}
    newest = by_number + [f for f in found if f.id not in number_ids] if number_ids else found
    status = archive_statuses(db, on, generation) if newest else {}  # (of the whole archive: looked up)
    if filters.status is not None:
        newest = [f for f in newest if status.get(f.id) == filters.status]
        number_ids &= {f.id for f in newest}
    counted = (str(db.get_bind().engine.url), generation, on, public, words, query.numbers, filters)
    facets = facet_cache.counted(counted, lambda: facet_counts(newest, archive.groups, status))

    numbers_first = [f for f in newest if f.id in number_ids] if number_ids else []
    rest = [f for f in newest if f.id not in number_ids] if number_ids else newest
    total = len(newest)
    pages = max(1, -(-total // request.per_page))
    page = min(request.page, MAX_PAGE)
    wanted = page * request.per_page  # (only as many ordered as the page needs)
    if page > pages:
        ordered: list[Found] = []
    elif request.sort is Sort.OLDEST:
        ordered = heapq.nlargest(wanted, newest, key=_PLACE)  # (the oldest: the last places)
    elif request.sort is Sort.NEWEST or words.empty:
        ordered = sorted(numbers_first, key=_PLACE) + rest[:wanted]
    else:
        ordered = _by_score(sorted(numbers_first, key=_PLACE), scores, wanted) + _by_score(
            rest, scores, wanted
        )
    chosen = ordered[(page - 1) * request.per_page : wanted]
    chosen_ids = [f.id for f in chosen]
    shown = records(db, chosen_ids)
    marking = snippets and not words.empty
    pages_hit = page_hits(db, words, chosen_ids, public=public) if marking else {}
    folded_words = words.folded()
    hits = []
    for f in chosen:
        record = shown[f.id]
        hits.append(
            Hit(
                record=record,
                status=status.get(f.id),
                by_number=f.id in number_ids,
                score=scores.get(f.id, 0.0),
                title=mark(record.title, folded_words) if snippets else [],
                page=pages_hit.get(f.id),
            )
        )
    return SearchResult(hits, total, page, pages, facets, on, numbers=list(query.numbers), key=key)

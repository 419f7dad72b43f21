"""The facts of every resolution that the search filters, counts and sorts by, in memory: read once per
generation of the archive (the fingerprint of :mod:`.status`: any change to a resolution or its relations
moves it) instead of once per search — a common word matches most of the archive, and reading tens of
thousands of rows per request cost more than the engine's whole query (docs/benchmarks.md, "Archive search,
design A2 in the app"). The filters (:class:`~.request.Filters`) and the public's "published by the day" are
applied here, in Python, on those facts. (A council's level and a session's term are read with them and
not watched: neither changes once the council or the session has resolutions.)"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter
from typing import Any, NamedTuple

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session as DbSession

from agenda.archive.search.request import Filters, Kind
from agenda.archive.search.status import fingerprint
from agenda.models import Council, Resolution, Session


class Found(NamedTuple):
    """A resolution's facts, as the filters, the facets and the sort need them (the level as its text);
    ``place``: its place in the whole archive newest first (adopted on, number, id)."""

    id: int
    council_id: int
    level: str
    year: int
    term_id: int | None
    normative: bool
    field: str | None
    signer: str | None
    adopted_on: dt.date
    serial: int | None
    published_on: dt.date | None
    session_id: int | None
    place: int


@dataclass(frozen=True)
class Groups:
    """The values the facets count, of every resolution, as two codes by its place: its (council, level, term)
    and its (year, normative, field) — each a few hundred different ones in an archive —, so that counting
    seven facets over tens of thousands of matches is counting two codes, then adding up each code's values
    (``values``: a code's, by code). (The signer, with as many values as there are people, is counted apart.)"""

    council: list[int]
    council_values: list[tuple[int, str, int | None]]
    year: list[int]
    year_values: list[tuple[int, bool, str | None]]
    ids: list[int]  # each resolution's id, by its place


def groups_of(newest: list[Found]) -> Groups:
    council: dict[tuple[int, str, int | None], int] = {}
    year: dict[tuple[int, bool, str | None], int] = {}
    by_council = [council.setdefault((f.council_id, f.level, f.term_id), len(council)) for f in newest]
    by_year = [year.setdefault((f.year, f.normative, f.field), len(year)) for f in newest]
    return Groups(by_council, list(council), by_year, list(year), [f.id for f in newest])


@dataclass(frozen=True)
class Facts:
    by_id: dict[int, Found]
    newest: list[Found]  # every resolution, newest first
    newest_ids: list[int]
    groups: Groups
    published: dict[dt.date, frozenset[int]] = field(default_factory=dict)  # by day, as asked

    def published_by(self, day: dt.date) -> frozenset[int]:
        """The resolutions the public may find on ``day``: numbered and published by then."""
        known = self.published.get(day)
        if known is None:
            known = frozenset(
                f.id
                for f in self.newest
                if f.serial is not None and f.published_on is not None and f.published_on <= day
            )
            self.published[day] = known
        return known


_ID = attrgetter("id")
_CACHE: dict[tuple[str, tuple[object, ...]], Facts] = {}
_GUARD = threading.Lock()


def _read(db: DbSession) -> Facts:
    rows = db.execute(
        select(
            Resolution.id,
            Resolution.council_id,
            type_coerce(Council.level, String),
            Resolution.year,
            Session.term_id,
            Resolution.normative,
            Resolution.field,
            Resolution.signer_name,
            Resolution.adopted_on,
            Resolution.serial,
            Resolution.published_on,
            Resolution.session_id,
        )
        .join(Council, Council.id == Resolution.council_id)
        .outerjoin(Session, Session.id == Resolution.session_id)
    )
    ordered = sorted((tuple(row) for row in rows), key=lambda r: (r[8], r[9] or 0, r[0]), reverse=True)
    newest = [Found._make((*row, place)) for place, row in enumerate(ordered)]
    return Facts({f.id: f for f in newest}, newest, [f.id for f in newest], groups_of(newest))


def facts(db: DbSession, generation: tuple[object, ...] | None = None) -> Facts:
    """The archive's facts as of now, read again after any change (``generation``: the fingerprint, when read
    already)."""
    key = (str(db.get_bind().engine.url), generation if generation is not None else fingerprint(db))
    with _GUARD:
        known = _CACHE.get(key)
    if known is None:
        known = _read(db)
        with _GUARD:
            for old in [k for k in _CACHE if k[0] == key[0]]:
                del _CACHE[old]
            _CACHE[key] = known
    return known


def kept(
    facts: Facts, found: Iterable[Found], filters: Filters, *, public: bool, day: dt.date
) -> list[Found]:
    """Those of ``found`` the filters keep (and, for the public, only numbered and published by ``day``), in
    their order."""
    out = list(found)
    checks: list[tuple[int, Any]] = []
    if filters.council_id is not None:
        checks.append((Found._fields.index("council_id"), filters.council_id))
    if filters.level is not None:
        checks.append((Found._fields.index("level"), filters.level.value))
    if filters.year is not None:
        checks.append((Found._fields.index("year"), filters.year))
    if filters.term_id is not None:
        checks.append((Found._fields.index("term_id"), filters.term_id))
    if filters.session_id is not None:
        checks.append((Found._fields.index("session_id"), filters.session_id))
    if filters.kind is not None:
        checks.append((Found._fields.index("normative"), filters.kind is Kind.NORMATIVE))
    if filters.field is not None:
        checks.append((Found._fields.index("field"), filters.field))
    if filters.signer is not None:
        checks.append((Found._fields.index("signer"), filters.signer))
    for at, value in checks:
        out = [f for f in out if f[at] == value]
    if public:
        out = list(compress(out, map(facts.published_by(day).__contains__, map(_ID, out))))
    if filters.since is not None:
        since = filters.since
        out = [f for f in out if f.adopted_on >= since]
    if filters.until is not None:
        until = filters.until
        out = [f for f in out if f.adopted_on <= until]
    return out

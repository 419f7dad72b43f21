"""The two search engines behind one interface: SQLite's FTS5 on the embedded default (:mod:`.sqlite`),
PostgreSQL's full-text search (``tsvector``, GIN) on PostgreSQL (:mod:`.postgres`). Both index the same rows
(:mod:`..indexed`) and answer the same questions: which resolutions match :class:`~..terms.Words`, with a
score (higher is better), and which page of each resolution of a page of hits matched best.

Ranking, the same rules on both: a word is found through its folded form in every column; typed with
diacritics, its exact form also scores — so "họa" ranks what says "họa" above what says only "hoa" — and
metadata (number, trích yếu, field, council, signer) weighs more than the text of the pages. Every word must
be found (AND); a prefix word (being typed) matches the words it begins; words every resolution carries never
reach an engine (:mod:`..terms`). Words reach an engine as quoted tokens of letters and digits only: nothing
typed is ever read as the engine's syntax. (SQLite ranks in tiers — metadata by bm25, then the text's exact
spelling, then the folded text — where PostgreSQL weighs the same four columns in one ``ts_rank``.)"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy.orm import Session as DbSession

from agenda.archive.search.indexed import DocRow, PageRow
from agenda.archive.search.terms import Words

WEIGHTS = (10.0, 4.0, 2.0, 1.0)  # exact metadata, folded metadata, exact text, folded text


class Engine(Protocol):
    def add(self, db: DbSession, docs: Sequence[DocRow], pages: Sequence[PageRow]) -> None: ...

    def remove(self, db: DbSession, docs: Sequence[DocRow], pages: Sequence[PageRow]) -> None: ...

    def clear(self, db: DbSession) -> None: ...

    def match(self, db: DbSession, words: Words, *, public: bool) -> dict[int, float]:
        """Every matching resolution id → its score (higher is better)."""
        ...

    def best_pages(
        self, db: DbSession, words: Words, readable: Mapping[int, Sequence[int]]
    ) -> dict[int, int]:
        """Of each resolution's pages at the positions the caller may read (``readable``: resolution id → those
        positions), the best matching one: resolution id → its position; one with no page matching left out.
        One statement for the whole page of hits, not one a resolution."""
        ...

    def among(self, column: Any, ids: list[int]) -> Any:
        """``column`` is one of ``ids`` — tens of thousands of them, as one parameter."""
        ...


def best_per_resolution(rows: Iterable[tuple[int, float]], *, public: bool) -> dict[int, float]:
    """Resolution id → its best score, from the scores of its rows (``resolution_id * 2``: metadata and public
    pages; ``* 2 + 1``: pages only staff may search, left out for the public)."""
    out: dict[int, float] = {}
    for row_id, score in rows:
        if public and row_id % 2:
            continue
        rid = row_id // 2
        if score > out.get(rid, float("-inf")):
            out[rid] = score
    return out

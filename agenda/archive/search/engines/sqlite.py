"""The SQLite engine: FTS5 with folded shadow columns, in tiers (design A2 of docs/benchmarks.md, "Archive
search engines"), so that no query computes bm25 over a large match set. The tables (migration 0015), all
contentless, ``unicode61 remove_diacritics 0`` (the folding is done in Python: :func:`agenda.text.fold_keep_length`
folds đ, FTS5 does not), prefix indexes of 2 and 3 letters:

- ``fts_meta(xm, fm)`` — the metadata, exact and folded, ``detail=full``: small rows, the first tier, ranked
  by bm25 (the exact column weighed above the folded one); row ``resolution_id * 2``;
- ``fts_hits(f)`` and ``fts_hits_exact(x)`` — metadata and text together, folded and exact, ``detail=none``
  (row ids only, a few MB): the whole match set, read as one ``group_concat``, and the text's two tiers —
  every word in its exact spelling first, then folded; within a tier the service puts the newest first;
  rows ``resolution_id * 2`` (metadata and public pages) and ``* 2 + 1`` (pages only staff may search);
- ``fts_page(f)`` — each page folded, ``detail=full`` (migration 0012): the page a hit opens at, and phrases in
  quotes (a phrase is found in the metadata or on one page: the only positions A2 reads).

A row is taken out by its values (contentless tables), which :mod:`..maintain` keeps in ``search_entry`` and
``search_page``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session as DbSession

from agenda.archive.search.engines.protocol import WEIGHTS
from agenda.archive.search.indexed import DocRow, PageRow
from agenda.archive.search.snippets import best_text
from agenda.archive.search.terms import Word, Words
from agenda.db import among_values
from agenda.models.search import PAGES_PER_RESOLUTION

CANDIDATE_PAGES = 4  # pages with every word compared for the one a hit opens at
RANGES_A_STATEMENT = 100  # resolutions' page ranges in one compound statement (SQLite allows 500 terms)
META_TIER = 1000.0  # a metadata hit's score: this plus its bm25 (always above the text's tiers)
EXACT_TIER = 2.0  # every word in the text in its exact spelling
FOLDED_TIER = 1.0  # every word found folded

TABLES = (
    "fts_meta USING fts5(xm, fm, content='', tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
    "fts_hits USING fts5(f, content='', detail=none, tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
    "fts_hits_exact USING fts5(x, content='', detail=none, "
    "tokenize='unicode61 remove_diacritics 0', prefix='2 3')",
)


def create_tables(execute: Any) -> None:
    """The tiers' tables (``fts_page`` is migration 0012's); ``execute`` runs one SQL string."""
    for table in TABLES:
        execute(f"CREATE VIRTUAL TABLE {table}")


def _token(word: str, prefix: bool) -> str:
    return f'"{word}"' + ("*" if prefix else "")


def _meta_word(word: Word) -> str:
    folded = "{fm} : " + _token(word.folded, word.prefix)
    if word.exact is None:
        return folded
    return f"({folded} OR {{xm}} : {_token(word.exact, word.prefix)})"


def _meta_phrase(phrase: tuple[Word, ...]) -> str:
    out = '{fm} : "' + " ".join(w.folded for w in phrase) + '"'
    if all(w.exact is None for w in phrase):
        return out
    return f'({out} OR {{xm}} : "' + " ".join(w.exact or w.folded for w in phrase) + '")'


def meta_query(words: Words) -> str:
    """The metadata tier's MATCH: every word (folded, or exact where typed so) and every phrase."""
    return " AND ".join([_meta_word(w) for w in words.words] + [_meta_phrase(p) for p in words.phrases])


def hits_query(words: Words, *, exact: bool) -> str:
    """The match set's MATCH (``detail=none``: tokens only): every word and every phrase's words, AND-ed."""
    parts = [_token((w.exact or w.folded) if exact else w.folded, w.prefix) for w in words.words]
    parts += [_token((w.exact or w.folded) if exact else w.folded, False) for p in words.phrases for w in p]
    return " AND ".join(parts)


def page_query(words: Words) -> str:
    """A page's MATCH (folded): every word and every phrase."""
    parts = [_token(w.folded, w.prefix) for w in words.words]
    parts += ['"' + " ".join(w.folded for w in p) + '"' for p in words.phrases]
    return " AND ".join(parts)


_RANGE = "SELECT rowid FROM fts_page WHERE fts_page MATCH ? AND rowid BETWEEN ? AND ?"


def _ids(joined: str | None) -> set[int]:
    return set(map(int, joined.split(","))) if joined else set()


class SqliteEngine:
    def among(self, column: Any, ids: list[int]) -> Any:
        return among_values("sqlite", column, ids)

    def add(self, db: DbSession, docs: Sequence[DocRow], pages: Sequence[PageRow]) -> None:
        self._write(db, docs, pages, delete=False)

    def remove(self, db: DbSession, docs: Sequence[DocRow], pages: Sequence[PageRow]) -> None:
        self._write(db, docs, pages, delete=True)

    @staticmethod
    def _insert(
        db: DbSession, table: str, columns: tuple[str, ...], rows: list[dict[str, Any]], delete: bool
    ) -> None:
        if not rows:
            return
        names = ", ".join(columns)
        values = ", ".join(f":{c}" for c in columns)
        if delete:
            sql = f"INSERT INTO {table}({table}, rowid, {names}) VALUES ('delete', :id, {values})"
        else:
            sql = f"INSERT INTO {table}(rowid, {names}) VALUES (:id, {values})"
        db.execute(text(sql), rows)

    def _write(
        self, db: DbSession, docs: Sequence[DocRow], pages: Sequence[PageRow], *, delete: bool
    ) -> None:
        meta = [{"id": d.row_id, "xm": d.exact_meta, "fm": d.folded_meta} for d in docs if d.exact_meta]
        self._insert(db, "fts_meta", ("xm", "fm"), meta, delete)
        folded = [{"id": d.row_id, "f": f"{d.folded_meta}\n{d.folded_body}"} for d in docs]
        self._insert(db, "fts_hits", ("f",), folded, delete)
        exact = [{"id": d.row_id, "x": f"{d.exact_meta}\n{d.exact_body}"} for d in docs]
        self._insert(db, "fts_hits_exact", ("x",), exact, delete)
        self._insert(db, "fts_page", ("f",), [{"id": p.row_id, "f": p.folded} for p in pages], delete)

    def clear(self, db: DbSession) -> None:
        for table in ("fts_meta", "fts_hits", "fts_hits_exact", "fts_page"):
            db.execute(text(f"INSERT INTO {table}({table}) VALUES ('delete-all')"))

    def _match_set(self, db: DbSession, table: str, query: str, *, public: bool) -> set[int]:
        """The resolutions whose rows match, read as one string (no Python row per match)."""
        audience = " AND (rowid & 1) = 0" if public else ""
        joined = db.execute(
            text(f"SELECT group_concat(rowid >> 1) FROM {table} WHERE {table} MATCH :q{audience}"),
            {"q": query},
        ).scalar()
        return _ids(joined)

    def _phrase_set(self, db: DbSession, phrase: tuple[Word, ...], *, public: bool) -> set[int]:
        """The resolutions with ``phrase`` in their metadata or on one page (the public: a public page)."""
        found = _ids(
            db.execute(
                text("SELECT group_concat(rowid >> 1) FROM fts_meta WHERE fts_meta MATCH :q"),
                {"q": _meta_phrase(phrase)},
            ).scalar()
        )
        q = '"' + " ".join(w.folded for w in phrase) + '"'
        if public:
            sql = (
                "SELECT group_concat(p.resolution_id) FROM fts_page JOIN search_page p ON p.id = fts_page.rowid "
                "WHERE fts_page MATCH :q AND p.public"
            )
        else:
            sql = f"SELECT group_concat(rowid / {PAGES_PER_RESOLUTION}) FROM fts_page WHERE fts_page MATCH :q"
        return found | _ids(db.execute(text(sql), {"q": q}).scalar())

    def match(self, db: DbSession, words: Words, *, public: bool) -> dict[int, float]:
        if words.empty:
            return {}
        found = self._match_set(db, "fts_hits", hits_query(words, exact=False), public=public)
        for phrase in words.phrases:
            if not found:
                break
            found &= self._phrase_set(db, phrase, public=public)
        if not found:
            return {}
        scores = dict.fromkeys(found, FOLDED_TIER)
        exact = self._match_set(db, "fts_hits_exact", hits_query(words, exact=True), public=public)
        scores.update((rid, EXACT_TIER) for rid in exact & found)
        rows = db.execute(
            text(
                f"SELECT rowid >> 1, bm25(fts_meta, {WEIGHTS[0]}, {WEIGHTS[1]}) FROM fts_meta WHERE fts_meta MATCH :q"
            ),
            {"q": meta_query(words)},
        )
        scores.update((rid, META_TIER - float(rank)) for rid, rank in rows if rid in found)
        return scores

    def best_pages(
        self, db: DbSession, words: Words, readable: Mapping[int, Sequence[int]]
    ) -> dict[int, int]:
        wanted = {rid: positions for rid, positions in readable.items() if positions}
        if words.empty or not wanted:
            return {}
        # Not ranked by bm25, which counts each word's pages in the whole archive first (4 ms a hit for a
        # common word): of the first pages of a resolution with every word, the one with the most of them (their
        # text read). Each resolution's pages are a range of rowids: one range query each, all in one statement
        # (UNION ALL), then the candidates' texts in a second. (The driver's own statements: SQLAlchemy's
        # compiling would be a third of each.)
        run = db.connection().exec_driver_sql
        query = page_query(words)
        matched: dict[int, list[int]] = {rid: [] for rid in wanted}
        ids = sorted(wanted)
        for at in range(0, len(ids), RANGES_A_STATEMENT):
            chunk = ids[at : at + RANGES_A_STATEMENT]
            ranges = [
                (query, rid * PAGES_PER_RESOLUTION, (rid + 1) * PAGES_PER_RESOLUTION - 1) for rid in chunk
            ]
            sql = " UNION ALL ".join([_RANGE] * len(chunk))
            for (row_id,) in run(sql, tuple(value for r in ranges for value in r)):
                matched[int(row_id) // PAGES_PER_RESOLUTION].append(int(row_id))
        candidates: dict[int, list[int]] = {}
        for rid, row_ids in matched.items():
            allowed = wanted[rid] if isinstance(wanted[rid], range) else set(wanted[rid])
            low = rid * PAGES_PER_RESOLUTION
            kept = [row_id for row_id in sorted(row_ids) if row_id - low in allowed][:CANDIDATE_PAGES]
            if kept:
                candidates[rid] = kept
        out = {
            rid: kept[0] - rid * PAGES_PER_RESOLUTION for rid, kept in candidates.items() if len(kept) == 1
        }
        compared = [row_id for kept in candidates.values() if len(kept) > 1 for row_id in kept]
        if not compared:
            return out
        texts: dict[int, list[tuple[int, str]]] = {}
        for row_id, body in run(
            f"SELECT id, text FROM search_page WHERE id IN ({', '.join('?' * len(compared))}) ORDER BY id",
            tuple(compared),
        ):
            texts.setdefault(int(row_id) // PAGES_PER_RESOLUTION, []).append((int(row_id), str(body)))
        folded = words.folded()
        for rid, pages in texts.items():
            best = best_text(pages, folded)
            if best is not None:
                out[rid] = best - rid * PAGES_PER_RESOLUTION
        return out

"""The two search engines behind one interface: SQLite's FTS5 on the embedded default, PostgreSQL's full-text
search (``tsvector``, GIN) on PostgreSQL. Both index the same rows (:mod:`.indexed`) and answer the same
questions: which resolutions match :class:`~.terms.Words`, with a score (higher is better), and which page of a
resolution matched best. The tables are made by migration 0012.

Ranking, the same on both: a word is found through its folded form in every column; typed with diacritics, its
exact form also scores — so "họa" ranks what says "họa" above what says only "hoa" — and metadata (number,
trích yếu, field, council, signer) weighs more than the text of the pages. Every word must be found (AND);
a prefix word (being typed) matches the words it begins. Words reach an engine as quoted tokens of letters
and digits only: nothing typed is ever read as the engine's syntax."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from sqlalchemy import ARRAY, Integer, Select, bindparam, func, literal_column, select, text
from sqlalchemy.orm import Session as DbSession

from agenda.archive.search.indexed import TOKEN, DocRow, PageRow
from agenda.archive.search.terms import Word, Words
from agenda.models.search import PAGES_PER_RESOLUTION

WEIGHTS = (10.0, 4.0, 2.0, 1.0)  # exact metadata, folded metadata, exact text, folded text


class Engine(Protocol):
    def add(self, db: DbSession, docs: Sequence[DocRow], pages: Sequence[PageRow]) -> None: ...

    def remove(self, db: DbSession, docs: Sequence[DocRow], pages: Sequence[PageRow]) -> None: ...

    def clear(self, db: DbSession) -> None: ...

    def match(self, db: DbSession, words: Words, *, public: bool) -> dict[int, float]:
        """Every matching resolution id → its score (higher is better)."""
        ...

    def best_page(
        self, db: DbSession, words: Words, resolution_id: int, positions: Sequence[int]
    ) -> int | None:
        """Of the resolution's pages at ``positions`` (those the caller may read), the best matching one."""
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


def engine_for(db: DbSession) -> Engine:
    return SqliteEngine() if db.get_bind().dialect.name == "sqlite" else PostgresEngine()


# -- SQLite FTS5 ------------------------------------------------------------------------------------------------


def _fts_word(word: Word, columns: tuple[str, str]) -> str:
    star = "*" if word.prefix else ""
    folded = f'{{{columns[1]}}} : "{word.folded}"{star}' if columns[1] else f'"{word.folded}"{star}'
    if word.exact is None:
        return folded
    return f'({folded} OR {{{columns[0]}}} : "{word.exact}"{star})'


def _fts_phrase(phrase: tuple[Word, ...], columns: tuple[str, str]) -> str:
    folded = " ".join(w.folded for w in phrase)
    out = f'{{{columns[1]}}} : "{folded}"' if columns[1] else f'"{folded}"'
    if all(w.exact is None for w in phrase):
        return out
    exact = " ".join(w.exact or w.folded for w in phrase)
    return f'({out} OR {{{columns[0]}}} : "{exact}")'


def fts_query(words: Words, *, resolution_level: bool = True) -> str:
    """The FTS5 MATCH expression (resolution level: exact and folded columns; page level: one folded column)."""
    columns = ("xm xb", "fm fb") if resolution_level else ("", "")
    if not resolution_level:
        parts = [f'"{w.folded}"' + ("*" if w.prefix else "") for w in words.words]
        parts += ['"' + " ".join(w.folded for w in p) + '"' for p in words.phrases]
        return " AND ".join(parts)
    parts = [_fts_word(w, columns) for w in words.words] + [_fts_phrase(p, columns) for p in words.phrases]
    return " AND ".join(parts)


class SqliteEngine:
    def among(self, column: Any, ids: list[int]) -> Any:
        listed: Select[Any] = select(literal_column("value")).select_from(func.json_each(json.dumps(ids)))
        return column.in_(listed.scalar_subquery())

    def add(self, db: DbSession, docs: Sequence[DocRow], pages: Sequence[PageRow]) -> None:
        self._write(db, docs, pages, delete=False)

    def remove(self, db: DbSession, docs: Sequence[DocRow], pages: Sequence[PageRow]) -> None:
        self._write(db, docs, pages, delete=True)

    def _write(
        self, db: DbSession, docs: Sequence[DocRow], pages: Sequence[PageRow], *, delete: bool
    ) -> None:
        head = ("fts_resolution, rowid", "'delete', :id") if delete else ("rowid", ":id")
        if docs:
            db.execute(
                text(
                    f"INSERT INTO fts_resolution({head[0]}, xm, fm, xb, fb) VALUES ({head[1]}, :xm, :fm, :xb, :fb)"
                ),
                [
                    {
                        "id": d.row_id,
                        "xm": d.exact_meta,
                        "fm": d.folded_meta,
                        "xb": d.exact_body,
                        "fb": d.folded_body,
                    }
                    for d in docs
                ],
            )
        if pages:
            page_head = ("fts_page, rowid", "'delete', :id") if delete else ("rowid", ":id")
            db.execute(
                text(f"INSERT INTO fts_page({page_head[0]}, f) VALUES ({page_head[1]}, :f)"),
                [{"id": p.row_id, "f": p.folded} for p in pages],
            )

    def clear(self, db: DbSession) -> None:
        db.execute(text("INSERT INTO fts_resolution(fts_resolution) VALUES ('delete-all')"))
        db.execute(text("INSERT INTO fts_page(fts_page) VALUES ('delete-all')"))

    def match(self, db: DbSession, words: Words, *, public: bool) -> dict[int, float]:
        if words.empty:
            return {}
        weights = ", ".join(str(w) for w in WEIGHTS)
        rows = db.execute(
            text(
                f"SELECT rowid, bm25(fts_resolution, {weights}) FROM fts_resolution WHERE fts_resolution MATCH :q"
            ),
            {"q": fts_query(words)},
        )
        return best_per_resolution(((row_id, -float(rank)) for row_id, rank in rows), public=public)

    def best_page(
        self, db: DbSession, words: Words, resolution_id: int, positions: Sequence[int]
    ) -> int | None:
        if words.empty or not positions:
            return None
        low = resolution_id * PAGES_PER_RESOLUTION
        allowed = set(positions)
        # The rowid range first, ranked here: with ORDER BY rank, FTS5 ranks every page of the archive that
        # matches before the range applies (170 ms for a common word on 20,000 pages).
        rows = db.execute(
            text(
                "SELECT rowid, bm25(fts_page) FROM fts_page WHERE fts_page MATCH :q AND rowid BETWEEN :lo AND :hi"
            ),
            {"q": fts_query(words, resolution_level=False), "lo": low, "hi": low + PAGES_PER_RESOLUTION - 1},
        )
        ranked = sorted((float(rank), int(row_id)) for row_id, rank in rows if row_id - low in allowed)
        return ranked[0][1] - low if ranked else None


# -- PostgreSQL -------------------------------------------------------------------------------------------------


EXACT = "="  # before an exact word in PostgreSQL: "=hoa" and "hoa" are different lexemes


def tsvector(*columns: tuple[str, str, bool]) -> str:
    """A ``tsvector`` literal of texts (each with its weight letter and whether it is exact — its words then
    marked :data:`EXACT`), positions running on: the words cut as :data:`~.indexed.TOKEN` cuts them,
    lowercased — the same words SQLite's tokenizer finds. (ts_rank counts a lexeme at every weight, whatever
    the query restricts, so exact and folded words are kept apart as different lexemes.)"""
    positions: dict[str, list[str]] = defaultdict(list)
    at = 0
    for body, weight, exact in columns:
        mark = EXACT if exact else ""
        for word in TOKEN.findall(body.lower()):
            at += 1
            kept = positions[mark + word]
            if len(kept) < 256:  # (PostgreSQL keeps 256 positions of a word)
                kept.append(f"{min(at, 16383)}{weight}")
    return " ".join(f"'{word}':{','.join(kept)}" for word, kept in positions.items())


def _ts_word(word: Word) -> str:
    star = ":*" if word.prefix else ""
    folded = f"'{word.folded}'{star}"
    return folded if word.exact is None else f"({folded} | '{EXACT}{word.exact}'{star})"


def _ts_phrase(phrase: tuple[Word, ...]) -> str:
    folded = " <-> ".join(f"'{w.folded}'" for w in phrase)
    if all(w.exact is None for w in phrase):
        return f"({folded})"
    exact = " <-> ".join(f"'{EXACT}{w.exact or w.folded}'" for w in phrase)
    return f"(({folded}) | ({exact}))"


def ts_query(words: Words) -> str:
    return " & ".join([_ts_word(w) for w in words.words] + [_ts_phrase(p) for p in words.phrases])


# ts_rank's weights are listed {D, C, B, A}: A exact metadata, B folded metadata, C exact text, D folded text.
_PG_WEIGHTS = "{" + ", ".join(str(w / WEIGHTS[0]) for w in reversed(WEIGHTS)) + "}"


class PostgresEngine:
    def among(self, column: Any, ids: list[int]) -> Any:
        return column == func.any(bindparam("among_ids", ids, type_=ARRAY(Integer)))

    def add(self, db: DbSession, docs: Sequence[DocRow], pages: Sequence[PageRow]) -> None:
        if docs:
            db.execute(
                text("INSERT INTO fts_resolution (id, doc) VALUES (:id, CAST(:doc AS tsvector))"),
                [
                    {
                        "id": d.row_id,
                        "doc": tsvector(
                            (d.exact_meta, "A", True),
                            (d.folded_meta, "B", False),
                            (d.exact_body, "C", True),
                            (d.folded_body, "D", False),
                        ),
                    }
                    for d in docs
                ],
            )
        if pages:
            db.execute(
                text("INSERT INTO fts_page (id, f) VALUES (:id, CAST(:f AS tsvector))"),
                [{"id": p.row_id, "f": tsvector((p.folded, "D", False))} for p in pages],
            )

    def remove(self, db: DbSession, docs: Sequence[DocRow], pages: Sequence[PageRow]) -> None:
        if docs:
            db.execute(
                text("DELETE FROM fts_resolution WHERE id = ANY(:ids)"), {"ids": [d.row_id for d in docs]}
            )
        if pages:
            db.execute(text("DELETE FROM fts_page WHERE id = ANY(:ids)"), {"ids": [p.row_id for p in pages]})

    def clear(self, db: DbSession) -> None:
        db.execute(text("DELETE FROM fts_resolution"))
        db.execute(text("DELETE FROM fts_page"))

    def match(self, db: DbSession, words: Words, *, public: bool) -> dict[int, float]:
        if words.empty:
            return {}
        where = " AND id % 2 = 0" if public else ""
        rows = db.execute(
            text(
                f"SELECT id, ts_rank(CAST(:w AS real[]), doc, q) FROM fts_resolution, CAST(:q AS tsquery) q "
                f"WHERE doc @@ q{where}"
            ),
            {"q": ts_query(words), "w": _PG_WEIGHTS},
        )
        return best_per_resolution(((row_id, float(rank)) for row_id, rank in rows), public=public)

    def best_page(
        self, db: DbSession, words: Words, resolution_id: int, positions: Sequence[int]
    ) -> int | None:
        if words.empty or not positions:
            return None
        low = resolution_id * PAGES_PER_RESOLUTION
        row = db.execute(
            text(
                "SELECT id FROM fts_page, CAST(:q AS tsquery) q WHERE id = ANY(:ids) AND f @@ q "
                "ORDER BY ts_rank(f, q) DESC, id LIMIT 1"
            ),
            {"q": ts_query(words), "ids": [low + p for p in positions]},
        ).first()
        return None if row is None else int(row[0] - low)

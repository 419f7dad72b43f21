"""The PostgreSQL engine: full-text search over ``tsvector`` tables with GIN indexes (made by migration
0012), ranked by ``ts_rank`` with the weights of :data:`.protocol.WEIGHTS`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session as DbSession

from agenda.archive.search.engines.protocol import WEIGHTS, best_per_resolution
from agenda.archive.search.indexed import TOKEN, DocRow, PageRow
from agenda.archive.search.terms import Word, Words
from agenda.db import among_values
from agenda.models.search import PAGES_PER_RESOLUTION

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
        return among_values("postgresql", column, ids)

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

    def best_pages(
        self, db: DbSession, words: Words, readable: Mapping[int, Sequence[int]]
    ) -> dict[int, int]:
        wanted = [rid * PAGES_PER_RESOLUTION + p for rid, positions in readable.items() for p in positions]
        if words.empty or not wanted:
            return {}
        # (Each resolution's best: the first of its pages by rank, then by id — DISTINCT ON its resolution.)
        rows = db.execute(
            text(
                f"SELECT DISTINCT ON (id / {PAGES_PER_RESOLUTION}) id FROM fts_page, CAST(:q AS tsquery) q "
                f"WHERE id = ANY(:ids) AND f @@ q ORDER BY id / {PAGES_PER_RESOLUTION}, ts_rank(f, q) DESC, id"
            ),
            {"q": ts_query(words), "ids": wanted},
        )
        return {int(row_id) // PAGES_PER_RESOLUTION: int(row_id) % PAGES_PER_RESOLUTION for (row_id,) in rows}

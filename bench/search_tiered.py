"""Candidate ``A2`` of bench/search_engines.py: SQLite FTS5 with folded shadow columns (the stdlib
``sqlite3``, as A), laid out so that no query computes bm25 over a large match set:

- ``meta``: the metadata (number, trích yếu, type, field, council, signer), exact and folded columns,
  ``detail=full`` — small rows; the first tier, ranked by bm25 (exact column weighted above folded);
- ``hits`` (folded) and ``hits_exact`` (exact) over metadata and body, ``detail=none`` — rowids only, a few
  MB: the whole match set (facet counts, in SQL) and the body tiers (exact spelling first), newest first;
- ``body``: the body, exact and folded, ``detail=full`` — only for phrases in quotes.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from bench.search_backends import _fts_expression
from bench.search_harness import FILTER_COLUMNS, FOLD, Plan, Store, sql_value

SCHEMA = """
PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
CREATE VIRTUAL TABLE meta USING fts5(exact, fold, content='', tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE hits USING fts5(fold, content='', detail=none, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE hits_exact USING fts5(exact, content='', detail=none,
    tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE body USING fts5(exact, fold, content='', tokenize = 'unicode61 remove_diacritics 0');
"""
META_RANK = "bm25(meta, 4.0, 1.0)"


def _words(plan: Plan, exact: bool) -> str:
    """Every word of the plan, AND-ed (phrases as their words): for the detail=none tables."""
    out = []
    for c in plan.clauses:
        words = c.exact if exact else c.folded
        assert words is not None
        out += [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"' + ("*" if c.prefix else "")]
    return " AND ".join(out)


class Tiered:
    label = "FTS5 tiered: bm25 on metadata, detail=none match sets (sqlite3)"

    def __init__(self, folder: Path, store: Store, reuse: bool = False) -> None:
        self.path = folder / "Tiered.sqlite"
        if not reuse:
            self.path.unlink(missing_ok=True)
        self.store = store
        self.db = sqlite3.connect(self.path, check_same_thread=False)
        self.db.execute(f"ATTACH DATABASE '{store.path}' AS store")

    def build(self) -> None:
        db = self.db
        db.executescript(SCHEMA)
        for rid, meta, body in self.store.docs():
            meta_fold, body_fold = meta.translate(FOLD), body.translate(FOLD)
            db.execute("INSERT INTO meta (rowid, exact, fold) VALUES (?, ?, ?)", (rid, meta, meta_fold))
            db.execute("INSERT INTO hits (rowid, fold) VALUES (?, ?)", (rid, f"{meta_fold}\n{body_fold}"))
            db.execute("INSERT INTO hits_exact (rowid, exact) VALUES (?, ?)", (rid, f"{meta}\n{body}"))
            db.execute("INSERT INTO body (rowid, exact, fold) VALUES (?, ?, ?)", (rid, body, body_fold))
        for table in ("meta", "hits", "hits_exact", "body"):
            db.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
        db.commit()

    def size(self) -> int:
        return self.path.stat().st_size

    def sizes(self) -> dict[str, float]:
        rows = self.db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
        out: dict[str, float] = {}
        for name, size in rows:
            table = name.split("_data")[0].split("_idx")[0].split("_docsize")[0].split("_config")[0]
            out[table] = round(out.get(table, 0) + size / 1e6, 1)
        return out

    @staticmethod
    def _filter(filters: dict[str, Any], rowid: str) -> tuple[str, list[Any]]:
        if not filters:
            return "", []
        cond = " AND ".join(f"{FILTER_COLUMNS[k]} = ?" for k in filters)
        # "+": a plain "rowid IN (…)" makes FTS5 run the MATCH once per rowid of the list (seconds)
        return f" AND +{rowid} IN (SELECT id FROM store.res WHERE {cond})", [
            sql_value(k, v) for k, v in filters.items()
        ]

    def _tier(self, table: str, expr: str, order: str, filters: dict[str, Any], limit: int) -> list[int]:
        where, args = self._filter(filters, f"{table}.rowid")
        sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ?{where} ORDER BY {order} LIMIT {limit}"
        return [r[0] for r in self.db.execute(sql, [expr, *args])]

    def _body_tiers(self, plan: Plan) -> list[tuple[str, str]]:
        phrases = any(len(c.folded) > 1 for c in plan.clauses)
        if phrases:
            return [("body", _fts_expression(plan, "fold", "exact"))]
        tiers = [("hits", _words(plan, exact=False))]
        if all(c.exact and all(c.exact) for c in plan.clauses):
            tiers.insert(0, ("hits_exact", _words(plan, exact=True)))
        return tiers

    def ranked(self, plan: Plan, filters: dict[str, Any]) -> list[int]:
        ids = self._tier("meta", _fts_expression(plan, "fold", "exact"), META_RANK, filters, 20)
        for table, expr in self._body_tiers(plan):
            if len(ids) >= 20:
                break
            seen = set(ids)
            ids += [r for r in self._tier(table, expr, "rowid DESC", filters, 40) if r not in seen]
        return ids[:20]

    def facets(self, plan: Plan, filters: dict[str, Any]) -> dict[str, Counter[int]]:
        """The whole match set's rowids as one string (group_concat: no Python row per match), counted on the
        facet arrays in memory — 9× faster than a GROUP BY joined to the resolutions (3.5 vs 31.6 ms for
        10,000 matches)."""
        table, expr = self._body_tiers(plan)[-1]
        joined = self.db.execute(f"SELECT group_concat(rowid) FROM {table} WHERE {table} MATCH ?", (expr,))
        text = joined.fetchone()[0]
        return self.store.facets(list(map(int, text.split(","))) if text else [], filters)

    def close(self) -> None:
        self.db.close()

    def delete(self) -> None:
        self.path.unlink(missing_ok=True)

"""The three candidates of bench/search_engines.py, each behind the same small interface (build, size, the
top 20 ranked, facet counts over all matches)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from bench.search_harness import FACETS, FILTER_COLUMNS, FOLD, Plan, Store, sql_value

# bm25 weights: metadata (number, trích yếu, field, council, signer) far above the body; exact above folded.
WEIGHTS_A = (10.0, 5.0, 2.0, 1.0)  # meta_exact, meta_fold, body_exact, body_fold
WEIGHTS_B = (8.0, 1.0)  # meta, body (exact tokens colocated with the folded ones)
PACKAGES = {"B": "apsw", "C": "tantivy"}


def missing(engines: list[str]) -> list[str]:
    return [PACKAGES[e] for e in engines if e in PACKAGES and importlib.util.find_spec(PACKAGES[e]) is None]


def make(name: str, folder: Path, store: Store, reuse: bool = False) -> Any:
    """Engine ``name`` with a new empty index in ``folder`` — or, with ``reuse``, the one built before."""
    if name == "A2":
        from bench.search_tiered import Tiered

        return Tiered(folder, store, reuse)
    return {"A": FoldedColumns, "B": FoldingTokenizer, "C": Tantivy}[name](folder, store, reuse)


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _fts_expression(plan: Plan, folded_cols: str | None, exact_cols: str | None) -> str:
    """(folded OR exact) AND … — the match set is the folded one, an exact match adds its score."""
    parts = []
    for c in plan.clauses:
        star = "*" if c.prefix else ""
        folded = _quote(" ".join(c.folded)) + star
        if folded_cols:
            folded = f"{{{folded_cols}}} : {folded}"
        if c.exact and all(c.exact):
            exact = _quote(" ".join(c.exact)) + star
            if exact_cols:
                exact = f"{{{exact_cols}}} : {exact}"
            parts.append(f"({folded} OR {exact})")
        else:
            parts.append(folded)
    return " AND ".join(parts)


class _Fts5:
    """What A and B share: a contentless FTS5 table per resolution (rowid = resolution id) in its own file,
    the store attached for filters."""

    label = ""
    weights: tuple[float, ...] = ()
    folded_cols: str | None = None
    exact_cols: str | None = None

    def __init__(self, folder: Path, store: Store, reuse: bool = False) -> None:
        self.path = folder / f"{type(self).__name__}.sqlite"
        self.store = store
        if not reuse:
            self.path.unlink(missing_ok=True)
        self.db = self.connect()
        self.db.execute(f"ATTACH DATABASE '{store.path}' AS store")
        self.rank = f"bm25(fts, {', '.join(map(str, self.weights))})"

    def connect(self) -> Any:
        return sqlite3.connect(self.path, check_same_thread=False)

    def size(self) -> int:
        return self.path.stat().st_size

    def _where(self, plan: Plan, filters: dict[str, Any]) -> tuple[str, list[Any]]:
        sql = "fts MATCH ?"
        args: list[Any] = [_fts_expression(plan, self.folded_cols, self.exact_cols)]
        if filters:
            cond = " AND ".join(f"{FILTER_COLUMNS[k]} = ?" for k in filters)
            # "+": a plain "rowid IN (…)" makes FTS5 run the MATCH once per rowid of the list (seconds)
            sql += f" AND +fts.rowid IN (SELECT id FROM store.res WHERE {cond})"
            args += [sql_value(k, v) for k, v in filters.items()]
        return sql, args

    def ranked(self, plan: Plan, filters: dict[str, Any]) -> list[int]:
        where, args = self._where(plan, filters)
        sql = f"SELECT rowid FROM fts WHERE {where} ORDER BY {self.rank} LIMIT 20"
        return [r[0] for r in self.db.execute(sql, args)]

    def facets(self, plan: Plan, filters: dict[str, Any]) -> dict[str, Counter[int]]:
        ids = [
            r[0]
            for r in self.db.execute(
                "SELECT rowid FROM fts WHERE fts MATCH ?",
                (_fts_expression(plan, self.folded_cols, self.exact_cols),),
            )
        ]
        return self.store.facets(ids, filters)

    def close(self) -> None:
        self.db.close()

    def delete(self) -> None:
        self.path.unlink(missing_ok=True)


class FoldedColumns(_Fts5):
    label = "FTS5 + folded shadow columns (sqlite3)"
    weights = WEIGHTS_A
    folded_cols = "meta_fold body_fold"
    exact_cols = "meta_exact body_exact"

    def build(self) -> None:
        db = self.db
        db.executescript(
            """
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE VIRTUAL TABLE fts USING fts5(meta_exact, meta_fold, body_exact, body_fold, content='',
                tokenize = 'unicode61 remove_diacritics 0');
            """
        )
        rows = (
            (rid, meta, meta.translate(FOLD), body, body.translate(FOLD))
            for rid, meta, body in self.store.docs()
        )
        db.executemany(
            "INSERT INTO fts (rowid, meta_exact, meta_fold, body_exact, body_fold) VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        db.commit()


class FoldingTokenizer(_Fts5):
    label = "FTS5 + folding tokenizer, colocated exact tokens (apsw)"
    weights = WEIGHTS_B

    def connect(self) -> Any:
        import apsw

        db = apsw.Connection(str(self.path))
        db.register_fts5_tokenizer("vifold", _tokenizer_factory)
        return _ApswCursorish(db)

    def build(self) -> None:
        self.db.executescript(
            """
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE VIRTUAL TABLE fts USING fts5(meta, body, content='', tokenize = 'vifold');
            """
        )
        with self.db.raw:
            self.db.executemany("INSERT INTO fts (rowid, meta, body) VALUES (?, ?, ?)", self.store.docs())
        self.db.execute("INSERT INTO fts (fts) VALUES ('optimize')")


_TOKEN = re.compile(r"[^\W_]+")


def _tokenizer_factory(con: Any, args: list[str]) -> Any:
    import apsw
    import apsw.fts5

    query_flag = apsw.FTS5_TOKENIZE_QUERY

    @apsw.fts5.StringTokenizer
    def factory(con: Any, args: list[str]) -> Any:
        def tokenize(text: str, flags: int, locale: str | None) -> Any:
            if flags & query_flag:  # the query says which form it wants: folded or exact
                for m in _TOKEN.finditer(text):
                    yield m.start(), m.end(), m.group().lower()
                return
            for m in _TOKEN.finditer(text):
                exact = m.group().lower()
                folded = exact.translate(FOLD)
                if folded == exact:
                    yield m.start(), m.end(), folded
                else:
                    yield m.start(), m.end(), folded, exact

        return tokenize

    return factory(con, args)


class _ApswCursorish:
    """apsw's Connection with the three sqlite3 calls the shared code uses."""

    def __init__(self, db: Any) -> None:
        self.raw = db

    def execute(self, sql: str, args: Any = ()) -> Any:
        return self.raw.execute(sql, args)

    def executescript(self, sql: str) -> None:
        for _ in self.raw.execute(sql):  # apsw runs the statements after the first as the cursor advances
            pass

    def executemany(self, sql: str, rows: Any) -> None:
        self.raw.executemany(sql, rows)

    def close(self) -> None:
        self.raw.close()


class Tantivy:
    label = "tantivy (exact + ascii-folded fields)"

    def __init__(self, folder: Path, store: Store, reuse: bool = False) -> None:
        import tantivy

        self.tv = tantivy
        self.path = folder / "tantivy"
        if not reuse:
            shutil.rmtree(self.path, ignore_errors=True)
            self.path.mkdir(parents=True)
        self.store = store
        b = tantivy.SchemaBuilder()
        b.add_unsigned_field("id", stored=True, indexed=True, fast=True)
        for f in FACETS:
            b.add_unsigned_field(f, stored=False, indexed=True, fast=True)
        for f in ("meta_exact", "body_exact"):
            b.add_text_field(f, tokenizer_name="vi_exact", index_option="position")
        for f in ("meta_fold", "body_fold"):
            b.add_text_field(f, tokenizer_name="vi_fold", index_option="position")
        self.schema = b.build()
        self.index = tantivy.Index(self.schema, path=str(self.path), reuse=reuse)
        self._register()
        if reuse:
            self.searcher = self.index.searcher()

    def _register(self) -> None:
        tv = self.tv
        exact = (
            tv.TextAnalyzerBuilder(tv.Tokenizer.simple())
            .filter(tv.Filter.remove_long(40))
            .filter(tv.Filter.lowercase())
            .build()
        )
        folded = (
            tv.TextAnalyzerBuilder(tv.Tokenizer.simple())
            .filter(tv.Filter.remove_long(40))
            .filter(tv.Filter.lowercase())
            .filter(tv.Filter.ascii_fold())
            .build()
        )
        self.index.register_tokenizer("vi_exact", exact)
        self.index.register_tokenizer("vi_fold", folded)

    def build(self) -> None:
        tv = self.tv
        writer = self.index.writer(heap_size=400_000_000, num_threads=1)
        arrays = self.store.arrays
        for rid, meta, body in self.store.docs():
            doc = tv.Document(meta_exact=meta, meta_fold=meta, body_exact=body, body_fold=body)
            doc.add_unsigned("id", rid)
            for f in FACETS:
                doc.add_unsigned(f, arrays[f][rid])
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())

    def _query(self, plan: Plan, filters: dict[str, Any]) -> Any:
        tv, schema = self.tv, self.schema
        Q, Occur = tv.Query, tv.Occur

        def one(field: str, words: tuple[str, ...], prefix: bool, boost: float) -> Any:
            if len(words) > 1:
                q = (
                    Q.phrase_prefix_query(schema, field, list(words))
                    if prefix
                    else Q.phrase_query(schema, field, list(words))
                )
            elif prefix:
                q = Q.regex_query(schema, field, re.escape(words[0]) + ".*")
            else:
                q = Q.term_query(schema, field, words[0])
            return Q.boost_query(q, boost)

        musts = []
        for c in plan.clauses:
            shoulds = [one("meta_fold", c.folded, c.prefix, 5.0), one("body_fold", c.folded, c.prefix, 1.0)]
            if c.exact and all(c.exact):
                shoulds += [
                    one("meta_exact", c.exact, c.prefix, 10.0),
                    one("body_exact", c.exact, c.prefix, 2.0),
                ]
            musts.append((Occur.Must, Q.boolean_query([(Occur.Should, s) for s in shoulds])))
        for k, v in filters.items():
            musts.append((Occur.Must, Q.term_query(schema, k, sql_value(k, v))))
        return Q.boolean_query(musts)

    def ranked(self, plan: Plan, filters: dict[str, Any]) -> list[int]:
        searcher = self.searcher
        result = searcher.search(self._query(plan, filters), 20)
        return [searcher.doc(address)["id"][0] for _, address in result.hits]

    def facets(self, plan: Plan, filters: dict[str, Any]) -> dict[str, Counter[int]]:
        agg = {f: {"terms": {"field": f, "size": 200}} for f in FACETS}
        out = self.searcher.aggregate(self._query(plan, filters), agg)
        return {f: Counter({int(b["key"]): b["doc_count"] for b in out[f]["buckets"]}) for f in FACETS}

    def close(self) -> None:
        pass

    def delete(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

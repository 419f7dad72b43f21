"""What the three search candidates of bench/search_engines.py share: the store (metadata and page text in
SQLite, as the app keeps them), the fast folding, the query plan from the app's parser, the number look-up,
the facet arrays, the snippets, the timed runs and the quality checks."""

from __future__ import annotations

import heapq
import re
import sqlite3
import statistics
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from agenda.archive.search.query import parse
from agenda.errors import DomainError
from agenda.text import canonical, fold, fold_char
from bench.common import pct
from bench.search_corpus import FIELDS, resolutions
from bench.search_queries import QUERIES, BenchQuery

LEVELS = {"province": 0, "district": 1, "commune": 2}
FIELD_IDS = {name: i + 1 for i, name in enumerate(FIELDS)}
FACETS = ("council", "year", "normative", "field")
MIN_PREFIX = 2


def _fold_table() -> dict[int, str]:
    """str.translate table: every Latin letter with diacritics (and its capital) → agenda.text.fold_char of it,
    one character for one, so offsets in the folded text are offsets in the text."""
    table = {}
    for code in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        ch = chr(code)
        if unicodedata.combining(ch):
            continue
        folded = fold_char(ch)
        if len(folded) == 1 and folded != ch:
            table[code] = folded
    return table


FOLD = _fold_table()
_OLD = re.compile(r"\w*[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ](?!\w)")


_SPELLINGS: dict[str, set[str]] = {}
for _code, _folded in FOLD.items():
    _SPELLINGS.setdefault(_folded, {_folded, _folded.upper()}).add(chr(_code))


def spellings(folded: str) -> str:
    """A pattern matching every spelling of a folded word: "dat" → [dDđĐ][aAàÀáÁ…][tT]."""
    return "".join(
        "[" + "".join(sorted(_SPELLINGS[c])) + "]" if c in _SPELLINGS else re.escape(c) for c in folded
    )


def fast_fold(text: str) -> str:
    """agenda.text.fold of NFC text (without collapsing spaces), at C speed; same length as ``text``."""
    return text.translate(FOLD)


def fast_canonical(text: str) -> str:
    """agenda.text.canonical, called only on the words that may need it (an old tone placement)."""
    return _OLD.sub(lambda m: canonical(m.group()), unicodedata.normalize("NFC", text))


# ---------------------------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------------------------


def build_store(path: Path, n: int, seed: int) -> None:
    """The generated archive as the app would hold it: metadata, and each page's text (canonical)."""
    db = sqlite3.connect(path)
    db.executescript(
        """
        PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
        CREATE TABLE res (id INTEGER PRIMARY KEY, council_id INT, level INT, year INT, normative INT,
            field_id INT, serial INT, number TEXT, title TEXT, adopted_on TEXT, meta TEXT, pages INT);
        CREATE TABLE page (id INTEGER PRIMARY KEY, text TEXT);  -- id = resolution id * 1000 + page number
        CREATE TABLE relation (source_id INT, target_id INT, kind TEXT);
        """
    )
    batch: list[tuple[Any, ...]] = []
    pages: list[tuple[int, str]] = []
    for r in resolutions(n, seed):
        title = fast_canonical(r.title)
        meta = f"{r.number} {title} {r.kind} {r.field} {r.council.name} {r.signer_title} {r.signer_name}"
        batch.append(
            (r.id, r.council.id, LEVELS[r.council.level], r.year, r.normative, FIELD_IDS[r.field], r.serial,
             r.number, title, r.adopted_on.isoformat(), meta, len(r.pages))
        )  # fmt: skip
        pages += [(r.id * 1000 + i + 1, fast_canonical(text)) for i, text in enumerate(r.pages)]
        db.executemany(
            "INSERT INTO relation VALUES (?, ?, ?)", [(r.id, x.target_id, x.kind) for x in r.relations]
        )
        if len(batch) >= 2000:
            db.executemany("INSERT INTO res VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", batch)
            db.executemany("INSERT INTO page VALUES (?, ?)", pages)
            batch, pages = [], []
    db.executemany("INSERT INTO res VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", batch)
    db.executemany("INSERT INTO page VALUES (?, ?)", pages)
    db.execute("CREATE INDEX res_number ON res (serial, year)")
    db.commit()
    db.close()


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path, check_same_thread=False)
        rows = self.db.execute(
            "SELECT id, council_id, year, normative, field_id, pages FROM res ORDER BY id"
        ).fetchall()
        self.resolutions = len(rows)
        self.pages = sum(r[5] for r in rows)
        size = self.resolutions + 1
        self.arrays: dict[str, list[int]] = {f: [0] * size for f in FACETS}
        for rid, council, year, normative, field_id, _ in rows:
            self.arrays["council"][rid] = council
            self.arrays["year"][rid] = year
            self.arrays["normative"][rid] = normative
            self.arrays["field"][rid] = field_id
        self.words = self.db.execute(
            "SELECT sum(length(text) - length(replace(text, ' ', '')) + 1) FROM page"
        ).fetchone()[0]

    def docs(self) -> Any:
        """(id, meta, body) of every resolution, in id order: what each engine indexes."""
        cursor = self.db.cursor()
        pages = cursor.execute("SELECT id, text FROM page ORDER BY id")
        metas = self.db.execute("SELECT id, meta FROM res ORDER BY id")
        pending = next(pages, None)
        for rid, meta in metas:
            body = []
            while pending is not None and pending[0] // 1000 == rid:
                body.append(pending[1])
                pending = next(pages, None)
            yield rid, meta, "\n".join(body)

    def numbers(self, query: Any, filters: dict[str, Any]) -> list[int]:
        out: list[int] = []
        for n in query.numbers:
            sql = "SELECT id FROM res WHERE serial = ?"
            args: list[Any] = [n.serial]
            if n.year is not None:
                sql, args = sql + " AND year = ?", [*args, n.year]
            if n.normative is not None:
                sql, args = sql + " AND normative = ?", [*args, n.normative]
            for name, value in filters.items():
                sql, args = sql + f" AND {FILTER_COLUMNS[name]} = ?", [*args, sql_value(name, value)]
            out += [r[0] for r in self.db.execute(sql + " ORDER BY level, adopted_on DESC LIMIT 20", args)]
        return out[:20]

    def browse(self, filters: dict[str, Any]) -> list[int]:
        where = " AND ".join(f"{FILTER_COLUMNS[k]} = ?" for k in filters) or "1"
        args = [sql_value(k, v) for k, v in filters.items()]
        return [
            r[0]
            for r in self.db.execute(
                f"SELECT id FROM res WHERE {where} ORDER BY adopted_on DESC LIMIT 20", args
            )
        ]

    def facets(self, ids: Any, filters: dict[str, Any]) -> dict[str, Counter[int]]:
        """Counts over the whole match set from the arrays in memory (after the filters)."""
        arrays = self.arrays
        if filters:
            checks = [(arrays[k], sql_value(k, v)) for k, v in filters.items()]
            ids = [i for i in ids if all(a[i] == v for a, v in checks)]
        return {f: Counter(map(arrays[f].__getitem__, ids)) for f in FACETS}

    def all_facets(self, filters: dict[str, Any]) -> dict[str, Counter[int]]:
        return self.facets(range(1, self.resolutions + 1), filters)

    def text_of(self, rid: int) -> str:
        meta = self.db.execute("SELECT meta FROM res WHERE id = ?", (rid,)).fetchone()[0]
        pages = self.db.execute(
            "SELECT text FROM page WHERE id BETWEEN ? AND ?", (rid * 1000, rid * 1000 + 999)
        )
        return " ".join([meta, *(p[0] for p in pages)])

    def snippet(self, rid: int, plan: Plan) -> tuple[int, str]:
        """The page of ``rid`` that matches the most words, and ~200 characters around the first match
        (found in the text itself: the pattern matches every spelling of a folded word)."""
        best = (0, 1, "")
        pages = self.db.execute(
            "SELECT id, text FROM page WHERE id BETWEEN ? AND ?", (rid * 1000, rid * 1000 + 999)
        )
        for pid, text in pages:
            found = plan.pattern.search(text)
            if found is None:
                continue
            hits = (
                len({fast_fold(m.group().lower()) for m in plan.pattern.finditer(text)})
                if plan.words > 1
                else 1
            )
            if hits > best[0]:
                start = max(0, found.start() - 80)
                cut = text[start : start + 200]
                best = (hits, pid % 1000, plan.pattern.sub(lambda m: f"«{m.group()}»", cut))
                if hits >= plan.words:
                    break
        return best[1], best[2]


FILTER_COLUMNS = {"council": "council_id", "year": "year", "normative": "normative", "field": "field_id"}


def sql_value(name: str, value: Any) -> int:
    return FIELD_IDS[value] if name == "field" else int(value)


# ---------------------------------------------------------------------------------------------
# The query plan: the app's parser, then clauses every engine can run
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clause:
    folded: tuple[str, ...]  # one word, or the words of a phrase
    exact: tuple[str, ...] | None  # the same with their diacritics (canonical, lowercase), when typed so
    prefix: bool = False


@dataclass
class Plan:
    query: Any
    clauses: list[Clause]
    pattern: re.Pattern[str]
    words: int
    refused: str | None = None


def plan_of(q: BenchQuery) -> Plan:
    try:
        query = parse(q.text, typing=q.typing)
    except DomainError as e:
        return Plan(None, [], re.compile("(?!)"), 0, refused=str(e))
    surfaces = {}
    for word in re.findall(r"[^\W_]+", unicodedata.normalize("NFC", q.text)):
        surfaces[fold(word)[0]] = canonical(word).lower()
    clauses = []
    for t in query.terms:
        if t.prefix and len(t.folded) < MIN_PREFIX:
            continue  # one letter typed: not a word yet (a prefix that short would match half the index)
        if not t.common:
            exact = (surfaces.get(t.folded, ""),) if t.exact else None
            clauses.append(Clause((t.folded,), exact, t.prefix))
    for p in query.phrases:
        folded = tuple(t.folded for t in p.terms)
        exact = tuple(surfaces.get(t.folded, "") for t in p.terms) if all(t.exact for t in p.terms) else None
        clauses.append(Clause(folded, exact))
    words = sorted({w for c in clauses for w in c.folded}, key=len, reverse=True)
    prefixes = {w for c in clauses if c.prefix for w in c.folded}
    alternatives = [spellings(w) + (r"\w*" if w in prefixes else "") for w in words]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)") if words else re.compile("(?!)")
    refused = "only common words" if query.only_common else None
    return Plan(query, clauses, pattern, len(words), refused)


class Engine(Protocol):
    label: str

    def build(self) -> None: ...
    def size(self) -> int: ...
    def ranked(self, plan: Plan, filters: dict[str, Any]) -> list[int]: ...
    def facets(self, plan: Plan, filters: dict[str, Any]) -> dict[str, Counter[int]]: ...
    def close(self) -> None: ...
    def delete(self) -> None: ...


def request(store: Store, engine: Engine, q: BenchQuery, parts: list[float] | None = None) -> dict[str, Any]:
    """The whole search request: parse, numbers first, top 20 ranked, facets over all matches, snippets.
    ``parts`` gets the seconds of each: parse and numbers, ranked, facets, snippets."""
    t0 = time.perf_counter()
    plan = plan_of(q)
    if plan.refused or plan.query is None:
        return {"numbers": [], "hits": [], "facets": {}, "snippets": [], "refused": plan.refused}
    numbers = store.numbers(plan.query, q.filters) if plan.query.numbers else []
    t1 = time.perf_counter()
    if not plan.clauses:
        hits = [] if plan.query.numbers else store.browse(q.filters)
        t2 = time.perf_counter()
        facets = {} if plan.query.numbers else store.all_facets(q.filters)
    else:
        hits = engine.ranked(plan, q.filters)
        t2 = time.perf_counter()
        facets = engine.facets(plan, q.filters)
    t3 = time.perf_counter()
    snippets = [store.snippet(rid, plan) for rid in hits] if plan.clauses else []
    if parts is not None:
        parts += [t1 - t0, t2 - t1, t3 - t2, time.perf_counter() - t3]
    return {"numbers": numbers, "hits": hits, "facets": facets, "snippets": snippets}


def run_queries(
    store: Store, engines: dict[str, Engine], rounds: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every query on every engine, interleaved (the same noise for all); the first round warms up."""
    plans = [plan_of(q) for q in QUERIES]
    timings: dict[str, dict[str, list[tuple[str, float, float, list[float]]]]] = {n: {} for n in engines}
    for round_no in range(rounds):
        for i, (q, plan) in enumerate(zip(QUERIES, plans, strict=True)):
            for name, engine in engines.items():
                parts: list[float] = []
                t0 = time.perf_counter()
                request(store, engine, q, parts)  # parses again: the parse is part of the request
                t1 = time.perf_counter()
                if plan.clauses and not plan.refused:
                    engine.ranked(plan, q.filters)
                t2 = time.perf_counter()
                if round_no:
                    timings[name].setdefault(str(i), []).append((q.kind, t1 - t0, t2 - t1, parts))
    quality = {name: check_quality(store, engine) for name, engine in engines.items()}
    return timings, quality


def summarise(per_query: dict[str, list[tuple[str, float, float, list[float]]]]) -> dict[str, Any]:
    """Medians over rounds per query, then p50/p95 over the queries (whole request and bare engine query),
    and the p50/p95 of each part of the request (over the queries that have it)."""
    whole, bare, kinds = [], [], {}
    parts: list[list[float]] = [[], [], [], []]
    for samples in per_query.values():
        for k in range(4):
            if samples[0][3]:
                parts[k].append(statistics.median(s[3][k] for s in samples))
        kind = samples[0][0]
        w = statistics.median(s[1] for s in samples)
        whole.append(w)
        if samples[0][2] > 0:
            bare.append(statistics.median(s[2] for s in samples))
        kinds.setdefault(kind, []).append(w)
    return {
        "queries": len(whole),
        "request_p50": round(pct(whole, 50) * 1000, 1),
        "request_p95": round(pct(whole, 95) * 1000, 1),
        "request_max": round(max(whole) * 1000, 1),
        "bare_p50": round(pct(bare, 50) * 1000, 1),
        "bare_p95": round(pct(bare, 95) * 1000, 1),
        "parts_p50_p95": {
            name: (round(pct(v, 50) * 1000, 1), round(pct(v, 95) * 1000, 1))
            for name, v in zip(("parse+numbers", "ranked", "facets", "snippets"), parts, strict=True)
        },
        "per_kind": {k: (round(pct(v, 50) * 1000, 1), round(pct(v, 95) * 1000, 1)) for k, v in kinds.items()},
    }


# ---------------------------------------------------------------------------------------------
# Quality
# ---------------------------------------------------------------------------------------------


def _has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


def _top(engine: Engine, typed: str) -> list[int]:
    plan = plan_of(BenchQuery(typed, "check"))
    return engine.ranked(plan, {})[:10] if plan.clauses and not plan.refused else []


def check_quality(store: Store, engine: Engine) -> dict[str, Any]:
    """Titles typed without diacritics find their resolution in the top 10; for a word typed with its
    accents, the share of the top 10 that carry exactly that word (and the same for the word typed without
    accents, the baseline); the old tone placement typed finds the text in the new one."""
    step = max(1, store.resolutions // 40)
    found = unique = unique_found = 0
    sample = list(range(step // 2 + 1, store.resolutions + 1, step))[:40]
    for rid in sample:
        title = store.db.execute("SELECT title FROM res WHERE id = ?", (rid,)).fetchone()[0]
        typed = fold(title)[0]
        hits = _top(engine, typed)
        # titles repeat (a template, a place, a year): a hit with the same title is as good an answer
        same = {r for (r,) in store.db.execute("SELECT id FROM res WHERE title = ?", (title,))}
        found += bool(same & set(hits))
        unique += len(same) == 1
        unique_found += len(same) == 1 and rid in hits
    exact_shares, folded_shares = [], []
    for q in [q for q in QUERIES if q.exact]:
        for typed, shares in ((q.text, exact_shares), (fold(q.text)[0], folded_shares)):
            top = _top(engine, typed)
            if top:
                shares.append(sum(_has_word(store.text_of(r).lower(), q.exact) for r in top) / len(top))
    old = []
    for typed, word in (("hoà bình", "hòa"), ("thuỷ lợi", "thủy"), ("sức khoẻ", "khỏe"), ("uỷ ban", "ủy")):
        top = _top(engine, typed)
        old.append(sum(_has_word(store.text_of(r).lower(), word) for r in top) / max(1, len(top)))
    return {
        "title_top10": f"{found}/{len(sample)}",
        "unique_title_top10": f"{unique_found}/{unique}",
        "exact_share": round(statistics.mean(exact_shares), 2) if exact_shares else None,
        "folded_share": round(statistics.mean(folded_shares), 2) if folded_shares else None,
        "old_placement": round(statistics.mean(old), 2),
    }


def top(scored: list[tuple[float, int]], k: int = 20) -> list[int]:
    return [rid for _, rid in heapq.nsmallest(k, scored)]

"""The archive's search as it runs (issue 14): the whole search — ranking, facets with the legal force,
snippets from the page that matched, the JSON — against the bare engine query on the same index, in the same
run, on a synthetic archive (bench/search_corpus.py) and the fixed query set (bench/search_queries.py).

    .venv/bin/python bench/archive_search.py                       # 100,000 resolutions, SQLite
    .venv/bin/python bench/archive_search.py --resolutions 10000 --repeat 3
    .venv/bin/python bench/archive_search.py --database postgresql://postgres@127.0.0.1:5432/test

Builds the archive once per size and seed (kept under bench/out/archive-search/; ``--rebuild`` to build it
again): the records and their signed copies' page texts written as rows, then the index built by the real
rebuild (:func:`agenda.archive.search.maintain.reindex`, what ``kyhop archive reindex`` runs) — its rate in
pages/s and the size on disk are reported. Then, ``--repeat`` times over every query, alternating:

- ``engine``: the bare engine query — :meth:`Engine.match` (every match with its score) and the top 20 —
  nothing else;
- ``search``: :func:`agenda.archive.search.service.search` for the public and its JSON
  (:func:`session_server.wire.search.result`) — what ``GET /api/archive/search`` answers.

Prints p50/p95 of each (the median of the repeats per query first), the ratio, and the slowest queries;
the whole search also as first asked (the first repeat: nothing of that search kept in memory) and as asked
again (the later repeats: its page of hits and facet counts kept until the archive changes, facet_cache.py);
writes bench/out/archive_search.json. The first search after a change to the archive computes the whole
archive's legal force once (the status facet, agenda/archive/search/status.py): timed apart as ``cold``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, pct, write_json  # noqa: E402

DAY = dt.date(2026, 12, 3)
WORK = OUT / "archive-search"


def build(url: str, n: int, seed: int) -> dict[str, Any]:
    from sqlalchemy import insert

    from agenda import db as storage
    from agenda.archive.search import maintain
    from agenda.models import (
        Council,
        CouncilLevel,
        Resolution,
        ResolutionOrigin,
        ResolutionRelation,
        SearchPage,
        StoredFile,
    )
    from agenda.models.base import table_of
    from agenda.models.search import PAGES_PER_RESOLUTION
    from agenda.text import canonical
    from bench.search_corpus import Generator

    engine = storage.make_engine(url)
    storage.upgrade(engine)
    factory = storage.session_factory(engine)
    started = time.perf_counter()
    generator = Generator(seed)
    pages = 0
    with storage.transaction(factory) as db:
        db.execute(
            insert(table_of(Council)),
            [
                {
                    "id": c.id,
                    "name": c.name,
                    "short_name": c.short_name,
                    "place_name": c.place,
                    "level": CouncilLevel(c.level).value,
                    "is_home": c.id == 1,
                    "parent_id": c.parent_id,
                    "abolished_on": c.abolished_on,
                }
                for c in generator.councils
            ],
        )
        # One stored file stands for every signed copy (its pages are the rows below; the bytes are not read).
        db.execute(
            insert(table_of(StoredFile)),
            [{"sha256": "0" * 64, "size": 1, "content": b"%", "created_at": dt.datetime(2026, 1, 1)}],
        )
        batch: list[dict[str, Any]] = []
        page_rows: list[dict[str, Any]] = []
        relations: list[dict[str, Any]] = []
        for rid in range(1, n + 1):
            r = generator.resolution(rid, None)
            batch.append(
                {
                    "id": r.id,
                    "council_id": r.council.id,
                    "origin": ResolutionOrigin.IMPORT.value,
                    "year": r.year,
                    "normative": r.normative,
                    "special_procedure": False,
                    "serial": r.serial,
                    "number": r.number,
                    "title": canonical(r.title),
                    "field": r.field,
                    "signer_name": r.signer_name,
                    "signer_title": r.signer_title,
                    "adopted_on": r.adopted_on,
                    "signed_on": r.signed_on,
                    "published_on": r.published_on,
                    "effective_on": r.effective_on,
                    "expires_on": r.expires_on,
                    "signed_sha256": "0" * 64,
                    "signed_filename": f"{r.id}.pdf",
                    "signed_pages": len(r.pages),
                    "created_at": dt.datetime(2026, 1, 1),
                    "updated_at": dt.datetime(2026, 1, 1),
                }
            )
            for position, text in enumerate(r.pages):
                page_rows.append(
                    {
                        "id": r.id * PAGES_PER_RESOLUTION + position,
                        "resolution_id": r.id,
                        "position": position,
                        "source": "signed",
                        "page_number": position + 1,
                        "public": True,
                        "text": canonical(text),
                    }
                )
            pages += len(r.pages)
            for rel in r.relations:
                if rel.target_id != r.id:
                    relations.append(
                        {
                            "source_id": r.id,
                            "target_id": rel.target_id,
                            "kind": rel.kind,
                            "effective_on": r.effective_on,
                            "parts": [],
                            "parts_key": f"{len(relations)}",
                            "created_at": dt.datetime(2026, 1, 1),
                        }
                    )
            if len(batch) >= 2000:
                db.execute(insert(table_of(Resolution)), batch)
                db.execute(insert(table_of(SearchPage)), page_rows)
                batch, page_rows = [], []
        if batch:
            db.execute(insert(table_of(Resolution)), batch)
            db.execute(insert(table_of(SearchPage)), page_rows)
        if relations:
            db.execute(insert(table_of(ResolutionRelation)), relations)
    written = time.perf_counter() - started
    print(
        f"rows written: {n:,} resolutions, {pages:,} pages, {len(relations):,} relations in {written:.0f} s"
    )
    started = time.perf_counter()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 30:
            last[0] = time.perf_counter()
            print(f"  index: {done:,}/{total:,} ({time.perf_counter() - started:.0f} s)", flush=True)

    maintain.reindex(factory, progress=progress, batch=500)
    took = time.perf_counter() - started
    engine.dispose()
    return {"resolutions": n, "pages": pages, "relations": len(relations), "index_seconds": took}


def size_on_disk(url: str) -> int | None:
    if not url.startswith("sqlite:///"):
        return None
    path = Path(url.removeprefix("sqlite:///"))
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def request_of(query: Any) -> Any:
    from agenda.archive.search.request import SearchRequest

    params = {"q": query.text}
    filters = query.filters
    if "council" in filters:
        params["council_id"] = str(filters["council"])
    if "year" in filters:
        params["year"] = str(filters["year"])
    if "normative" in filters:
        params["kind"] = "normative" if filters["normative"] else "other"
    if "field" in filters:
        params["field"] = str(filters["field"])
    if query.typing:
        params["typing"] = "1"
    return SearchRequest.parse(params)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--resolutions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database", help="a PostgreSQL URL (default: a SQLite file under bench/out)")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    from sqlalchemy import text

    from agenda import db as storage
    from agenda.archive.search.engines import engine_for
    from agenda.archive.search.query import parse
    from agenda.archive.search.service import forget, search
    from agenda.archive.search.terms import words_of
    from agenda.errors import DomainError
    from bench.search_queries import QUERIES
    from session_server.wire.search import result

    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"archive-{args.resolutions}-{args.seed}.sqlite"
    url = args.database or f"sqlite:///{path}"
    built: dict[str, Any] = {}
    if args.database or args.rebuild or not path.exists():
        if not args.database:
            for old in WORK.glob(path.name + "*"):
                old.unlink()
        built = build(url, args.resolutions, args.seed)
        rate = built["pages"] / built["index_seconds"]
        print(f"index built: {built['index_seconds']:.0f} s, {rate:,.0f} pages/s")
    if not built:
        # An archive built by an earlier version: brought up to date as an upgrade would (migration 0015 refills
        # the SQLite engine's tiers from what was indexed) — timed.
        writable = storage.make_engine(url)
        started = time.perf_counter()
        storage.upgrade(writable)
        writable.dispose()
        upgraded = time.perf_counter() - started
        built = {"upgrade_seconds": upgraded}
        print(f"migrations run: {upgraded:.1f} s")
    size = size_on_disk(url)
    engine = storage.make_engine(url, read_only=True)
    factory = storage.session_factory(engine)
    if size:
        with factory() as db:
            fts = db.execute(text("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'fts_%'")).scalar()
        print(
            f"database {size / 2**20:,.0f} MB, of which the engine's tables {int(fts or 0) / 2**20:,.0f} MB"
        )

    with factory() as db:
        started = time.perf_counter()
        search(db, request_of(QUERIES[0]), public=True, day=DAY)
        cold = time.perf_counter() - started
    print(f"cold (first search: the whole archive's legal force computed): {cold * 1000:.0f} ms")
    forget()  # (what the cold search kept: the first query is asked for the first time below too)

    engine_times: dict[int, list[float]] = {i: [] for i in range(len(QUERIES))}
    search_times: dict[int, list[float]] = {i: [] for i in range(len(QUERIES))}
    refused = 0
    for _ in range(args.repeat):
        for i, query in enumerate(QUERIES):
            with factory() as db:
                try:
                    request = request_of(query)
                except DomainError:
                    refused += 1
                    continue
                started = time.perf_counter()
                words = words_of(parse(request.q, typing=request.typing))
                scores = engine_for(db).match(db, words, public=True)
                sorted(scores.items(), key=lambda kv: -kv[1])[:20]
                engine_times[i].append(time.perf_counter() - started)
                started = time.perf_counter()
                found = search(db, request, public=True, day=DAY)
                json.dumps(result(db, found, public=True))
                search_times[i].append(time.perf_counter() - started)
    per_engine = [statistics.median(v) for v in engine_times.values() if v]
    per_search = [statistics.median(v) for v in search_times.values() if v]
    first_search = [v[0] for v in search_times.values() if v]  # asked for the first time: nothing of it kept
    # asked again (the second and later repeats): the page of hits and its facet counts kept in memory
    repeated = [statistics.median(v[1:]) for v in search_times.values() if len(v) > 1]
    ratio = statistics.median(per_search) / max(1e-9, statistics.median(per_engine))
    slow = sorted(
        ((statistics.median(v), QUERIES[i].text, QUERIES[i].filters) for i, v in search_times.items() if v),
        reverse=True,
    )[:8]
    out = {
        "resolutions": args.resolutions,
        "queries": len(per_search),
        "repeat": args.repeat,
        "load": os.getloadavg(),
        "engine_p50_ms": pct(per_engine, 50) * 1000,
        "engine_p95_ms": pct(per_engine, 95) * 1000,
        "search_p50_ms": pct(per_search, 50) * 1000,
        "search_p95_ms": pct(per_search, 95) * 1000,
        "search_first_p50_ms": pct(first_search, 50) * 1000,
        "search_first_p95_ms": pct(first_search, 95) * 1000,
        "search_repeated_p50_ms": pct(repeated, 50) * 1000 if repeated else None,
        "search_repeated_p95_ms": pct(repeated, 95) * 1000 if repeated else None,
        "first_over_engine_p50": pct(first_search, 50) / max(1e-9, pct(per_engine, 50)),
        "first_over_engine_p95": pct(first_search, 95) / max(1e-9, pct(per_engine, 95)),
        "search_over_engine_p50": ratio,
        "search_over_engine_p95": pct(per_search, 95) / max(1e-9, pct(per_engine, 95)),
        "cold_ms": cold * 1000,
        "size_bytes": size,
        "built": built,
        "slowest": [{"ms": s * 1000, "q": q, "filters": f} for s, q, f in slow],
    }
    write_json(OUT / "archive_search.json", out)
    print(
        f"{len(per_search)} queries × {args.repeat} (refused as asked: {refused // args.repeat}) · load {out['load']}\n"
        f"engine query   p50 {out['engine_p50_ms']:.1f} ms · p95 {out['engine_p95_ms']:.1f} ms\n"
        f"whole search   p50 {out['search_p50_ms']:.1f} ms · p95 {out['search_p95_ms']:.1f} ms\n"
        f"  first asked  p50 {out['search_first_p50_ms']:.1f} ms · p95 {out['search_first_p95_ms']:.1f} ms\n"
        + (
            f"  asked again  p50 {out['search_repeated_p50_ms']:.1f} ms · p95 {out['search_repeated_p95_ms']:.1f} ms\n"
            if repeated
            else ""
        )
        + f"ratio search / engine: p50 {out['search_over_engine_p50']:.2f} · p95 {out['search_over_engine_p95']:.2f}"
        f" (first asked: p50 {out['first_over_engine_p50']:.2f} · p95 {out['first_over_engine_p95']:.2f})"
    )
    for s, q, f in slow:
        print(f"  {s * 1000:7.1f} ms  {q[:50]!r} {f or ''}")


if __name__ == "__main__":
    main()

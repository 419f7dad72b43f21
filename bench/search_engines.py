"""The candidates for the archive's SQLite search (issue 14), built from one generated corpus and run on one
query set in one run:

- ``A`` SQLite FTS5 (the stdlib ``sqlite3``) with a folded shadow column: per resolution, columns for the
  exact text (NFC, one tone placement, ``unicode61 remove_diacritics 0``) and the folded text (no
  diacritics, đ → d, folded in Python), of the metadata and of the body; recall on the folded columns,
  exact matches boosted by an OR of the exact token and by bm25 column weights;
- ``B`` SQLite FTS5 with a custom tokenizer (``apsw``): one column each for metadata and body, a Python
  tokenizer emitting the folded token with the exact one colocated (``FTS5_TOKEN_COLOCATED``);
- ``C`` tantivy (``tantivy`` on PyPI): exact and ascii-folded fields, integer fast fields for filters and
  facets (aggregations in Rust).

Shared by all three (in one SQLite "store", as the app's tables would be): the resolutions' metadata and
pages, the number look-up ("05/2026/NQ-HĐND" → the resolution, above any text hit), the facet arrays for
the SQLite engines, and the snippets (the page of a hit that matches, cut around the words, in Python).

Reports per engine: build time and rate (pages/s), index size, p50/p95 of the whole request (parse,
numbers, top 20 ranked, facet counts over the whole match set, snippets of the 20 hits) and of the bare
engine query (top 20 ranked only), per query kind, and the quality checks. Writes bench/out/search-*.json.

    .venv/bin/python bench/search_engines.py --resolutions 10000                 # A, B, C
    .venv/bin/python bench/search_engines.py --resolutions 100000 --engines A,C
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, machine, write_json  # noqa: E402
from bench.search_harness import Store, build_store, run_queries, summarise  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--resolutions", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--engines", default="A,B,C")
    parser.add_argument("--rounds", type=int, default=3, help="times the query set runs (the first warms up)")
    parser.add_argument("--out", type=Path, default=OUT / "search")
    parser.add_argument("--keep", action="store_true", help="keep the indexes (they are deleted at the end)")
    parser.add_argument("--reuse-store", action="store_true")
    parser.add_argument(
        "--reuse-indexes",
        action="store_true",
        help="query the indexes a run with --keep built (no build times)",
    )
    args = parser.parse_args()

    from bench import search_backends as backends

    wanted = [e.strip().upper() for e in args.engines.split(",") if e.strip()]
    missing = backends.missing(wanted)
    if missing:
        sys.exit(
            f"missing Python packages for engines {wanted}: {', '.join(missing)} — pip install {' '.join(missing)}"
        )
    folder = args.out / f"{args.resolutions}"
    folder.mkdir(parents=True, exist_ok=True)
    load = {"before": Path("/proc/loadavg").read_text().split()[:3]}
    started = time.perf_counter()
    store_path = folder / "store.sqlite"
    if not (args.reuse_store and store_path.exists()):
        store_path.unlink(missing_ok=True)
        build_store(store_path, args.resolutions, args.seed)
    store = Store(store_path)
    print(
        f"store: {store.resolutions:,} resolutions, {store.pages:,} pages ({time.perf_counter() - started:.0f} s)"
    )
    results: dict[str, Any] = {}
    engines = {}
    for name in wanted:
        engine = backends.make(name, folder, store, args.reuse_indexes)
        t0 = time.perf_counter()
        if not args.reuse_indexes:
            engine.build()
        took = time.perf_counter() - t0
        size = engine.size()
        built = not args.reuse_indexes
        results[name] = {
            "engine": engine.label,
            "build_s": round(took, 1) if built else None,
            "pages_per_s": round(store.pages / took) if built else 0,
            "size_mb": round(size / 1e6, 1),
        }
        rate = f"built in {took:.1f} s ({store.pages / took:,.0f} pages/s)" if built else "reused"
        print(f"{name} {engine.label}: {rate}, {size / 1e6:,.0f} MB")
        if hasattr(engine, "sizes"):
            results[name]["tables_mb"] = engine.sizes()
            print(f"  tables (MB): {results[name]['tables_mb']}")
        engines[name] = engine
    load["after_build"] = Path("/proc/loadavg").read_text().split()[:3]
    timings, quality = run_queries(store, engines, rounds=args.rounds)
    for name in engines:
        results[name].update(summarise(timings[name]))
        results[name]["quality"] = quality[name]
    load["after"] = Path("/proc/loadavg").read_text().split()[:3]
    report = {
        "resolutions": store.resolutions,
        "pages": store.pages,
        "words": store.words,
        "store_mb": round(store_path.stat().st_size / 1e6, 1),
        "load": load,
        "machine": machine(),
        "engines": results,
    }
    write_json(OUT / f"search-{args.resolutions}.json", report)
    print_table(report)
    for engine in engines.values():
        engine.close()
        if not args.keep:
            engine.delete()


def print_table(report: dict[str, Any]) -> None:
    print(
        f"\n{report['resolutions']:,} resolutions, {report['pages']:,} pages, {report['words']:,} words; "
        f"store {report['store_mb']:,} MB; load {report['load']}"
    )
    print(
        "| engine | build pages/s | size MB | request p50 / p95 ms | bare p50 / p95 ms | title top 10 | exact above folded | old placement |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, r in report["engines"].items():
        q = r["quality"]
        print(
            f"| {name} {r['engine']} | {r['pages_per_s']:,} | {r['size_mb']:,} | {r['request_p50']} / {r['request_p95']} "
            f"| {r['bare_p50']} / {r['bare_p95']} | {q['title_top10']} | {q['exact_share']} (folded {q['folded_share']}) "
            f"| {q['old_placement']} |"
        )
    for name, r in report["engines"].items():
        kinds = ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in r["per_kind"].items())
        print(f"{name} per kind (request p50/p95 ms): {kinds}")
        print(f"{name} parts of the request (p50/p95 ms): {r['parts_p50_p95']}")


if __name__ == "__main__":
    main()

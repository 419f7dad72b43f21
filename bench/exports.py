"""The archive's search as a file (issue 15): every hit of a search written as CSV and as XLSX
(:mod:`agenda.opendata.exports`), against the page of 20 hits with its JSON that ``GET /api/archive/search``
answers for the same search — in the same run, on the synthetic archive of bench/archive_search.py.

    .venv/bin/python bench/exports.py                          # 2,000 resolutions, SQLite
    .venv/bin/python bench/exports.py --resolutions 10000 --repeat 5

Prints, per query, the hits, the median of the repeats (page+JSON, CSV, XLSX) and the ratios to the page;
writes bench/out/exports.json."""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.archive_search import DAY, WORK, build  # noqa: E402
from bench.common import OUT, write_json  # noqa: E402

QUERIES = [  # a filter only (the whole year), words everywhere, a field
    {"year": "2024"},
    {"q": "ngân sách"},
    {"q": "đất đai"},
    {"kind": "normative"},
]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--resolutions", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from agenda import db as storage
    from agenda.archive.search.request import SearchRequest
    from agenda.archive.search.service import search
    from agenda.opendata.exports.csvfile import write_csv
    from agenda.opendata.exports.search import search_table
    from agenda.opendata.exports.workbook import write_xlsx
    from session_server.wire.search import result

    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"archive-{args.resolutions}-{args.seed}.sqlite"
    url = f"sqlite:///{path}"
    if not path.exists():
        build(url, args.resolutions, args.seed)
    factory = storage.session_factory(storage.make_engine(url, read_only=True))
    with factory() as db:  # the first search computes the archive's legal force: not timed
        search(db, SearchRequest.parse({"year": "2024"}), public=True, day=DAY)

    rows: list[dict[str, Any]] = []
    for params in QUERIES:
        request = SearchRequest.parse(params)
        times: dict[str, list[float]] = {"page": [], "csv": [], "xlsx": []}
        hits = 0
        for _ in range(args.repeat):
            with factory() as db:
                started = time.perf_counter()
                result(
                    db,
                    search(db, dataclasses.replace(request, per_page=20), public=True, day=DAY),
                    public=True,
                )
                times["page"].append(time.perf_counter() - started)
            for kind, writer in (("csv", write_csv), ("xlsx", lambda t: write_xlsx([t]))):
                with factory() as db:
                    started = time.perf_counter()
                    table, _ = search_table(db, request, public=True, day=DAY, base="https://hdnd.example.vn")
                    writer(table)
                    times[kind].append(time.perf_counter() - started)
                    hits = len(table.rows)
        medians = {k: statistics.median(v) for k, v in times.items()}
        row = {"query": params, "rows": hits, **{f"{k}_ms": round(v * 1000, 1) for k, v in medians.items()}}
        row |= {"csv_ratio": round(medians["csv"] / medians["page"], 1)}
        row |= {"xlsx_ratio": round(medians["xlsx"] / medians["page"], 1)}
        rows.append(row)
        print(
            f"{params!s:28} {hits:5} rows  page {row['page_ms']:7.1f} ms  csv {row['csv_ms']:8.1f} ms "
            f"(×{row['csv_ratio']})  xlsx {row['xlsx_ms']:8.1f} ms (×{row['xlsx_ratio']})"
        )
    write_json(
        OUT / "exports.json", {"resolutions": args.resolutions, "repeat": args.repeat, "queries": rows}
    )


if __name__ == "__main__":
    main()

"""The dashboard's tables (issue 16) timed on a database that ``bench/metrics_dashboard.py`` built, without
building it again — so two trees of the code can be compared on the same data in the same run:

    .venv/bin/python bench/metrics_dashboard.py --records 250000      # builds bench/out/metrics.sqlite
    PYTHONPATH=/tmp/before .venv/bin/python bench/metrics_tables.py sqlite:///bench/out/metrics.sqlite
    PYTHONPATH=. .venv/bin/python bench/metrics_tables.py sqlite:///bench/out/metrics.sqlite

The ``agenda`` package timed is the first on ``PYTHONPATH`` (this script adds nothing to the path). For the
province (the first council) over the year 2026 and over its current term: the council table, the unit table
and the delegate table (every measure), and the scores with the ranking; p50, p95 and the slowest of ``--repeat``
calls, in ms, with the load average before each run."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from agenda import db as storage
from agenda.metrics import figures, scoring
from agenda.metrics.period import term_period, year_period
from agenda.models import Council, Term

TODAY = dt.date(2026, 12, 4)  # the day bench/metrics_dashboard.py counts up to


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("database_url")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    factory = storage.session_factory(storage.make_engine(args.database_url))
    print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
    with factory() as db:
        council = db.scalars(select(Council).order_by(Council.id)).first()
        assert council is not None, "no council: build the database with bench/metrics_dashboard.py"
        term = db.scalar(
            select(Term.id).where(Term.council_id == council.id).order_by(Term.starts_on.desc()).limit(1)
        )
        assert term is not None
        periods = {
            "year 2026": year_period(council.id, 2026, TODAY),
            "term": term_period(db, council.id, term, TODAY),
        }
        for label, p in periods.items():
            tables: dict[str, Callable[[], Any]] = {
                "council": lambda p=p: figures.council_table(db, p, council.name),
                "units": lambda p=p: figures.unit_table(db, p),
                "delegates": lambda p=p: figures.delegate_table(db, p),
                "scores": lambda p=p: scoring.score(db, council, p),
            }
            for name, fn in tables.items():
                times = []
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    fn()
                    times.append((time.perf_counter() - started) * 1000)
                p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
                print(
                    f"{label:10} {name:10} p50 {statistics.median(times):8.1f} ms  p95 {p95:8.1f} ms"
                    f"  slowest {max(times):8.1f} ms",
                    flush=True,
                )


if __name__ == "__main__":
    main()

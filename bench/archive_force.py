"""The legal force on a date of every resolution of a large archive (issue 13: 100,000 resolutions with 30,000
relations in ≤ 1 s).

Builds an archive on SQLite (--resolutions records over several councils and years, --relations relations of
every kind, a third of them repeals or replacements, some future-dated, some of named articles), then times,
--repeat times each, in this process:

- ``read``: the baseline — the same rows read from the database and nothing computed;
- ``force``: ``agenda.archive.links.forces_of_archive`` — the rows read and every resolution's status on the
  date computed with its reasons (what the API and the yearly list use);
- ``pure``: the computation alone on rows already in memory (``agenda.archive.force.forces_on``).

Prints medians and the ratio of ``force`` to ``read``; writes bench/out/archive_force.json.

    .venv/bin/python bench/archive_force.py                  # 100,000 resolutions, 30,000 relations
    .venv/bin/python bench/archive_force.py --resolutions 10000 --relations 3000 --repeat 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, write_json  # noqa: E402

KINDS = ["repeals", "replaces", "amends", "supplements", "suspends", "based_on", "cites", "guides"]
WEIGHTS = [20, 13, 20, 10, 5, 15, 12, 5]


def build(url: str, resolutions: int, relations: int, seed: int = 2026) -> None:
    from sqlalchemy import insert

    from agenda import db as storage
    from agenda.models import Council, CouncilLevel, Resolution, ResolutionOrigin, ResolutionRelation
    from agenda.models.base import table_of

    rng = random.Random(seed)
    engine = storage.make_engine(url)
    storage.upgrade(engine)
    with storage.transaction(storage.session_factory(engine)) as db:
        councils = [
            Council(
                name=f"Hội đồng nhân dân tỉnh {i}",
                short_name=f"HĐND tỉnh {i}",
                place_name=f"Tỉnh {i}",
                level=CouncilLevel.PROVINCE,
                is_home=i == 0,
            )
            for i in range(5)
        ]
        db.add_all(councils)
        db.flush()
        ids = [c.id for c in councils]
        serials: dict[tuple[int, int, bool], int] = {}
        rows: list[dict[str, Any]] = []
        for n in range(resolutions):
            council = ids[n % len(ids)]
            adopted = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(16 * 365))
            normative = rng.random() < 0.4
            key = (council, adopted.year, normative)
            serials[key] = serials.get(key, 0) + 1
            serial = serials[key]
            rows.append(
                {
                    "id": n + 1,
                    "council_id": council,
                    "origin": ResolutionOrigin.IMPORT.value,
                    "year": adopted.year,
                    "normative": normative,
                    "special_procedure": False,
                    "serial": serial,
                    "number": f"{serial:02d}/{adopted.year}/NQ-HĐND"
                    if normative
                    else f"{serial:02d}/NQ-HĐND",
                    "title": f"Nghị quyết số {n}",
                    "adopted_on": adopted,
                    "effective_on": adopted + dt.timedelta(days=10 if normative else 0),
                    "expires_on": adopted + dt.timedelta(days=5 * 365) if rng.random() < 0.1 else None,
                }
            )
        db.execute(insert(table_of(Resolution)), rows)
        links = []
        seen: set[tuple[int, int, str]] = set()
        while len(links) < relations:
            source, target = rng.randrange(1, resolutions + 1), rng.randrange(1, resolutions + 1)
            if source <= target:
                continue  # a later act acts on an earlier one: no circles
            kind = rng.choices(KINDS, WEIGHTS)[0]
            if (source, target, kind) in seen:
                continue
            seen.add((source, target, kind))
            parts = (
                [f"Điều {rng.randrange(1, 12)}"]
                if kind in ("repeals", "amends", "suspends") and rng.random() < 0.5
                else []
            )
            start = max(rows[source - 1]["adopted_on"], rows[target - 1]["adopted_on"])
            links.append(
                {
                    "source_id": source,
                    "target_id": target,
                    "kind": kind,
                    "effective_on": start + dt.timedelta(days=rng.randrange(0, 3 * 365)),
                    "parts": parts,
                    "parts_key": "|".join(parts),
                    "until_on": None,
                }
            )
        db.execute(insert(table_of(ResolutionRelation)), links)
    engine.dispose()


def timed(fn: Any, repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--resolutions", type=int, default=100_000)
    parser.add_argument("--relations", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from sqlalchemy import select

    from agenda import db as storage
    from agenda.archive import links
    from agenda.archive.force import forces_on
    from agenda.models import Resolution, ResolutionRelation

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/archive.sqlite"
        started = time.perf_counter()
        build(url, args.resolutions, args.relations)
        built = time.perf_counter() - started
        engine = storage.make_engine(url)
        factory = storage.session_factory(engine)
        day = dt.date(2026, 12, 3)

        def read() -> int:
            with factory() as db:
                records = db.execute(
                    select(
                        Resolution.id,
                        Resolution.number,
                        Resolution.title,
                        Resolution.adopted_on,
                        Resolution.effective_on,
                        Resolution.expires_on,
                    )
                ).all()
                relations = db.scalars(select(ResolutionRelation)).all()
                return len(records) + len(relations)

        def force() -> dict[int, Any]:
            with factory() as db:
                return links.forces_of_archive(db, day)

        read_s, _ = timed(read, args.repeat)
        force_s, states = timed(force, args.repeat)
        with factory() as db:
            all_records = {r.id: links.own_dates(r) for r in db.scalars(select(Resolution))}
            all_relations = [links.as_relation(r) for r in db.scalars(select(ResolutionRelation))]
            all_names = {rid: f"#{rid}" for rid in all_records}
        pure_s, _ = timed(lambda: forces_on(day, all_records, all_relations, all_names), args.repeat)
        engine.dispose()

    counts: dict[str, int] = {}
    for state in states.values():
        counts[state.status.value] = counts.get(state.status.value, 0) + 1
    result = {
        "resolutions": args.resolutions,
        "relations": args.relations,
        "repeat": args.repeat,
        "build_s": round(built, 1),
        "read_median_s": round(read_s, 3),
        "force_median_s": round(force_s, 3),
        "pure_median_s": round(pure_s, 3),
        "force_over_read": round(force_s / read_s, 2),
        "statuses": counts,
    }
    print(
        f"{args.resolutions:,} resolutions, {args.relations:,} relations (built in {built:.1f} s); "
        f"median of {args.repeat}:\n"
        f"  read (baseline)      {read_s * 1000:8.0f} ms\n"
        f"  force of every one   {force_s * 1000:8.0f} ms   ({force_s / read_s:.2f}× the read)\n"
        f"  computation alone    {pure_s * 1000:8.0f} ms\n"
        f"  statuses: {counts}"
    )
    write_json(OUT / "archive_force.json", result)


if __name__ == "__main__":
    main()

"""The legal force on a date of every resolution of a large archive (issue 13: 100,000 resolutions with 30,000
relations in ≤ 1 s).

Builds an archive on SQLite (--resolutions records over several councils and years, --relations relations of
every kind, a third of them repeals or replacements, some future-dated, some of named articles), then times,
in --repeat fresh processes (each: one untimed warm-up, then --inner times each):

- ``read``: the baseline — the same rows read from the database and nothing computed;
- ``force``: ``agenda.archive.links.forces_of_archive`` — the rows read and every resolution's status on the
  date computed with its reasons (what the yearly list and the daily closing use); ``first`` is the first call
  of each process, before any warm-up (nothing is cached between calls: it differs only by the imports' and
  the connection's first use);
- ``pure``: the computation alone on rows already in memory (``agenda.archive.force.forces_on``, with the
  cycle collector paused as ``forces_of_archive`` does where the code has ``agenda.collector``).

With ``--before DIR`` (a checkout of an earlier commit, e.g. ``git worktree add /tmp/before 4ede0e8``) the same
is timed for the code in DIR on the same archive, the processes alternating before/after, and the statuses of
both are checked to be the same. Prints medians, the load average before and after; writes
bench/out/archive_force.json.

    .venv/bin/python bench/archive_force.py                  # 100,000 resolutions, 30,000 relations
    .venv/bin/python bench/archive_force.py --before /tmp/before
    .venv/bin/python bench/archive_force.py --resolutions 10000 --relations 3000 --repeat 3
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import random
import statistics
import subprocess
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


DAY = dt.date(2026, 12, 3)


def measure(url: str, inner: int) -> dict[str, Any]:
    """In this process (the code on ``sys.path``): the first call, then ``inner`` timings of each."""
    from sqlalchemy import select

    import agenda
    from agenda import db as storage
    from agenda.archive import links
    from agenda.archive.force import forces_on
    from agenda.models import Resolution, ResolutionRelation

    try:
        from agenda.collector import collector_paused
    except ImportError:
        try:  # where the pause lived before the metrics shared it
            from agenda.archive.bulk import collector_paused  # type: ignore[no-redef]
        except ImportError:  # code from before the pause: computed with the collector on, as it did
            collector_paused = contextlib.nullcontext

    engine = storage.make_engine(url)
    factory = storage.session_factory(engine)

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
            return links.forces_of_archive(db, DAY)

    start = time.perf_counter()
    states = force()
    first = time.perf_counter() - start
    read()
    times: dict[str, list[float]] = {"read": [], "force": [], "pure": []}
    for _ in range(inner):
        for name, fn in (("read", read), ("force", force)):
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    with factory() as db:
        records = {r.id: links.own_dates(r) for r in db.scalars(select(Resolution))}
        relations = [links.as_relation(r) for r in db.scalars(select(ResolutionRelation))]
        names = {rid: f"#{rid}" for rid in records}
    for _ in range(inner):
        start = time.perf_counter()
        with collector_paused():
            forces_on(DAY, records, relations, names)
        times["pure"].append(time.perf_counter() - start)
    engine.dispose()
    counts: dict[str, int] = {}
    for state in states.values():
        counts[state.status.value] = counts.get(state.status.value, 0) + 1
    digest = hashlib.sha256(repr(sorted(states.items())).encode()).hexdigest()
    code = str(Path(agenda.__file__).resolve().parent.parent)  # the code actually timed
    return {"code": code, "first": first, **times, "statuses": counts, "digest": digest}


def load() -> str:
    """The load average over 1, 5 and 15 minutes (the machine may be shared)."""
    path = Path("/proc/loadavg")
    return " ".join(path.read_text().split()[:3]) if path.exists() else "?"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--resolutions", type=int, default=100_000)
    parser.add_argument("--relations", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=5, help="fresh processes per variant")
    parser.add_argument("--inner", type=int, default=3, help="timings of each in every process")
    parser.add_argument("--before", type=Path, help="a checkout of earlier code, timed alongside")
    args = parser.parse_args()

    here = Path(__file__).resolve().parent.parent
    variants = {"after": here} | ({"before": args.before.resolve()} if args.before else {})
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/archive.sqlite"
        started = time.perf_counter()
        build(url, args.resolutions, args.relations)
        built = time.perf_counter() - started
        load_before = load()
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in variants}
        for _ in range(args.repeat):
            for name in sorted(variants):  # after, before, after, before…
                code = str(variants[name])
                child = [sys.executable, "-c", _CHILD, code, url, str(args.inner)]
                out = subprocess.run(child, check=True, capture_output=True, text=True, cwd=code).stdout
                runs[name].append(json.loads(out.strip().splitlines()[-1]))
        load_after = load()

    result: dict[str, Any] = {
        "resolutions": args.resolutions,
        "relations": args.relations,
        "processes": args.repeat,
        "inner": args.inner,
        "build_s": round(built, 1),
        "loadavg_before": load_before,
        "loadavg_after": load_after,
    }
    print(
        f"{args.resolutions:,} resolutions, {args.relations:,} relations (built in {built:.1f} s); "
        f"medians of {args.repeat} processes × {args.inner}; load average {load_before} → {load_after}"
    )
    for name in sorted(variants, reverse=True):  # before first
        samples = runs[name]
        med = {k: statistics.median(x for s in samples for x in s[k]) for k in ("read", "force", "pure")}
        first = statistics.median(s["first"] for s in samples)
        result[name] = {
            "code": samples[0]["code"],
            "read_median_s": round(med["read"], 3),
            "force_median_s": round(med["force"], 3),
            "force_first_median_s": round(first, 3),
            "pure_median_s": round(med["pure"], 3),
            "force_over_read": round(med["force"] / med["read"], 2),
            "statuses": samples[0]["statuses"],
        }
        print(
            f"{name} (the code in {samples[0]['code']}):\n"
            f"  read (baseline)      {med['read'] * 1000:8.0f} ms\n"
            f"  force of every one   {med['force'] * 1000:8.0f} ms   ({med['force'] / med['read']:.2f}× the read;"
            f" first call of a process {first * 1000:.0f} ms)\n"
            f"  computation alone    {med['pure'] * 1000:8.0f} ms\n"
            f"  statuses: {samples[0]['statuses']}"
        )
    digests = {s["digest"] for samples in runs.values() for s in samples}
    result["same_statuses"] = len(digests) == 1
    if args.before:
        print("same statuses before and after:", "yes" if len(digests) == 1 else "NO")
    write_json(OUT / "archive_force.json", result)
    if len(digests) != 1:
        sys.exit("the statuses differ between runs")


# A child process: this file's measure(), with the code to time first on the path (before this checkout's).
_CHILD = (
    "import json, runpy, sys; code, url, inner = sys.argv[1:];"
    f"bench = runpy.run_path({str(Path(__file__).resolve())!r}); sys.path.insert(0, code);"
    "print(json.dumps(bench['measure'](url, int(inner))))"
)


if __name__ == "__main__":
    main()

"""A full OParl crawl of a large archive, and an incremental sync after 1,000 changes (issue 15: 100,000
resolutions; objects/s, and the incremental sync must touch only the changed objects).

Builds the archive of ``bench/archive_force.py`` on SQLite (--resolutions records over five councils, 0.3 as
many relations), every resolution published; serves the app in process (Starlette's TestClient: the app, its
database work and its JSON, no network) and crawls it with the spec crawler of the tests
(``tests/opendata/oparl_crawler.py``, ``limit=1000``):

- ``first``: the first crawl of the server: each list's first page fills the ledger (every object digested and
  recorded);
- ``full``: a client's full crawl of the server with its ledger filled (--repeat times; the median);
- then 1,000 changes in the database — 900 resolutions retitled, 100 whose publication is withdrawn —, and
  ``incremental``: the same client syncs with ``modified_since``; it must fetch only the objects changed
  (each retitled resolution is a Paper and a Resolution; a withdrawn one their two tombstones and the objects
  naming it: the Papers and Resolutions related to it) and end with exactly what a fresh full crawl finds.

Prints the numbers and the load average before and after; writes bench/out/oparl_crawl.json.

    .venv/bin/python bench/oparl_crawl.py                         # 5,000 resolutions (about a minute)
    .venv/bin/python bench/oparl_crawl.py --resolutions 100000    # the issue's size
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

from bench.archive_force import build, load  # noqa: E402
from bench.common import OUT, machine, write_json  # noqa: E402

ENTRY = "http://testserver/oparl/v1/"


def publish_all(url: str) -> None:
    from sqlalchemy import update

    from agenda import db as storage
    from agenda.models import Resolution

    engine = storage.make_engine(url)
    with storage.transaction(storage.session_factory(engine)) as db:
        db.execute(update(Resolution).values(published_on=Resolution.adopted_on))
    engine.dispose()


def change(url: str, resolutions: int, seed: int = 15) -> set[int]:
    """900 resolutions retitled, 100 withdrawn from publication: the ids touched."""
    from sqlalchemy import update

    from agenda import db as storage
    from agenda.models import Resolution

    rng = random.Random(seed)
    picked = rng.sample(range(1, resolutions + 1), 1000)
    engine = storage.make_engine(url)
    with storage.transaction(storage.session_factory(engine)) as db:
        for rid in picked[:900]:
            db.execute(update(Resolution).where(Resolution.id == rid).values(title=f"Nghị quyết {rid} (sửa)"))
        db.execute(update(Resolution).where(Resolution.id.in_(picked[900:])).values(published_on=None))
    engine.dispose()
    return set(picked)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--resolutions", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from starlette.testclient import TestClient

    from session_server.app import create_app
    from session_server.settings import Settings
    from tests.opendata.oparl_crawler import Crawl, Crawler

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/oparl.sqlite"
        started = time.perf_counter()
        build(url, args.resolutions, int(args.resolutions * 0.3))
        publish_all(url)
        built = time.perf_counter() - started
        before = load()
        with TestClient(
            create_app(Settings(database_url=url, secret_key="bench", oparl_refresh_seconds=0))
        ) as client:

            def get(address: str) -> Any:
                answer = client.get(address + ("&" if "?" in address else "?") + "limit=1000")
                assert answer.status_code == 200, (address, answer.text[:300])
                return answer.json()

            crawler = Crawler(get, ENTRY)

            def timed(kept: Crawl | None = None) -> tuple[Crawl, float]:
                start = time.perf_counter()
                crawl = crawler.sync(kept)
                return crawl, time.perf_counter() - start

            first, first_s = timed()
            fulls = [timed() for _ in range(args.repeat)]
            kept, _ = fulls[-1]
            full_s = statistics.median(s for _, s in fulls)
            objects = len(kept.objects)
            touched = change(url, args.resolutions)
            incremental, incremental_s = timed(kept)
            fresh, _ = timed()
            same = incremental.objects == fresh.objects
        after = load()
    result = {
        "resolutions": args.resolutions,
        "relations": int(args.resolutions * 0.3),
        "build_s": round(built, 1),
        "objects": objects,
        "first_crawl_s": round(first_s, 2),
        "first_objects_per_s": round(first.fetched / first_s),
        "full_crawl_s_median": round(full_s, 2),
        "full_objects_per_s": round(kept.fetched / full_s),
        "full_requests": kept.requests,
        "changes": len(touched),
        "incremental_s": round(incremental_s, 2),
        "incremental_fetched": incremental.fetched,
        "incremental_requests": incremental.requests,
        "incremental_equals_full": same,
        "load_before": before,
        "load_after": after,
        "machine": machine(),
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    for key, value in result.items():
        if key != "machine":
            print(f"{key:>26}: {value}")
    write_json(OUT / "oparl_crawl.json", result)
    assert same, "the incremental sync does not end with the server's objects"


if __name__ == "__main__":
    main()

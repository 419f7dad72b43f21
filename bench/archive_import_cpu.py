"""Archive import: CPU time per file, where it is spent — the import's main process (readers and writer) and
its check workers — against the bare pypdfium2 extraction of the same files, in one process. CPU time, unlike
the rate of ``bench.archive_import``, hardly depends on what else the machine runs.

    .venv/bin/python -m bench.archive_import_cpu [--files 600] [--jobs 2]

Uses the files ``bench.archive_import`` generates (``bench/out/archive-import/files-N``); a fresh SQLite database.
"The CPU ratio" is bare CPU / import CPU per file: the most the import / bare ratio can be on free cores, both
using every core."""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from bench.archive_import import WORK, extract_file, fresh_database, generate


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=600)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    from agenda.archive.importer.run import ImportOptions, import_pool, list_files, run_import

    folder = generate(args.files, args.jobs)
    place = WORK / "db-cpu"
    factory = fresh_database(place)
    files = list_files(folder)
    options = ImportOptions(create_councils=True, jobs=args.jobs, journal_dir=place / "journal")
    pool = import_pool(args.jobs)
    run_import(factory, files[:4], options=options)  # the workers started
    workers = [worker.process.pid for worker in pool._idle]  # noqa: SLF001 - a benchmark's look inside
    measured = files[4:]
    workers_before, main_before, started = (
        sum(map(cpu_seconds, workers)),
        time.process_time(),
        time.perf_counter(),
    )
    report = run_import(factory, measured, options=options)
    wall, main = time.perf_counter() - started, time.process_time() - main_before
    checks = sum(map(cpu_seconds, workers)) - workers_before
    factory.kw["bind"].dispose()
    bare_before = time.process_time()
    for _, path in measured:
        extract_file(str(path))
    bare = time.process_time() - bare_before
    n = len(measured)
    total = main + checks
    print(
        f"{report.progress.imported}/{n} imported in {wall:.1f} s ({n / wall:.1f} files/s); CPU per file: main "
        f"process {main / n * 1000:.1f} ms, check workers {checks / n * 1000:.1f} ms, import {total / n * 1000:.1f} "
        f"ms; bare extraction {bare / n * 1000:.1f} ms; CPU ratio {bare / total:.2f}; load "
        f"{os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()

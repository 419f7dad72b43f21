"""Archive import throughput: ``kyhop archive import`` (its code, :func:`agenda.archive.importer.run.run_import`)
against the bare pypdfium2 text extraction of the same files, in the same run.

    .venv/bin/python -m bench.archive_import [--files 2000] [--runs 3] [--jobs 2] [--write-docs]

Generates ``--files`` realistic resolution PDFs (``agenda.archive.importer.specimens``: the Decree 30 header
in two columns, then ~10 pages of articles in Vietnamese prose; councils, years, normative or not varied) in
``bench/out/archive-import/``, then alternately, ``--runs`` times:

- bare: every file opened with pypdfium2 and the text of every page extracted, in ``--jobs`` processes and
  in one (nothing else: no checks, no database) — and in ``--jobs`` processes at the check workers' niceness
  (+10: on a shared machine the import's checks get that share of the CPU, not a normal process's);
- import: the whole import into a fresh SQLite database — each file read and checked as an upload (in a
  check worker), its header parsed, its record written with its PDF under its own savepoint, in batches of
  files per transaction — with ``--jobs`` readers and one writer.

Prints files/s and pages/s of each (medians) and the ratios import / bare; ``--write-docs`` puts them under
"Archive import" in ``docs/benchmarks.md``. The machine's load average is printed with them (shared
machines make both slower, not only one: the runs alternate)."""

from __future__ import annotations

import argparse
import concurrent.futures as futures
import datetime as dt
import os
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.common import OUT, code_fingerprint, machine, write_docs_section  # noqa: E402

WORK = OUT / "archive-import"
SECTION = "## Archive import (issue 13)"
COUNCILS = [
    (("HỘI ĐỒNG NHÂN DÂN", "TỈNH QUẢNG NINH"), "Quảng Ninh", "HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NINH"),
    (("HỘI ĐỒNG NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG"), "Hải Phòng", "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"),
    (("HĐND QUẬN NGÔ QUYỀN",), "Ngô Quyền", "HỘI ĐỒNG NHÂN DÂN QUẬN NGÔ QUYỀN"),
    (("HỘI ĐỒNG NHÂN DÂN", "QUẬN HAI BÀ TRƯNG"), "Hai Bà Trưng", "HỘI ĐỒNG NHÂN DÂN QUẬN HAI BÀ TRƯNG"),
]
TOPICS = [
    "Quy định mức chi hỗ trợ cho các hoạt động giám sát của Hội đồng nhân dân",
    "Về việc phát động phong trào thi đua trong hoạt động của Hội đồng nhân dân các cấp",
    "Về kế hoạch đầu tư công trung hạn và danh mục dự án trọng điểm",
    "Quy định chính sách hỗ trợ phát triển nông thôn mới kiểu mẫu",
    "Về dự toán thu, chi ngân sách địa phương và phương án phân bổ",
]


def make_file(index: int) -> tuple[str, bytes]:
    from agenda.archive.importer.specimens import Specimen, resolution_pdf

    issuer, place, session = COUNCILS[index % len(COUNCILS)]
    year = 2016 + (index // len(COUNCILS)) % 10
    serial = index // (len(COUNCILS) * 10) * 2 + 1
    normative = index % 3 == 0
    number = f"{serial:02d}/{year}/NQ-HĐND" if normative else f"{serial + 1:02d}/NQ-HĐND"
    specimen = Specimen(
        issuer=issuer,
        number=number,
        place=place,
        adopted_on=dt.date(year, 1 + index % 12, 1 + index % 28),
        title=f"{TOPICS[index % len(TOPICS)]} năm {year} (văn bản {index + 1})",
        session_line=(session, f"KHÓA {['XV', 'XVI', 'XVII'][index % 3]}, KỲ HỌP THỨ {1 + index % 20}"),
        pages=10,
    )
    return f"{year}/nq-{index:05d}.pdf", resolution_pdf(specimen)


def generate(count: int, jobs: int) -> Path:
    folder = WORK / f"files-{count}"
    if folder.is_dir() and len(list(folder.rglob("*.pdf"))) == count:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    with futures.ProcessPoolExecutor(jobs) as pool:
        for name, content in pool.map(make_file, range(count), chunksize=20):
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(content)
    return folder


def extract_file(path: str) -> int:
    """The bare extraction: open with pypdfium2, the text of every page. Its page count."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(Path(path).read_bytes())
    try:
        for page in document:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(document)
    finally:
        document.close()


def bare(paths: list[Path], jobs: int, nice: int = 0) -> dict[str, float]:
    """The bare extraction in ``jobs`` processes, each ``nice`` lower in priority (the check workers' own
    niceness, ``agenda.pdf.worker.WORKER_NICENESS``: the same share of a shared machine as the import's)."""
    with futures.ProcessPoolExecutor(jobs, initializer=os.nice, initargs=(nice,)) as pool:
        list(pool.map(extract_file, [str(p) for p in paths[: jobs * 2]]))  # the processes started
        started = time.perf_counter()
        pages = sum(pool.map(extract_file, [str(p) for p in paths], chunksize=8))
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "files_per_second": len(paths) / seconds, "pages_per_second": pages / seconds}


def seed(factory: Any) -> None:
    from agenda import db as storage
    from agenda.council import terms
    from agenda.models import CouncilLevel

    with storage.transaction(factory) as db:
        terms.create_council(
            db,
            terms.CouncilInput(
                "Hội đồng nhân dân tỉnh Quảng Ninh",
                "HĐND tỉnh Quảng Ninh",
                "Quảng Ninh",
                CouncilLevel.PROVINCE,
            ),
            is_home=True,
        )
        terms.create_council(
            db,
            terms.CouncilInput(
                "Hội đồng nhân dân thành phố Hải Phòng",
                "HĐND thành phố Hải Phòng",
                "Hải Phòng",
                CouncilLevel.PROVINCE,
            ),
        )


def fresh_database(place: Path) -> Any:
    """An empty, migrated SQLite archive under ``place`` (made again), its files beside it, the councils seeded;
    its session factory."""
    from agenda import db as storage

    shutil.rmtree(place, ignore_errors=True)
    place.mkdir(parents=True)
    os.environ["KYHOP_FILES_DIR"] = str(place / "files")
    engine = storage.make_engine(f"sqlite:///{place / 'kyhop.sqlite'}")
    storage.upgrade(engine)
    factory = storage.session_factory(engine)
    seed(factory)
    return factory


def imported(folder: Path, jobs: int, run: int) -> dict[str, float]:
    from agenda.archive.importer.run import ImportOptions, list_files, run_import

    place = WORK / f"db-{run}"
    factory = fresh_database(place)
    files = list_files(folder)
    options = ImportOptions(create_councils=True, jobs=jobs, journal_dir=place / "journal")
    report = run_import(factory, files, options=options)
    factory.kw["bind"].dispose()
    p = report.progress
    if p.imported != len(files):
        refused = [o for o in report.outcomes if o.status != "imported"][:3]
        raise SystemExit(f"import run {run}: {p.imported} of {len(files)} imported; e.g. {refused}")
    return {
        "seconds": p.elapsed,
        "files_per_second": p.files_per_second,
        "pages_per_second": p.pages_per_second,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    started = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    load_before = os.getloadavg()
    t0 = time.perf_counter()
    folder = generate(args.files, args.jobs)
    paths = sorted(folder.rglob("*.pdf"))
    print(f"{len(paths)} files generated in {time.perf_counter() - t0:.0f} s ({folder})", flush=True)
    from agenda.pdf.worker import WORKER_NICENESS

    results: dict[str, list[dict[str, float]]] = {"bare": [], "bare1": [], "bare_nice": [], "import": []}
    for run in range(args.runs):
        results["bare"].append(bare(paths, args.jobs))
        print(f"run {run + 1} bare:   {results['bare'][-1]}", flush=True)
        results["bare_nice"].append(bare(paths, args.jobs, WORKER_NICENESS))
        print(f"run {run + 1} bare, nice {WORKER_NICENESS}: {results['bare_nice'][-1]}", flush=True)
        results["bare1"].append(bare(paths, 1))
        print(f"run {run + 1} bare, one process: {results['bare1'][-1]}", flush=True)
        results["import"].append(imported(folder, args.jobs, run))
        print(f"run {run + 1} import: {results['import'][-1]}", flush=True)
    load_after = os.getloadavg()
    med = {k: {m: statistics.median(r[m] for r in v) for m in v[0]} for k, v in results.items()}
    ratio = med["import"]["pages_per_second"] / med["bare"]["pages_per_second"]
    ratio1 = med["import"]["pages_per_second"] / med["bare1"]["pages_per_second"]
    ratio_nice = med["import"]["pages_per_second"] / med["bare_nice"]["pages_per_second"]
    pages = round(med["bare"]["pages_per_second"] / med["bare"]["files_per_second"])
    info = machine()
    lines = [
        SECTION,
        "",
        f"`python -m bench.archive_import --files {args.files} --runs {args.runs} --jobs {args.jobs}` — {started} UTC, "
        f"{info.get('cpu', info.get('cpus', '?'))}; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after "
        f"(the machine is shared with other work); code {code_fingerprint()['sha256']}.",
        f"{len(paths)} generated resolutions (Decree 30 two-column header, {pages} pages each, Vietnamese prose), "
        "SQLite. Medians of the runs, bare and import alternating.",
        "",
        "| | files/s | pages/s | seconds |",
        "|---|---:|---:|---:|",
        *(
            f"| {label} | {med[key]['files_per_second']:.1f} | {med[key]['pages_per_second']:.0f} | {med[key]['seconds']:.1f} |"
            for key, label in (
                ("bare1", "bare pypdfium2 text extraction, 1 process"),
                ("bare", f"bare pypdfium2 text extraction, {args.jobs} processes"),
                (
                    "bare_nice",
                    f"the same, {args.jobs} processes at nice {WORKER_NICENESS} (as the check workers)",
                ),
                ("import", f"import (checks, header, record and PDF stored), {args.jobs} readers + 1 writer"),
            )
        ),
        "",
        f"Ratio import ({args.jobs} cores) / bare extraction in one process (pages/s): **{ratio1:.2f}**; "
        f"import / bare extraction on {args.jobs} cores as well: **{ratio:.2f}** (target ≥ 0.7); import / bare "
        f"extraction on {args.jobs} cores at the check workers' niceness: **{ratio_nice:.2f}**.",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write_docs:
        write_docs_section(SECTION, text)


if __name__ == "__main__":
    main()

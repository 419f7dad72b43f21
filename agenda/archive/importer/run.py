"""An import of a folder of resolution PDFs: every file read in parallel (threads, each with a check
worker process: one per core), one writer — the caller's thread — making the records in batches
(:mod:`agenda.archive.importer.writer`: one transaction for up to ``batch`` files or ``batch_seconds``,
a savepoint per file, so each file is still whole or absent), a journal line per file once its batch is
committed, progress after each.

- Files are written in the folder's order (read ahead in parallel): of two files with the same number, the
  first is imported and the second refused, run after run — also within one batch (a savepoint sees the
  files before it).
- Skips: a file whose SHA-256 is already a resolution's signed copy (or, after the checks removed active
  content, whose stored copy is), or the same content twice in one folder. A re-run therefore resumes a
  killed or interrupted import without duplicates: what was committed is skipped, the rest is done (a
  killed import's last batch is neither in the database nor in the journal).
- ``stop`` set (Ctrl+C, a cancelled job): no file is started any more, the batch being written (the files
  already handed to the writer) is finished, the files in flight are left for the next run (not
  journaled), and the report says it was interrupted."""

from __future__ import annotations

import collections
import concurrent.futures as futures
import datetime as dt
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda import db as storage
from agenda import filestore
from agenda.archive.importer.journal import Journal, Outcome, Status, journal_path
from agenda.archive.importer.metadata import Metadata
from agenda.archive.importer.ocr import ocr_status
from agenda.archive.importer.reading import Prepared, ReadRefusal, prepare
from agenda.archive.importer.writer import Writer, refused_outcome, skipped_outcome
from agenda.errors import DomainError
from agenda.models import Resolution
from agenda.pdf.limits import Limits, checks_busy
from agenda.pdf.worker import Pool
from agenda.text import nfc

_POOLS: dict[int, Pool] = {}  # the check workers of imports, by size (kept for the next import)
_POOLS_GUARD = threading.Lock()


def import_pool(size: int) -> Pool:
    with _POOLS_GUARD:
        return _POOLS.setdefault(size, Pool(size, checks_busy))


@dataclass(frozen=True)
class ImportOptions:
    council_id: int | None = None  # the issuer of files that do not say (and the one all must be)
    create_councils: bool = False  # create unknown historical district councils
    jobs: int = 0  # files read at once; 0: one per core
    journal_dir: Path = Path("var") / "imports"
    journal: Path | None = None  # the journal's file (default: a new one in ``journal_dir``)
    source: str | None = None  # what is imported, as the list of past imports shows it (a folder, an upload)
    csv: str | None = None  # the name of the CSV of the files' details, if any
    actor: str | None = None
    pool: Pool | None = None  # the check workers (default: the import's own, ``jobs`` of them)
    batch: int = 64  # files written per transaction at most (each under its own savepoint)
    batch_seconds: float = 0.3  # a batch is committed once its first file has waited this long

    @property
    def workers(self) -> int:
        return self.jobs if self.jobs > 0 else max(1, os.cpu_count() or 1)


@dataclass
class Progress:
    total: int
    done: int = 0
    imported: int = 0
    skipped: int = 0
    refused: int = 0
    pages: int = 0  # pages of the files read (imported or refused after reading)
    scanned: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    interrupted: bool = False

    def count(self, outcome: Outcome) -> None:
        self.done += 1
        self.pages += outcome.pages
        self.scanned += outcome.scanned
        if outcome.status is Status.IMPORTED:
            self.imported += 1
        elif outcome.status is Status.SKIPPED:
            self.skipped += 1
        else:
            self.refused += 1

    @property
    def elapsed(self) -> float:
        return max(1e-6, (self.finished or time.monotonic()) - self.started)

    @property
    def files_per_second(self) -> float:
        return self.done / self.elapsed

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.elapsed

    @property
    def seconds_left(self) -> float | None:
        rate = self.files_per_second
        return (self.total - self.done) / rate if self.done and rate > 0 else None

    def as_dict(self) -> dict[str, Any]:
        left = self.seconds_left
        return {
            "total": self.total,
            "done": self.done,
            "imported": self.imported,
            "skipped": self.skipped,
            "refused": self.refused,
            "pages": self.pages,
            "scanned": self.scanned,
            "elapsed_seconds": round(self.elapsed, 2),
            "files_per_second": round(self.files_per_second, 2),
            "pages_per_second": round(self.pages_per_second, 1),
            "seconds_left": None if left is None else round(left, 1),
            "interrupted": self.interrupted,
        }


@dataclass
class ImportReport:
    progress: Progress
    outcomes: list[Outcome]
    journal: Path
    ocr_available: bool
    ocr_vi: str
    ocr_en: str

    def summary(self) -> dict[str, Any]:
        return self.progress.as_dict() | {
            "journal": str(self.journal),
            "ocr_available": self.ocr_available,
            "ocr": {"vi": self.ocr_vi, "en": self.ocr_en},
        }


def list_files(folder: Path, *, besides: Path | None = None) -> list[tuple[str, Path]]:
    """Every file under ``folder`` (its path under it, in NFC, and the path), in order; hidden files and
    folders and ``besides`` (the CSV) left out."""
    if not folder.is_dir():
        raise DomainError(
            f"Không có thư mục “{folder}”.", f"There is no folder “{folder}”.", code="not_found", status=404
        )
    skip = besides.resolve() if besides is not None else None
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if skip is not None and path.resolve() == skip:
            continue
        found.append((nfc(relative.as_posix()), path))
    return found


def known_files(factory: sessionmaker[DbSession]) -> dict[str, str]:
    with storage.transaction(factory) as db:
        rows = db.execute(
            select(Resolution.signed_sha256, Resolution.id).where(Resolution.signed_sha256.is_not(None))
        )
        return {sha: f"nghị quyết {rid}" for sha, rid in rows if sha}


def run_import(
    factory: sessionmaker[DbSession],
    files: list[tuple[str, Path]],
    *,
    metadata: Metadata | None = None,
    options: ImportOptions | None = None,
    stop: threading.Event | None = None,
    on_outcome: Callable[[Outcome, Progress], None] | None = None,
    limits: Limits | None = None,
) -> ImportReport:
    """Import ``files`` ((name, path) pairs, :func:`list_files`); the report of what became of each."""
    options = options or ImportOptions()
    limits = limits or Limits.from_env()
    stop = stop or threading.Event()
    metadata = metadata or Metadata()
    known = known_files(factory)
    writer = Writer(
        factory,
        known,
        council_id=options.council_id,
        create_councils=options.create_councils,
        actor=options.actor,
    )
    pool = options.pool or import_pool(options.workers)
    progress = Progress(total=len(files))
    outcomes: list[Outcome] = []
    journal = Journal(options.journal or journal_path(options.journal_dir), _header(options, len(files)))
    seen: dict[str, str] = {}

    def emit(outcome: Outcome) -> None:
        journal.write(outcome)
        outcomes.append(outcome)
        progress.count(outcome)
        if on_outcome is not None:
            on_outcome(outcome, progress)

    def queued() -> Iterator[tuple[str, str, bytes] | None]:
        for name, path in files:
            try:
                content = path.read_bytes()
            except OSError as error:
                emit(refused_outcome(name, None, _unreadable(error)))
                continue
            sha = filestore.sha256(content)
            holder = known.get(sha) or seen.get(sha)
            if holder is not None:
                emit(skipped_outcome(name, sha, holder))
                continue
            seen[sha] = name
            row = metadata.row_for(name)
            if row is not None and row.error is not None:
                emit(refused_outcome(name, sha, row.error))
                continue
            yield name, sha, content

    batch: list[Prepared] = []
    due = 0.0  # when the batch must be committed

    def commit() -> None:
        for outcome in writer.write(batch):
            emit(outcome)
        batch.clear()

    try:
        with futures.ThreadPoolExecutor(options.workers, thread_name_prefix="archive-import") as executor:
            pending: collections.deque[tuple[futures.Future[Prepared], str, str]] = collections.deque()
            source = queued()
            exhausted = False
            while True:
                while not exhausted and not stop.is_set() and len(pending) < 2 * options.workers:
                    item = next(source, None)
                    if item is None:
                        exhausted = True
                        break
                    name, sha, content = item
                    row = metadata.row_for(name)
                    pending.append(
                        (executor.submit(prepare, name, content, sha, row, limits, pool), name, sha)
                    )
                if not pending or stop.is_set():
                    break
                head, name, sha = pending[0]
                wait = min(0.5, max(0.0, due - time.monotonic())) if batch else 0.5
                if not futures.wait([head], timeout=wait).done:
                    if batch and time.monotonic() >= due:
                        commit()
                    continue  # (a look at ``stop`` twice a second)
                pending.popleft()
                if stop.is_set():
                    break
                read = _read(head, name, sha)
                if isinstance(read, Outcome):
                    emit(read)
                    continue
                if not batch:
                    due = time.monotonic() + options.batch_seconds
                batch.append(read)
                if len(batch) >= options.batch or time.monotonic() >= due:
                    commit()
            commit()  # the files handed to the writer are written, even when stopped
            for future, _, _ in pending:  # left for the next run
                future.cancel()
    finally:
        progress.interrupted = stop.is_set()
        progress.finished = time.monotonic()
        status = ocr_status()
        report = ImportReport(progress, outcomes, journal.path, status.available, status.vi, status.en)
        journal.close(report.summary())
    return report


def _header(options: ImportOptions, files: int) -> dict[str, Any]:
    """The journal's first line: when, who, what and how (the list of past imports reads it)."""
    return {
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "actor": options.actor,
        "source": options.source,
        "files": files,
        "options": {
            "council_id": options.council_id,
            "create_councils": options.create_councils,
            "csv": options.csv,
            "jobs": options.workers,
            "batch": options.batch,
        },
    }


def _read(future: futures.Future[Prepared], name: str, sha: str) -> Prepared | Outcome:
    """The file ready to be written, or its refusal."""
    try:
        return future.result()
    except ReadRefusal as refusal:
        return refused_outcome(name, sha, refusal, scanned=refusal.scanned)
    except DomainError as error:
        return refused_outcome(name, sha, error)


def _unreadable(error: OSError) -> DomainError:
    return DomainError(
        f"Không đọc được tệp ({error.strerror or type(error).__name__}).",
        f"The file cannot be read ({error.strerror or type(error).__name__}).",
        code="file_unreadable",
        field="file",
    )

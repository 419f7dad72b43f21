"""Imports started from the archive's upload page: the files arrive one request each into the job's own
folder, then the job runs :func:`~agenda.archive.importer.run.run_import` in a background thread of the
server process while the page polls its progress. One import runs at a time.

The server's import reads one file at a time with the uploads' own check workers (``agenda.pdf.jobs.CHECKS``)
so that a sitting's uploads always find a free worker; the command line (``kyhop archive import``) uses every
core. Jobs live in memory: after a restart the page starts a new one, and the SHA-256 skips make it resume.
The uploaded files are deleted once the job ends (their content is in the database). Past imports — the
server's and the command line's — are read from their journals (:mod:`agenda.archive.importer.history`)."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.archive.importer.journal import Outcome, Status, journal_path
from agenda.archive.importer.metadata import Metadata, read_metadata
from agenda.archive.importer.ocr import ocr_status
from agenda.archive.importer.run import ImportOptions, ImportReport, Progress, list_files, run_import
from agenda.documents.upload import short_name
from agenda.errors import Conflict, DomainError, found
from agenda.pdf import jobs as pdf_jobs

MAX_FILES = 100_000  # per job
RECENT = 200  # outcomes shown on the page (every refusal is kept, and the journal has them all)


class JobStatus:
    RECEIVING = "receiving"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass
class ImportJob:
    id: int
    owner: str | None
    folder: Path
    journal_dir: Path
    council_id: int | None = None
    create_councils: bool = False
    source: str | None = None  # what the archivist chose (a folder's name), as past imports show it
    journal: Path | None = None  # its journal's file, once started
    status: str = JobStatus.RECEIVING
    received: int = 0
    metadata: Metadata | None = None
    csv_name: str | None = None
    progress: Progress | None = None
    outcomes: list[Outcome] = field(default_factory=list)
    refusals: list[Outcome] = field(default_factory=list)
    report: ImportReport | None = None
    error: DomainError | None = None
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    stop: threading.Event = field(default_factory=threading.Event)
    guard: threading.Lock = field(default_factory=threading.Lock)

    def add_file(self, filename: str, content: bytes) -> str:
        """An uploaded file kept for the import (a ``.csv`` is the job's metadata); the name it is kept as."""
        if self.status != JobStatus.RECEIVING:
            raise Conflict(
                "Lần nhập này đã bắt đầu; hãy tạo lần nhập mới.", "This import has started; start a new one."
            )
        name = short_name(PurePath(filename.replace("\\", "/")).name) or "nghi-quyet.pdf"
        if name.lower().endswith(".csv"):
            self.metadata, self.csv_name = read_metadata(content), name
            return name
        with self.guard:
            if self.received >= MAX_FILES:
                raise DomainError(
                    f"Mỗi lần nhập nhận tối đa {MAX_FILES} tệp.",
                    f"An import takes at most {MAX_FILES} files.",
                    code="too_many_files",
                    status=413,
                )
            path = self.folder / name
            stem, dot, extension = name.rpartition(".")
            for n in itertools.count(2):
                if not path.exists():
                    break
                path = self.folder / (f"{stem} ({n}).{extension}" if dot else f"{name} ({n})")
            path.write_bytes(content)
            self.received += 1
            return path.name

    def note(self, outcome: Outcome, progress: Progress) -> None:
        with self.guard:
            self.progress = progress
            self.outcomes.append(outcome)
            del self.outcomes[:-RECENT]
            if outcome.status is Status.REFUSED:
                self.refusals.append(outcome)

    def state(self) -> dict[str, Any]:
        with self.guard:
            progress = self.progress.as_dict() if self.progress else None
            status = ocr_status()
            return {
                "id": self.id,
                "status": self.status,
                "received": self.received,
                "csv": self.csv_name,
                "council_id": self.council_id,
                "create_councils": self.create_councils,
                "progress": progress,
                "recent": [o.as_dict() for o in reversed(self.outcomes)],
                "refused": [o.as_dict() for o in self.refusals],
                "ocr": {"available": status.available, "vi": status.vi, "en": status.en},
                "journal": self.report.journal.name if self.report else None,
                "journal_name": self.journal.name.removesuffix(".jsonl") if self.journal else None,
                "error": {"vi": self.error.vi, "en": self.error.en} if self.error else None,
            }


class ImportJobs:
    """The server's import jobs; ``root``: where their files and journals go."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._jobs: dict[int, ImportJob] = {}
        self._ids = itertools.count(1)
        self._guard = threading.Lock()

    def create(
        self, owner: str | None, *, council_id: int | None, create_councils: bool, source: str | None = None
    ) -> ImportJob:
        with self._guard:
            job_id = next(self._ids)
            folder = self.root / "uploads" / f"{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S}-{job_id}"
            folder.mkdir(parents=True, exist_ok=True)
            job = ImportJob(job_id, owner, folder, self.root, council_id, create_councils, source)
            self._jobs[job_id] = job
            return job

    def running_journals(self) -> set[str]:
        """The names of the journals of the imports running now (their journals have no summary yet)."""
        with self._guard:
            return {
                j.journal.name.removesuffix(".jsonl")
                for j in self._jobs.values()
                if j.status == JobStatus.RUNNING and j.journal is not None
            }

    def get(self, job_id: int) -> ImportJob:
        return found(self._jobs.get(job_id), "lần nhập", "import")

    def start(self, job: ImportJob, factory: sessionmaker[DbSession]) -> None:
        with self._guard:
            if any(j.status == JobStatus.RUNNING for j in self._jobs.values()):
                raise Conflict(
                    "Đang có một lần nhập khác chạy; hãy đợi nó xong.",
                    "Another import is running; wait for it to finish.",
                )
            if job.status != JobStatus.RECEIVING:
                raise Conflict("Lần nhập này đã chạy.", "This import has already run.")
            job.status = JobStatus.RUNNING
            job.journal = journal_path(self.root)
            job.journal.parent.mkdir(parents=True, exist_ok=True)
            job.journal.touch()  # (taken: the next import's journal gets another name)
        threading.Thread(
            target=self._run, args=(job, factory), name=f"archive-import-{job.id}", daemon=True
        ).start()

    def _run(self, job: ImportJob, factory: sessionmaker[DbSession]) -> None:
        options = ImportOptions(
            council_id=job.council_id,
            create_councils=job.create_councils,
            jobs=1,
            journal_dir=job.journal_dir,
            journal=job.journal,
            source=job.source or f"Tải lên: {job.received} tệp / Upload: {job.received} files",
            csv=job.csv_name,
            actor=job.owner,
            pool=pdf_jobs.CHECKS,
        )
        try:
            job.progress = Progress(total=job.received)
            report = run_import(
                factory,
                list_files(job.folder),
                metadata=job.metadata,
                options=options,
                stop=job.stop,
                on_outcome=job.note,
            )
            with job.guard:
                job.report, job.progress, job.status = report, report.progress, JobStatus.DONE
        except DomainError as error:
            job.error, job.status = error, JobStatus.FAILED
        except Exception:  # noqa: BLE001 - the database went away: said on the page; a new import resumes
            job.error = DomainError(
                "Lần nhập dừng vì lỗi cơ sở dữ liệu; các tệp đã nhập được giữ, hãy nhập lại để tiếp tục.",
                "The import stopped on a database error; what was imported is kept — import again to resume.",
                code="unavailable",
                status=503,
            )
            job.status = JobStatus.FAILED
        finally:
            shutil.rmtree(job.folder, ignore_errors=True)

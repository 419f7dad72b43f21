"""The one writer of an import: prepared files written in batches — one transaction for several files, a
SAVEPOINT for each — and what became of each told only once its batch is committed.

Each file stays all-or-nothing: its record, its number, its stored PDF and its audit entries are made under
its own savepoint, and a refusal (a duplicate number, an unknown council, a constraint no rule caught) rolls
back that savepoint alone — the batch's other files are kept. The batch's outcomes are returned (and so
journaled and counted) only after its COMMIT: a killed import has journaled nothing of the batch it was
writing, and the database holds none of it either, so a re-run — which skips by SHA-256, not by the
journal — resumes without duplicates. A COMMIT that fails because the database is not there (503) stops
the import (nothing of the batch is kept or journaled); any other failure of the batch is retried one file
per transaction, so each file is still decided on its own.

Why batches: a transaction per file cost a COMMIT (and, on SQLite, its fsync), a session and the reading of
the issuing council again per file — about a third of the writer's time (``docs/benchmarks.md``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda import db as storage
from agenda.archive.importer.issuers import Issuers
from agenda.archive.importer.journal import Outcome, Status
from agenda.archive.importer.reading import Prepared
from agenda.archive.importer.record import AlreadyImported, write_import
from agenda.errors import DomainError, from_database


def refused_outcome(
    name: str, sha: str | None, error: DomainError, *, scanned: bool = False, pages: int = 0
) -> Outcome:
    return Outcome(name, Status.REFUSED, sha, error.code, error.vi, error.en, pages=pages, scanned=scanned)


def skipped_outcome(name: str, sha: str, holder: str, resolution_id: int | None = None) -> Outcome:
    return Outcome(
        name,
        Status.SKIPPED,
        sha,
        "already_imported",
        f"Đã nhập trước đó (cùng nội dung SHA-256 với {holder}).",
        f"Already imported (the same SHA-256 content as {holder.replace('nghị quyết', 'resolution')}).",
        resolution_id=resolution_id,
    )


@dataclass(frozen=True)
class _Written:
    outcome: Outcome
    stored_sha256: str | None = None  # an imported file's stored copy (after the checks)


class Writer:
    """Writes batches of prepared files; ``known`` (SHA-256 → what holds it) grows as batches commit."""

    def __init__(
        self,
        factory: sessionmaker[DbSession],
        known: dict[str, str],
        *,
        council_id: int | None,
        create_councils: bool,
        actor: str | None,
    ) -> None:
        self.factory = factory
        self.known = known
        self.council_id = council_id
        self.actor = actor
        with storage.transaction(factory) as db:
            self.issuers = Issuers(db, create=create_councils, actor=actor)

    def write(self, batch: list[Prepared]) -> list[Outcome]:
        """The outcome of each file of ``batch``, in order, once the batch is committed."""
        if not batch:
            return []
        try:
            with storage.transaction(self.factory) as db:
                written = [self._one(db, prepared) for prepared in batch]
        except SQLAlchemyError as error:
            self.issuers.settle(committed=False)
            refusal = from_database(error)
            if refusal.status == 503:
                raise  # the database is not there: the import stops, a re-run resumes
            if len(batch) > 1:
                return [outcome for prepared in batch for outcome in self.write([prepared])]
            prepared = batch[0]
            pages = prepared.processed.facts.page_count
            return [
                refused_outcome(
                    prepared.name, prepared.source_sha256, refusal, scanned=prepared.scanned, pages=pages
                )
            ]
        self.issuers.settle(committed=True)
        for item in written:
            if item.outcome.status is Status.IMPORTED and item.outcome.sha256:
                holder = f"nghị quyết {item.outcome.resolution_id}"
                self.known[item.outcome.sha256] = self.known[item.stored_sha256 or ""] = holder
        return [item.outcome for item in written]

    def _one(self, db: DbSession, prepared: Prepared) -> _Written:
        """One file under its own savepoint: imported, or rolled back alone with the reason."""
        name, sha, pages = prepared.name, prepared.source_sha256, prepared.processed.facts.page_count
        self.issuers.begin_file()
        try:
            with db.begin_nested():
                record = write_import(
                    db, prepared, self.issuers, council_id=self.council_id, actor=self.actor
                )
                resolution_id, number, stored = record.id, record.number, record.signed_sha256
        except AlreadyImported as already:
            self.issuers.file_rolled_back()
            holder = f"nghị quyết {already.resolution_id}"
            return _Written(skipped_outcome(name, sha, holder, already.resolution_id))
        except DomainError as error:
            self.issuers.file_rolled_back()
            return _Written(refused_outcome(name, sha, error, scanned=prepared.scanned, pages=pages))
        except SQLAlchemyError as error:  # a constraint no rule caught: this file refused, the batch goes on
            self.issuers.file_rolled_back()
            refusal = from_database(error)
            if refusal.status == 503:
                raise
            return _Written(refused_outcome(name, sha, refusal, scanned=prepared.scanned, pages=pages))
        outcome = Outcome(
            name,
            Status.IMPORTED,
            sha,
            resolution_id=resolution_id,
            number=number,
            pages=pages,
            scanned=prepared.scanned,
            ocr=prepared.ocr,
        )
        return _Written(outcome, stored)

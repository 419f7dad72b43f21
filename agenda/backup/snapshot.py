"""``backup``: one archive of the database as it stood at one moment, taken while the server runs.

Every table is read in one read transaction — SQLite's WAL gives a reader the last committed state and
keeps it for the whole transaction; PostgreSQL's is REPEATABLE READ, READ ONLY — so rows a writer commits
meanwhile are in the archive all together or not at all. The archive is written to a temporary name
beside the destination and renamed once complete: there is never half an archive under its name.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, select

from agenda import clock
from agenda import db as storage
from agenda.backup import archive, tables
from agenda.backup.archive import ArchiveWriter, Manifest, TableDump
from agenda.errors import DomainError


@dataclass(frozen=True)
class BackupReport:
    path: Path
    revision: str
    database: str
    rows: dict[str, int]
    files: int
    file_bytes: int
    size: int
    sha256: str  # of the archive file: note it beside the file
    missing_files: tuple[str, ...]
    damaged_files: tuple[str, ...]


def snapshot_connection(engine: Engine) -> Any:
    """A connection whose one transaction sees a single moment of the database."""
    if engine.dialect.name == "postgresql":
        return engine.connect().execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    return engine.connect()


def backup(url: str | None, destination: Path) -> BackupReport:
    """Write the archive of the database at ``url`` to ``destination`` (refused if it exists)."""
    if destination.exists():
        raise DomainError(
            f"Tệp {destination} đã có: chọn một tên khác (ví dụ có ngày giờ) để không ghi đè bản sao lưu cũ.",
            f"{destination} already exists: choose another name (with the date, say) so no earlier backup is "
            "overwritten.",
            code="exists",
            status=409,
        )
    destination.parent.mkdir(parents=True, exist_ok=True)
    engine = storage.make_engine(url, read_only=True, pool_size=1, max_overflow=0)
    fd, temporary = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            manifest, file_bytes = _write(engine, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, destination)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    finally:
        engine.dispose()
    return _report(destination, manifest, file_bytes)


def _write(engine: Engine, handle: IO[bytes]) -> tuple[Manifest, int]:
    writer = ArchiveWriter(handle)
    with snapshot_connection(engine) as conn, conn.begin():
        revision = MigrationContext.configure(conn).get_current_revision()
        if revision is None:
            raise DomainError(
                "Cơ sở dữ liệu trống (chưa chạy “kyhop db upgrade”): không có gì để sao lưu.",
                "The database is empty (no “kyhop db upgrade” yet): nothing to back up.",
                code="empty",
            )
        found = tables.reflect(conn)
        tables.refuse_open_secret_votes(conn, found)
        dumps = [_dump_table(conn, found[name], writer) for name in sorted(found)]
        missing = _missing_files(conn, found)
    files = {name for name in writer.hashes if name.startswith("files/")}
    damaged = tuple(sorted(n.removeprefix("files/") for n in files if writer.hashes[n] != n[6:]))
    manifest = Manifest(
        revision=revision,
        database=engine.dialect.name,
        created_at=clock.utcnow().replace(tzinfo=dt.UTC).isoformat(timespec="seconds"),
        tables=tuple(dumps),
        members=dict(writer.hashes),
        missing_files=missing,
        damaged_files=damaged,
    )
    writer.finish(manifest)
    return manifest, sum(size for name, size in writer.sizes.items() if name.startswith("files/"))


def _dump_table(conn: Connection, table: Any, writer: ArchiveWriter) -> TableDump:
    files = table.name == archive.FILES_TABLE
    columns = [c for c in table.columns if not (files and c.name == archive.FILES_CONTENT)]
    kinds = tuple((c.name, archive.kind_of(c.type)) for c in columns)
    rows = 0
    hasher = hashlib.sha256()
    with tempfile.TemporaryFile() as lines:
        query = select(*table.columns).order_by(*tables.primary_key(table))
        result = conn.execution_options(stream_results=True, yield_per=1 if files else 1000).execute(query)
        for row in result.mappings():
            values = [archive.encode(kind, row[name]) for name, kind in kinds]
            line = json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
            lines.write(line)
            hasher.update(line)
            rows += 1
            if files:
                writer.add_bytes(f"files/{row[archive.FILES_KEY]}", bytes(row[archive.FILES_CONTENT]))
        size = lines.tell()
        lines.seek(0)
        dump = TableDump(table.name, kinds, rows)
        writer.add(dump.member, lines, size, hasher.hexdigest())
    return dump


def _missing_files(conn: Connection, found: dict[str, Any]) -> tuple[str, ...]:
    stored = found.get(archive.FILES_TABLE)
    missing: set[str] = set()
    for name, column_name in tables.FILE_REFERENCES:
        table = found.get(name)
        if stored is None or table is None or column_name not in table.c:
            continue
        column = table.c[column_name]
        known = select(stored.c[archive.FILES_KEY]).where(stored.c[archive.FILES_KEY] == column)
        query = select(column).where(column.is_not(None), ~known.exists()).distinct()
        missing.update(str(sha) for sha in conn.scalars(query))
    return tuple(sorted(missing))


def _report(path: Path, manifest: Manifest, file_bytes: int) -> BackupReport:
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            hasher.update(chunk)
    return BackupReport(
        path=path,
        revision=manifest.revision,
        database=manifest.database,
        rows={t.name: t.rows for t in manifest.tables},
        files=len(manifest.files),
        file_bytes=file_bytes,
        size=path.stat().st_size,
        sha256=hasher.hexdigest(),
        missing_files=manifest.missing_files,
        damaged_files=manifest.damaged_files,
    )

"""``restore``: an archive back into a database, all of it or nothing.

The archive is checked whole first (every member against the manifest's SHA-256, the schema revision known
to this code). The migrations then build the archive's schema, the rows go in, and the migrations bring it
to this code's head. SQLite: all of it in a new file beside the target, renamed over it at the end.
PostgreSQL: all of it — dropping the old tables included — in one transaction. Either way a failure
leaves the target as it was. The server must be stopped while it runs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import JSON, Connection, Engine, and_, insert, inspect, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, StatementError

from agenda import clock
from agenda import db as storage
from agenda.archive.search import maintain as search
from agenda.backup import archive, tables
from agenda.backup.archive import ArchiveReader, Manifest, bad_archive
from agenda.errors import DomainError
from agenda.models import Council
from agenda.sitting import secrecy

_BATCH = 500


@dataclass(frozen=True)
class RestoreReport:
    source: str  # the database kind the archive was taken from
    created_at: str
    archived_revision: str
    revision: str  # after the migrations ran
    rows: dict[str, int]
    files: int
    keys_destroyed: tuple[int, ...]  # ballot keys of votes the restored database has not open
    time_zone: str  # the restored home council's: the clock ``created_at`` is shown on

    def created_at_written(self) -> str:
        """When the backup was taken, on the council's clock: ``23:30 02/12/2026 (Asia/Ho_Chi_Minh)``."""
        return f"{clock.written_time(dt.datetime.fromisoformat(self.created_at), self.time_zone)} ({self.time_zone})"


def restore(url: str | None, source: Path, *, force: bool = False) -> RestoreReport:
    """Restore the archive ``source`` into the database at ``url``; refused if that database holds any
    row, unless ``force`` (its content is then replaced)."""
    url = storage.database_url(url)
    reader = ArchiveReader(source)
    try:
        reader.verify()
        manifest = reader.manifest
        if url.startswith("sqlite"):
            _restore_sqlite(url, reader, force)
        else:
            _restore_in_transaction(url, reader, force)
    finally:
        reader.close()
    engine = storage.make_engine(url)
    try:
        revision = storage.current_revision(engine) or ""
        # Keys left in the key folder belong to votes of the database replaced: none can be counted now.
        destroyed = secrecy.sweep(storage.session_factory(engine), now=math.inf)
        if "search_entry" in inspect(engine).get_table_names():  # (a schema with the archive's search)
            search.reindex(storage.session_factory(engine))
        with storage.session_factory(engine)() as db:
            zone = db.scalar(select(Council.time_zone).where(Council.is_home.is_(True)))
    finally:
        engine.dispose()
    return RestoreReport(
        source=manifest.database,
        created_at=manifest.created_at,
        archived_revision=manifest.revision,
        revision=revision,
        rows={t.name: t.rows for t in manifest.tables},
        files=len(manifest.files),
        keys_destroyed=tuple(destroyed),
        time_zone=zone or clock.DEFAULT_TIME_ZONE,
    )


def _check_revision(engine: Engine, revision: str) -> None:
    try:
        ScriptDirectory.from_config(storage.alembic_config(engine)).get_revision(revision)
    except CommandError:
        raise DomainError(
            f"Bản sao lưu có lược đồ phiên bản {revision}, mới hơn phần mềm này: hãy cập nhật kyhop trước.",
            f"The backup's schema revision {revision} is newer than this code knows: upgrade kyhop first.",
            code="backup_too_new",
        ) from None


def _refuse_if_not_empty(conn: Connection, force: bool) -> None:
    if not force and tables.row_count(conn, tables.reflect(conn).values()):
        raise DomainError(
            "Cơ sở dữ liệu đích đã có dữ liệu: không khôi phục đè lên. Dùng --force nếu thật sự muốn thay "
            "toàn bộ dữ liệu hiện có bằng bản sao lưu.",
            "The target database is not empty: nothing restored over it. Use --force to replace all its "
            "data with the backup.",
            code="not_empty",
            status=409,
        )


class _InTransaction:
    """What the migrations' env.py calls ``engine``: its ``begin()`` hands out the restore's connection,
    already inside the restore's one transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        yield self.conn


def _restore_in_transaction(url: str, reader: ArchiveReader, force: bool) -> None:
    engine = storage.make_engine(url, pool_size=1, max_overflow=0)
    try:
        _check_revision(engine, reader.manifest.revision)
        config = storage.alembic_config(engine)
        with engine.connect() as conn, conn.begin():
            config.attributes["engine"] = _InTransaction(conn)
            _refuse_if_not_empty(conn, force)
            tables.drop_everything(conn)
            command.upgrade(config, reader.manifest.revision)
            loaded = _load_checked(conn, reader)
            tables.reset_sequences(conn, loaded)
            command.upgrade(config, "head")
    finally:
        engine.dispose()


def _restore_sqlite(url: str, reader: ArchiveReader, force: bool) -> None:
    target = Path(make_url(url).database or "")
    if not target.name or target.name == ":memory:":
        raise DomainError("Cần một tệp SQLite.", "A SQLite file is needed.", code="invalid")
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        # Read-only: the check waits for no writer (a running server is refused just below).
        existing = storage.make_engine(url, read_only=True, pool_size=1, max_overflow=0)
        try:
            with existing.connect() as conn, conn.begin():
                _refuse_if_not_empty(conn, force)
        finally:
            existing.dispose()
        _single_file(target)  # refused now, before the work, if the server has it open
    building = target.with_name(f".{target.name}.restore-{secrets.token_hex(4)}")
    engine = storage.make_engine(f"sqlite:///{building}", pool_size=1, max_overflow=0)
    try:
        _check_revision(engine, reader.manifest.revision)
        storage.upgrade(engine, reader.manifest.revision)
        with engine.connect() as conn, conn.begin():
            _load_checked(conn, reader)
        storage.upgrade(engine, "head")
        engine.dispose()
        _single_file(building)
        if target.exists():
            _single_file(target)
        os.replace(building, target)
        _sync_folder(target.parent)
    finally:
        engine.dispose()
        for leftover in (building, *_companions(building)):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _companions(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _single_file(path: Path) -> None:
    """Fold the write-ahead log into the file and remove it: the file alone is then the whole database
    (a log left beside a renamed file would be read as that file's)."""
    conn = sqlite3.connect(path, timeout=2)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError:
        mode = None
    finally:
        conn.close()
    if mode != "delete":
        # Leaving WAL needs the only connection: another process (the server) has the database open.
        raise DomainError(
            f"Cơ sở dữ liệu {path.name} đang được dùng (máy chủ đang chạy?): hãy dừng máy chủ rồi khôi phục.",
            f"The database {path.name} is in use (is the server running?): stop the server, then restore.",
            code="in_use",
            status=409,
        )
    for companion in _companions(path):
        with contextlib.suppress(FileNotFoundError):
            companion.unlink()


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _load_checked(conn: Connection, reader: ArchiveReader) -> list[Any]:
    """:func:`_load`; rows the schema refuses (a broken reference, a value of the wrong type) refuse the
    archive — the caller's transaction then rolls back whole."""
    try:
        return _load(conn, reader)
    except (IntegrityError, DataError) as error:
        reason = str(error.orig).splitlines()[0] if error.orig else type(error).__name__
        raise bad_archive(
            f"dữ liệu không hợp lược đồ ({reason})", f"its rows do not fit the schema ({reason})"
        ) from None
    except StatementError as error:
        if isinstance(error, DBAPIError):
            raise
        raise bad_archive("một giá trị sai kiểu", f"a value has the wrong type ({error.orig})") from None


def _load(conn: Connection, reader: ArchiveReader) -> list[Any]:
    """Every table's rows, parents before children; the columns of cycles set once all rows are in."""
    manifest: Manifest = reader.manifest
    found = tables.reflect(conn)
    dumps = {t.name: t for t in manifest.tables}
    unknown = sorted(set(dumps) - set(found))
    if unknown:
        raise bad_archive(
            f"bảng {unknown[0]} không có trong lược đồ", f"table {unknown[0]} is not in its schema"
        )
    plan = tables.load_plan(found[name] for name in dumps)
    pending: list[tuple[Any, dict[str, Any], dict[str, Any]]] = []
    for table in plan.tables:
        dump = dumps[table.name]
        names = [name for name, _ in dump.columns]
        if not set(names) <= set(table.c.keys()):
            raise bad_archive(f"cột của bảng {table.name} không khớp", f"the columns of {table.name} differ")
        for column in table.columns:
            if isinstance(column.type, JSON):
                column.type.none_as_null = True  # NULL stays NULL, not the JSON text "null"
        later = plan.later.get(table.name, ())
        keys = [c.name for c in tables.primary_key(table)]
        files = table.name == archive.FILES_TABLE
        batch: list[dict[str, Any]] = []
        count = 0
        for values in reader.lines(dump):
            row = dict(zip(names, values, strict=True))
            if files:
                row[archive.FILES_CONTENT] = _stored(reader, str(row[archive.FILES_KEY]))
            deferred = {name: row[name] for name in later if row.get(name) is not None}
            if deferred:
                pending.append((table, {k: row[k] for k in keys}, deferred))
                row.update(dict.fromkeys(deferred))
            batch.append(row)
            count += 1
            if len(batch) >= (1 if files else _BATCH):
                conn.execute(insert(table), batch)
                batch = []
        if batch:
            conn.execute(insert(table), batch)
        if count != dump.rows:
            raise bad_archive(f"số dòng của bảng {table.name} sai", f"the row count of {table.name} is wrong")
    for table, key, columns in pending:
        conn.execute(update(table).where(and_(*(table.c[k] == v for k, v in key.items()))).values(columns))
    return list(plan.tables)


def _stored(reader: ArchiveReader, sha: str) -> bytes:
    if f"files/{sha}" not in reader.manifest.members:
        raise bad_archive(f"thiếu tệp {sha[:12]}…", f"file {sha[:12]}… is missing")
    return reader.file(sha)

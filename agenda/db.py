"""Engines, connections and migrations: SQLite by default, PostgreSQL by URL."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    Engine,
    Integer,
    Select,
    any_,
    bindparam,
    create_engine,
    event,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

DEFAULT_DATABASE_PATH = Path("var") / "kyhop.sqlite"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
T = TypeVar("T")
Writer = sessionmaker[DbSession] | None  # a factory for a write transaction of its own, or None


def database_url(explicit: str | os.PathLike[str] | None = None) -> str:
    """The URL to use: an explicit one, else ``KYHOP_DATABASE_URL``, else ``var/kyhop.sqlite``.

    A bare file path is accepted and turned into a SQLite URL; ``postgres://`` and ``postgresql://``
    use the psycopg 3 driver.
    """
    url = (
        os.fspath(explicit)
        if explicit
        else os.environ.get("KYHOP_DATABASE_URL") or str(DEFAULT_DATABASE_PATH)
    )
    if "://" not in url:
        return f"sqlite:///{url}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Transactions are begun by us (see _sqlite_begin), not by the driver.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: each commit is on disk (the WAL fsynced) before it is acknowledged, so a ballot a tablet was
    # told is recorded survives a power cut or an OS crash in the hall. NORMAL would survive a crash of the
    # server process but could lose the last commits on an OS crash — acknowledged ballots among them.
    # Ballots are written in batches (session_server/realtime/ballots.py), so the fsync is paid per batch,
    # not per ballot (docs/benchmarks.md, "synchronous=FULL").
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _sqlite_begin_write(conn: Any) -> None:
    # BEGIN IMMEDIATE takes the write lock up front: two writers queue (busy_timeout) instead of one
    # failing with "database is locked" when it upgrades a read lock.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_begin_read(conn: Any) -> None:
    # A reader never waits for writers in WAL mode: it reads the last committed state.
    conn.exec_driver_sql("BEGIN")


def make_engine(
    url: str | os.PathLike[str] | None = None, *, read_only: bool = False, **kwargs: Any
) -> Engine:
    """An engine for ``url``. ``read_only``: for SQLite, transactions that only read (snapshots,
    replays, GET requests) and so must not queue behind the single writer; PostgreSQL needs no split."""
    url = database_url(url)
    # As many connections kept open as Starlette's worker threads (40), and a few more for the background
    # reporters: with fewer kept, a burst of requests (200 tablets asking for the pack at once) opens and
    # closes a connection per request — for PostgreSQL a new server process each time (bench/download.py).
    if ":memory:" not in url and "mode=memory" not in url:  # (one connection per thread there)
        kwargs.setdefault("pool_size", int(os.environ.get("KYHOP_DB_POOL_SIZE", "40")))
        kwargs.setdefault("max_overflow", int(os.environ.get("KYHOP_DB_MAX_OVERFLOW", "10")))
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1] if ":///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_read if read_only else _sqlite_begin_write)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def session_factory(engine: Engine) -> sessionmaker[DbSession]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[DbSession]) -> Iterator[DbSession]:
    """One unit of work: commits when the block ends, rolls back whole on any error."""
    with factory() as db, db.begin():
        yield db


def write_apart(db: DbSession, writer: Writer, work: Callable[[DbSession], T]) -> T:
    """Run ``work`` in its own short write transaction (``writer``: the request may be a read-only one —
    a GET — and a long build must not hold SQLite's write lock), else in ``db`` under a savepoint."""
    if writer is None:
        with db.begin_nested():
            return work(db)
    with transaction(writer) as own:
        return work(own)


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` with Alembic (``kyhop db upgrade``)."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def head_revision(engine: Engine) -> str | None:
    """The schema revision this code's migrations end at."""
    from alembic.script import ScriptDirectory

    head: str | None = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def among(db: DbSession, column: Any, ids: Sequence[int]) -> Any:
    """``column IN ids`` as one bound value, however many ids (:func:`among_values` for the session's
    database)."""
    return among_values(db.get_bind().dialect.name, column, ids)


def among_values(dialect: str, column: Any, ids: Sequence[int]) -> Any:
    """``column IN ids`` as one bound value: an array on PostgreSQL (``= ANY``: planned for its length, where
    thousands of bound values cost more than the query), a JSON list read by ``json_each`` on SQLite."""
    if dialect == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    listed: Select[Any] = select(literal_column("value")).select_from(func.json_each(json.dumps(list(ids))))
    return column.in_(listed.scalar_subquery())

"""The embedded database's durability: an acknowledged ballot is on disk before the tablet hears so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from agenda import db as storage
from agenda.models import Council, CouncilLevel


def test_sqlite_commits_are_fsynced_before_they_are_acknowledged(tmp_path: Path) -> None:
    engine = storage.make_engine(f"sqlite:///{tmp_path / 'k.sqlite'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL (NORMAL is 1)
    engine.dispose()


def test_among_takes_more_ids_than_a_statement_may_bind_as_one_value(factory: Any) -> None:
    """40,000 ids (SQLite binds at most 32,766 values in a statement) as one array or JSON list; the same rows as
    a plain IN of a few."""
    with factory() as db:
        rows = [
            {
                "name": f"HĐND xã {i}",
                "short_name": f"HĐND xã {i}",
                "place_name": f"Xã {i}",
                "level": CouncilLevel.COMMUNE,
            }
            for i in range(1, 31)
        ]
        db.execute(insert(Council), rows)
        ids = list(db.scalars(select(Council.id).order_by(Council.id)))
        wanted = ids[::3] + list(range(10**6, 10**6 + 40_000))
        got = db.scalars(select(Council.id).where(storage.among(db, Council.id, wanted)).order_by(Council.id))
        assert list(got) == ids[::3]
        assert list(db.scalars(select(Council.id).where(storage.among(db, Council.id, [])))) == []
        db.rollback()

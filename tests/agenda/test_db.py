"""The embedded database's durability: an acknowledged ballot is on disk before the tablet hears so."""

from __future__ import annotations

from pathlib import Path

from agenda import db as storage


def test_sqlite_commits_are_fsynced_before_they_are_acknowledged(tmp_path: Path) -> None:
    engine = storage.make_engine(f"sqlite:///{tmp_path / 'k.sqlite'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL (NORMAL is 1)
    engine.dispose()

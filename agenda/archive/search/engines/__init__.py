"""The search engines (:mod:`.protocol`): SQLite FTS5 in tiers (:mod:`.sqlite`), PostgreSQL full-text search
(:mod:`.postgres`); :func:`engine_for` picks the database's."""

from __future__ import annotations

from sqlalchemy.orm import Session as DbSession

from agenda.archive.search.engines.postgres import PostgresEngine
from agenda.archive.search.engines.protocol import WEIGHTS, Engine, best_per_resolution
from agenda.archive.search.engines.sqlite import SqliteEngine

__all__ = ["WEIGHTS", "Engine", "PostgresEngine", "SqliteEngine", "best_per_resolution", "engine_for"]


def engine_for(db: DbSession) -> Engine:
    return SqliteEngine() if db.get_bind().dialect.name == "sqlite" else PostgresEngine()

"""``kyhop db upgrade`` / ``kyhop db current``: the schema, by Alembic migrations."""

from __future__ import annotations

import argparse

from sqlalchemy import Engine

from agenda import db as storage


def engine_of(args: argparse.Namespace) -> Engine:
    return storage.make_engine(args.database)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    engine = engine_of(args)
    storage.upgrade(engine, args.revision)
    print(
        f"Cơ sở dữ liệu đã ở phiên bản {storage.current_revision(engine)} ({engine.url.render_as_string()})."
    )
    return 0


def cmd_db_current(args: argparse.Namespace) -> int:
    print(storage.current_revision(engine_of(args)) or "(trống — chạy “kyhop db upgrade”)")
    return 0

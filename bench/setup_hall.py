"""Build a benchmark database: a council with N delegates (each with a delegate account), a secretary,
a published session starting today, today's sitting open and every delegate checked in.

The database is rebuilt from scratch every time:
- SQLite (a path or ``sqlite:///…``): the file and its -wal/-shm are deleted first;
- PostgreSQL (``postgresql://…/NAME``): the database NAME is dropped and created again through the
  server's ``postgres`` maintenance database (so never point it at a database you want to keep).

A manifest (JSON) lists the session id, the secretary's and every delegate's user id, auth version and
person id; the benchmarks mint signed session cookies from it instead of signing 1,000 users in by HTTP.

    .venv/bin/python bench/setup_hall.py --database bench/out/hall.sqlite --delegates 1000
    .venv/bin/python bench/setup_hall.py --database postgresql://postgres@127.0.0.1:5432/kyhop_bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("KYHOP_FAST_PASSWORD_HASH", "1")  # before agenda.accounts is imported: cheap hashes

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agenda import clock
from agenda.accounts import signins
from agenda.accounts.users import UserInput
from agenda.council import items, sessions, terms
from agenda.council.delegates import DelegateInput
from agenda.council.items import AgendaItemInput
from agenda.council.sessions import SessionInput
from agenda.council.terms import CouncilInput, TermInput
from agenda.sitting import attendance, opening
from bench.common import OUT, write_json  # noqa: E402

BENCH_DB_NAME = "kyhop_bench"


def reset_database(url: str) -> str:
    """Delete (SQLite) or drop and create (PostgreSQL) the database; return the SQLAlchemy URL."""
    from agenda.db import database_url

    url = database_url(url)
    if url.startswith("sqlite:///"):
        path = Path(url.split(":///", 1)[1])
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        (path.parent / "secret_key").unlink(missing_ok=True)
        return url
    if not url.startswith("postgresql"):
        raise SystemExit(f"unsupported database URL: {url}")
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    name = parsed.database
    if not name or name in ("postgres", "template0", "template1"):
        raise SystemExit(
            f"refusing to drop the database {name!r}: name a dedicated one such as {BENCH_DB_NAME}"
        )
    host = parsed.host or "127.0.0.1"
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("the benchmarks only talk to 127.0.0.1")
    conninfo = psycopg.conninfo.make_conninfo(
        host=host,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password or None,
        dbname="postgres",
        connect_timeout=10,
    )
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> "
            "pg_backend_pid()",
            (name,),
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def build(url: str, delegates: int, manifest_path: Path | None = None) -> dict[str, Any]:
    """Rebuild ``url`` with a hall of ``delegates`` and return (and write) the manifest."""
    from agenda import db as storage
    from agenda.accounts.users import create_user
    from agenda.council.delegates import add_delegate
    from agenda.models import Session, User

    started = time.monotonic()
    url = reset_database(url)
    engine = storage.make_engine(url)
    storage.upgrade(engine)
    factory = storage.session_factory(engine)
    today = clock.today(clock.DEFAULT_TIME_ZONE)
    with storage.transaction(factory) as db:
        home = terms.create_council(
            db,
            CouncilInput.parse(
                {
                    "name": "Hội đồng nhân dân tỉnh Thử Tải",
                    "short_name": "HĐND tỉnh Thử Tải",
                    "place_name": "Thử Tải",
                    "level": "province",
                }
            ),
            is_home=True,
        )
        term = terms.create_term(
            db,
            home,
            TermInput.parse({"number": 1, "starts_on": (today - dt.timedelta(days=200)).isoformat()}),
        )
        session = sessions.create_session(
            db,
            term,
            SessionInput.parse(
                {"starts_on": today.isoformat(), "ends_on": (today + dt.timedelta(days=1)).isoformat()}
            ),
        )
        for title in ["Khai mạc", "Nghị quyết dự toán ngân sách", "Chất vấn"]:
            items.add_agenda_item(db, session, AgendaItemInput.parse({"title": title}))
        session_id = session.id
        term_id = term.id
    people: list[int] = []
    batch = 250
    for start in range(0, delegates, batch):
        with storage.transaction(factory) as db:
            from agenda.models import Term

            term = db.get(Term, term_id)
            for i in range(start, min(delegates, start + batch)):
                people.append(
                    add_delegate(
                        db,
                        term,
                        DelegateInput.parse(
                            {"full_name": f"Đại biểu {i + 1:04d}", "seat_label": f"G{i + 1:04d}"}
                        ),
                    ).person_id
                )
    with storage.transaction(factory) as db:
        sessions.publish_session(db, db.get(Session, session_id))
    users: list[dict[str, int]] = []
    for start in range(0, delegates, batch):
        with storage.transaction(factory) as db:
            for i in range(start, min(delegates, start + batch)):
                user = create_user(
                    db,
                    UserInput.parse(
                        {
                            "username": f"db{i + 1:04d}",
                            "display_name": f"Đại biểu {i + 1:04d}",
                            "password": "mat-khau-bench",
                            "roles": ["delegate"],
                            "person_id": people[i],
                        }
                    ),
                )
                users.append({"user_id": user.id, "auth_version": user.auth_version, "person_id": people[i]})
        # (user ids are known after flush; auth_version defaults to 1)
    with storage.transaction(factory) as db:
        secretary = create_user(
            db,
            UserInput.parse(
                {
                    "username": "thuky",
                    "display_name": "Thư ký kỳ họp",
                    "password": "mat-khau-bench",
                    "roles": ["secretary"],
                }
            ),
        )
        secretary_info = {"user_id": secretary.id, "auth_version": secretary.auth_version}
    with storage.transaction(factory) as db:
        opening.open_sitting(db, db.get(Session, session_id), None)
    for start in range(0, delegates, batch):
        with storage.transaction(factory) as db:
            session = db.get(Session, session_id)
            for person in people[start : start + batch]:
                attendance.check_in(db, session, person, method="card", actor=None)
    with storage.transaction(factory) as db:  # each tablet and the console signed in (a sign-in session each)
        for entry in [*users, secretary_info]:
            signin, token = signins.open(db, db.get(User, entry["user_id"]))
            entry["auth_version"] = db.get(User, entry["user_id"]).auth_version
            entry["signin_id"], entry["signin_token"] = signin.id, token
    with factory() as db:
        quorum = attendance.quorum(db, db.get(Session, session_id))
    engine.dispose()
    manifest = {
        "database_url": url,
        "session_id": session_id,
        "delegates": users,
        "secretary": secretary_info,
        "quorum": quorum,
        "built_in_s": round(time.monotonic() - started, 1),
    }
    if manifest_path is not None:
        write_json(manifest_path, manifest)
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database",
        default=str(OUT / "hall.sqlite"),
        help="SQLite path / URL, or postgresql://postgres@127.0.0.1:5432/kyhop_bench "
        "(dropped and recreated!) — default: %(default)s",
    )
    parser.add_argument(
        "--delegates", type=int, default=1000, help="delegates in office (default: %(default)s)"
    )
    parser.add_argument(
        "--manifest", type=Path, default=OUT / "hall.json", help="where to write the manifest"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.delegates <= 5000:
        parser.error("--delegates must be between 1 and 5000")
    manifest = build(args.database, args.delegates, args.manifest)
    print(
        f"built {len(manifest['delegates'])} delegates, session {manifest['session_id']}, quorum "
        f"{manifest['quorum']['present']}/{manifest['quorum']['total']} in {manifest['built_in_s']} s "
        f"-> {args.manifest}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

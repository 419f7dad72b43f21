"""``kyhop demo`` and ``kyhop serve``: build the demo council, run the server."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from agenda import db as storage


def _has_council(engine: Engine) -> bool:
    from agenda.models import Council

    with storage.session_factory(engine)() as db:
        return db.scalar(select(Council.id).limit(1)) is not None


def cmd_demo(args: argparse.Namespace) -> int:
    """Build the demo council (unless the database has data), print the demo's sign-ins — on every start,
    and alone with ``--accounts`` — and serve it."""
    from agenda.demo.build import build_demo

    url = storage.database_url(args.database)
    if args.accounts:
        return _print_accounts(url)
    if args.reset and url.startswith("sqlite:///"):
        path = Path(url.split(":///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    engine = storage.make_engine(url)
    storage.upgrade(engine)
    if _has_council(engine):
        print("Cơ sở dữ liệu đã có dữ liệu — giữ nguyên (dùng --reset để tạo lại dữ liệu mẫu).")
    else:
        with storage.transaction(storage.session_factory(engine)) as db:
            summary = build_demo(db)
        print(
            f"Đã tạo dữ liệu mẫu: {summary.council_name}, {summary.term_label}, "
            f"{summary.delegates_in_office} đại biểu đang làm nhiệm vụ."
        )
        print(f"Kỳ họp sắp tới: {summary.upcoming_session_heading}")
    engine.dispose()
    _print_accounts(url)
    if args.no_serve:
        return 0
    return _serve(args, url)


def _print_accounts(url: str) -> int:
    """The demo's sign-ins that work in this database (``agenda.demo.logins``); 1 when there are none."""
    from agenda.demo.logins import as_lines, demo_logins

    engine = storage.make_engine(url)
    try:
        if storage.current_revision(engine) is None:
            logins = []
        else:
            with storage.session_factory(engine)() as db:
                logins = demo_logins(db)
    finally:
        engine.dispose()
    if not logins:
        print(
            "Không có tài khoản mẫu trong cơ sở dữ liệu này — chạy “kyhop demo” để tạo dữ liệu mẫu.\n"
            "No demo accounts in this database — run “kyhop demo” to build the demo."
        )
        return 1
    print("\nTài khoản để thử / Sign-in details:", flush=True)
    print("\n".join(as_lines(logins)), flush=True)
    return 0


# How uvicorn runs the app — in `kyhop serve` and in the tests' servers.
# - httptools on asyncio's own loop: the protocol and loop on which documents and packs are sent with
#   sendfile(2) (session_server/fileserve.py; uvloop has no loop.sendfile).
# - websockets-sansio: ~22% less CPU per broadcast than the legacy "websockets" protocol; no per-message
#   deflate, so a message encoded once is sent as is to every screen (bench/README.md).
SERVER_OPTIONS: dict[str, Any] = {
    "http": "httptools",
    "loop": "asyncio",
    "ws": "websockets-sansio",
    "ws_per_message_deflate": False,
}


def cmd_serve(args: argparse.Namespace) -> int:
    url = storage.database_url(args.database)
    engine = storage.make_engine(url)
    current = storage.current_revision(engine)
    if current is None:
        storage.upgrade(engine)
    elif current != storage.head_revision(engine):
        # Served as it is, every request touching a changed table would fail: refuse, and say what to do.
        raise SystemExit(
            f"Cơ sở dữ liệu ở phiên bản {current}, phần mềm cần {storage.head_revision(engine)}: sao lưu "
            "(kyhop backup) rồi chạy kyhop db upgrade.\n"
            f"The database is at schema {current}, this code needs {storage.head_revision(engine)}: back it up "
            "(kyhop backup), then run kyhop db upgrade."
        )
    return _serve(args, url)


def say_if_empty(url: str, secret_key: str, address: str) -> None:
    """On an empty database: how to set it up — ``kyhop init``, or the first-run page with its one token."""
    from agenda.council.setup import has_accounts, is_set_up
    from session_server.api.setup import setup_token

    engine = storage.make_engine(url)
    try:
        with storage.session_factory(engine)() as db:
            if is_set_up(db) or has_accounts(db):
                return
    finally:
        engine.dispose()
    token = setup_token(secret_key)
    print(
        "\nCơ sở dữ liệu còn trống / The database is empty. Khởi tạo bằng “kyhop init”, hoặc mở trang khởi tạo "
        f"(or open the first-run page):\n  {address}/setup.html#token={token}\n"
        f"  Mã khởi tạo / set-up token: {token}",
        flush=True,
    )


def _serve(args: argparse.Namespace, url: str) -> int:
    import uvicorn

    from session_server.app import create_app
    from session_server.settings import make_settings

    settings = make_settings(url, public_url=args.public_url, redis_url=args.redis)
    app = create_app(settings)
    address = settings.public_url.rstrip("/") if settings.public_url else f"http://{args.host}:{args.port}"
    say_if_empty(settings.database_url, settings.secret_key, address)
    print(
        f"\nKỳ họp số đang chạy tại / running at: http://{args.host}:{args.port}/  (Ctrl+C để dừng)",
        flush=True,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, **SERVER_OPTIONS)
    return 0

"""The ``kyhop`` command: database, demo, server, accounts and QR cards.

Every command takes ``--database URL`` (or ``KYHOP_DATABASE_URL``); the default is ``var/kyhop.sqlite``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from agenda import db as storage
from agenda.errors import DomainError


def _engine(args: argparse.Namespace) -> Engine:
    return storage.make_engine(args.database)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    engine = _engine(args)
    storage.upgrade(engine, args.revision)
    print(
        f"Cơ sở dữ liệu đã ở phiên bản {storage.current_revision(engine)} ({engine.url.render_as_string()})."
    )
    return 0


def cmd_db_current(args: argparse.Namespace) -> int:
    print(storage.current_revision(_engine(args)) or "(trống — chạy “kyhop db upgrade”)")
    return 0


def _has_council(engine: Engine) -> bool:
    from agenda.models import Council

    with storage.session_factory(engine)() as db:
        return db.scalar(select(Council.id).limit(1)) is not None


def cmd_demo(args: argparse.Namespace) -> int:
    from agenda.demo import build_demo

    url = storage.database_url(args.database)
    if args.reset and url.startswith("sqlite:///"):
        path = Path(url.split(":///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    engine = storage.make_engine(url)
    storage.upgrade(engine)
    if _has_council(engine):
        print("Cơ sở dữ liệu đã có dữ liệu — giữ nguyên (dùng --reset để tạo lại dữ liệu mẫu).")
        summary = None
    else:
        with storage.transaction(storage.session_factory(engine)) as db:
            summary = build_demo(db)
        print(
            f"Đã tạo dữ liệu mẫu: {summary.council_name}, {summary.term_label}, "
            f"{summary.delegates_in_office} đại biểu đang làm nhiệm vụ."
        )
        print(f"Kỳ họp sắp tới: {summary.upcoming_session_heading}")
    if summary is not None:
        print("\nTài khoản để thử / Sign-in details:")
        for username, password, role in summary.logins:
            print(f"  {username:<16} {password:<14} {role}")
    if args.no_serve:
        return 0
    return _serve(args, url)


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
    if storage.current_revision(engine) is None:
        storage.upgrade(engine)
    return _serve(args, url)


def _serve(args: argparse.Namespace, url: str) -> int:
    import uvicorn

    from session_server.app import create_app
    from session_server.settings import make_settings

    app = create_app(make_settings(url, public_url=args.public_url, redis_url=args.redis))
    print(
        f"\nKỳ họp số đang chạy tại / running at: http://{args.host}:{args.port}/  (Ctrl+C để dừng)",
        flush=True,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, **SERVER_OPTIONS)
    return 0


def cmd_user_create(args: argparse.Namespace) -> int:
    from agenda.accounts import create_user

    password = args.password or getpass.getpass("Mật khẩu / Password: ")
    with storage.transaction(storage.session_factory(_engine(args))) as db:
        user = create_user(
            db,
            {
                "username": args.username,
                "display_name": args.display_name or args.username,
                "password": password,
                "roles": args.roles.split(","),
            },
        )
        print(f"Đã tạo tài khoản {user.username} ({', '.join(sorted(r.value for r in user.roles))}).")
    return 0


def cmd_cards(args: argparse.Namespace) -> int:
    from agenda.cards import issue_cards_for_term, render_cards_pdf
    from agenda.council import current_term, home_council
    from session_server.settings import make_settings

    base_url = args.base_url or make_settings(args.database).base_url()
    with storage.transaction(storage.session_factory(_engine(args))) as db:
        council = home_council(db)
        faces = issue_cards_for_term(db, current_term(db, council), base_url, days=args.days)
        pdf = render_cards_pdf(faces, council_name=council.name)
        # Written before the transaction commits: if the file cannot be written, no card is issued.
        Path(args.output).write_bytes(pdf)
    print(
        f"Đã in {len(faces)} thẻ đăng nhập vào {args.output} (hiệu lực {args.days} ngày; thẻ cũ đã bị thu hồi)."
    )
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Check the hash chain of the audit trail; exit 1 and name the first broken link if it is broken."""
    from agenda.audit import verify

    with storage.session_factory(_engine(args))() as db:
        verdict = verify(db)
    if verdict.ok:
        print(
            f"Nhật ký kiểm tra toàn vẹn: {verdict.entries} bản ghi, chuỗi băm hợp lệ. / "
            f"Audit trail intact: {verdict.entries} entries."
        )
        return 0
    print(
        f"NHẬT KÝ BỊ SỬA ĐỔI: mắt xích hỏng đầu tiên là bản ghi số {verdict.broken_at} ({verdict.reason}); "
        f"{verdict.entries} bản ghi trước đó hợp lệ.\nAUDIT TRAIL BROKEN at entry {verdict.broken_at}: "
        f"{verdict.reason}.",
        file=sys.stderr,
    )
    return 1


def cmd_files_prune(args: argparse.Namespace) -> int:
    """Keep the disk cache of files (downloads, stamped copies, packs, page images) under a size."""
    from agenda.filestore import FileCache, root_for

    if args.max_mb < 0:
        print("--max-mb phải ≥ 0 / must be ≥ 0", file=sys.stderr)
        return 2
    root = root_for(storage.database_url(args.database))
    result = FileCache(root).prune(args.max_mb * 1024 * 1024, spare_seconds=args.spare_minutes * 60)
    print(
        f"Đã xóa {result.removed} tệp ({result.freed / 1048576:.1f} MB) khỏi {root}; còn {result.kept} tệp "
        f"({result.kept_bytes / 1048576:.1f} MB). / Removed {result.removed} files, kept {result.kept}."
    )
    return 0


def cmd_routes(args: argparse.Namespace) -> int:
    from session_server.app import api  # importing the app registers every endpoint
    from session_server.openapi import openapi_document

    if args.json:
        print(json.dumps(openapi_document(api.docs), ensure_ascii=False, indent=2))
    else:
        for doc in api.docs:
            print(f"{doc.method:<7} {doc.path:<45} {doc.summary}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kyhop", description="Kỳ họp số — phiên họp số của HĐND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database",
        metavar="URL",
        help="SQLite path or database URL (default: $KYHOP_DATABASE_URL or var/kyhop.sqlite)",
    )
    serving = argparse.ArgumentParser(add_help=False)
    serving.add_argument("--host", default="127.0.0.1")
    serving.add_argument("--port", type=int, default=8000)
    serving.add_argument("--public-url", help="Address printed on QR cards (default: the request's address)")
    serving.add_argument("--log-level", default="info")
    serving.add_argument(
        "--redis", metavar="URL", help="Redis for fan-out between processes ($KYHOP_REDIS_URL)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db", help="Database schema").add_subparsers(dest="db_command", required=True)
    up = db.add_parser("upgrade", parents=[common], help="Apply migrations")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(func=cmd_db_upgrade)
    db.add_parser("current", parents=[common], help="Show the schema revision").set_defaults(
        func=cmd_db_current
    )

    demo = sub.add_parser(
        "demo", parents=[common, serving], help="Build a realistic demo council and serve it"
    )
    demo.add_argument("--reset", action="store_true", help="Delete the SQLite file first")
    demo.add_argument("--no-serve", action="store_true", help="Only build the data")
    demo.set_defaults(func=cmd_demo)

    sub.add_parser("serve", parents=[common, serving], help="Run the server").set_defaults(func=cmd_serve)

    user = sub.add_parser("user", help="Accounts").add_subparsers(dest="user_command", required=True)
    create = user.add_parser("create", parents=[common], help="Create an account")
    create.add_argument("username")
    create.add_argument(
        "--roles", required=True, help="Comma-separated: delegate,secretary,chair,archivist,admin"
    )
    create.add_argument("--display-name")
    create.add_argument("--password", help="Asked for when omitted")
    create.set_defaults(func=cmd_user_create)

    cards = sub.add_parser("cards", parents=[common], help="Print QR sign-in cards for every delegate (PDF)")
    cards.add_argument("--output", "-o", default="the-dang-nhap.pdf")
    cards.add_argument("--days", type=int, default=30, help="Days the cards stay valid")
    cards.add_argument("--base-url", help="Server address on the cards, e.g. http://10.0.0.5:8000")
    cards.set_defaults(func=cmd_cards)

    sub.add_parser("verify", parents=[common], help="Check the audit trail's hash chain").set_defaults(
        func=cmd_verify
    )

    files = sub.add_parser("files", help="The disk cache of files").add_subparsers(
        dest="files_command", required=True
    )
    prune = files.add_parser(
        "prune",
        parents=[common],
        help="Remove the least recently used cached files "
        "(all can be made again from the database) down to a size",
    )
    prune.add_argument("--max-mb", type=int, default=2048, help="Size to keep, in MB (default 2048)")
    prune.add_argument("--spare-minutes", type=int, default=60, help="Never remove files used this recently")
    prune.set_defaults(func=cmd_files_prune)

    routes = sub.add_parser("routes", help="List the HTTP API (or --json for the OpenAPI document)")
    routes.add_argument("--json", action="store_true")
    routes.set_defaults(func=cmd_routes)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except DomainError as error:
        print(f"Lỗi: {error.vi}\nError: {error.en}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

"""The ``kyhop`` command: database, set-up (``init``), demo, server, accounts and QR cards.

Every command takes ``--database URL`` (or ``KYHOP_DATABASE_URL``); the default is ``var/kyhop.sqlite``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from agenda.errors import DomainError
from session_server.cli.accounts import cmd_cards, cmd_user_create
from session_server.cli.archive import add_archive_parser
from session_server.cli.backup import cmd_backup, cmd_restore
from session_server.cli.database import cmd_db_current, cmd_db_upgrade
from session_server.cli.init import add_init_parser
from session_server.cli.maintenance import cmd_files_prune, cmd_routes, cmd_verify
from session_server.cli.serve import cmd_demo, cmd_serve


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

    add_init_parser(sub, common)  # kyhop init: a real council from nothing

    demo = sub.add_parser(
        "demo", parents=[common, serving], help="Build a realistic demo council and serve it"
    )
    demo.add_argument("--reset", action="store_true", help="Delete the SQLite file first")
    demo.add_argument("--no-serve", action="store_true", help="Only build the data")
    demo.add_argument(
        "--accounts", action="store_true", help="Print the demo's sign-ins (users, passwords) and exit"
    )
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

    # Back up and restore (docs/operations.md): the database, stored files included, in one archive file.
    save = sub.add_parser(
        "backup", parents=[common], help="Write a consistent snapshot of the database and its files to FILE"
    )
    save.add_argument("file", metavar="FILE", help="The archive to write (must not exist yet)")
    save.set_defaults(func=cmd_backup)
    load = sub.add_parser(
        "restore",
        parents=[common],
        help="Restore an archive written by “kyhop backup” (stop the server first)",
    )
    load.add_argument("file", metavar="FILE", help="The archive to restore")
    load.add_argument("--force", action="store_true", help="Replace the data of a database that is not empty")
    load.set_defaults(func=cmd_restore)

    add_archive_parser(sub, common)  # kyhop archive …: the resolution archive

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

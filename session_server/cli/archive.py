"""``kyhop archive …``: the resolution archive's commands, one function per command.

- ``kyhop archive close-ended`` — the daily run of implementation tracking: every resolution wholly out of
  force on its council's today (a repeal or replacement that has come into effect, a term that has run out)
  closes its open tasks, with the reason (:func:`agenda.archive.tracking.closing.close_all_ended`).
  Run it every day (a systemd timer or cron, after midnight in the council's time zone); running it twice
  changes nothing.
"""

from __future__ import annotations

import argparse
from typing import Any

from agenda import db as storage
from session_server.cli.database import engine_of


def add_archive_parser(sub: Any, common: argparse.ArgumentParser) -> Any:
    """``kyhop archive`` and its subcommands; returns the subparsers, for the other commands to join."""
    archive = sub.add_parser("archive", help="The resolution archive").add_subparsers(
        dest="archive_command", required=True
    )
    add_close_ended_parser(archive, common)
    return archive


def add_close_ended_parser(archive: Any, common: argparse.ArgumentParser) -> None:
    close = archive.add_parser(
        "close-ended",
        parents=[common],
        help="Close the open tasks of every resolution no longer in force (run daily)",
    )
    close.set_defaults(func=cmd_close_ended)


def cmd_close_ended(args: argparse.Namespace) -> int:
    from agenda.archive.tracking.closing import close_all_ended

    with storage.transaction(storage.session_factory(engine_of(args))) as db:
        closed = close_all_ended(db, actor="kyhop archive close-ended")
    print(
        f"Đã đóng {closed} nhiệm vụ của các nghị quyết hết hiệu lực toàn bộ. / "
        f"Closed {closed} tasks of resolutions no longer in force."
    )
    return 0

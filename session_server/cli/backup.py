"""``kyhop backup FILE`` and ``kyhop restore FILE``: the database (stored files included) in one archive,
and back (``docs/operations.md``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.exc import OperationalError

from agenda import db as storage
from agenda.errors import DomainError


def cmd_backup(args: argparse.Namespace) -> int:
    from agenda.backup import backup

    url = storage.database_url(args.database)
    print(f"Đang sao lưu {_shown(url)} … / Backing up …", file=sys.stderr)
    with _database_errors():
        report = backup(url, Path(args.file))
    rows = sum(report.rows.values())
    mb = report.size / 1048576
    print(
        f"Đã sao lưu {rows} dòng của {len(report.rows)} bảng và {report.files} tệp "
        f"({report.file_bytes / 1048576:.1f} MB) vào {report.path} ({mb:.1f} MB), lược đồ {report.revision}.\n"
        f"Backed up {rows} rows of {len(report.rows)} tables and {report.files} files to {report.path} "
        f"({mb:.1f} MB), schema {report.revision}.\nSHA-256: {report.sha256}"
    )
    if report.missing_files:
        print(
            f"Cảnh báo: {len(report.missing_files)} tệp được tham chiếu nhưng không có trong kho / "
            f"Warning: {len(report.missing_files)} referenced files are not stored: "
            + ", ".join(report.missing_files),
            file=sys.stderr,
        )
    if report.damaged_files:
        print(
            f"Cảnh báo: {len(report.damaged_files)} tệp trong kho không khớp mã băm / "
            f"Warning: {len(report.damaged_files)} stored files do not match their SHA-256: "
            + ", ".join(report.damaged_files),
            file=sys.stderr,
        )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from agenda.backup import restore

    url = storage.database_url(args.database)
    print(f"Đang kiểm tra và khôi phục {args.file} … / Checking and restoring …", file=sys.stderr)
    with _database_errors():
        report = restore(url, Path(args.file), force=args.force)
    rows = sum(report.rows.values())
    print(
        f"Đã khôi phục {rows} dòng của {len(report.rows)} bảng và {report.files} tệp vào {_shown(url)} "
        f"(bản sao lưu lúc {report.created_at_written()} từ {report.source}, lược đồ {report.archived_revision} → "
        f"{report.revision}).\nRestored {rows} rows of {len(report.rows)} tables and {report.files} files "
        f"(backup of {report.created_at_written()} from {report.source}, schema {report.archived_revision} → "
        f"{report.revision})."
    )
    if report.keys_destroyed:
        ids = ", ".join(str(i) for i in report.keys_destroyed)
        print(
            f"Đã hủy khóa phiếu kín của các cuộc bỏ phiếu không còn mở: {ids}. / "
            f"Destroyed the ballot keys of votes no longer open: {ids}."
        )
    return 0


@contextmanager
def _database_errors() -> Iterator[None]:
    """A database that cannot be reached (or answers with an error) is said so, not a traceback."""
    try:
        yield
    except OperationalError as error:
        reason = str(error.orig or error).strip().splitlines()[0]
        raise DomainError(
            f"Không làm việc được với cơ sở dữ liệu: {reason}. Không có gì được ghi.",
            f"The database could not be used: {reason}. Nothing was written.",
            code="unavailable",
            status=503,
        ) from None


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)

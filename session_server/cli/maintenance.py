"""``kyhop verify``, ``kyhop files prune``, ``kyhop routes``: the audit trail, the file cache, the API."""

from __future__ import annotations

import argparse
import json
import sys

from agenda import db as storage
from session_server.cli.database import engine_of


def cmd_verify(args: argparse.Namespace) -> int:
    """Check the hash chain of the audit trail; exit 1 and name the first broken link if it is broken."""
    from agenda.audit import verify

    with storage.session_factory(engine_of(args))() as db:
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
    from session_server.app import endpoint_docs
    from session_server.http.openapi import openapi_document

    if args.json:
        print(json.dumps(openapi_document(endpoint_docs()), ensure_ascii=False, indent=2))
    else:
        for doc in endpoint_docs():
            print(f"{doc.method:<7} {doc.path:<45} {doc.summary}")
    return 0

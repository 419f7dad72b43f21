"""``kyhop roster template|export|import``: the council's lists as spreadsheets from the command line — the
same template, export and import (every row or none, the same report) as the console's **Nhập từ Excel**
page (``agenda/council/roster``, ``docs/import.md``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from agenda import db as storage
from agenda.council import terms
from agenda.council.roster import apply, export, parse, template, workbook
from agenda.council.roster.columns import RosterList
from agenda.council.roster.report import Report, RosterRefused
from session_server.cli.database import engine_of


def add_roster_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    roster = sub.add_parser("roster", help="The council's lists as XLSX / CSV (docs/import.md)")
    commands = roster.add_subparsers(dest="roster_command", required=True)
    blank = commands.add_parser("template", help="Write the XLSX template (headers, samples, guide)")
    blank.add_argument("file", metavar="FILE")
    blank.set_defaults(func=cmd_roster_template)
    out = commands.add_parser(
        "export", parents=[common], help="Write the lists: FILE.xlsx (both) or FILE.csv (--list)"
    )
    out.add_argument("file", metavar="FILE")
    out.add_argument("--list", choices=[r.value for r in RosterList], default=RosterList.DELEGATES.value)
    out.set_defaults(func=cmd_roster_export)
    into = commands.add_parser(
        "import", parents=[common], help="Import FILE (XLSX or CSV): every row or none"
    )
    into.add_argument("file", metavar="FILE")
    into.add_argument("--preview", action="store_true", help="Only say what the file would do")
    into.set_defaults(func=cmd_roster_import)


def cmd_roster_template(args: argparse.Namespace) -> int:
    Path(args.file).write_bytes(template.template_xlsx())
    print(f"Đã ghi tệp mẫu vào {args.file}.")
    return 0


def cmd_roster_export(args: argparse.Namespace) -> int:
    with storage.transaction(storage.session_factory(engine_of(args))) as db:
        council, term = terms.home_council(db), terms.home_term(db)
        if args.file.lower().endswith(".csv"):
            roster = RosterList(args.list)
            rows = (export.delegate_rows if roster == RosterList.DELEGATES else export.official_rows)(
                db, council, term
            )
            content = workbook.write_csv(roster, rows)
        else:
            sheets = [
                (RosterList.DELEGATES, export.delegate_rows(db, council, term)),
                (RosterList.OFFICIALS, export.official_rows(db, council, term)),
            ]
            content = workbook.write_xlsx(sheets)
    Path(args.file).write_bytes(content)
    print(f"Đã xuất danh sách vào {args.file}.")
    return 0


def cmd_roster_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as error:
        print(f"Không đọc được tệp {path} (cannot read the file): {error.strerror}", file=sys.stderr)
        return 2
    book = parse.read_workbook(path.name, content)
    try:
        with storage.transaction(storage.session_factory(engine_of(args))) as db:
            council, term = terms.home_council(db), terms.home_term(db)
            if args.preview:
                report = apply.dry_run(db, council, term, book, actor=None)
            else:
                report = apply.import_roster(db, council, term, book, path.name, actor=None)
    except RosterRefused as refused:
        _print(refused.report)
        print("Không ghi gì: sửa các dòng lỗi rồi nhập lại. (Nothing was written.)")
        return 2
    _print(report)
    if args.preview:
        print("Xem trước: chưa ghi gì. (Preview: nothing was written.)")
    return 2 if report.has_errors else 0


def _print(report: Report) -> None:
    for roster, c in report.counts().items():
        print(
            f"{roster}: {c['create']} thêm mới, {c['update']} thay đổi, {c['unchanged']} không đổi, "
            f"{c['error']} lỗi (new, changed, unchanged, wrong)"
        )
    for plan in report.rows:
        for error in plan.errors:
            column = f", cột “{error.column.header}”" if error.column else ""
            print(f"  Dòng {plan.number}{column}: {error.vi} / {error.en}")

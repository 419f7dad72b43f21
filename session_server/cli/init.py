"""``kyhop init``: start a real council from nothing — the home council, its current term and the first
administrator, in one unit of work (:func:`agenda.council.setup.initialise`).

Flags for scripts; whatever a flag does not give is asked for (Vietnamese first, English in brackets) when
standard input is a terminal, or with ``--interactive``; otherwise its absence is an error naming the flags.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from agenda import db as storage
from agenda.clock import DEFAULT_TIME_ZONE
from agenda.council.councils import place_of
from agenda.errors import DomainError, from_database

# (flag's dest, key in the set-up data, question, default, required)
Question = tuple[str, str, str, str | None, bool]
QUESTIONS: list[Question] = [
    (
        "council_name",
        "council.name",
        "Tên Hội đồng (Council name), ví dụ: Hội đồng nhân dân tỉnh Ninh Bình",
        None,
        True,
    ),
    ("level", "council.level", "Cấp: province = tỉnh, commune = xã/phường (Level)", "province", True),
    ("province", "council.place_name", "Tỉnh / xã — địa danh (Province or commune)", None, True),
    (
        "parent_name",
        "council.parent_name",
        "Hội đồng cấp tỉnh ở trên — có thể bỏ trống (Parent province council, optional)",
        None,
        False,
    ),
    ("short_name", "council.short_name", "Tên viết tắt (Short name)", None, False),
    ("time_zone", "council.time_zone", "Múi giờ (Time zone)", DEFAULT_TIME_ZONE, False),
    ("term_number", "term.number", "Số khóa, ví dụ 17 (Term number)", None, True),
    ("term_start", "term.starts_on", "Ngày bắt đầu nhiệm kỳ, 15/03/2026 (Term start)", None, True),
    (
        "term_end",
        "term.ends_on",
        "Ngày kết thúc nhiệm kỳ — có thể bỏ trống (Term end, optional)",
        None,
        False,
    ),
    (
        "seats",
        "term.seats",
        "Số đại biểu được bầu — có thể bỏ trống (Number of seats, optional)",
        None,
        False,
    ),
    (
        "admin_username",
        "admin.username",
        "Tên đăng nhập của quản trị viên (Administrator's username)",
        "admin",
        True,
    ),
    ("admin_name", "admin.display_name", "Tên hiển thị (Display name)", None, False),
]


def add_init_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    init = sub.add_parser(
        "init",
        parents=[common],
        help="Start a real council: the council, its current term and the first administrator",
    )
    init.add_argument("--council-name", help="e.g. “Hội đồng nhân dân tỉnh Ninh Bình”")
    init.add_argument("--short-name", help="default: “HĐND …” from the name")
    init.add_argument(
        "--parent-name", help="a commune council's province council, recorded beside it (archive, not served)"
    )
    init.add_argument("--level", choices=["province", "commune"])
    init.add_argument(
        "--province", metavar="PLACE", help="the province or commune (địa danh), e.g. Ninh Bình"
    )
    init.add_argument("--time-zone", help=f"IANA name (default {DEFAULT_TIME_ZONE})")
    init.add_argument("--term-number", help="khóa, e.g. 17")
    init.add_argument("--term-start", metavar="DATE", help="nhiệm kỳ from, 2026-03-15 or 15/03/2026")
    init.add_argument("--term-end", metavar="DATE", help="nhiệm kỳ to (optional)")
    init.add_argument("--seats", help="number of delegates elected (optional)")
    init.add_argument("--admin-username")
    init.add_argument("--admin-name", help="the administrator's display name (default: the username)")
    password = init.add_mutually_exclusive_group()
    password.add_argument("--admin-password")
    password.add_argument("--admin-password-file", metavar="FILE", help="read the password from a file")
    init.add_argument("--interactive", action="store_true", help="ask for what the flags leave out")
    init.set_defaults(func=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    from agenda.council.setup import SetupInput, initialise, is_set_up
    from agenda.council.terms import term_label

    engine = storage.make_engine(args.database)
    storage.upgrade(engine)  # the schema first: an empty database gets every table
    factory = storage.session_factory(engine)
    with factory() as db:
        if is_set_up(db):
            raise _already()
    interactive = bool(args.interactive or sys.stdin.isatty())
    answers = _answers(args, interactive)
    password = _password(args, interactive)
    while True:
        try:
            values = SetupInput.parse(_data(answers, password))
            break
        except DomainError as error:
            key = _question_of(error)
            if not interactive or key is None:
                raise
            print(f"  Lỗi: {error.vi} (Error: {error.en})", file=sys.stderr)
            if key == "admin_password":
                password = _ask_password()
            else:
                answers[key] = _ask(next(q for q in QUESTIONS if q[0] == key), answers.get(key))
    try:
        with storage.transaction(factory) as db:
            done = initialise(db, values)
            council, term, admin = done.council.name, term_label(done.term), done.admin.username
    except SQLAlchemyError as exc:  # another set-up won the race (the home council's unique index), or busy
        raise from_database(exc) from None
    print(f"Đã khởi tạo / Set up: {council}, {term}; quản trị viên / administrator: {admin}.")
    print("Tiếp theo / Next: “kyhop serve”, đăng nhập và nhập đại biểu (sign in and add the delegates).")
    return 0


def _already() -> DomainError:
    from agenda.council.setup import already_set_up

    return already_set_up()


def _answers(args: argparse.Namespace, interactive: bool) -> dict[str, str | None]:
    answers: dict[str, str | None] = {dest: getattr(args, dest) for dest, *_ in QUESTIONS}
    if not interactive:
        if answers["province"] is None and answers["council_name"]:
            answers["province"] = place_of(answers["council_name"])
        for dest, _key, _text, default, _required in QUESTIONS:
            answers[dest] = default if answers[dest] is None else answers[dest]
        missing = [q[0] for q in QUESTIONS if q[4] and answers[q[0]] is None]
        if args.admin_password is None and not args.admin_password_file:
            missing.append("admin_password")
        if missing:
            flags = ", ".join("--" + dest.replace("_", "-") for dest in missing)
            raise DomainError(
                f"Thiếu tham số: {flags}.", f"Missing flags: {flags} (or run it in a terminal)."
            )
        return answers
    for question in QUESTIONS:
        if question[0] == "parent_name" and answers["level"] != "commune":
            continue  # a province council has no parent
        if answers[question[0]] is None:
            default = question[3]
            if question[0] == "province" and answers["council_name"]:
                default = place_of(answers["council_name"])
            answers[question[0]] = _ask(question, default)
    return answers


def _ask(question: Question, default: str | None) -> str | None:
    hint = f" [{default}]" if default else ""
    print(f"{question[2]}{hint}: ", end="", flush=True)
    line = sys.stdin.readline()
    if not line:  # end of input: nothing more will come
        raise DomainError("Đã dừng: không còn dữ liệu nhập.", "Stopped: the input ended.")
    return line.strip() or default


def _password(args: argparse.Namespace, interactive: bool) -> str | None:
    if args.admin_password is not None:
        return str(args.admin_password)
    if args.admin_password_file:
        try:
            return Path(args.admin_password_file).read_text(encoding="utf-8").splitlines()[0]
        except (OSError, UnicodeDecodeError, IndexError):
            raise DomainError(
                f"Không đọc được mật khẩu từ tệp {args.admin_password_file}.",
                f"Cannot read a password from {args.admin_password_file}.",
            ) from None
    if not interactive:
        raise DomainError(
            "Thiếu mật khẩu quản trị: --admin-password hoặc --admin-password-file.",
            "Missing the administrator's password: --admin-password or --admin-password-file.",
        )
    return _ask_password()


def _ask_password() -> str:
    read: Callable[[str], str] = getpass.getpass if sys.stdin.isatty() else _read_line
    while True:
        first = read("Mật khẩu quản trị (Administrator's password): ")
        if read("Nhập lại mật khẩu (Repeat the password): ") == first:
            return first
        print("  Hai lần nhập không khớp (The passwords differ).", file=sys.stderr)


def _read_line(prompt: str) -> str:
    print(prompt, end="", flush=True)
    line = sys.stdin.readline()
    if not line:
        raise DomainError("Đã dừng: không còn dữ liệu nhập.", "Stopped: the input ended.")
    return line.rstrip("\n")


def _data(answers: dict[str, str | None], password: str | None) -> dict[str, Any]:
    data: dict[str, dict[str, Any]] = {"council": {}, "term": {}, "admin": {"password": password}}
    for dest, key, *_ in QUESTIONS:
        part, field = key.split(".")
        data[part][field] = answers.get(dest)
    return data


def _question_of(error: DomainError) -> str | None:
    """The question to ask again for an error about a field."""
    if error.field == "password":
        return "admin_password"
    by_field = {key.split(".")[1]: dest for dest, key, *_ in QUESTIONS}
    return by_field.get(error.field or "")

"""``kyhop init`` as an operator (or a script) uses it: flags, an interactive run driven through stdin, the
refusals, and ``kyhop serve``'s first-run token on an empty database."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from agenda import db as storage
from agenda.accounts import passwords
from agenda.council import terms
from agenda.models import Council, Role, User
from session_server.cli import main

FLAGS = [
    "--council-name",
    "Hội đồng nhân dân tỉnh Ninh Bình",
    "--level",
    "province",
    "--term-number",
    "17",
    "--term-start",
    "15/03/2026",
    "--term-end",
    "2031-03-14",
    "--seats",
    "60",
    "--admin-username",
    "quantri",
]


def councils(url: str) -> int:
    with storage.session_factory(storage.make_engine(url))() as db:
        return int(db.scalar(select(func.count()).select_from(Council)))


def test_init_with_flags_migrates_and_sets_up(database_url: str, tmp_path: Path, capsys: Any) -> None:
    secret = tmp_path / "pw"
    secret.write_text("mat-khau-quan-tri\n")
    code = main(["init", "--database", database_url, *FLAGS, "--admin-password-file", str(secret)])
    assert code == 0, capsys.readouterr().err
    assert "khóa XVII" in capsys.readouterr().out
    with storage.session_factory(storage.make_engine(database_url))() as db:
        council = terms.home_council(db)
        assert (council.place_name, council.short_name, council.time_zone) == (
            "Ninh Bình",
            "HĐND tỉnh Ninh Bình",
            "Asia/Ho_Chi_Minh",
        )
        assert terms.home_term(db).seats == 60
        admin = db.scalars(select(User)).one()
        assert admin.roles == {Role.ADMIN}
        assert passwords.matches(admin.password_hash, "mat-khau-quan-tri")  # the file's line, without "\n"
    # A second run is refused, and changes nothing.
    assert main(["init", "--database", database_url, *FLAGS, "--admin-password", "mat-khau-khac-nua"]) == 2
    assert "đã được khởi tạo" in capsys.readouterr().err
    assert councils(database_url) == 1


def test_missing_flags_without_a_terminal_are_named(database_url: str, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["init", "--database", database_url, "--council-name", "Hội đồng nhân dân xã Yên Mô"]) == 2
    err = capsys.readouterr().err
    assert "--term-number" in err and "--admin-password" in err and "--council-name" not in err
    assert councils(database_url) == 0


@pytest.mark.parametrize(
    ("flag", "value", "said"),
    [
        ("--time-zone", "Europe/Atlantis", "Múi giờ"),
        ("--seats", "0", "Số đại biểu"),
        ("--term-end", "2020-01-01", "kết thúc"),
        ("--admin-password", "ngan", "8 ký tự"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(
    database_url: str, capsys: Any, flag: str, value: str, said: str
) -> None:
    argv = ["init", "--database", database_url, *FLAGS, "--admin-password", "mat-khau-quan-tri"]
    argv += [flag, value]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert said in err and "Error:" in err
    assert councils(database_url) == 0


def test_interactive_run_through_stdin(database_url: str, capsys: Any, monkeypatch: Any) -> None:
    """Every answer typed; a bad one (seats "abc", a short password) is asked again, defaults taken on Enter."""
    answers = [
        "Hội đồng nhân dân xã Yên Mô",  # name
        "commune",  # level
        "",  # place: the default drawn from the name, "Yên Mô"
        "",  # no parent council recorded (asked for a commune council only)
        "",  # short name: "HĐND xã Yên Mô"
        "",  # time zone: Asia/Ho_Chi_Minh
        "21",  # khóa
        "15/03/2026",
        "",  # no end yet
        "abc",  # seats: not a number
        "",  # username: admin
        "Quản trị viên",
        "ngan",  # the password, twice
        "ngan",
        "30",  # seats asked again
        "mat-khau-du-dai",  # password asked again, twice
        "mat-khau-du-dai",
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(answers) + "\n"))
    assert main(["init", "--database", database_url, "--interactive"]) == 0
    captured = capsys.readouterr()
    assert "Tên Hội đồng (Council name)" in captured.out and "[Yên Mô]" in captured.out
    assert "số nguyên" in captured.err and "8 ký tự" in captured.err
    with storage.session_factory(storage.make_engine(database_url))() as db:
        council = terms.home_council(db)
        assert (council.name, council.place_name, council.level.value) == (
            "Hội đồng nhân dân xã Yên Mô",
            "Yên Mô",
            "commune",
        )
        term = terms.home_term(db)
        assert (term.number, term.seats, term.ends_on) == (21, 30, None)
        admin = db.scalars(select(User)).one()
        assert (admin.username, admin.display_name) == ("admin", "Quản trị viên")


def test_interactive_input_that_ends_writes_nothing(database_url: str, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Hội đồng nhân dân xã Yên Mô\n"))
    assert main(["init", "--database", database_url, "--interactive"]) == 2
    assert "input ended" in capsys.readouterr().err
    assert councils(database_url) == 0


def test_serve_prints_the_setup_token_only_on_an_empty_database(tmp_path: Path, capsys: Any) -> None:
    from session_server.api.setup import setup_token
    from session_server.cli.serve import say_if_empty

    url = f"sqlite:///{tmp_path / 'k.sqlite'}"
    storage.upgrade(storage.make_engine(url))
    say_if_empty(url, "s3cret", "http://127.0.0.1:8000")
    out = capsys.readouterr().out
    assert f"http://127.0.0.1:8000/setup.html#token={setup_token('s3cret')}" in out and "kyhop init" in out
    assert main(["init", "--database", url, *FLAGS, "--admin-password", "mat-khau-quan-tri"]) == 0
    capsys.readouterr()
    say_if_empty(url, "s3cret", "http://127.0.0.1:8000")
    assert capsys.readouterr().out == ""


def test_a_commune_with_its_province_from_flags(database_url: str, capsys: Any) -> None:
    argv = ["init", "--database", database_url, "--council-name", "Hội đồng nhân dân phường Hoa Lư"]
    argv += ["--level", "commune", "--parent-name", "Hội đồng nhân dân tỉnh Ninh Bình", "--term-number", "1"]
    argv += ["--term-start", "2026-03-15", "--admin-username", "quantri", "--admin-password", "mat-khau-dai"]
    assert main(argv) == 0, capsys.readouterr().err
    with storage.session_factory(storage.make_engine(database_url))() as db:
        home = terms.home_council(db)
        assert home.place_name == "Hoa Lư"
        assert home.parent is not None and home.parent.short_name == "HĐND tỉnh Ninh Bình"

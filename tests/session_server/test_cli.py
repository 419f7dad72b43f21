"""The ``kyhop`` command as an operator uses it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pypdf
import pytest
from sqlalchemy import func, select, text

from agenda import db as storage
from agenda.accounts import passwords
from agenda.models import Mandate, SignInCard
from session_server.cli import main


def test_db_upgrade_and_current(database_url: str, capsys: Any) -> None:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(storage.MIGRATIONS_DIR)).get_current_head()  # the newest migration
    assert head is not None
    assert main(["db", "current", "--database", database_url]) == 0
    assert "trống" in capsys.readouterr().out
    assert main(["db", "upgrade", "--database", database_url]) == 0
    assert head in capsys.readouterr().out
    assert main(["db", "current", "--database", database_url]) == 0
    assert capsys.readouterr().out.strip() == head


def test_serve_refuses_a_database_behind_the_code_and_says_what_to_do(database_url: str) -> None:
    """Served as it was, a database one migration behind failed on every request touching the changed
    table (a hall's websockets closed with 500s); now the server does not start and says how to upgrade."""
    engine = storage.make_engine(database_url)
    storage.upgrade(engine, "0007")
    engine.dispose()
    with pytest.raises(SystemExit) as refused:
        main(["serve", "--database", database_url])
    message = str(refused.value)
    assert "kyhop db upgrade" in message and "kyhop backup" in message
    assert "0007" in message and storage.head_revision(storage.make_engine(database_url)) in message


def test_database_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    target = tmp_path / "from-env.sqlite"
    monkeypatch.setenv("KYHOP_DATABASE_URL", str(target))
    assert main(["db", "upgrade"]) == 0
    assert target.exists()
    mode = storage.make_engine(str(target)).connect().exec_driver_sql("PRAGMA journal_mode").scalar()
    assert mode == "wal"


def test_demo_builds_once_and_prints_sign_in_details(tmp_path: Path, capsys: Any) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    assert main(["demo", "--database", url, "--no-serve"]) == 0
    out = capsys.readouterr().out
    assert "thuky" in out and "đại biểu" in out
    assert main(["demo", "--database", url, "--no-serve"]) == 0
    assert "giữ nguyên" in capsys.readouterr().out
    assert main(["demo", "--database", url, "--no-serve", "--reset"]) == 0
    assert "Đã tạo dữ liệu mẫu" in capsys.readouterr().out


def test_the_demo_prints_its_sign_ins_on_every_start_and_with_accounts_alone(
    tmp_path: Path, capsys: Any
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    assert main(["demo", "--database", url, "--accounts"]) == 1  # nothing built yet
    assert "kyhop demo" in capsys.readouterr().out
    assert main(["demo", "--database", url, "--no-serve"]) == 0
    built = capsys.readouterr().out
    assert main(["demo", "--database", url, "--no-serve"]) == 0
    restarted = capsys.readouterr().out
    assert "giữ nguyên" in restarted
    assert main(["demo", "--database", url, "--accounts"]) == 0
    alone = capsys.readouterr().out
    sign_ins = [line.split()[:2] for line in alone.splitlines() if line.startswith("  ")]
    assert sign_ins == [
        ["thuky", "thuky2026"],
        ["chutoa", "chutoa2026"],
        ["luutru", "luutru2026"],
        ["quantri", "quantri2026"],
        ["nguyenthuyhanh", "daibieu2026"],  # the delegate the README names
    ]
    for line in alone.splitlines()[1:]:
        assert line in built and line in restarted
    engine = storage.make_engine(url)
    with storage.session_factory(engine)() as db:
        for username, password in sign_ins:
            assert passwords.authenticate(db, username, password) is not None, username
        db.execute(text("UPDATE user_account SET is_active = false WHERE username = 'luutru'"))
        db.commit()
    engine.dispose()
    assert main(["demo", "--database", url, "--accounts"]) == 0
    assert "luutru" not in capsys.readouterr().out  # an account that no longer signs in is not offered


def test_cards_pdf_for_every_delegate(tmp_path: Path, capsys: Any) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    main(["demo", "--database", url, "--no-serve"])
    output = tmp_path / "the.pdf"
    assert (
        main(["cards", "--database", url, "--output", str(output), "--base-url", "http://10.0.0.5:8000"]) == 0
    )
    assert "thẻ đăng nhập" in capsys.readouterr().out
    reader = pypdf.PdfReader(output)
    engine = storage.make_engine(url)
    with storage.session_factory(engine)() as db:
        active = db.scalar(select(func.count(SignInCard.id)).where(SignInCard.revoked_at.is_(None)))
        in_office = db.scalar(select(func.count(Mandate.id)).where(Mandate.ended_on.is_(None)))
    assert active and active >= in_office - 1
    assert len(reader.pages) >= 2
    text = reader.pages[0].extract_text()
    assert "THẺ ĐĂNG NHẬP" in text


def test_user_create_and_bad_input(tmp_path: Path, capsys: Any) -> None:
    url = f"sqlite:///{tmp_path / 'u.sqlite'}"
    main(["db", "upgrade", "--database", url])
    assert (
        main(
            [
                "user",
                "create",
                "quantri",
                "--roles",
                "admin",
                "--password",
                "mat-khau-manh",
                "--database",
                url,
            ]
        )
        == 0
    )
    with storage.session_factory(storage.make_engine(url))() as db:
        assert passwords.authenticate(db, "quantri", "mat-khau-manh") is not None
    assert (
        main(
            [
                "user",
                "create",
                "quantri",
                "--roles",
                "admin",
                "--password",
                "mat-khau-manh",
                "--database",
                url,
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "đã có người dùng" in err and "is taken" in err
    assert (
        main(["user", "create", "x1y", "--roles", "vua", "--password", "mat-khau-manh", "--database", url])
        == 2
    )


def test_routes_prints_the_openapi_document(capsys: Any) -> None:
    assert main(["routes", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert "/api/sessions/{session_id}/items/order" in document["paths"]


def test_verify_names_the_first_broken_link(database_url: str, capsys: Any) -> None:
    from agenda import audit
    from agenda.models import AuditEntry
    from tests.agenda.sitting.test_sitting import disable_append_only

    engine = storage.make_engine(database_url)
    storage.upgrade(engine)
    factory = storage.session_factory(engine)
    for n in range(5):
        with storage.transaction(factory) as db:
            audit.append(db, "test.entry", {"n": n, "text": "Kỳ họp thứ nhất"}, actor="thuky", session_id=1)
    assert main(["verify", "--database", database_url]) == 0
    assert "5 bản ghi" in capsys.readouterr().out
    with storage.transaction(factory) as db:
        disable_append_only(db)
        db.get(AuditEntry, 3).actor = "ke-gian"
    assert main(["verify", "--database", database_url]) == 1
    err = capsys.readouterr().err
    assert "bản ghi số 3" in err and "entry 3" in err

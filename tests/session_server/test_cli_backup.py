"""``kyhop backup`` and ``kyhop restore`` as an operator runs them before a session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from session_server.cli import main
from tests.agenda import test_backup
from tests.agenda.test_backup import everything

other_url = test_backup.other_url  # the fixture: a second, empty database of the same kind
files_dir = test_backup.files_dir


def test_back_up_then_restore_elsewhere_and_verify(
    database_url: str,
    engine: Engine,
    small_council: dict[str, Any],
    other_url: str,
    tmp_path: Path,
    capsys: Any,
) -> None:
    archive = tmp_path / "truoc-ky-hop.tar"
    assert main(["backup", str(archive), "--database", database_url]) == 0
    out = capsys.readouterr().out
    assert "Đã sao lưu" in out and "Backed up" in out and "SHA-256: " in out
    assert out.index("Đã sao lưu") < out.index("Backed up")  # Vietnamese first

    assert main(["restore", str(archive), "--database", other_url]) == 0
    out = capsys.readouterr().out
    assert "Đã khôi phục" in out and "Restored" in out
    assert everything(other_url) == everything(database_url)
    assert main(["verify", "--database", other_url]) == 0
    assert "Audit trail intact" in capsys.readouterr().out


def test_restore_over_data_needs_force(
    database_url: str, engine: Engine, small_council: dict[str, Any], tmp_path: Path, capsys: Any
) -> None:
    archive = tmp_path / "a.tar"
    assert main(["backup", str(archive), "--database", database_url]) == 0
    engine.dispose()
    capsys.readouterr()
    assert main(["restore", str(archive), "--database", database_url]) == 2
    err = capsys.readouterr().err
    assert "Lỗi: Cơ sở dữ liệu đích đã có dữ liệu" in err and "--force" in err
    assert main(["restore", str(archive), "--database", database_url, "--force"]) == 0


def test_clear_errors(database_url: str, small_council: dict[str, Any], tmp_path: Path, capsys: Any) -> None:
    archive = tmp_path / "a.tar"
    assert main(["backup", str(archive), "--database", database_url]) == 0
    capsys.readouterr()
    assert main(["backup", str(archive), "--database", database_url]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["restore", str(tmp_path / "khong-co.tar"), "--database", database_url]) == 2
    assert "does not exist" in capsys.readouterr().err
    (tmp_path / "ghi-chu.txt").write_text("không phải bản sao lưu")
    assert main(["restore", str(tmp_path / "ghi-chu.txt"), "--database", database_url]) == 2
    err = capsys.readouterr().err
    assert "Lỗi: Tệp sao lưu không dùng được" in err and "not a tar file" in err


def test_a_database_out_of_reach_is_said_so(tmp_path: Path, capsys: Any) -> None:
    nowhere = "postgresql://postgres@127.0.0.1:1/kyhop"
    assert main(["backup", str(tmp_path / "a.tar"), "--database", nowhere]) == 2
    assert "The database could not be used" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())  # no half-written archive

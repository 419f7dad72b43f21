"""``kyhop archive import DIR`` as an archivist runs it: the report in both languages, a re-run that skips
everything, the CSV, and Ctrl+C that stops after the file being written — the next run resumes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from agenda import db as storage
from agenda.models import Resolution
from session_server.cli import main
from tests.agenda.archive.importer.test_import import district_pdf, encrypted_pdf, folder_of, province_pdf

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def files_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KYHOP_FILES_DIR", str(tmp_path / "files"))
    return tmp_path / "files"


def resolutions(engine: Engine) -> int:
    with storage.session_factory(engine)() as db:
        return int(db.scalar(select(func.count()).select_from(Resolution)) or 0)


def test_an_import_reports_what_it_did_and_a_rerun_skips_everything(
    database_url: str, engine: Engine, small_council: dict[str, Any], tmp_path: Path, capsys: Any
) -> None:
    folder = folder_of(
        tmp_path,
        {
            "ninh-binh-01.pdf": province_pdf(1),
            "mat-khau.pdf": encrypted_pdf(),
        },
    )
    (tmp_path / "meta.csv").write_text(
        "file,council,title\nninh-binh-01.pdf,HĐND tỉnh Ninh Bình,Về việc hoà giải\n", encoding="utf-8"
    )
    args = ["archive", "import", str(folder), "--database", database_url, "--jobs", "2"]
    journal = ["--journal-dir", str(tmp_path / "journal")]
    assert main([*args, "--csv", str(tmp_path / "meta.csv"), *journal]) == 1  # one refused
    out = capsys.readouterr().out
    assert "Đã nhập 1, bỏ qua 0 (đã có), từ chối 1" in out and "Imported 1, skipped 0" in out
    assert out.index("Đã nhập") < out.index("Imported")
    assert "mat-khau.pdf: Tệp PDF được đặt mật khẩu" in out and "password-protected" in out
    assert "Journal: " + str(tmp_path / "journal") in out
    assert resolutions(engine) == 1

    assert main([*args, "--csv", str(tmp_path / "meta.csv"), *journal]) == 1
    out = capsys.readouterr().out
    assert "Imported 0, skipped 1 (already there), refused 1" in out
    assert resolutions(engine) == 1


def test_an_unknown_district_council_is_created_with_the_flag(
    database_url: str, engine: Engine, small_council: dict[str, Any], tmp_path: Path, capsys: Any
) -> None:
    folder = folder_of(tmp_path, {"ngo-quyen.pdf": district_pdf()})
    args = [
        "archive",
        "import",
        str(folder),
        "--database",
        database_url,
        "--journal-dir",
        str(tmp_path / "j"),
    ]
    assert main(args) == 1
    assert "--create-councils" in capsys.readouterr().out
    assert main([*args, "--create-councils"]) == 0
    assert "Imported 1" in capsys.readouterr().out


def test_a_missing_folder_is_said_so(database_url: str, engine: Engine, tmp_path: Path, capsys: Any) -> None:
    assert main(["archive", "import", str(tmp_path / "khong-co"), "--database", database_url]) == 2
    err = capsys.readouterr().err
    assert "Lỗi: Không có thư mục" in err and "There is no folder" in err


def test_ctrl_c_stops_after_the_file_being_written_and_the_next_run_resumes(
    database_url: str, engine: Engine, small_council: dict[str, Any], tmp_path: Path
) -> None:
    # more files than two batches of the writer hold (64 a transaction): the first commit cannot be all of them,
    # however fast the check workers get ahead of it — with 40, one batch took them all before Ctrl+C came
    count = 160
    names = {f"nq-{n:03d}.pdf": province_pdf(n, pages=10) for n in range(1, count + 1)}
    folder = folder_of(tmp_path, names)
    (tmp_path / "meta.csv").write_text(
        "file,council\n" + "".join(f"{name},{small_council['council_id']}\n" for name in names),
        encoding="utf-8",
    )
    command = [
        sys.executable,
        "-m",
        "session_server.cli",
        "archive",
        "import",
        str(folder),
        "--database",
        database_url,
        "--csv",
        str(tmp_path / "meta.csv"),
        "--journal-dir",
        str(tmp_path / "j"),
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(  # its own process group, as a terminal's foreground job
        command,
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while resolutions(engine) < 2 and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    os.killpg(child.pid, signal.SIGINT)  # Ctrl+C: the command and its check workers alike
    out, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    assert "đã dừng giữa chừng" in out and "interrupted: run it again to resume" in out
    assert ", refused 0 —" in out  # the files being read when Ctrl+C came are left for the next run
    done = resolutions(engine)
    assert 2 <= done < count
    again = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert f"Imported {count - done}, skipped {done}" in again.stdout
    with storage.session_factory(engine)() as db:
        numbers = list(db.scalars(select(Resolution.number)))
    assert sorted(numbers) == sorted(f"{n:02d}/2026/NQ-HĐND" for n in range(1, count + 1))

"""The shipped systemd units (docs/deploy/*.service) are valid as systemd reads them (systemd-analyze verify),
with the install path pointing at this checkout's kyhop, and the server unit's command is one kyhop takes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from session_server.cli import build_parser

DEPLOY = Path(__file__).resolve().parents[2] / "docs" / "deploy"
INSTALLED = "/opt/kyhop/.venv/bin/kyhop"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_units_verify(tmp_path: Path) -> None:
    kyhop = Path(sys.executable).with_name("kyhop")
    assert kyhop.exists()
    for unit in DEPLOY.glob("*.service"):
        (tmp_path / unit.name).write_text(unit.read_text().replace(INSTALLED, str(kyhop)))
    for timer in DEPLOY.glob("*.timer"):
        (tmp_path / timer.name).write_text(timer.read_text())
    names = [
        "kyhop-migrate.service",
        "kyhop@8001.service",
        "kyhop-close-ended.service",
        "kyhop-close-ended.timer",
    ]
    result = subprocess.run(
        ["systemd-analyze", "verify", *names], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    problems = [line for line in result.stderr.splitlines() if "kyhop" in line]
    assert problems == []


def test_the_units_commands_are_kyhop_commands() -> None:
    parser = build_parser()
    for unit in DEPLOY.glob("*.service"):
        for line in unit.read_text().splitlines():
            if line.startswith("ExecStart="):
                words = line.removeprefix("ExecStart=").replace("%i", "8001").split()
                assert words[0] == INSTALLED
                parser.parse_args(words[1:])  # exits (fails the test) on an option kyhop does not know

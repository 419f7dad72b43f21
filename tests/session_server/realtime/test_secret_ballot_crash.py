"""A secret ballot acknowledged to a tablet survives the server killed mid-vote (kill -9): the sealed ballot
and its key are on disk before the acknowledgement, the restarted server keeps the key of the still-open
vote, and the close counts every acknowledged ballot — on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from agenda import db as storage
from agenda.accounts import users
from agenda.accounts.users import UserInput
from tests.agenda.sitting.test_sitting import build_hall
from tests.session_server.realtime.test_multiprocess import Socket

PASSWORD = "mat-khau-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(database_url: str, port: int, files: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "session_server.cli", "serve", "--database", database_url]
        + ["--port", str(port), "--log-level", "warning"],
        env={**os.environ, "KYHOP_SECRET_KEY": "crash-test", "KYHOP_FILES_DIR": str(files)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode() if process.stderr else "server exited")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/me", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("server did not start")


def cookie(port: int, username: str) -> str:
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        csrf = client.get("/api/me").json()["csrf_token"]
        response = client.post(
            "/api/auth/login",
            json={"username": username, "password": PASSWORD},
            headers={"x-csrf-token": csrf},
        )
        assert response.status_code == 200, response.text
        return f"kyhop_session={client.cookies['kyhop_session']}"


@pytest.fixture
def council(database_url: str) -> Iterator[dict[str, Any]]:
    engine = storage.make_engine(database_url)
    storage.upgrade(engine)
    factory = storage.session_factory(engine)
    hall = build_hall(factory, delegates=5)
    with storage.transaction(factory) as db:
        for i, person in enumerate(hall["people"]):
            users.create_user(
                db,
                UserInput.parse(
                    {
                        "username": f"daibieu{i + 1}",
                        "display_name": f"Đại biểu {i + 1}",
                        "password": PASSWORD,
                        "roles": ["delegate"],
                        "person_id": person,
                    }
                ),
            )
        users.create_user(
            db,
            UserInput.parse(
                {
                    "username": "thukyhop",
                    "display_name": "Thư ký",
                    "password": PASSWORD,
                    "roles": ["secretary"],
                }
            ),
        )
    engine.dispose()
    yield hall


def test_acknowledged_secret_ballots_survive_kill_9(
    database_url: str, council: dict[str, Any], tmp_path: Path, ballot_keys: Path
) -> None:
    sid = council["session_id"]
    port = free_port()
    server = serve(database_url, port, tmp_path / "files")
    choices = ["yes", "no", "yes", "abstain"]
    try:
        with ExitStack() as stack:
            console = Socket(stack, port, sid, cookie(port, "thukyhop"))
            console.send("open", {"type": "action", "action": "sitting.open"})
            tablets = [Socket(stack, port, sid, cookie(port, f"daibieu{i + 1}")) for i in range(5)]
            for i, tablet in enumerate(tablets):
                tablet.send(f"in{i}", {"type": "action", "action": "attendance.check_in"})
            opened = console.send(
                "vote",
                {
                    "type": "action",
                    "action": "vote.open",
                    "data": {"title": "Biểu quyết kín", "secret": True},
                },
            )
            vote_id = opened["result"]["vote_id"]
            for i, choice in enumerate(choices):
                tablets[i].send(
                    f"b{i}",
                    {
                        "type": "ballot",
                        "vote_id": vote_id,
                        "ballot_id": f"crash-ballot-{i}",
                        "choice": choice,
                    },
                )
            server.send_signal(signal.SIGKILL)  # the moment the fourth acknowledgement arrived
            server.wait(timeout=10)
    finally:
        if server.poll() is None:
            server.kill()
    assert len(list(ballot_keys.rglob("*.key"))) == 1  # the restart must not lose it: the vote is open

    server = serve(database_url, port, tmp_path / "files")
    try:
        with ExitStack() as stack:
            console = Socket(stack, port, sid, cookie(port, "thukyhop"))
            late = Socket(stack, port, sid, cookie(port, "daibieu5"))
            late.send(
                "b4", {"type": "ballot", "vote_id": vote_id, "ballot_id": "crash-ballot-4", "choice": "no"}
            )
            console.send("close", {"type": "action", "action": "vote.close", "data": {"vote_id": vote_id}})
            closed = console.until(lambda m: m.get("event") == "vote.closed")
    finally:
        server.terminate()
        server.wait(timeout=10)
    result = closed["data"]["vote"]["result"]
    assert result["cast"] == 5
    assert {line["option"]: line["count"] for line in result["options"]} == {"yes": 2, "no": 2, "abstain": 1}
    assert list(ballot_keys.rglob("*.key")) == []

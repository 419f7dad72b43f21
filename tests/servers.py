"""Real server processes for the tests that need them (several processes, a crash, a reverse proxy): start
``kyhop serve``, sign in over HTTP, talk on the live websocket — against any base address, so the same helpers
go straight to a process or through nginx."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
from websockets.sync.client import connect

from agenda import db as storage
from agenda.accounts import users
from agenda.accounts.users import UserInput
from tests.agenda.sitting.test_sitting import build_hall

PASSWORD = "mat-khau-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def hall_with_accounts(database_url: str, delegates: int) -> dict[str, Any]:
    """A sitting's hall (``build_hall``) on a migrated database, with accounts ``daibieu1…N`` for its delegates
    and ``thukyhop`` for the secretary, all with :data:`PASSWORD`."""
    engine = storage.make_engine(database_url)
    storage.upgrade(engine)
    factory = storage.session_factory(engine)
    hall = build_hall(factory, delegates=delegates)
    accounts = [
        {
            "username": f"daibieu{i + 1}",
            "display_name": f"Đại biểu {i + 1}",
            "password": PASSWORD,
            "roles": ["delegate"],
            "person_id": person,
        }
        for i, person in enumerate(hall["people"])
    ]
    accounts.append(
        {"username": "thukyhop", "display_name": "Thư ký", "password": PASSWORD, "roles": ["secretary"]}
    )
    with storage.transaction(factory) as db:
        for account in accounts:
            users.create_user(db, UserInput.parse(account))
    engine.dispose()
    return hall


def serve(database_url: str, port: int, files: Path, **env: str) -> subprocess.Popen[bytes]:
    """``kyhop serve`` on 127.0.0.1:``port``, returned once it answers; ``env`` adds ``KYHOP_*`` settings."""
    process = subprocess.Popen(
        [sys.executable, "-m", "session_server.cli", "serve", "--database", database_url]
        + ["--port", str(port), "--log-level", "warning"],
        env={
            **os.environ,
            "KYHOP_SECRET_KEY": "test-processes-one-key",
            "KYHOP_FILES_DIR": str(files),
            **env,
        },
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


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def signed_in(client: httpx.Client, username: str) -> str:
    """Signs ``client`` in; returns its CSRF token for the writes that follow."""
    csrf = client.get("/api/me").json()["csrf_token"]
    response = client.post(
        "/api/auth/login", json={"username": username, "password": PASSWORD}, headers={"x-csrf-token": csrf}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["csrf_token"])


def cookie(base: str | int, username: str, verify: Any = True) -> str:
    """A signed-in session cookie for ``username``, from a base address (or a port on 127.0.0.1)."""
    with httpx.Client(base_url=_http(base), timeout=30, verify=verify) as client:
        signed_in(client, username)
        return f"kyhop_session={client.cookies['kyhop_session']}"


def _http(base: str | int) -> str:
    return f"http://127.0.0.1:{base}" if isinstance(base, int) else base


class Socket:
    """The live websocket of a session, from a base address (``http(s)://…``) or a port on 127.0.0.1."""

    def __init__(
        self, stack: ExitStack, base: str | int, session_id: int, cookie: str | None = None, ssl: Any = None
    ) -> None:
        headers = {"Cookie": cookie} if cookie else None
        url = _http(base).replace("http", "ws", 1) + f"/ws/sessions/{session_id}"
        self.ws = stack.enter_context(connect(url, additional_headers=headers, open_timeout=10, ssl=ssl))
        self.first = json.loads(self.ws.recv(timeout=10))

    def until(self, predicate: Any) -> dict[str, Any]:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            message = json.loads(self.ws.recv(timeout=10))
            if predicate(message):
                return message
        raise AssertionError("message not received in time")

    def send(self, ref: str, message: dict[str, Any]) -> dict[str, Any]:
        self.ws.send(json.dumps({"id": ref, **message}))
        reply = self.until(lambda m: m.get("id") == ref)
        assert reply["type"] == "ack", reply
        return reply

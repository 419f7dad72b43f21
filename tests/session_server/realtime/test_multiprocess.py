"""Two server processes behind one address: state in PostgreSQL, events through Redis.

A ballot cast through one process appears on a projector connected to the other."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import httpx
import pytest
from websockets.sync.client import connect

from agenda import db as storage
from agenda.accounts import users
from agenda.accounts.users import UserInput
from tests.agenda.sitting.test_sitting import build_hall

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
PASSWORD = "mat-khau-2026"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(database_url: str, redis_url: str, port: int, files: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "KYHOP_SECRET_KEY": "two-processes-one-key",
        "KYHOP_REDIS_URL": redis_url,
        "KYHOP_FILES_DIR": files,
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "session_server.cli",
            "serve",
            "--database",
            database_url,
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_ready(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/me", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError("server did not start")


@pytest.fixture
def two_servers(
    postgres_schema_url: str, redis_url: str, tmp_path: Any
) -> Iterator[tuple[list[int], dict[str, Any]]]:
    engine = storage.make_engine(postgres_schema_url)
    storage.upgrade(engine)
    factory = storage.session_factory(engine)
    hall = build_hall(factory, delegates=6)
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
                },
            ),
        )
    engine.dispose()
    ports = [_free_port(), _free_port()]
    processes = [_start(postgres_schema_url, redis_url, port, str(tmp_path / "files")) for port in ports]
    try:
        for process, port in zip(processes, ports, strict=True):
            _wait_ready(process, port)
        yield ports, hall
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _cookie(port: int, username: str) -> str:
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        csrf = client.get("/api/me").json()["csrf_token"]
        response = client.post(
            "/api/auth/login",
            json={"username": username, "password": PASSWORD},
            headers={"x-csrf-token": csrf},
        )
        assert response.status_code == 200, response.text
        return f"kyhop_session={client.cookies['kyhop_session']}"


class Socket:
    def __init__(self, stack: ExitStack, port: int, session_id: int, cookie: str | None = None) -> None:
        headers = {"Cookie": cookie} if cookie else None
        self.ws = stack.enter_context(
            connect(
                f"ws://127.0.0.1:{port}/ws/sessions/{session_id}", additional_headers=headers, open_timeout=10
            )
        )
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


def test_a_ballot_cast_through_one_process_appears_on_a_projector_of_the_other(two_servers: Any) -> None:
    with ExitStack() as stack:
        _run_sitting(stack, *two_servers)


def _run_sitting(stack: ExitStack, ports: list[int], hall: dict[str, Any]) -> None:
    port_a, port_b = ports
    sid = hall["session_id"]
    console = Socket(stack, port_a, sid, _cookie(port_a, "thukyhop"))
    projector = Socket(stack, port_b, sid)  # anonymous big screen, on the other process
    assert projector.first["type"] == "snapshot"
    console.send("open", {"type": "action", "action": "sitting.open"})
    tablets = [
        Socket(stack, port_a if i % 2 else port_b, sid, _cookie(port_a, f"daibieu{i + 1}")) for i in range(6)
    ]
    for i, tablet in enumerate(tablets):
        tablet.send(f"in{i}", {"type": "action", "action": "attendance.check_in"})
    vote = console.send(
        "vote", {"type": "action", "action": "vote.open", "data": {"title": "Biểu quyết hai tiến trình"}}
    )
    vote_id = vote["result"]["vote_id"]
    for i, tablet in enumerate(tablets):
        tablet.send(
            f"b{i}", {"type": "ballot", "vote_id": vote_id, "ballot_id": f"two-process-{i}", "choice": "yes"}
        )
    progress = projector.until(lambda m: m.get("event") == "vote.progress" and m["data"]["cast"] == 6)
    assert progress["data"]["counts"]["motion"]["yes"] == 6
    console.send("close", {"type": "action", "action": "vote.close", "data": {"vote_id": vote_id}})
    closed = projector.until(lambda m: m.get("event") == "vote.closed")
    assert (
        closed["data"]["vote"]["result"]["sentence"]
        == "6/6 đại biểu có mặt tán thành, chiếm 100% tổng số đại biểu"
    )
    versions = []
    replay = Socket(stack, port_b, sid)
    versions.append(replay.first["version"])
    assert versions[0] == closed["version"]  # both processes share one ordered stream


def test_a_document_published_through_one_process_is_in_the_pack_the_other_serves(two_servers: Any) -> None:
    """The other process had just planned the pack (plans are kept moments, agenda/recent.py): the event that
    comes through Redis drops its plan before the tablets hear of the change, so the next pack has it."""
    from tests.session_server.api.test_documents import sample_pdf

    (port_a, port_b), hall = two_servers
    sid = hall["session_id"]
    with httpx.Client(base_url=f"http://127.0.0.1:{port_a}") as secretary:
        csrf = secretary.get("/api/me").json()["csrf_token"]
        csrf = secretary.post(
            "/api/auth/login",
            json={"username": "thukyhop", "password": PASSWORD},
            headers={"x-csrf-token": csrf},
        ).json()["csrf_token"]

        def publish(title: str) -> None:
            response = secretary.post(
                f"/api/sessions/{sid}/documents",
                headers={"x-csrf-token": csrf},
                data={"title": title, "access": "delegates", "publish": "true"},
                files={"file": ("tai-lieu.pdf", sample_pdf(title), "application/pdf")},
            )
            assert response.status_code == 201, response.text

        publish("TỜ TRÌNH thứ nhất")
        cookie = _cookie(port_b, "daibieu1")
        with (
            httpx.Client(base_url=f"http://127.0.0.1:{port_b}", headers={"Cookie": cookie}) as tablet,
            ExitStack() as stack,
        ):
            first = tablet.get(f"/api/sessions/{sid}/pack.pdf")
            assert first.status_code == 200
            socket_b = Socket(stack, port_b, sid, cookie)
            publish("TỜ TRÌNH thứ hai")
            socket_b.until(lambda m: m.get("event") == "documents")  # through Redis, to the other process
            second = tablet.get(f"/api/sessions/{sid}/pack.pdf")
            assert second.status_code == 200 and second.headers["etag"] != first.headers["etag"]
            assert len(second.content) > len(first.content)

"""Two server processes behind one address: state in PostgreSQL, events through Redis.

A ballot cast through one process appears on a projector connected to the other."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import httpx
import pytest

from tests.servers import PASSWORD, Socket, cookie, free_port, hall_with_accounts, serve, stop

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def two_servers(
    postgres_schema_url: str, redis_url: str, tmp_path: Any
) -> Iterator[tuple[list[int], dict[str, Any]]]:
    hall = hall_with_accounts(postgres_schema_url, delegates=6)
    ports = [free_port(), free_port()]
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for port in ports:
            processes.append(serve(postgres_schema_url, port, tmp_path / "files", KYHOP_REDIS_URL=redis_url))
        yield ports, hall
    finally:
        stop(processes)


def test_a_ballot_cast_through_one_process_appears_on_a_projector_of_the_other(two_servers: Any) -> None:
    with ExitStack() as stack:
        _run_sitting(stack, *two_servers)


def _run_sitting(stack: ExitStack, ports: list[int], hall: dict[str, Any]) -> None:
    port_a, port_b = ports
    sid = hall["session_id"]
    console = Socket(stack, port_a, sid, cookie(port_a, "thukyhop"))
    projector = Socket(stack, port_b, sid)  # anonymous big screen, on the other process
    assert projector.first["type"] == "snapshot"
    console.send("open", {"type": "action", "action": "sitting.open"})
    tablets = [
        Socket(stack, port_a if i % 2 else port_b, sid, cookie(port_a, f"daibieu{i + 1}")) for i in range(6)
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
    with httpx.Client(base_url=f"http://127.0.0.1:{port_a}", timeout=30) as secretary:
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
        tablet_cookie = cookie(port_b, "daibieu1")
        with (
            httpx.Client(
                base_url=f"http://127.0.0.1:{port_b}", headers={"Cookie": tablet_cookie}, timeout=30
            ) as tablet,
            ExitStack() as stack,
        ):
            first = tablet.get(f"/api/sessions/{sid}/pack.pdf")
            assert first.status_code == 200
            socket_b = Socket(stack, port_b, sid, tablet_cookie)
            publish("TỜ TRÌNH thứ hai")
            socket_b.until(lambda m: m.get("event") == "documents")  # through Redis, to the other process
            second = tablet.get(f"/api/sessions/{sid}/pack.pdf")
            assert second.status_code == 200 and second.headers["etag"] != first.headers["etag"]
            assert len(second.content) > len(first.content)

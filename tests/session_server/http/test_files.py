"""Files sent through a real uvicorn server as ``kyhop serve`` runs it: with ``sendfile(2)`` (the zero-copy
send that ``session_server/http/zerocopy.py`` adds to uvicorn's httptools protocol), and without it."""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from session_server.app import CouncilApp
from session_server.http import zerocopy
from session_server.http.files import FastFileResponse
from tests.conftest import running

SIZE = 24 * 1024 * 1024 + 12_345  # more than the socket buffers hold: the send has to wait for the client


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    content = os.urandom(SIZE)
    path = tmp_path_factory.mktemp("files") / "pack.pdf"
    path.write_bytes(content)
    return path, content


@pytest.fixture()
def sendfile_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The byte counts handed to ``sendfile`` (the server runs in a thread of this process)."""
    calls: list[int] = []
    real = zerocopy._sendfile

    async def counting(cycle: Any, send: Any, message: Any) -> None:
        calls.append(message["count"])
        await real(cycle, send, message)

    monkeypatch.setattr(zerocopy, "_sendfile", counting)
    return calls


def file_app(path: Path) -> CouncilApp:
    async def serve(request: Request) -> Response:
        return FastFileResponse(
            path, media_type="application/pdf", headers={"etag": '"v1"'}, stat_result=path.stat()
        )

    async def ping(request: Request) -> Response:
        return PlainTextResponse("pong")

    return CouncilApp(routes=[Route("/pack.pdf", serve, methods=["GET", "HEAD"]), Route("/ping", ping)])


@pytest.fixture()
def server(big_file: tuple[Path, bytes]) -> Iterator[str]:
    with running(file_app(big_file[0])) as url:
        yield url


def test_a_whole_file_and_its_big_ranges_go_out_with_sendfile(
    server: str, big_file: tuple[Path, bytes], sendfile_calls: list[int]
) -> None:
    _, content = big_file
    with httpx.Client(base_url=server, timeout=30) as client:  # one kept-alive connection
        whole = client.get("/pack.pdf")
        assert whole.status_code == 200 and whole.headers["content-length"] == str(SIZE)
        assert hashlib.sha256(whole.content).digest() == hashlib.sha256(content).digest()
        middle = client.get("/pack.pdf", headers={"range": "bytes=1000000-2999999"})
        assert middle.status_code == 206 and middle.content == content[1_000_000:3_000_000]
        assert middle.headers["content-range"] == f"bytes 1000000-2999999/{SIZE}"
        tail = client.get("/pack.pdf", headers={"range": "bytes=-10", "if-range": '"v1"'})
        assert tail.status_code == 206 and tail.content == content[-10:]
        head = client.head("/pack.pdf")
        assert head.status_code == 200 and head.content == b"" and head.headers["content-length"] == str(SIZE)
        assert client.get("/ping").text == "pong"  # the connection is still in step after all that
    assert sendfile_calls == [SIZE, 2_000_000]  # (10 bytes: one read and one write)


def test_a_tablet_that_goes_away_mid_download_leaves_the_server_well(
    server: str, sendfile_calls: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    port = int(server.rsplit(":", 1)[1])
    for _ in range(3):
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
            sock.sendall(b"GET /pack.pdf HTTP/1.1\r\nHost: t\r\n\r\n")
            received = 0
            while received < 256 * 1024:
                received += len(sock.recv(65536))
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # reset
    time.sleep(0.2)
    with httpx.Client(base_url=server, timeout=30) as client:
        assert client.get("/ping").text == "pong"
        assert len(client.get("/pack.pdf").content) == SIZE
    assert len(sendfile_calls) == 4
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_without_the_extension_the_bytes_are_sent_by_the_app(
    big_file: tuple[Path, bytes], sendfile_calls: list[int]
) -> None:
    """uvicorn's h11 protocol (or TLS, or uvloop) offers no zero-copy send: the same answers, copied."""
    path, content = big_file
    with running(file_app(path), http="h11") as url, httpx.Client(base_url=url, timeout=30) as client:
        assert hashlib.sha256(client.get("/pack.pdf").content).digest() == hashlib.sha256(content).digest()
        assert client.get("/pack.pdf", headers={"range": "bytes=5-9"}).content == content[5:10]
    assert sendfile_calls == []

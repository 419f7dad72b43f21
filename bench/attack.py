"""What a hostile visitor sends while the hall votes (issue 11), for ``bench/ballots.py --under-attack``:

- a sign-in flood: ``--flood-clients`` anonymous clients, each sending wrong passwords for real delegates'
  usernames to ``POST /api/auth/login`` as fast as the server answers;
- an upload bomb: ``--bomb-clients`` anonymous clients, each starting 52 MB uploads (the body streamed as
  fast as the server takes it) to ``POST /api/sessions/{id}/documents``;
- a costly file: the secretary uploading, over and over, a 40 KB PDF of 100 pages that share one 8 MB
  content stream (65 s of CPU to accept on the code before the upload checks had limits).

Each runs until :meth:`Attack.stop`; what each got back is counted by status (``Attack.counts``).
"""

from __future__ import annotations

import asyncio
import collections
from typing import Any

import httpx

from bench import common
from tests.agenda.pdf.hostile import shared_stream_pdf  # the file the tests refuse (one builder of it)

BOMB_BYTES = 52 * 1024 * 1024
CHUNK = b"\0" * (256 * 1024)


class Attack:
    def __init__(self, port: int, manifest: dict[str, Any], flood_clients: int, bomb_clients: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.manifest = manifest
        self.flood_clients = flood_clients
        self.bomb_clients = bomb_clients
        self.counts: collections.Counter[str] = collections.Counter()
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._stop.clear()
        self._tasks = [asyncio.create_task(self._flood(i)) for i in range(self.flood_clients)]
        self._tasks += [asyncio.create_task(self._bomb()) for _ in range(self.bomb_clients)]
        self._tasks.append(asyncio.create_task(self._costly()))

    async def stop(self) -> dict[str, int]:
        self._stop.set()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        return dict(self.counts)

    async def _anonymous(self, client: httpx.AsyncClient) -> str:
        me = await client.get("/api/me")
        csrf: str = me.json()["csrf_token"]
        return csrf

    async def _flood(self, i: int) -> None:
        usernames = [f"db{i + 1:04d}" for i in range(len(self.manifest["delegates"]))]  # bench/setup_hall.py
        async with httpx.AsyncClient(base_url=self.base, timeout=30) as client:
            csrf = await self._anonymous(client)
            k = i
            while not self._stop.is_set():
                k += self.flood_clients
                try:
                    response = await client.post(
                        "/api/auth/login",
                        json={"username": usernames[k % len(usernames)], "password": f"sai-{k}"},
                        headers={"x-csrf-token": csrf},
                    )
                    self.counts[f"sign-in {response.status_code}"] += 1
                    if (
                        response.status_code == 429
                    ):  # told to wait: a real attacker would not, so neither do we
                        await asyncio.sleep(0)
                except httpx.HTTPError as exc:
                    self.counts[f"sign-in {type(exc).__name__}"] += 1

    async def _bomb(self) -> None:
        sid = self.manifest["session_id"]

        async def body() -> Any:
            for _ in range(BOMB_BYTES // len(CHUNK)):
                yield CHUNK

        async with httpx.AsyncClient(base_url=self.base, timeout=30) as client:
            csrf = await self._anonymous(client)
            while not self._stop.is_set():
                try:
                    response = await client.post(
                        f"/api/sessions/{sid}/documents",
                        content=body(),
                        headers={
                            "x-csrf-token": csrf,
                            "content-type": "multipart/form-data; boundary=bomb",
                            "content-length": str(BOMB_BYTES),
                        },
                    )
                    self.counts[f"upload {response.status_code}"] += 1
                except httpx.HTTPError as exc:
                    self.counts[f"upload {type(exc).__name__}"] += 1
                await asyncio.sleep(0.05)

    async def _costly(self) -> None:
        sid = self.manifest["session_id"]
        sec = self.manifest["secretary"]
        pdf = shared_stream_pdf()
        headers = {"Cookie": common.mint_cookie(sec), "x-csrf-token": f"bench-csrf-{sec['user_id']}"}
        async with httpx.AsyncClient(base_url=self.base, timeout=120) as client:
            while not self._stop.is_set():
                try:
                    response = await client.post(
                        f"/api/sessions/{sid}/documents",
                        data={"title": "Tệp tốn kém"},
                        files={"file": ("ton-kem.pdf", pdf, "application/pdf")},
                        headers=headers,
                    )
                    self.counts[f"costly upload {response.status_code}"] += 1
                except httpx.HTTPError as exc:
                    self.counts[f"costly upload {type(exc).__name__}"] += 1

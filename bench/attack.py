"""What a hostile visitor sends while the hall votes (issue 11), for ``bench/ballots.py --under-attack``:

- a sign-in flood: ``--flood-clients`` anonymous clients, each sending wrong passwords for real delegates'
  usernames to ``POST /api/auth/login`` as fast as the server answers;
- an upload bomb: ``--bomb-clients`` anonymous clients, each starting 52 MB uploads (the body streamed as
  fast as the server takes it) to ``POST /api/sessions/{id}/documents``;
- a costly file: the secretary uploading, over and over, a 40 KB PDF of 100 pages that share one 8 MB
  content stream (65 s of CPU to accept on the code before the upload checks had limits).

Each runs until :meth:`Attack.stop`; what each got back is counted by status (``Attack.counts``). The
attacker is another machine in a real hall: ``bench/ballots.py`` runs this module as a process of its own
(:class:`AttackProcess`), so that its work does not slow the harness's tablets and pass for the server's.

    .venv/bin/python bench/attack.py --port 8000 --manifest bench/out/ballots-hall.json   # until Ctrl-C
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from bench import common  # noqa: E402
from tests.agenda.pdf.hostile import shared_stream_pdf  # noqa: E402  (the file the tests refuse: one builder)

BOMB_BYTES = 52 * 1024 * 1024
ATTACKER_NICENESS = 10
CHUNK = b"\0" * (256 * 1024)


class Attack:
    def __init__(
        self, port: int, manifest: dict[str, Any], flood_clients: int, bomb_clients: int, costly: bool = True
    ) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.manifest = manifest
        self.flood_clients = flood_clients
        self.bomb_clients = bomb_clients
        self.costly = costly
        self.counts: collections.Counter[str] = collections.Counter()
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._stop.clear()
        self._tasks = [asyncio.create_task(self._flood(i)) for i in range(self.flood_clients)]
        self._tasks += [asyncio.create_task(self._bomb()) for _ in range(self.bomb_clients)]
        if self.costly:
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


class AttackProcess:
    """This module run as a process of its own, from :meth:`start` to :meth:`stop` (its counts)."""

    def __init__(
        self, port: int, manifest_path: Path, args: argparse.Namespace, cpus: set[int] | None
    ) -> None:
        self.argv = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--port",
            str(port),
            "--manifest",
            str(manifest_path),
            "--flood-clients",
            str(args.flood_clients),
            "--bomb-clients",
            str(args.bomb_clients),
        ] + (["--no-costly"] if args.no_costly else [])
        self.cpus = cpus
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        cpus = self.cpus

        def pin() -> None:  # beside the harness, never the servers, and below it: the attacker's own CPU
            if cpus:  # is another machine's in a real hall, so it must not slow the tablets' clocks here
                common.pin_to(cpus)
            os.nice(ATTACKER_NICENESS)

        self.proc = subprocess.Popen(self.argv, stdout=subprocess.PIPE, preexec_fn=pin)

    async def stop(self) -> dict[str, int]:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGINT)
        out, _ = await asyncio.to_thread(self.proc.communicate, timeout=60)
        lines = out.decode().strip().splitlines()
        counts: dict[str, int] = json.loads(lines[-1]) if lines else {"attacker": -1}
        return counts


async def attack_until_interrupted(args: argparse.Namespace) -> dict[str, int]:
    manifest = json.loads(Path(args.manifest).read_text())
    attack = Attack(args.port, manifest, args.flood_clients, args.bomb_clients, costly=not args.no_costly)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    attack.start()
    await stop.wait()
    return await attack.stop()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, required=True, help="the server's port on 127.0.0.1")
    parser.add_argument("--manifest", required=True, help="the hall's manifest (bench/setup_hall.py)")
    parser.add_argument("--flood-clients", type=int, default=16)
    parser.add_argument("--bomb-clients", type=int, default=16)
    parser.add_argument("--no-costly", action="store_true")
    counts = asyncio.run(attack_until_interrupted(parser.parse_args()))
    print(json.dumps(counts), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

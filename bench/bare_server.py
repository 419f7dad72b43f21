"""The baseline: a bare ``websockets`` broadcast server — no framework, no database, no per-client queue.

It keeps every connection in a set. A client that sends ``{"type": "trigger", "round": R, "size": S}``
makes it broadcast one text message of S bytes (``{"type":"event","round":R,"pad":"xx…"}``) to every
connection with ``websockets.broadcast`` — the fastest fan-out the library offers, the yardstick for
``bench/fanout.py``. Anything else a client sends is ignored. It exits by itself after ``--max-seconds``.

    .venv/bin/python bench/bare_server.py --port 8765
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import signal
import sys
from typing import Any


def payload(round_no: int, size: int) -> str:
    head = {"type": "event", "round": round_no, "pad": ""}
    base = len(json.dumps(head, separators=(",", ":")))
    head["pad"] = "x" * max(0, size - base)
    return json.dumps(head, separators=(",", ":"))


async def serve(host: str, port: int, max_seconds: float, deflate: bool = False) -> None:
    from websockets.asyncio.server import broadcast
    from websockets.asyncio.server import serve as ws_serve

    clients: set[Any] = set()

    async def handler(ws: Any) -> None:
        clients.add(ws)
        try:
            await ws.send('{"type":"hello"}')
            async for message in ws:
                try:
                    msg = json.loads(message)
                except ValueError:
                    continue
                if isinstance(msg, dict) and msg.get("type") == "trigger":
                    broadcast(clients, payload(int(msg.get("round", 0)), int(msg.get("size", 256))))
        finally:
            clients.discard(ws)

    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    async with ws_serve(
        handler,
        host,
        port,
        max_size=2**20,
        ping_interval=None,
        compression="deflate" if deflate else None,
        backlog=4096,
    ):
        print(f"bare websockets server on ws://{host}:{port}/", flush=True)
        await asyncio.wait_for(stop, timeout=max_seconds) if max_seconds else await stop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--host", default="127.0.0.1", choices=["127.0.0.1"], help="only the loopback (default)"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--deflate", action="store_true", help="accept permessage-deflate (as browsers offer it)"
    )
    parser.add_argument(
        "--max-seconds", type=float, default=3600, help="exit after this long (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(65536, hard), hard))
    try:
        asyncio.run(serve(args.host, args.port, args.max_seconds, args.deflate))
    except TimeoutError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

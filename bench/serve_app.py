"""Serve the Kỳ họp số app exactly as ``kyhop serve`` does, but with a chosen uvicorn websocket
implementation — for measuring what the choice of ``ws`` costs.

``kyhop serve`` runs ``uvicorn.run(create_app(make_settings(url)), **SERVER_OPTIONS)``
(``session_server/cli/serve.py``: ``ws="websockets-sansio"``, ``ws_per_message_deflate=False``,
``http="httptools"``, ``loop="asyncio"``). This script differs only in ``--ws`` (e.g. the legacy
``websockets``, or ``wsproto``). Like ``kyhop serve`` it needs KYHOP_SECRET_KEY for PostgreSQL and reads
KYHOP_REDIS_URL.

    KYHOP_SECRET_KEY=… .venv/bin/python bench/serve_app.py --database bench/out/fanout.sqlite --port 8001 \\
        --ws websockets
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", required=True)
    parser.add_argument("--host", default="127.0.0.1", choices=["127.0.0.1"])
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument(
        "--ws", default="websockets-sansio", choices=["websockets", "websockets-sansio", "wsproto"]
    )
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)

    import uvicorn

    from agenda import db as storage
    from session_server.app import create_app
    from session_server.cli.serve import SERVER_OPTIONS
    from session_server.settings import make_settings

    url = storage.database_url(args.database)
    engine = storage.make_engine(url)
    if storage.current_revision(engine) is None:
        storage.upgrade(engine)
    engine.dispose()
    options = {**SERVER_OPTIONS, "ws": args.ws}
    uvicorn.run(
        create_app(make_settings(url)), host=args.host, port=args.port, log_level=args.log_level, **options
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

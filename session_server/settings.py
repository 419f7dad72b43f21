"""Server settings from arguments and the environment (``KYHOP_*``)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request

from agenda.db import database_url


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    # Set when served over HTTPS (behind a proxy): cookies then carry the Secure flag.
    secure_cookies: bool = False
    # The address printed on QR cards; by default the address the request came in on.
    public_url: str | None = None
    session_hours: int = 12
    # Redis for fan-out between several server processes; None: events fan out in this process only.
    redis_url: str | None = None
    # Request bodies held in memory at once, all requests together (KYHOP_BODY_BUDGET_MB): four 50 MB
    # uploads, then the next waits (session_server/http/bodies.py).
    body_budget_bytes: int = 220 * 1024 * 1024
    # Behind a reverse proxy every request comes from the proxy's address: with this set, the caller's
    # address (for the sign-in delays) is the last one the proxy wrote in X-Forwarded-For. Never set it
    # when clients can reach the server directly — they could then write any address there.
    trust_forwarded_for: bool = False
    # How often (seconds, per process) the first page of an OParl list rebuilds the list and compares it with
    # the ledger (KYHOP_OPARL_REFRESH_SECONDS; agenda/opendata/oparl/service.Refreshes); 0: every first page.
    oparl_refresh_seconds: float = 10.0

    def base_url(self, request: Request | None = None) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        if request is not None:
            return str(request.base_url).rstrip("/")
        return "http://127.0.0.1:8000"


def load_secret(explicit: str | None, url: str) -> str:
    """The cookie-signing key: given, ``KYHOP_SECRET_KEY``, or a key file kept beside the SQLite database.

    With PostgreSQL (several processes) the key must be given, so every process signs alike.
    """
    key = explicit or os.environ.get("KYHOP_SECRET_KEY")
    if key:
        return key
    if not url.startswith("sqlite"):
        raise SystemExit(
            "KYHOP_SECRET_KEY must be set when the database is not SQLite "
            "(every server process must sign cookies with the same key)."
        )
    path = url.split(":///", 1)[-1]
    key_file = (Path(path).parent if path and path != ":memory:" else Path("var")) / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def make_settings(
    database: str | None = None,
    *,
    secret_key: str | None = None,
    public_url: str | None = None,
    redis_url: str | None = None,
) -> Settings:
    url = database_url(database)
    return Settings(
        database_url=url,
        secret_key=load_secret(secret_key, url),
        secure_cookies=os.environ.get("KYHOP_SECURE_COOKIES", "") in ("1", "true", "yes"),
        public_url=public_url or os.environ.get("KYHOP_PUBLIC_URL") or None,
        redis_url=redis_url or os.environ.get("KYHOP_REDIS_URL") or None,
        body_budget_bytes=int(os.environ.get("KYHOP_BODY_BUDGET_MB", "220")) * 1024 * 1024,
        trust_forwarded_for=os.environ.get("KYHOP_TRUST_FORWARDED_FOR", "") in ("1", "true", "yes"),
        oparl_refresh_seconds=float(os.environ.get("KYHOP_OPARL_REFRESH_SECONDS", "10")),
    )

"""The first run: ``GET /api/setup`` says whether the installation still needs setting up; ``POST /api/setup``
sets it up (:func:`agenda.council.setup.initialise`) — anonymously, so it is guarded twice:

- only while the database has no home council and no account at all (after that: 409, for ever);
- only with the set-up token that ``kyhop serve`` prints on an empty database (403 otherwise). The token is
  derived from the server's secret key, so every server process knows the same one, and whoever can reach
  the page but not the server's console — anyone on the hall network — cannot take the installation over.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from agenda.access import PUBLIC
from agenda.council import setup
from agenda.errors import DomainError
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import BOOL, DATE, INT, STR, obj, reply
from session_server.wire import council as wire

api = Api()


def setup_token(secret_key: str) -> str:
    """The first-run token of the server whose cookies ``secret_key`` signs."""
    digest = hmac.new(secret_key.encode(), b"kyhop first-run setup", hashlib.sha256).digest()
    return base64.b32encode(digest[:15]).decode().lower()


def setup_needed(call: Call) -> bool:
    return not setup.is_set_up(call.db) and not setup.has_accounts(call.db)


@api.endpoint(
    "GET",
    "/api/setup",
    summary="Whether the installation still needs its first set-up",
    roles=PUBLIC,
    tag="setup",
    returns=reply(needed=BOOL),
)
def get_setup(call: Call) -> dict[str, Any]:
    return {"needed": setup_needed(call)}


SETUP_BODY = obj(
    ["token", "council", "term", "admin"],
    token=STR,
    council=obj(
        ["name", "place_name", "level"],
        name=STR,
        short_name=STR,
        place_name=STR,
        level={"enum": ["province", "commune"]},
        time_zone=STR,
        parent_name=STR,
    ),
    term=obj(["number", "starts_on"], number=INT, starts_on=DATE, ends_on=DATE, seats=INT),
    admin=obj(["username", "password"], username=STR, password=STR, display_name=STR),
)


@api.endpoint(
    "POST",
    "/api/setup",
    summary="First run: create the council, its term and the administrator (only on an empty database, "
    "with the token `kyhop serve` printed)",
    roles=PUBLIC,
    tag="setup",
    body=SETUP_BODY,
    status=201,
    returns=reply(council=wire.COUNCIL, term=wire.TERM, admin=reply(username=STR)),
)
def post_setup(call: Call) -> dict[str, Any]:
    if not setup_needed(call):
        raise setup.already_set_up()
    token = call.body.get("token") if isinstance(call.body, dict) else None
    expected = setup_token(call.settings.secret_key)
    if not isinstance(token, str) or not hmac.compare_digest(
        token.strip().lower().encode(), expected.encode()
    ):
        raise DomainError(
            "Mã khởi tạo không đúng. Mã được in ra khi chạy “kyhop serve” trên máy chủ.",
            "Wrong set-up token. “kyhop serve” prints it on the server's console.",
            code="setup_token",
            field="token",
            status=403,
        )
    values = setup.SetupInput.parse(call.body)
    done = setup.initialise(call.db, values)
    return {
        "council": wire.council(done.council),
        "term": wire.term(done.term),
        "admin": {"username": done.admin.username},
    }

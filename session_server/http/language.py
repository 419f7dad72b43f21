"""The caller's language (Vietnamese first, English on request) and errors as JSON in it."""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse

from agenda.errors import DomainError


def request_language(conn: HTTPConnection) -> str:
    """``?lang=``, else the ``lang`` cookie the pages set, else ``Accept-Language``; Vietnamese by default.
    The same for an HTTP request and a websocket."""
    lang = conn.query_params.get("lang") or conn.cookies.get("lang")
    if lang in ("vi", "en"):
        return lang
    accept = conn.headers.get("accept-language", "")
    return "en" if accept.lower().startswith("en") else "vi"


def error_response(error: DomainError, lang: str) -> JSONResponse:
    """The error as JSON; one that says when to try again also says it in ``Retry-After``."""
    headers = {"Retry-After": str(error.retry_after)} if error.retry_after is not None else None
    return JSONResponse({"error": error.as_dict(lang)}, status_code=error.status, headers=headers)

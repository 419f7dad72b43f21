"""Reading a request's body: JSON or a multipart form, never more than the endpoint's limit (the size is
checked as the bytes arrive, not only as declared)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request

from agenda.errors import DomainError

MAX_JSON_BYTES = 256 * 1024
MAX_FORM_BYTES = 11 * 1024 * 1024  # an attachment of up to 10 MB and its form fields


async def read_json(request: Request, limit: int = MAX_JSON_BYTES) -> Any:
    """The JSON body (``{}`` when empty)."""
    return parse_json(await read_limited(request, limit))


def parse_json(raw: bytes) -> Any:
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise DomainError(
            "Dữ liệu gửi lên không phải JSON hợp lệ.", "The request body is not valid JSON.", code="bad_json"
        ) from None


def too_big(limit: int) -> DomainError:
    size = f"{limit // 1024} KB" if limit < 1024 * 1024 else f"{limit // (1024 * 1024)} MB"
    return DomainError(
        f"Dữ liệu gửi lên quá lớn (tối đa {size}).",
        f"The request body is too large (at most {size}).",
        code="too_large",
        status=413,
    )


async def read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_big(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big(limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def read_form(request: Request, limit: int = MAX_FORM_BYTES) -> dict[str, Any]:
    """A multipart form as a dict: text fields as str, files as (filename, content type, bytes)."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise DomainError(
            "Dữ liệu phải gửi dạng biểu mẫu (multipart/form-data).",
            "The body must be multipart/form-data.",
            code="bad_body",
        )
    raw = await read_limited(request, limit)
    copy = Request({**request.scope}, replay_body(raw))
    try:
        async with copy.form(max_files=1, max_fields=20) as parsed:
            out: dict[str, Any] = {}
            for key, value in parsed.multi_items():
                if isinstance(value, str):
                    out[key] = value
                else:
                    out[key] = (value.filename or "", value.content_type or "", await value.read())
            return out
    except HTTPException as exc:  # malformed multipart, too many parts
        raise DomainError(
            "Biểu mẫu gửi lên không hợp lệ.", f"Malformed form: {exc.detail}", code="bad_body"
        ) from None


def replay_body(raw: bytes) -> Callable[[], Awaitable[dict[str, Any]]]:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": raw, "more_body": False}

    return receive

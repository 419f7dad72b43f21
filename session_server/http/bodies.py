"""Reading a request's body: JSON or a multipart form, never more than the endpoint's limit (the size is
checked as the bytes arrive, not only as declared), and never more bodies in memory at once than the
server's budget for them (:class:`BodyBudget`)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import Message

from agenda.errors import DomainError

MAX_JSON_BYTES = 256 * 1024
FORM_FIELDS_BYTES = 1024 * 1024  # what a form may carry beside its file: a form's limit is its file's + this
MAX_FORM_BYTES = 10 * 1024 * 1024 + FORM_FIELDS_BYTES  # an attachment of up to 10 MB and its form fields
BUDGET_WAIT_SECONDS = 10.0


def size_text(limit: int) -> str:
    """A limit as people read it: "256 KB", "50 MB"."""
    return f"{limit // 1024} KB" if limit < 1024 * 1024 else f"{limit // (1024 * 1024)} MB"


def too_big(limit: int, *, form: bool = False) -> DomainError:
    """413, stating the limit people were told: for a form, its file's (the limit less the fields' room)."""
    if form:
        size = size_text(limit - FORM_FIELDS_BYTES)
        return DomainError(
            f"Tệp gửi lên quá lớn (tối đa {size}).",
            f"The file is too large (at most {size}).",
            code="too_large",
            status=413,
        )
    size = size_text(limit)
    return DomainError(
        f"Dữ liệu gửi lên quá lớn (tối đa {size}).",
        f"The request body is too large (at most {size}).",
        code="too_large",
        status=413,
    )


class BodyBudget:
    """The bytes of request bodies the server holds at once. A request reserves what it may send (its
    declared length, else its endpoint's limit) before reading a byte; when the budget is spent it waits a
    little for others to finish, then is told to try again (429) — so sixteen 50 MB uploads at once cost
    the budget, not 16 × 50 MB."""

    def __init__(self, total: int, wait: float | None = None) -> None:
        self.total = total
        self.free = total
        self.wait = BUDGET_WAIT_SECONDS if wait is None else wait
        self._changed = asyncio.Condition()

    @asynccontextmanager
    async def hold(self, size: int) -> AsyncIterator[None]:
        if size <= 0:  # no body (a GET)
            yield
            return
        size = min(size, self.total)
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(lambda: self.free >= size), self.wait)
            except TimeoutError:
                raise DomainError(
                    "Máy chủ đang nhận nhiều tệp cùng lúc, vui lòng gửi lại sau ít giây.",
                    "The server is receiving many files at once; please send again in a few seconds.",
                    code="busy_receiving",
                    status=429,
                ) from None
            self.free -= size
        try:
            yield
        finally:
            async with self._changed:
                self.free += size
                self._changed.notify_all()


def reservation(request: Request, limit: int, *, form: bool = False) -> int:
    """What a body may cost: its declared length (refused at once when over ``limit``), else ``limit``."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit():
        if int(declared) > limit:
            raise too_big(limit, form=form)
        return int(declared)
    return limit


def is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


async def read_json(request: Request, limit: int = MAX_JSON_BYTES) -> Any:
    """The JSON body (``{}`` when empty); a body under another content type is refused (415)."""
    raw = await read_limited(request, limit)
    if raw.strip() and not is_json(request.headers.get("content-type", "")):
        raise DomainError(
            "Dữ liệu phải gửi dạng JSON (Content-Type: application/json).",
            "The body must be sent as JSON (Content-Type: application/json).",
            code="unsupported_media_type",
            status=415,
        )
    return parse_json(raw)


def _no_constants(name: str) -> Any:
    raise ValueError(name)  # NaN, Infinity: not JSON, and no field of ours takes them


def parse_json(raw: bytes | str) -> Any:
    """JSON as sent in a body or a websocket message; nesting too deep, NaN and NUL are refused."""
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw, parse_constant=_no_constants)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: "[[[[…" nested too deep
        raise DomainError(
            "Dữ liệu gửi lên không phải JSON hợp lệ.", "The request body is not valid JSON.", code="bad_json"
        ) from None
    if holds_nul(value):
        raise nul_refused()
    return value


def holds_nul(value: Any) -> bool:
    """Whether any text in a parsed JSON value (keys too) holds NUL, which no database column stores."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def nul_refused() -> DomainError:
    return DomainError(
        "Dữ liệu gửi lên chứa ký tự NUL, không được phép.",
        "The request holds a NUL character, which is not allowed.",
        code="bad_text",
    )


async def read_limited(request: Request, limit: int) -> bytes:
    reservation(request, limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big(limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def read_form(request: Request, limit: int = MAX_FORM_BYTES) -> dict[str, Any]:
    """A multipart form as a dict: text fields as str, files as (filename, content type, bytes). The body
    goes straight into the form parser (files past 1 MB spool to disk), counted as it arrives."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise DomainError(
            "Dữ liệu phải gửi dạng biểu mẫu (multipart/form-data).",
            "The body must be multipart/form-data.",
            code="unsupported_media_type",
            status=415,
        )
    reservation(request, limit, form=True)
    copy = Request(request.scope, limited_receive(request.receive, limit))
    try:
        async with copy.form(max_files=1, max_fields=20) as parsed:
            out: dict[str, Any] = {}
            for key, value in parsed.multi_items():
                if isinstance(value, str):
                    if "\x00" in value:
                        raise nul_refused()
                    out[key] = value
                else:
                    out[key] = (value.filename or "", value.content_type or "", await value.read())
            return out
    except HTTPException as exc:  # malformed multipart, too many parts
        raise DomainError(
            "Biểu mẫu gửi lên không hợp lệ.", f"Malformed form: {exc.detail}", code="bad_body"
        ) from None


def limited_receive(
    receive: Callable[[], Awaitable[Message]], limit: int
) -> Callable[[], Awaitable[Message]]:
    """``receive`` that refuses (413) once more than ``limit`` bytes of body have arrived."""
    size = 0

    async def counted() -> Message:
        nonlocal size
        message = await receive()
        if message["type"] == "http.request":
            size += len(message.get("body", b""))
            if size > limit:
                raise too_big(limit, form=True)
        return message

    return counted

"""Zero copy: ASGI's ``http.response.zerocopysend`` on top of uvicorn's httptools protocol — the file goes from
the page cache to the socket with ``sendfile(2)``, as nginx sends it (see :class:`ZeroCopySend`)."""

from __future__ import annotations

import asyncio
import os
from asyncio import constants as asyncio_constants
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ZERO_COPY = "http.response.zerocopysend"


class ZeroCopySend:
    """The outermost layer of the app: where the connection allows it, adds ASGI's zero-copy send
    extension to the request's scope and carries out its messages with ``loop.sendfile`` — which, on
    asyncio's selector loop over a plain TCP socket, is ``sendfile(2)``.

    uvicorn does not offer the extension, so this reaches below ASGI: uvicorn's ``send`` for an HTTP/1.1
    request served by its httptools protocol is the method of a request-response cycle that holds the
    transport, the flow control and what is left of the Content-Length. The file's bytes are counted off
    there, then the response is finished through uvicorn's own ``send`` (an empty last body), so keep-alive,
    the end of the response and the access log stay uvicorn's. :func:`sendfile_cycle` checks every piece of
    that before the extension is offered; any other server, protocol, event loop or TLS connection gets no
    extension and the app sends the bytes itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        cycle = sendfile_cycle(send) if scope["type"] == "http" else None
        if cycle is None:
            await self.app(scope, receive, send)
            return
        scope["extensions"] = {**(scope.get("extensions") or {}), ZERO_COPY: {}}

        async def send_or_sendfile(message: Message) -> None:
            if message["type"] == ZERO_COPY:
                await _sendfile(cycle, send, message)
            else:
                await send(message)

        await self.app(scope, receive, send_or_sendfile)


_CYCLE_FIELDS = (
    "transport",
    "flow",
    "response_started",
    "response_complete",
    "disconnected",
    "chunked_encoding",
    "expected_content_length",
)


def sendfile_cycle(send: Send) -> Any | None:
    """uvicorn's httptools request-response cycle behind ``send``, if its transport can ``sendfile``."""
    cycle: Any = getattr(send, "__self__", None)
    if (
        type(cycle).__module__ != "uvicorn.protocols.http.httptools_impl"
        or getattr(send, "__name__", "") != "send"
    ):
        return None
    if not all(hasattr(cycle, name) for name in _CYCLE_FIELDS):
        return None
    native = getattr(getattr(asyncio_constants, "_SendfileMode", None), "TRY_NATIVE", None)
    if native is None or getattr(cycle.transport, "_sendfile_compatible", None) is not native:
        return None  # TLS, or another event loop
    if not hasattr(asyncio.get_running_loop(), "_sendfile_native"):
        return None
    return cycle


async def _sendfile(cycle: Any, send: Send, message: Message) -> None:
    """One ``http.response.zerocopysend`` message: the bytes with ``sendfile``, then uvicorn's own
    bookkeeping. A client that goes away meanwhile ends it quietly, as uvicorn's ``send`` does."""
    if not cycle.response_started or cycle.response_complete or cycle.chunked_encoding is not False:
        raise RuntimeError(f"'{ZERO_COPY}' needs a started response with a Content-Length.")
    if cycle.flow.write_paused and not cycle.disconnected:
        await cycle.flow.drain()
    if cycle.disconnected:
        return
    file = message["file"]
    offset = message.get("offset")
    offset = file.tell() if offset is None else offset
    count = message.get("count")
    count = os.fstat(file.fileno()).st_size - offset if count is None else count
    if count > cycle.expected_content_length:
        raise RuntimeError("Response content longer than Content-Length")
    if count > 0:
        if cycle.transport.is_closing():
            cycle.disconnected = True
            return
        try:
            sent = await asyncio.get_running_loop().sendfile(cycle.transport, file, offset, count)
        except ConnectionError:  # the client is gone: close, as uvicorn would on its connection lost
            cycle.disconnected = True
            cycle.transport.close()
            return
        if sent != count:
            raise RuntimeError("The file is shorter than the range to send.")
        cycle.expected_content_length -= sent
    await send({"type": "http.response.body", "body": b"", "more_body": message.get("more_body", False)})

"""Writing a text frame straight to a websocket connection under uvicorn's ``websockets-sansio`` protocol,
without the ASGI layers (the fan-out of one tally to a thousand tablets)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from starlette.websockets import WebSocket


def direct_writer(websocket: WebSocket) -> Callable[[bytes], bool] | None:
    """A synchronous writer of text frames straight to the connection, or None where there is none.

    Starlette's ``WebSocket.send_text`` goes through a state check, two middleware wrappers that only
    look at HTTP responses, and uvicorn's ``send`` coroutine — about 40 µs a frame, which for one tally
    to 1,000 tablets is 40 ms of the event loop. Under uvicorn's ``websockets-sansio`` protocol (what
    ``kyhop serve`` runs) the ASGI ``send`` is a bound method of the protocol, reached through the
    ``send`` closures of those wrappers; its websockets connection frames the message and the transport
    writes it, as ``websockets.broadcast`` does. The writer declines (returns False — the caller then
    uses the ordinary ``send``) when the transport's buffer is full (uvicorn's flow control: the
    connection is slow), or the connection is closing. Any other server, or wrappers that do more: None.
    """
    send: Any = getattr(websocket, "_send", None)
    for _ in range(8):  # unwrap: a closure over the next ``send``, down to the server's bound method
        if getattr(send, "__self__", None) is not None:
            break
        code, cells = getattr(send, "__code__", None), getattr(send, "__closure__", None)
        if code is None or not cells or "send" not in code.co_freevars or code.co_name not in _PASS_THROUGH:
            return None
        send = cells[code.co_freevars.index("send")].cell_contents
    protocol = getattr(send, "__self__", None)
    if type(protocol).__name__ != "WebSocketsSansIOProtocol" or getattr(send, "__name__", None) != "send":
        return None
    conn, transport, writable = (getattr(protocol, name, None) for name in ("conn", "transport", "writable"))
    if not (
        conn is not None
        and hasattr(conn, "send_text")
        and hasattr(conn, "data_to_send")
        and isinstance(writable, asyncio.Event)
        and transport is not None
        and hasattr(transport, "write")
    ):
        return None
    assert protocol is not None

    def write(data: bytes) -> bool:
        if not writable.is_set() or protocol.close_sent or transport.is_closing():
            return False
        try:
            conn.send_text(data)
        except Exception:  # noqa: BLE001 - closing (InvalidState): the ordinary send reports it
            return False
        transport.write(b"".join(conn.data_to_send()))
        return True

    return write


# The wrappers between a websocket endpoint and the server that pass text frames through unchanged:
# Starlette's exception handling (``sender``) and SessionMiddleware (``send_wrapper``).
_PASS_THROUGH = frozenset({"sender", "send_wrapper"})

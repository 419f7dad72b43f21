"""The live session over a websocket (``/ws/sessions/{id}``) and over HTTP — see docs/protocol.md.

On connect a screen gets a full snapshot, or — when it says which version it last saw (``?since=``) —
just the events after it (a snapshot all the same when they are too many, or when that version is ahead
of the session's: the screen saw another database, restored or rebuilt since). Then it receives every
event in version order, and may send actions (``{"type": "action", …}``) and ballots
(``{"type": "ballot", …}``); each gets an ``ack`` once committed, or an ``error`` — and the connection
stays up either way. Only when the sign-in session the socket connected with ends (signed out, its card
revoked, the account disabled, its password changed) is it sent ``signin_required`` and closed, with code
4401 — on whichever server process it is connected to.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any
from urllib.parse import urlparse

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from agenda import clock, events
from agenda.access import sign_in_ended, sign_in_required
from agenda.council import sessions
from agenda.errors import DomainError, NotFound, from_database
from agenda.models import User
from agenda.recent import RecentlyRead
from agenda.sitting import ballots
from agenda.sitting.snapshot import shared_state, viewer_state
from session_server.auth import SIGNIN_KEY, current_signin
from session_server.commit import Committed, encode
from session_server.http.bodies import parse_json
from session_server.http.language import request_language
from session_server.http.schemas import check_fields
from session_server.realtime.actions import ACTIONS, Action, perform
from session_server.realtime.ballots import Submitted
from session_server.realtime.direct import direct_writer
from session_server.realtime.hub import Client, Hub, run_writer

log = logging.getLogger("kyhop.realtime")


MAX_MESSAGE_BYTES = 64 * 1024
BALLOT: Action[ballots.Ballot] = ACTIONS["ballot.cast"]
# A ballot frame: the fields of the action's data (its schema), beside the message's own type and id.
BALLOT_FRAME = (BALLOT.accepts or frozenset()) | {"type", "id"}


def _identify(
    factory: sessionmaker[DbSession], websocket: WebSocket, session_id: int
) -> tuple[int | None, int | None]:
    """(user id, sign-in session id) of the socket's signed-in user; refuses an invisible session. A cookie
    whose sign-in session has ended signs nobody in: the socket watches as the public does."""
    with factory() as db:
        found = current_signin(db, websocket)
        user = found[0] if found is not None else None
        sessions.visible_session(db, session_id, user)
        if found is None:
            return None, None
        return found[0].id, found[1].id


def _snapshot_text(
    factory: sessionmaker[DbSession],
    session_id: int,
    user_id: int | None,
    shared: RecentlyRead[tuple[int, str]],
) -> tuple[int, str]:
    """(version, the encoded snapshot message) for the socket's user. The part every screen shares (the
    attendance of every delegate, the votes, …) is read and encoded once per version of the session when
    a hall full of tablets connects at once (``shared``); the delegate's own part and the clock are theirs."""
    with factory() as db:
        user = db.get(User, user_id) if user_id is not None else None
        session = sessions.visible_session(db, session_id, user)

        def read() -> tuple[int, str]:
            state = shared_state(db, session)
            return state["version"], encode(state)

        version, state_text = shared.get_or_read(
            (session_id, events.live_state(db, session_id).version), read
        )
        own: dict[str, Any] = {"server_time": clock.iso_ms(clock.utcnow())}
        if user is not None and user.person_id is not None:
            own["me"] = viewer_state(db, session, user.person_id)
        own_text = encode(own)  # '{"server_time":…,"me":…}': spliced into the shared object
        return version, (
            f'{{"type":"snapshot","session_id":{session_id},"version":{version},"state":'
            f"{state_text[:-1]},{own_text[1:]}}}"
        )


def _replay(factory: sessionmaker[DbSession], session_id: int, after: int) -> list[tuple[int, str]] | None:
    with factory() as db:
        rows = events.since(db, session_id, after)
        if rows is None:
            return None
        return [(e.version, encode(events.as_message(e))) for e in rows]


def _since(websocket: WebSocket) -> int | None:
    """The version the screen last applied (``?since=``), or None — none given, or not a version: it gets a
    snapshot. (At most 18 digits: a version is a 64-bit number; a larger one is ahead of any session.)"""
    raw = websocket.query_params.get("since")
    if raw is None or not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        return None
    return int(raw)


def _same_origin(websocket: WebSocket) -> bool:
    """Browsers send Origin on websockets; a page of another site must not act with our cookie."""
    origin = websocket.headers.get("origin")
    return origin is None or urlparse(origin).netloc == websocket.headers.get("host")


async def session_socket(websocket: WebSocket) -> None:
    app = websocket.app
    factory: sessionmaker[DbSession] = app.state.db
    reader: sessionmaker[DbSession] = app.state.read_db
    hub: Hub = app.state.hub
    lang = request_language(websocket)
    signed_out = asyncio.Event()  # set by the hub when the socket's sign-in session ends
    client: Client | None = None
    await websocket.accept()
    try:
        session_id = int(websocket.path_params["session_id"])
        if not _same_origin(websocket):
            raise DomainError(
                "Kết nối từ trang khác bị từ chối.",
                "Cross-site connection refused.",
                code="origin",
                status=403,
            )
        cookie_signin = websocket.session.get(SIGNIN_KEY)
        client = Client(
            session_id=session_id,
            send=websocket.send_text,
            signin_id=cookie_signin if isinstance(cookie_signin, int) else None,
            sign_out=signed_out.set,
        )
        hub.add(client)  # before the first read: nothing published from now on can be missed, no sign-out
        user_id, signin_id = await run_in_threadpool(_identify, reader, websocket, session_id)
        client.signin_id = signin_id
        if signin_id is not None and signed_out.is_set():
            raise sign_in_ended()  # ended while the socket was being identified
    except (DomainError, ValueError) as error:
        if client is not None:
            hub.remove(client)
        err = error if isinstance(error, DomainError) else NotFound("kỳ họp", "Session")
        await websocket.send_text(encode({"type": "error", "id": None, "error": err.as_dict(lang)}))
        await websocket.close(code=4000 + err.status)
        return
    except BaseException:
        if client is not None:
            hub.remove(client)
        raise

    send = client.send_text

    async def snap() -> tuple[int, str]:
        return await run_in_threadpool(_snapshot_text, reader, session_id, user_id, app.state.snapshots)

    async def replay(sid: int, after: int) -> list[tuple[int, str]] | None:
        return await run_in_threadpool(_replay, reader, sid, after)

    tasks: list[asyncio.Task[Any]] = []
    try:
        since = _since(websocket)
        missed = await replay(session_id, since) if since is not None else None
        if since is None or missed is None:  # new, too far behind, or ahead of this database: a snapshot
            client.sent_version, text = await snap()
            await send(text)
        else:
            client.sent_version = since
            for version, text in missed:
                await send(text)
                client.sent_version = version
            await send(encode({"type": "resumed", "session_id": session_id, "version": client.sent_version}))
        client.write_now = direct_writer(websocket)  # from now on, events in order may go out at once
        tasks.append(asyncio.create_task(run_writer(client, replay, snap)))
        reading = asyncio.create_task(
            _read(websocket, factory, hub, client.reply, session_id, user_id, signin_id, lang)
        )
        ending = asyncio.create_task(signed_out.wait())
        tasks += [reading, ending]
        await asyncio.wait({reading, ending}, return_when=asyncio.FIRST_COMPLETED)
        if reading.done():
            reading.result()  # the client went away (or the connection failed)
        else:
            await _close_signed_out(websocket, client, tasks, lang)
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        hub.remove(client)
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


async def _close_signed_out(
    websocket: WebSocket, client: Client, tasks: list[asyncio.Task[Any]], lang: str
) -> None:
    """The socket's sign-in session ended: stop reading and sending events, say so, close with 4401."""
    for task in tasks:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
    client.write_now = None
    error = sign_in_ended()
    await client.send_text(encode({"type": "error", "id": None, "error": error.as_dict(lang)}))
    await websocket.close(code=4000 + error.status)


async def _read(
    websocket: WebSocket,
    factory: sessionmaker[DbSession],
    hub: Hub,
    send: Any,
    session_id: int,
    user_id: int | None,
    signin_id: int | None,
    lang: str,
) -> None:
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        raw = message.get("text")
        if raw is None and message.get("bytes") is not None:
            raw = message["bytes"].decode("utf-8", errors="replace")
        ref: Any = None
        try:
            if raw is None or len(raw.encode()) > MAX_MESSAGE_BYTES:
                raise DomainError(
                    f"Tin nhắn quá lớn (tối đa {MAX_MESSAGE_BYTES // 1024} KB).",
                    f"Message too large (at most {MAX_MESSAGE_BYTES // 1024} KB).",
                    code="too_large",
                    status=413,
                )
            msg = parse_json(raw)  # the same rules as an HTTP body: nesting, NaN and NUL refused
            if not isinstance(msg, dict):
                raise DomainError(
                    "Tin nhắn phải là một đối tượng JSON.",
                    "A message must be a JSON object.",
                    code="bad_message",
                )
            ref = msg.get("id") if isinstance(msg.get("id"), (str, int)) else None
            kind = msg.get("type")
            name: Any  # the action's name and its data, as sent (the action table checks both)
            data: Any
            if kind == "ping":
                await send(encode({"type": "pong", "id": ref}))
                continue
            if kind == "ballot":  # the ballot's fields, beside the frame's own
                name, data = "ballot.cast", msg
            elif kind == "action":
                name, data = msg.get("action"), msg.get("data")
            else:
                raise DomainError("Loại tin nhắn không hợp lệ.", "Unknown message type.", code="bad_message")
            try:
                if name == "ballot.cast":  # committed in a batch with the ballots arriving meanwhile
                    if (
                        user_id is None
                    ):  # as for an action: "please sign in" before any complaint about the data
                        raise sign_in_required()
                    # a malformed ballot is refused before it queues
                    check_fields(data, BALLOT_FRAME if kind == "ballot" else BALLOT.accepts)
                    ballot = BALLOT.parse(data)
                    result = await websocket.app.state.ballots.cast(Submitted(session_id, signin_id, ballot))
                    emitted = Committed()
                else:
                    result, emitted = await run_in_threadpool(
                        perform, factory, session_id, signin_id, name, data
                    )
            except SQLAlchemyError as exc:
                log.warning("action %s failed in the database", name, exc_info=True)
                raise from_database(exc) from None  # rolled back: the tablet may resend (same ballot id)
        except DomainError as error:
            await send(encode({"type": "error", "id": ref, "error": error.as_dict(lang)}))
            continue
        await send(encode({"type": "ack", "id": ref, "action": name, "result": result}))
        if emitted:
            await hub.publish(emitted)


ROUTES = [WebSocketRoute("/ws/sessions/{session_id}", session_socket)]

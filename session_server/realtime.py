"""The live session over a websocket (``/ws/sessions/{id}``) and over HTTP — see docs/protocol.md.

On connect a screen gets a full snapshot, or — when it says which version it last saw (``?since=``) —
just the events after it. Then it receives every event in version order, and may send actions
(``{"type": "action", …}``) and ballots (``{"type": "ballot", …}``); each gets an ``ack`` once
committed, or an ``error`` — and the connection stays up either way.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from agenda import events, live, record, voting
from agenda.errors import DomainError, NotFound, Unavailable
from agenda.inputs import Fields
from agenda.models import Question, Session, StoredFile, User, utcnow
from agenda.recent import RecentlyRead
from agenda.snapshot import shared_state, snapshot, viewer_state
from session_server.actions import ACTIONS, DELEGATES, load_session, perform, run_action
from session_server.api import api
from session_server.ballots import Ballot
from session_server.http import PUBLIC, SIGNED_IN, Call, current_user, encoded_events
from session_server.hub import Client, Committed, Hub, encode, run_writer

log = logging.getLogger("kyhop.realtime")
MAX_MESSAGE_BYTES = 64 * 1024
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


# ---------------------------------------------------------------------------------------------
# Work done in a worker thread (database)
# ---------------------------------------------------------------------------------------------


def _identify(
    factory: sessionmaker[DbSession], websocket: WebSocket, session_id: int
) -> tuple[int | None, int | None, int | None]:
    """(user id, auth version, person id) of the socket's signed-in user; refuses an invisible session."""
    with factory() as db:
        user = current_user(db, websocket)  # type: ignore[arg-type]  # has .session like a Request
        load_session(db, session_id, user)
        if user is None:
            return None, None, None
        return user.id, user.auth_version, user.person_id


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
        session = load_session(db, session_id, user)

        def read() -> tuple[int, str]:
            state = shared_state(db, session)
            return state["version"], encode(state)

        version, state_text = shared.get_or_read(
            (session_id, events.live_state(db, session_id).version), read
        )
        own: dict[str, Any] = {"server_time": live._iso_ms(utcnow())}
        if user is not None and user.person_id is not None:
            own["me"] = viewer_state(db, session, user.person_id)
        own_text = encode(own)  # '{"server_time":…,"me":…}': spliced into the shared object
        return version, (
            f'{{"type":"snapshot","session_id":{session_id},"version":{version},"state":'
            f"{state_text[:-1]},{own_text[1:]}}}"
        )


def flush_progress(factory: sessionmaker[DbSession], session_id: int, vote_id: int) -> Committed:
    """Report a vote's tally (one ``vote.progress`` event for the ballots since the last report)."""
    with factory() as db:
        with db.begin():
            session = db.get(Session, session_id)
            if session is not None:
                voting.report_progress(db, session, vote_id)
        return encoded_events(db)


def _replay(factory: sessionmaker[DbSession], session_id: int, after: int) -> list[tuple[int, str]] | None:
    with factory() as db:
        rows = events.since(db, session_id, after)
        if rows is None:
            return None
        return [(e.version, encode(events.as_message(e))) for e in rows]


# ---------------------------------------------------------------------------------------------
# The websocket
# ---------------------------------------------------------------------------------------------


def _same_origin(websocket: WebSocket) -> bool:
    """Browsers send Origin on websockets; a page of another site must not act with our cookie."""
    origin = websocket.headers.get("origin")
    return origin is None or urlparse(origin).netloc == websocket.headers.get("host")


def _lang(websocket: WebSocket) -> str:
    lang = websocket.query_params.get("lang") or websocket.cookies.get("lang")
    return "en" if lang == "en" else "vi"


async def session_socket(websocket: WebSocket) -> None:
    app = websocket.app
    factory: sessionmaker[DbSession] = app.state.db
    reader: sessionmaker[DbSession] = app.state.read_db
    hub: Hub = app.state.hub
    lang = _lang(websocket)
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
        user_id, auth_version, _ = await run_in_threadpool(_identify, reader, websocket, session_id)
    except (DomainError, ValueError) as error:
        err = error if isinstance(error, DomainError) else NotFound("kỳ họp", "Session")
        await websocket.send_text(encode({"type": "error", "id": None, "error": err.as_dict(lang)}))
        await websocket.close(code=4000 + err.status)
        return

    client = Client(session_id=session_id, send=websocket.send_text)
    send = client.send_text
    hub.add(client)  # before the first read: nothing published from now on can be missed

    async def snap() -> tuple[int, str]:
        return await run_in_threadpool(_snapshot_text, reader, session_id, user_id, app.state.snapshots)

    async def replay(sid: int, after: int) -> list[tuple[int, str]] | None:
        return await run_in_threadpool(_replay, reader, sid, after)

    writer: asyncio.Task[None] | None = None
    try:
        since = websocket.query_params.get("since")
        missed = await replay(session_id, int(since)) if since and since.isdigit() else None
        if missed is None:
            client.sent_version, text = await snap()
            await send(text)
        else:
            client.sent_version = int(since)  # type: ignore[arg-type]
            for version, text in missed:
                await send(text)
                client.sent_version = version
            await send(encode({"type": "resumed", "session_id": session_id, "version": client.sent_version}))
        client.write_now = direct_writer(websocket)  # from now on, events in order may go out at once
        writer = asyncio.create_task(run_writer(client, replay, snap))
        await _read(websocket, factory, hub, client.reply, session_id, user_id, auth_version, lang)
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        hub.remove(client)
        if writer is not None:
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await writer


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
        hasattr(conn, "send_text")
        and hasattr(conn, "data_to_send")
        and isinstance(writable, asyncio.Event)
        and hasattr(transport, "write")
    ):
        return None

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


async def _read(
    websocket: WebSocket,
    factory: sessionmaker[DbSession],
    hub: Hub,
    send: Any,
    session_id: int,
    user_id: int | None,
    auth_version: int | None,
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
            try:
                msg = json.loads(raw)
            except ValueError:
                raise DomainError(
                    "Tin nhắn không phải JSON hợp lệ.", "The message is not valid JSON.", code="bad_json"
                ) from None
            if not isinstance(msg, dict):
                raise DomainError(
                    "Tin nhắn phải là một đối tượng JSON.",
                    "A message must be a JSON object.",
                    code="bad_message",
                )
            ref = msg.get("id") if isinstance(msg.get("id"), (str, int)) else None
            kind = msg.get("type")
            if kind == "ping":
                await send(encode({"type": "pong", "id": ref}))
                continue
            if kind == "ballot":
                name, data = "ballot.cast", msg
            elif kind == "action":
                name, data = msg.get("action"), msg.get("data")
            else:
                raise DomainError("Loại tin nhắn không hợp lệ.", "Unknown message type.", code="bad_message")
            try:
                if name == "ballot.cast":  # committed in a batch with the ballots arriving meanwhile
                    result = await websocket.app.state.ballots.cast(
                        Ballot(session_id, user_id, auth_version, data)
                    )
                    emitted = Committed()
                else:
                    result, emitted = await run_in_threadpool(
                        perform, factory, session_id, user_id, auth_version, name, data
                    )
            except SQLAlchemyError:
                log.exception("action %s failed in the database", name)
                raise Unavailable() from None  # rolled back: the tablet may resend (same ballot id)
        except DomainError as error:
            await send(encode({"type": "error", "id": ref, "error": error.as_dict(lang)}))
            continue
        await send(encode({"type": "ack", "id": ref, "action": name, "result": result}))
        if emitted:
            await hub.publish(emitted)


ROUTES = [WebSocketRoute("/ws/sessions/{session_id}", session_socket)]


# ---------------------------------------------------------------------------------------------
# The same over HTTP (for scripts, kiosks and clients that cannot hold a websocket)
# ---------------------------------------------------------------------------------------------


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/live",
    summary="Snapshot of the live session (as sent on connect)",
    roles=PUBLIC,
    tag="live",
)
def live_snapshot(call: Call) -> dict[str, Any]:
    session = load_session(call.db, call.path["session_id"], call.user)
    return snapshot(call.db, session, viewer_person_id=call.user.person_id if call.user else None)


@api.endpoint(
    "POST",
    "/api/sessions/{session_id}/actions/{action}",
    summary="Take a live-session action (the same as a websocket `action`): "
    + "; ".join(f"{name} — {a.summary}" for name, a in ACTIONS.items()),
    roles=SIGNED_IN,
    tag="live",
    body={"type": "object"},
)
def live_action(call: Call) -> dict[str, Any]:
    result = run_action(call.db, call.path["session_id"], call.user, call.path["action"], call.body)
    return {"action": call.path["action"], "result": result}


@api.endpoint(
    "POST",
    "/api/sessions/{session_id}/questions",
    summary="File a question with an optional attachment "
    "(multipart form: official_id, text, file — PDF, JPEG, PNG or DOCX up to 10 MB)",
    roles=DELEGATES,
    tag="live",
    body={
        "type": "object",
        "properties": {
            "official_id": {"type": "integer"},
            "text": {"type": "string"},
            "file": {"type": "string", "format": "binary"},
        },
    },
    status=201,
    form=True,
)
def file_question(call: Call) -> dict[str, Any]:
    session = load_session(call.db, call.path["session_id"], call.user)
    assert call.user is not None
    fields = dict(call.body)
    upload = fields.pop("file", None)
    attachment = None
    if upload is not None:
        name, content_type, content = upload
        attachment = (name[:200] or "tep-dinh-kem", content_type, _store(call.db, content_type, content))
    fields["official_id"] = Fields(fields).integer(
        "official_id", ("người bị chất vấn", "official questioned")
    )
    question = live.file_question(call.db, session, call.user.person_id, fields, call.user, attachment)
    return {"question_id": question.id}


def _store(db: DbSession, content_type: str, content: bytes) -> str:
    if content_type not in ATTACHMENT_TYPES:
        raise DomainError(
            "Tệp đính kèm phải là PDF, JPEG, PNG hoặc DOCX.",
            "The attachment must be a PDF, JPEG, PNG or DOCX file.",
            field="file",
        )
    if not content:
        raise DomainError("Tệp đính kèm rỗng.", "The attachment is empty.", field="file")
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise DomainError(
            "Tệp đính kèm quá 10 MB.", "The attachment is larger than 10 MB.", field="file", status=413
        )
    magic = {
        "application/pdf": b"%PDF",
        "image/jpeg": b"\xff\xd8\xff",
        "image/png": b"\x89PNG",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": b"PK\x03\x04",
    }
    if not content.startswith(magic[content_type]):
        raise DomainError(
            "Nội dung tệp không đúng với loại tệp.",
            "The file's content does not match its type.",
            field="file",
        )
    digest = hashlib.sha256(content).hexdigest()
    if db.get(StoredFile, digest) is None:
        db.add(StoredFile(sha256=digest, size=len(content), content=content))
        db.flush()
    return digest


@api.endpoint(
    "GET",
    "/api/questions/{question_id}/attachment",
    summary="Download a question's attachment",
    roles=SIGNED_IN,
    tag="live",
    response="application/octet-stream",
)
def question_attachment(call: Call) -> Response:
    question = call.db.get(Question, call.path["question_id"])
    if question is None or question.attachment_sha256 is None:
        raise NotFound("tệp đính kèm", "Attachment")
    load_session(call.db, question.session_id, call.user)
    stored = call.db.get(StoredFile, question.attachment_sha256)
    assert stored is not None
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in (question.attachment_name or "tep"))
    return Response(
        stored.content,
        media_type=question.attachment_type or "application/octet-stream",
        headers={"content-disposition": f'attachment; filename="{safe}"'},
    )


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/record",
    summary="The session's record (biên bản tổng hợp): "
    "attendance per day, votes and named ballots, questions, speeches, audit seal",
    roles=PUBLIC,
    tag="live",
)
def session_record(call: Call) -> dict[str, Any]:
    return record.session_record(call.db, load_session(call.db, call.path["session_id"], call.user))


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/record.pdf",
    summary="The session's record as a printable PDF",
    roles=PUBLIC,
    tag="live",
    response="application/pdf",
)
def session_record_pdf(call: Call) -> Response:
    session = load_session(call.db, call.path["session_id"], call.user)
    pdf = record.render_record_pdf(record.session_record(call.db, session))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="bien-ban-ky-hop-{session.number}.pdf"'},
    )

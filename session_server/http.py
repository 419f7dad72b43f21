"""The one place where an HTTP request becomes a call into ``agenda/``.

Every JSON endpoint is declared with :meth:`Api.endpoint`, which
- reads and size-limits the JSON body,
- loads the signed-in user and checks the endpoint's roles (401/403),
- checks the CSRF token on every state-changing request,
- runs the (synchronous) handler in a worker thread inside one database transaction, so a failure
  rolls the whole change back,
- turns :class:`DomainError` into a 4xx with a Vietnamese and an English message,
- and records the endpoint for the OpenAPI document.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import joinedload, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from agenda import events
from agenda.errors import DomainError, Forbidden, Unavailable
from agenda.models import Role, User
from session_server.hub import Committed, encode

log = logging.getLogger("kyhop.http")
MAX_JSON_BYTES = 256 * 1024
MAX_FORM_BYTES = 11 * 1024 * 1024  # an attachment of up to 10 MB and its form fields
STAFF = frozenset({Role.SECRETARY, Role.CHAIR, Role.ARCHIVIST, Role.ADMIN})
EDITORS = frozenset({Role.SECRETARY, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})
SIGNED_IN = frozenset(Role)  # any role
PUBLIC: frozenset[Role] = frozenset()  # anyone, signed in or not

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_HEADER = "x-csrf-token"


def request_language(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("lang")
    if lang in ("vi", "en"):
        return lang
    accept = request.headers.get("accept-language", "")
    return "en" if accept.lower().startswith("en") else "vi"


def error_response(error: DomainError, lang: str) -> JSONResponse:
    return JSONResponse({"error": error.as_dict(lang)}, status_code=error.status)


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return str(token)


@dataclass
class Call:
    """What a handler gets: the open database session, the caller, the body and the path."""

    db: DbSession
    request: Request
    user: User | None
    body: Any
    path: dict[str, Any]
    lang: str
    settings: Any

    @property
    def roles(self) -> set[Role]:
        return self.user.roles if self.user is not None else set()

    def has_any(self, roles: Iterable[Role]) -> bool:
        return bool(self.roles & set(roles))

    @property
    def is_staff(self) -> bool:
        return self.has_any(STAFF)


def _int_param(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise DomainError(
            "Mã số trong đường dẫn không hợp lệ.",
            "The id in the address is not valid.",
            status=404,
            code="not_found",
        )
    return number


@dataclass
class EndpointDoc:
    path: str
    method: str
    summary: str
    roles: frozenset[Role]
    body: dict[str, Any] | None
    tag: str
    response: str = "application/json"
    form: bool = False


@dataclass
class Api:
    """A registry of JSON endpoints; ``routes`` go into the Starlette app, ``docs`` into OpenAPI."""

    routes: list[Route] = field(default_factory=list)
    docs: list[EndpointDoc] = field(default_factory=list)

    def endpoint(
        self,
        method: str,
        path: str,
        *,
        summary: str,
        roles: frozenset[Role],
        tag: str,
        body: dict[str, Any] | None = None,
        status: int = 200,
        response: str = "application/json",
        form: bool = False,
        max_bytes: int | None = None,
        prepare: Callable[[Any], Any] | None = None,
        own: bool = False,
    ) -> Callable[[Callable[[Call], Any]], Callable[[Call], Any]]:
        """``form=True``: the body is multipart/form-data; files arrive as (name, content type, bytes).
        ``max_bytes``: this endpoint's body limit instead of the default (``MAX_FORM_BYTES`` for forms).
        ``prepare(body) -> body``: slow work on the body (checking an uploaded PDF) done in a worker thread
        after the caller's roles are checked and *before* the transaction opens, so that on SQLite the
        database's single write lock is not held while it runs. It may raise :class:`DomainError`.
        ``own=True``: the change concerns only the caller (signing in, their notes, their reading), so what
        others were given moments ago stays valid; after any other change the server drops it
        (``Hub.changed``, ``agenda/recent.py``)."""

        def register(handler: Callable[[Call], Any]) -> Callable[[Call], Any]:
            async def asgi_endpoint(request: Request) -> Response:
                return await _serve(request, handler, method, roles, status, form, max_bytes, prepare, own)

            self.routes.append(Route(path, asgi_endpoint, methods=[method], name=handler.__name__))
            self.docs.append(EndpointDoc(path, method, summary, roles, body, tag, response, form))
            return handler

        return register


async def _serve(
    request: Request,
    handler: Callable[[Call], Any],
    method: str,
    roles: frozenset[Role],
    status: int,
    form: bool = False,
    max_bytes: int | None = None,
    prepare: Callable[[Any], Any] | None = None,
    own: bool = False,
) -> Response:
    lang = request_language(request)
    try:
        if method in UNSAFE_METHODS:
            sent = request.headers.get(CSRF_HEADER)
            expected = request.session.get("csrf")
            if not sent or not expected or not secrets.compare_digest(str(sent), str(expected)):
                raise DomainError(
                    "Phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ (CSRF). Vui lòng tải lại trang.",
                    "The page is out of date or the request is forged (CSRF). Please reload the page.",
                    code="csrf",
                    status=403,
                )
        body: Any = None
        body_error: DomainError | None = None  # raised after the role check: a 401/403 comes first
        try:
            if form:
                body = await _read_form(request, max_bytes or MAX_FORM_BYTES)
            elif method in UNSAFE_METHODS:
                body = _parse_json(await _read_limited(request, max_bytes or MAX_JSON_BYTES))
        except DomainError as error:
            body_error = error
        path = {k: _int_param(v) if k.endswith("_id") else v for k, v in request.path_params.items()}
        settings = request.app.state.settings
        factory: sessionmaker[DbSession] = (
            request.app.state.read_db if method == "GET" else request.app.state.db
        )
        try:
            if prepare is not None and body_error is None:
                await run_in_threadpool(_authorize_only, request.app.state.read_db, request, roles)
                body = await run_in_threadpool(prepare, body)
            result, emitted = await run_in_threadpool(
                _run, factory, request, handler, roles, body, body_error, path, lang, settings
            )
        except SQLAlchemyError:
            log.exception("%s %s failed in the database", method, request.url.path)
            raise Unavailable() from None
    except DomainError as error:
        return error_response(error, lang)
    if method in UNSAFE_METHODS and not own:
        request.app.state.hub.changed(None)
    if emitted:
        await request.app.state.hub.publish(emitted)
    if isinstance(result, Response):
        return result
    return JSONResponse(result, status_code=status)


def _parse_json(raw: bytes) -> Any:
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise DomainError(
            "Dữ liệu gửi lên không phải JSON hợp lệ.", "The request body is not valid JSON.", code="bad_json"
        ) from None


def _too_big(limit: int) -> DomainError:
    size = f"{limit // 1024} KB" if limit < 1024 * 1024 else f"{limit // (1024 * 1024)} MB"
    return DomainError(
        f"Dữ liệu gửi lên quá lớn (tối đa {size}).",
        f"The request body is too large (at most {size}).",
        code="too_large",
        status=413,
    )


async def _read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _too_big(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_big(limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def _read_form(request: Request, limit: int = MAX_FORM_BYTES) -> dict[str, Any]:
    """A multipart form as a dict: text fields as str, files as (filename, content type, bytes)."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise DomainError(
            "Dữ liệu phải gửi dạng biểu mẫu (multipart/form-data).",
            "The body must be multipart/form-data.",
            code="bad_body",
        )
    raw = await _read_limited(request, limit)
    copy = Request({**request.scope}, _replay_body(raw))
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


def _replay_body(raw: bytes) -> Callable[[], Awaitable[dict[str, Any]]]:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": raw, "more_body": False}

    return receive


def _run(
    factory: sessionmaker[DbSession],
    request: Request,
    handler: Callable[[Call], Any],
    roles: frozenset[Role],
    body: Any,
    body_error: DomainError | None,
    path: dict[str, Any],
    lang: str,
    settings: Any,
) -> tuple[Any, Committed]:
    """One transaction; returns the result and the session events it emitted, encoded, once committed."""
    with factory() as db:
        with db.begin():
            user = authorized_user(db, request, roles)
            if body_error is not None:
                raise body_error
            result = handler(Call(db, request, user, body, path, lang, settings))
        return result, encoded_events(db)


def authorized_user(db: DbSession, request: Request, roles: frozenset[Role]) -> User | None:
    """The caller, if ``roles`` (when not empty) allow them in: else 401 (not signed in) or 403."""
    user = current_user(db, request)
    if roles:
        if user is None:
            raise DomainError("Vui lòng đăng nhập.", "Please sign in.", code="signin_required", status=401)
        if not (user.roles & roles):
            raise Forbidden()
    return user


def _authorize_only(factory: sessionmaker[DbSession], request: Request, roles: frozenset[Role]) -> None:
    with factory() as db, db.begin():
        authorized_user(db, request, roles)


def encoded_events(db: DbSession) -> Committed:
    """What ``db``'s last transaction committed for the screens: its events, encoded once for every
    receiver, and the votes whose tally should be reported (ballots are reported in batches)."""
    return Committed(
        [(e.session_id, e.version, encode(events.as_message(e))) for e in events.pending(db)],
        events.pending_progress(db),
    )


# Every request reads its user: with the roles in the same statement, built once.
_USER = select(User).options(joinedload(User.role_rows)).where(User.id == bindparam("uid"))


def current_user(db: DbSession, request: Request) -> User | None:
    """The user of the signed session cookie, if still active and not signed out everywhere."""
    uid = request.session.get("uid")
    if not isinstance(uid, int):
        return None
    user = db.execute(_USER, {"uid": uid}).unique().scalar_one_or_none()
    if user is None or not user.is_active or request.session.get("v") != user.auth_version:
        return None
    return user


def sign_in(request: Request, user: User) -> None:
    request.session.clear()
    request.session.update({"uid": user.id, "v": user.auth_version, "csrf": secrets.token_urlsafe(24)})


def sign_out(request: Request) -> None:
    request.session.clear()
    csrf_token(request)

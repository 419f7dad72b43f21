"""The one place where an HTTP request becomes a call into ``agenda/``.

Every JSON endpoint is declared with :meth:`Api.endpoint` in the API module of its resource, and the app
gathers each module's ``api.routes`` (``session_server/app.py``). The declaration carries everything the
request goes through, in this order:
- the CSRF token on every state-changing request; ids in the address (whole numbers an integer column holds, else 404);
- for an endpoint that takes a large body (an upload), the caller's roles before a byte of it is read;
- room for the body in the server's :class:`BodyBudget` (so many uploads at once cannot exhaust memory);
- the JSON body (``application/json`` only, no NUL, no field the schema does not name) or multipart form,
  size-limited as it arrives;
- the signed-in user and the endpoint's roles (401 / 403, before any complaint about the body);
- the ``prepare=`` step — slow work on the body (checking an uploaded PDF) in a worker thread *before* the
  transaction opens, so that on SQLite the single write lock stays free; the ``check=`` step — slow work
  that reads (a password's Argon2 check) in a read-only transaction of its own, with the caller known;
- the (synchronous) handler in a worker thread as one unit of work (:func:`session_server.commit.commit`):
  any failure rolls the whole change back, and the events it emitted go to the screens after the commit;
- :class:`DomainError` as a 4xx with a Vietnamese and an English message (a 429 after a pause:
  ``TARPIT_SECONDS``); a database constraint that no
  rule caught first as 409; any other database failure as 503;
- and the endpoint's entry in the OpenAPI document.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from agenda import access, unit
from agenda.errors import DomainError, from_database
from agenda.filestore import FileCache
from agenda.inputs import whole_number
from agenda.models import Role, User
from session_server.auth import authorized_user, check_csrf
from session_server.commit import commit
from session_server.http.bodies import (
    MAX_FORM_BYTES,
    MAX_JSON_BYTES,
    BodyBudget,
    nul_refused,
    read_form,
    read_json,
    reservation,
)
from session_server.http.language import error_response, request_language
from session_server.http.schemas import Schema, accepted_fields, check_fields
from session_server.settings import Settings

log = logging.getLogger("kyhop.http")
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# A caller told to wait (429, Retry-After) hears so after a pause of up to this: a client that does not wait
# (a password-guessing flood) cannot make the server answer hundreds of refusals a second while the hall votes.
TARPIT_SECONDS = 2.0
Handler = Callable[["Call"], Any]


@dataclass
class Call:
    """What a handler gets: the open database session, the caller, the body and the path."""

    db: DbSession
    request: Request
    user: User | None
    body: Any
    path: dict[str, Any]
    lang: str
    settings: Settings
    checked: Any = None  # what the endpoint's ``check=`` step returned

    def has_any(self, roles: frozenset[Role]) -> bool:
        return access.has_any(self.user, roles)

    @property
    def is_staff(self) -> bool:
        return access.is_staff(self.user)

    @property
    def files(self) -> FileCache:
        """The disk cache of files (downloads, stamped copies, packs, page images)."""
        cache: FileCache = self.request.app.state.file_cache
        return cache

    @property
    def writer(self) -> sessionmaker[DbSession]:
        """GET requests run in a read-only transaction (on SQLite); what they record — a built pack, a stamped
        copy handed out — is written in a short transaction of its own, from this factory."""
        factory: sessionmaker[DbSession] = self.request.app.state.db
        return factory

    @property
    def actor(self) -> str | None:
        """Who the audit trail records for this call's changes."""
        return self.user.username if self.user is not None else None


@dataclass(frozen=True)
class EndpointDoc:
    """What the OpenAPI document says of one operation (``session_server/http/openapi.py``)."""

    path: str
    method: str
    summary: str
    roles: frozenset[Role]
    body: Schema | None
    tag: str
    response: str | tuple[str, ...] = "application/json"  # a file's media types (a page: PNG or WebP)
    form: bool = False
    returns: Schema | None = None  # the JSON answer's schema (None: not declared — a test fails)
    status: int = 200
    also: Mapping[int, str] = field(default_factory=dict)  # other success statuses, and what they mean
    query: Mapping[str, Schema] = field(default_factory=dict)
    params: Mapping[str, Schema] = field(default_factory=dict)  # path parameters other than ids
    route: str | None = None  # the address template served, when ``path`` is one of its variants

    @property
    def served_at(self) -> str:
        """The address template of the route that serves this operation."""
        return self.route or self.path


@dataclass(frozen=True)
class Variant:
    """One operation of an endpoint whose path parameter takes one fixed value — a live action, whose name
    is in the address: its own summary, roles, body and answer in the OpenAPI document."""

    value: str
    summary: str
    roles: frozenset[Role]
    body: Schema | None
    returns: Schema


def is_id(name: str) -> bool:
    """Whether the path parameter ``name`` is an id (``…_id``): a whole number, else 404 (:func:`path_id`)."""
    return name.endswith("_id")


@dataclass(frozen=True)
class Endpoint:
    """How one endpoint is served (see the module's docstring for the order of the steps)."""

    method: str
    handler: Handler
    roles: frozenset[Role]
    status: int = 200
    form: bool = False
    max_bytes: int | None = None
    prepare: Callable[[Any, Callable[[], bool]], Any] | None = None
    own: bool = False
    accepts: frozenset[str] | None = None  # the body's fields, when its schema names them
    check: Callable[[Call], Any] | None = None


@dataclass
class Api:
    """The JSON endpoints of one API module: ``routes`` go into the Starlette app, ``docs`` into OpenAPI."""

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
        body: Schema | None = None,
        returns: Schema | None = None,
        status: int = 200,
        also: Mapping[int, str] | None = None,
        query: Mapping[str, Schema] | None = None,
        params: Mapping[str, Schema] | None = None,
        variants: tuple[str, Sequence[Variant]] | None = None,
        response: str | tuple[str, ...] = "application/json",
        form: bool = False,
        max_bytes: int | None = None,
        prepare: Callable[[Any, Callable[[], bool]], Any] | None = None,
        check: Callable[[Call], Any] | None = None,
        own: bool = False,
    ) -> Callable[[Handler], Handler]:
        """``body``: the JSON body's schema (:func:`~session_server.http.schemas.obj`) — a field it does not
        name is refused (400 ``unknown_field``); ``returns``: the answer's (a JSON endpoint must declare one;
        ``response=`` another media type: a file); ``also``: other success statuses (a 304, a 200 beside a
        201); ``query``: the query parameters read; ``params``: the schemas of path parameters that are not
        ids (an id — ``…_id`` — is a whole number); ``variants=(name, [Variant…])``: the operations
        documented instead of this one, one per fixed value of the path parameter ``name``.
        ``form=True``: the body is multipart/form-data; files arrive as (name, content type, bytes).
        ``max_bytes``: this endpoint's body limit instead of the default (``MAX_FORM_BYTES`` for forms).
        ``prepare(body, gone) -> body``: slow work on the body, after the roles are checked, before the
        transaction opens; it may raise :class:`DomainError`; ``gone()`` turns true once the client has
        left (its work is then abandoned — a worker process killed).
        ``check(call) -> value``: slow work that reads the database (a password's Argon2 check) in a read-only
        transaction of its own, with the caller known, before the write transaction begins — on SQLite the
        write lock is not held meanwhile; the handler finds its result in ``call.checked``.
        ``own=True``: the change concerns only the caller (signing in, their notes, their reading), so what
        others were given moments ago stays valid; after any other change the server drops it
        (``Hub.changed``, ``agenda/recent.py``)."""

        def register(handler: Handler) -> Handler:
            # No body declared: none is taken (any field refused) — but by an endpoint whose variants
            # each declare their own (a live action: its data checked by the action table).
            accepts = accepted_fields(body) if body is not None or variants is not None else frozenset()
            spec = Endpoint(method, handler, roles, status, form, max_bytes, prepare, own, accepts, check)

            async def asgi_endpoint(request: Request) -> Response:
                return await serve(request, spec)

            self.routes.append(Route(path, asgi_endpoint, methods=[method], name=handler.__name__))
            doc = EndpointDoc(
                path,
                method,
                summary,
                roles,
                body,
                tag,
                response,
                form,
                returns,
                status,
                dict(also or {}),
                dict(query or {}),
                dict(params or {}),
            )
            if variants is None:
                self.docs.append(doc)
            else:
                name, values = variants
                self.docs += [
                    replace(
                        doc,
                        path=path.replace(f"{{{name}}}", v.value),
                        route=path,
                        summary=v.summary,
                        roles=v.roles,
                        body=v.body,
                        returns=v.returns,
                        params={k: s for k, s in doc.params.items() if k != name},
                    )
                    for v in values
                ]
            return handler

        return register


def path_id(value: str) -> int:
    """An id in the address: a whole number an integer column holds, else "not found"."""
    number = whole_number(value)
    if number is None or number < 0:
        raise DomainError(
            "Mã số trong đường dẫn không hợp lệ.",
            "The id in the address is not valid.",
            status=404,
            code="not_found",
        )
    return number


def check_query(request: Request) -> None:
    """NUL in the query: no database stores it (PostgreSQL refuses it), so refuse it here."""
    if "\x00" in request.url.query or "%00" in request.url.query:
        raise nul_refused()


async def read_body(request: Request, spec: Endpoint) -> Any:
    """The parsed body of a state-changing request (None for GET), checked for unknown fields."""
    if spec.form:
        body = await read_form(request, spec.max_bytes or MAX_FORM_BYTES)
    elif spec.method in UNSAFE_METHODS:
        body = await read_json(request, spec.max_bytes or MAX_JSON_BYTES)
    else:
        return None
    check_fields(body, spec.accepts)
    return body


async def prepared(request: Request, prepare: Callable[[Any, Callable[[], bool]], Any], body: Any) -> Any:
    """``prepare(body, gone)`` in a worker thread while the connection is watched: ``gone()`` turns true when
    the client disconnects (the body has been read, so the next message can only be the disconnect)."""
    gone = threading.Event()

    async def watch() -> None:
        while (await request.receive())["type"] != "http.disconnect":
            pass
        gone.set()

    watcher = asyncio.create_task(watch())
    try:
        return await run_in_threadpool(prepare, body, gone.is_set)
    finally:
        watcher.cancel()


async def serve(request: Request, spec: Endpoint) -> Response:
    lang = request_language(request)
    state = request.app.state
    unsafe = spec.method in UNSAFE_METHODS
    unread = unsafe or spec.form  # a body the client may still be sending
    try:
        if unsafe:
            check_csrf(request)
        check_query(request)
        path = {k: path_id(v) if is_id(k) else v for k, v in request.path_params.items()}
        if spec.form or spec.max_bytes:
            # A large body (an upload) is read only from someone allowed to send it: not one byte before.
            await run_in_threadpool(
                unit.run, state.read_db, lambda db: authorized_user(db, request, spec.roles)
            )
        limit = spec.max_bytes or (MAX_FORM_BYTES if spec.form else MAX_JSON_BYTES)
        budget: BodyBudget = state.body_budget
        async with budget.hold(reservation(request, limit, form=spec.form) if unsafe or spec.form else 0):
            body: Any = None
            body_error: DomainError | None = None  # raised after the role check: a 401/403 comes first
            try:
                body = await read_body(request, spec)
                unread = False
            except DomainError as error:
                body_error = error
            factory: sessionmaker[DbSession] = state.read_db if spec.method == "GET" else state.db

            checked: Any = None

            def before(db: DbSession) -> Any:
                assert spec.check is not None
                user = authorized_user(db, request, spec.roles)
                return spec.check(Call(db, request, user, body, path, lang, state.settings))

            def work(db: DbSession) -> Any:
                user = authorized_user(db, request, spec.roles, writing=unsafe)
                if body_error is not None:
                    raise body_error
                return spec.handler(Call(db, request, user, body, path, lang, state.settings, checked))

            try:
                if spec.prepare is not None and body_error is None:
                    body = await prepared(request, spec.prepare, body)
                if spec.check is not None and body_error is None:
                    checked = (await run_in_threadpool(unit.run, state.read_db, before)).result
                result, committed = await run_in_threadpool(commit, factory, work)
            except SQLAlchemyError as exc:
                log.warning("%s %s failed in the database", spec.method, request.url.path, exc_info=True)
                raise from_database(exc) from None
    except DomainError as error:
        if error.status == 429 and error.retry_after:
            await asyncio.sleep(min(error.retry_after, TARPIT_SECONDS))  # costs the server nothing
        refused = error_response(error, lang)
        if unread and not state.settings.trust_forwarded_for:
            # Refused before its body was read: close rather than take in the rest (a 52 MB upload). Behind a
            # reverse proxy the proxy holds the caller's connection, and a close with the body unread resets
            # the proxy's connection before it has read the answer (nginx then says 502): the rest is taken
            # in and dropped, unparsed, at loopback speed (tests/deploy/test_nginx.py).
            refused.headers["connection"] = "close"
        return refused
    if unsafe and not spec.own:
        state.hub.changed(None)
    if committed:
        await state.hub.publish(committed)
    if isinstance(result, Response):
        return result
    return JSONResponse(result, status_code=spec.status)

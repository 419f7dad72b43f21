"""The Starlette application: the JSON API, the OpenAPI document and the static pages in ``web/``."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agenda.archive.importer.jobs import ImportJobs
from agenda.db import make_engine, session_factory
from agenda.errors import DomainError
from agenda.filestore import FileCache, root_for
from agenda.opendata.oparl.service import Refreshes
from agenda.pdf import jobs
from agenda.recent import RecentlyRead
from agenda.sitting import secrecy
from session_server.api import (
    accounts,
    activity,
    activity_followup,
    akn,
    archive,
    auth,
    council,
    councils,
    documents,
    exports,
    imports,
    live,
    metrics,
    notes,
    officials,
    oparl,
    organizations,
    permalinks,
    public_pages,
    reading,
    roster,
    search,
    sessions,
    setup,
    tracking,
    yearly,
)
from session_server.commit import Committed
from session_server.http.bodies import BodyBudget
from session_server.http.endpoints import Api, EndpointDoc
from session_server.http.language import error_response, request_language
from session_server.http.openapi import openapi_document
from session_server.http.zerocopy import ZeroCopySend
from session_server.realtime import socket
from session_server.realtime.ballots import BallotWriter
from session_server.realtime.brokers import RedisBroker
from session_server.realtime.hub import Hub
from session_server.realtime.progress import ProgressReporter, flush_progress
from session_server.settings import Settings, make_settings
from session_server.signin_delays import make_throttle

WEB_DIR = Path(__file__).resolve().parent.parent / "web"

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
        b"connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    ),
]


class SecurityHeaders:
    """Adds conservative security headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if not request.url.path.startswith(("/api/", "/oparl/")):
        return Response(
            f"{exc.status_code} {exc.detail}", status_code=exc.status_code, media_type="text/plain"
        )
    lang = request_language(request)
    messages = {
        404: ("Không có địa chỉ này trong API.", "No such API address."),
        405: ("Phương thức không được hỗ trợ ở địa chỉ này.", "Method not allowed here."),
    }
    vi, en = messages.get(exc.status_code, ("Yêu cầu không hợp lệ.", "Bad request."))
    return error_response(DomainError(vi, en, code=f"http_{exc.status_code}", status=exc.status_code), lang)


async def server_error(request: Request, exc: Exception) -> Response:
    """A failure no rule foresaw (a bug): still JSON in both languages, logged with its traceback by
    Starlette; nothing of the request was committed (its unit of work rolled back)."""
    error = DomainError(
        "Máy chủ gặp lỗi ngoài dự kiến; thao tác chưa được ghi nhận. Vui lòng thử lại hoặc báo quản trị viên.",
        "The server met an unexpected error; nothing was recorded. Please try again or tell the administrator.",
        code="internal",
        status=500,
    )
    return error_response(error, request_language(request))


# Every JSON endpoint, module by module (each module's ``api`` lists its own).
APIS: tuple[Api, ...] = (
    auth.api,
    council.api,
    councils.api,
    setup.api,
    organizations.api,
    officials.api,
    roster.api,
    sessions.api,
    accounts.api,
    live.api,
    documents.api,
    reading.api,
    notes.api,
    archive.api,
    permalinks.api,
    yearly.api,
    tracking.api,
    imports.api,
    search.api,
    public_pages.api,
    exports.api,
    akn.api,
    oparl.api,
    metrics.api,
    activity.api,
    activity_followup.api,
)


def endpoint_docs() -> list[EndpointDoc]:
    """What the OpenAPI document describes: every endpoint of every API module."""
    return [doc for group in APIS for doc in group.docs]


async def openapi(request: Request) -> Response:
    return JSONResponse(openapi_document(endpoint_docs()))


class WebFiles(StaticFiles):
    """The pages in ``web/``. An address with no page gets ``web/404.html`` (StaticFiles' ``html`` mode):
    the app's frame, Vietnamese first, a link home. Not under ``/api/`` nor ``/oparl/`` (a JSON 404 from
    :func:`http_error`) nor for a missing file of another kind (a script, a picture: plain text)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        page = Path(path).parts[:1] not in (("api",), ("oparl",)) and Path(path).suffix in ("", ".html")
        if response.status_code == 404 and not page:
            raise HTTPException(status_code=404)
        return response


class CouncilApp(Starlette):
    """Starlette, with :class:`ZeroCopySend` outside even its error middleware: that layer needs the
    server's own ``send`` (session_server/fileserve.py)."""

    def build_middleware_stack(self) -> ASGIApp:
        return ZeroCopySend(super().build_middleware_stack())


async def permalink_page(request: Request) -> Response:
    """A resolution's permanent address (``/nq/{council}/{year}/{number}``, agenda/archive/permalinks.py): one
    page for every resolution, whose script reads the address."""
    return FileResponse(WEB_DIR / "archive" / "resolution.html", media_type="text/html")


async def search_page(request: Request) -> Response:
    """The archive's public search (``/archive/search?q=…``): the address a search's permalink and its Atom
    feed point to."""
    return FileResponse(WEB_DIR / "archive" / "search.html", media_type="text/html")


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or make_settings()
    engine = make_engine(settings.database_url)
    routes = [
        *(route for group in APIS for route in group.routes),
        *socket.ROUTES,
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/nq/{council_id:int}/{year:int}/{number}", permalink_page, methods=["GET"]),
        Route("/archive/search", search_page, methods=["GET"]),
        Mount("/", app=WebFiles(directory=WEB_DIR, html=True), name="web"),
    ]
    hub = Hub()
    factory = session_factory(engine)
    # SQLite has one writer at a time; reads (snapshots, replays, GETs) take a transaction that never
    # waits for it. PostgreSQL needs no such split.
    read_engine = (
        make_engine(settings.database_url, read_only=True) if engine.dialect.name == "sqlite" else engine
    )

    async def flush(session_id: int, vote_id: int) -> Committed:
        return await run_in_threadpool(flush_progress, factory, session_id, vote_id)

    reporter = ProgressReporter(hub, flush)
    hub.report_progress = reporter.request
    ballots = BallotWriter(factory, hub)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        secrecy.sweep(factory)  # the keys of secret votes closed while no server ran (a crash) go now
        jobs.warm_up()  # the PDF workers start now, not on the first upload or page image
        if settings.redis_url:
            hub.broker = RedisBroker(hub, settings.redis_url)
        await hub.start()
        try:
            yield
        finally:
            await ballots.stop()
            await reporter.drain()
            await hub.stop()
            engine.dispose()
            read_engine.dispose()

    middleware = [
        Middleware(SecurityHeaders),
        Middleware(
            SessionMiddleware,
            secret_key=settings.secret_key,
            session_cookie="kyhop_session",
            max_age=settings.session_hours * 3600,
            same_site="lax",
            https_only=settings.secure_cookies,
        ),
    ]
    app = CouncilApp(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: http_error, Exception: server_error},
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.db = factory
    app.state.read_db = session_factory(read_engine)
    app.state.hub = hub
    app.state.file_cache = FileCache(root_for(settings.database_url))
    app.state.body_budget = BodyBudget(settings.body_budget_bytes)
    app.state.oparl_refreshes = Refreshes(settings.oparl_refresh_seconds)  # agenda/opendata/oparl/service
    app.state.pack_plans = RecentlyRead()  # agenda.documents.plan_pack
    app.state.snapshots = RecentlyRead()  # realtime: the part of a snapshot every screen shares
    hub.on_change += [app.state.pack_plans.forget, app.state.snapshots.forget]
    app.state.ballots = ballots
    app.state.archive_imports = ImportJobs(
        root_for(settings.database_url).parent / "imports"
    )  # api/imports.py
    app.state.signin_throttle = make_throttle(settings)  # the sign-in delays (agenda.accounts.throttle)
    return app

"""Shared fixtures: databases (SQLite always, PostgreSQL when reachable — mandatory with CI=true),
a small council, and an HTTP client that signs in like a browser (cookie + CSRF header)."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

os.environ.setdefault("KYHOP_FAST_PASSWORD_HASH", "1")  # before agenda.accounts is imported

from sqlalchemy import Engine, create_engine, text  # noqa: E402
from sqlalchemy.orm import Session as DbSession  # noqa: E402
from sqlalchemy.orm import sessionmaker  # noqa: E402

from agenda import db as storage  # noqa: E402
from agenda.accounts import users  # noqa: E402
from agenda.council import delegates, items, memberships, officials, organizations, people, sessions, terms  # noqa: E402
from agenda.models import CouncilLevel, MembershipRole, OrganizationKind, Role, SessionType  # noqa: E402

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
POSTGRES_URL = os.environ.get("KYHOP_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("KYHOP_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REQUIRED_IN_CI = ("postgres", "browser", "redis", "nginx", "ocr")

_ran: dict[str, int] = {name: 0 for name in REQUIRED_IN_CI}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and report.passed:
        for name in REQUIRED_IN_CI:
            if name in report.keywords:
                _ran[name] += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With CI=true, a run in which the PostgreSQL or browser suites did not really pass is a failure."""
    if not IN_CI or session.config.option.collectonly or session.config.getoption("-k"):
        return
    missing = [name for name, count in _ran.items() if count == 0]
    if missing:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = f"CI=true but these suites ran no passing test: {', '.join(missing)}"
        if reporter:
            reporter.write_line(message, red=True, bold=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def postgres_reachable() -> str | None:
    """None when reachable, else the reason."""
    try:
        engine = create_engine(storage.database_url(POSTGRES_URL), connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"{type(exc).__name__}: {exc}".splitlines()[0]


@pytest.fixture(autouse=True)
def ballot_keys(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Each test's own folder of secret-ballot keys (``agenda.sitting.secrecy``): tests share PostgreSQL's
    database, and their votes' ids repeat from one test's schema to the next."""
    folder = tmp_path / "ballot-keys"
    monkeypatch.setenv("KYHOP_BALLOT_KEYS_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def no_tarpit(monkeypatch: pytest.MonkeyPatch) -> None:
    """429s answered at once (the pause before them is tested on its own, test_signin_flood.py)."""
    from session_server.http import endpoints

    monkeypatch.setattr(endpoints, "TARPIT_SECONDS", 0.0)


@pytest.fixture(scope="session")
def postgres_base_url() -> str:
    reason = postgres_reachable()
    if reason is not None:
        if IN_CI:
            pytest.fail(f"PostgreSQL at {POSTGRES_URL} is required in CI but unreachable: {reason}")
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL} ({reason}); set KYHOP_TEST_POSTGRES_URL")
    return POSTGRES_URL


@pytest.fixture(scope="session")
def redis_url() -> str:
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
        client.ping()
        client.close()
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        if IN_CI:
            pytest.fail(f"Redis at {REDIS_URL} is required in CI but unreachable: {exc}")
        pytest.skip(f"Redis not reachable at {REDIS_URL} ({exc}); set KYHOP_TEST_REDIS_URL")
    return REDIS_URL


@pytest.fixture
def postgres_schema_url(postgres_base_url: str) -> Iterator[str]:
    yield from _postgres_schema_url(postgres_base_url)


def _postgres_schema_url(base: str) -> Iterator[str]:
    """A fresh schema for one test; the URL points its search_path there."""
    schema = f"kyhop_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(storage.database_url(base))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """A migrated, empty database: SQLite in a temp file, and PostgreSQL in a fresh schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'kyhop.sqlite'}"
        return
    base = request.getfixturevalue("postgres_base_url")
    yield from _postgres_schema_url(base)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = storage.make_engine(database_url)
    storage.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[DbSession]:
    return storage.session_factory(engine)


SECRETARY = ("thuky", "thuky-mat-khau")
ADMIN = ("quantri", "quantri-mat-khau")
CHAIR = ("chutoa", "chutoa-mat-khau")
ARCHIVIST = ("luutru", "luutru-mat-khau")
DELEGATE = ("daibieu", "daibieu-mat-khau")


def build_small_council(factory: sessionmaker[DbSession]) -> dict[str, Any]:
    """A council with a term, five delegates (one former), a Ban, a Tổ, an official, a session and accounts."""
    with storage.transaction(factory) as db:
        home = terms.create_council(
            db,
            terms.CouncilInput(
                "Hội đồng nhân dân tỉnh Ninh Bình", "HĐND tỉnh Ninh Bình", "Ninh Bình", CouncilLevel.PROVINCE
            ),
            is_home=True,
        )
        term = terms.create_term(
            db, home, terms.TermInput(17, dt.date(2026, 3, 15), dt.date(2031, 3, 14), seats=5)
        )
        names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Dung", "Đặng Quốc Đạt"]
        mandates = [
            delegates.add_delegate(
                db,
                term,
                delegates.DelegateInput(
                    people.PersonInput(n),
                    seat_label=f"A0{i + 1}",
                    constituency=f"Đơn vị bầu cử số {i + 1}",
                ),
            )
            for i, n in enumerate(names)
        ]
        delegates.update_delegate(
            db,
            mandates[4],
            delegates.DelegatePatch.of(ended_on=dt.date(2026, 6, 30), end_reason="Chuyển công tác"),
        )
        ban = organizations.create_organization(
            db, term, organizations.OrganizationInput(OrganizationKind.COMMITTEE, "Ban Pháp chế")
        )
        memberships.add_membership(
            db, ban, memberships.MembershipInput(mandates[0].person_id, MembershipRole.HEAD)
        )
        group = organizations.create_organization(
            db, term, organizations.OrganizationInput(OrganizationKind.GROUP, "Tổ đại biểu số 1")
        )
        memberships.add_membership(
            db, group, memberships.MembershipInput(mandates[1].person_id, MembershipRole.HEAD)
        )
        officials.add_official(
            db,
            home,
            officials.OfficialInput(
                people.PersonInput("Hoàng Minh Tuấn"), "Giám đốc Sở Y tế", "Sở Y tế", dt.date(2026, 4, 1)
            ),
        )
        session = sessions.create_session(
            db,
            term,
            sessions.SessionInput(dt.date(2026, 12, 10), dt.date(2026, 12, 12), place="Hội trường HĐND tỉnh"),
        )
        for title, depth in [
            ("Khai mạc kỳ họp", 0),
            ("Báo cáo kinh tế – xã hội", 0),
            ("Báo cáo thẩm tra", 1),
        ]:
            items.add_agenda_item(db, session, items.AgendaItemInput(title, depth=depth, planned_minutes=30))
        sessions.publish_session(db, session)
        draft = sessions.create_session(
            db, term, sessions.SessionInput(dt.date(2027, 1, 20), session_type=SessionType.THEMATIC)
        )
        items.add_agenda_item(db, draft, items.AgendaItemInput("Xem xét nghị quyết chuyên đề"))
        user_ids = {}
        for (username, password), roles, person in [
            (SECRETARY, ["secretary"], None),
            (ADMIN, ["admin"], None),
            (CHAIR, ["chair", "delegate"], mandates[0]),
            (ARCHIVIST, ["archivist"], None),
            (DELEGATE, ["delegate"], mandates[1]),
        ]:
            role_set = frozenset(Role(r) for r in roles)
            account = users.UserInput(
                username, username, role_set, password, person.person_id if person else None
            )
            user_ids[username] = users.create_user(db, account).id
        return {
            "council_id": home.id,
            "term_id": term.id,
            "mandate_ids": [m.id for m in mandates],
            "person_ids": [m.person_id for m in mandates],
            "ban_id": ban.id,
            "group_id": group.id,
            "session_id": session.id,
            "draft_id": draft.id,
            "user_ids": user_ids,
        }


@pytest.fixture
def small_council(factory: sessionmaker[DbSession]) -> dict[str, Any]:
    return build_small_council(factory)


class Browser:
    """A TestClient that behaves like the web pages: keeps the cookie and sends the CSRF header."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.csrf = client.get("/api/me").json()["csrf_token"]

    def login(self, credentials: tuple[str, str]) -> Browser:
        response = self.post("/api/auth/login", {"username": credentials[0], "password": credentials[1]})
        assert response.status_code == 200, response.text
        self.csrf = response.json()["csrf_token"]
        return self

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, **kwargs)

    def send(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        headers = {"x-csrf-token": self.csrf, **kwargs.pop("headers", {})}
        return self.client.request(method, path, json=body, headers=headers, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.send("POST", path, body, **kwargs)

    def patch(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.send("PATCH", path, body, **kwargs)

    def put(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.send("PUT", path, body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.send("DELETE", path, **kwargs)


@pytest.fixture
def app(database_url: str, small_council: dict[str, Any]) -> Any:
    from session_server.app import create_app
    from session_server.settings import Settings

    return create_app(Settings(database_url=database_url, secret_key="test-secret"))


@pytest.fixture
def visitor(app: Any) -> Iterator[Any]:
    """A fresh anonymous browser; ``visitor().login(SECRETARY)`` for more."""
    from starlette.testclient import TestClient

    clients: list[Any] = []

    def make() -> Browser:
        client = TestClient(app)
        clients.append(client)
        return Browser(client)

    yield make
    for client in clients:
        client.close()


@contextmanager
def running(app: Any, **options: Any) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free local port in a thread (one event loop, as in production;
    ``options`` override uvicorn's as ``kyhop serve`` sets them); yields its base URL."""
    import socket
    import threading
    import time

    import uvicorn

    from session_server.cli.serve import SERVER_OPTIONS

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **{**SERVER_OPTIONS, **options})
    )
    thread = threading.Thread(target=server.run, name=f"kyhop-test-{port}", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)

"""Browser tests: a real server on a free port over a temp SQLite database, driven by Debian's Chromium.

The server fixture is session-wide (one council for every test); each test gets a fresh browser context
(no cookies), so tests that sign in do not see each other. Tests that change data use their own names.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from agenda.accounts import cards, users
from agenda.accounts.authority import SYSTEM
from agenda.council import delegates, items, memberships, officials, organizations, people, sessions, terms
from agenda.models import AgendaItemKind, CouncilLevel, MembershipRole, OrganizationKind, Role, SessionType

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-first-run",
]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
VIEWPORT = {"width": 1280, "height": 800}

PASSWORDS = {
    "thuky": "thuky2026",
    "quantri": "quantri2026",
    "chutoa": "chutoa2026",
    "daibieu": "daibieu2026",
    "daibieu2": "daibieu2026",
}

DELEGATES = [
    ("Nguyễn Văn An", "nam", 1970, "Bí thư Thành ủy", "A01", "Đơn vị bầu cử số 1"),
    ("Trần Thị Bình", "nữ", 1975, "Chủ tịch HĐND thành phố", "A02", "Đơn vị bầu cử số 1"),
    ("Lê Hoàng Cường", "nam", 1972, "Chủ tịch UBND thành phố", "A03", "Đơn vị bầu cử số 2"),
    ("Phạm Thu Dung", "nữ", 1980, "Trưởng Ban Pháp chế HĐND", "A04", "Đơn vị bầu cử số 2"),
    ("Đặng Quốc Đạt", "nam", 1978, "Giám đốc Sở Tài chính", "B01", "Đơn vị bầu cử số 3"),
    ("Vũ Minh Hằng", "nữ", 1985, "Giáo viên Trường THPT Trần Phú", "B02", "Đơn vị bầu cử số 3"),
    ("Hoàng Văn Khải", "nam", 1968, "Chủ tịch Hội Nông dân thành phố", "B03", "Đơn vị bầu cử số 4"),
    ("Bùi Thị Lan", "nữ", 1982, "Bác sĩ Bệnh viện Việt Tiệp", "B04", "Đơn vị bầu cử số 4"),
]

AGENDA = [
    ("Khai mạc kỳ họp", "procedural", 0, 15, "Chủ tịch HĐND thành phố"),
    (
        "Báo cáo tình hình kinh tế – xã hội năm 2026, kế hoạch năm 2027",
        "report",
        0,
        45,
        "Chủ tịch UBND thành phố",
    ),
    ("Báo cáo thẩm tra của Ban Kinh tế – Ngân sách", "report", 1, 20, "Trưởng Ban Kinh tế – Ngân sách"),
    ("Chất vấn và trả lời chất vấn", "questioning", 0, 120, None),
    ("Xem xét, thông qua các nghị quyết", "resolution", 0, 60, None),
    ("Bế mạc kỳ họp", "procedural", 0, 15, "Chủ tịch HĐND thành phố"),
]


@dataclass
class LiveServer:
    url: str
    factory: Any
    ids: dict[str, Any] = field(default_factory=dict)
    passwords: dict[str, str] = field(default_factory=lambda: dict(PASSWORDS))
    viewport: dict[str, int] = field(default_factory=lambda: dict(VIEWPORT))

    def issue_card(self, username: str, *, revoke: bool = False) -> str:
        """A fresh QR card token for ``username`` (optionally revoked at once)."""
        from sqlalchemy import select

        from agenda.db import transaction
        from agenda.models import User

        with transaction(self.factory) as db:
            user = db.scalar(select(User).where(User.username == username))
            card, token = cards.issue_card(db, user, by=SYSTEM)
            if revoke:
                cards.revoke_card(db, card.id, by=SYSTEM)
        return token


def _seed(factory: Any) -> dict[str, Any]:
    from agenda.db import transaction

    with transaction(factory) as db:
        home = terms.create_council(
            db,
            terms.CouncilInput(
                "Hội đồng nhân dân thành phố Hải Phòng",
                "HĐND thành phố Hải Phòng",
                "Hải Phòng",
                CouncilLevel.PROVINCE,
            ),
            is_home=True,
        )
        term = terms.create_term(
            db, home, terms.TermInput(17, dt.date(2026, 3, 15), dt.date(2031, 3, 14), seats=9)
        )
        mandates = [
            delegates.add_delegate(
                db,
                term,
                delegates.DelegateInput(
                    people.PersonInput(name, gender, job, birth_year=born),
                    seat_label=seat,
                    constituency=area,
                ),
            )
            for name, gender, born, job, seat, area in DELEGATES
        ]
        standing = organizations.create_organization(
            db, term, organizations.OrganizationInput(OrganizationKind.STANDING, "Thường trực HĐND thành phố")
        )
        memberships.add_membership(
            db, standing, memberships.MembershipInput(mandates[1].person_id, MembershipRole.CHAIR)
        )
        ban = organizations.create_organization(
            db,
            term,
            organizations.OrganizationInput(
                OrganizationKind.COMMITTEE, "Ban Pháp chế", "Pháp luật, quốc phòng, an ninh, trật tự"
            ),
        )
        memberships.add_membership(
            db, ban, memberships.MembershipInput(mandates[3].person_id, MembershipRole.HEAD)
        )
        memberships.add_membership(
            db, ban, memberships.MembershipInput(mandates[5].person_id, MembershipRole.MEMBER)
        )
        group = organizations.create_organization(
            db, term, organizations.OrganizationInput(OrganizationKind.GROUP, "Tổ đại biểu số 1")
        )
        memberships.add_membership(
            db, group, memberships.MembershipInput(mandates[0].person_id, MembershipRole.HEAD)
        )
        officials.add_official(
            db,
            home,
            officials.OfficialInput(
                people.PersonInput("Lê Hoàng Cường"),
                "Chủ tịch UBND thành phố",
                "UBND thành phố",
                dt.date(2026, 3, 20),
            ),
        )
        officials.add_official(
            db,
            home,
            officials.OfficialInput(
                people.PersonInput("Ngô Thị Mai"), "Giám đốc Sở Y tế", "Sở Y tế", dt.date(2026, 4, 1)
            ),
        )
        first = sessions.create_session(
            db,
            term,
            sessions.SessionInput(
                dt.date(2026, 3, 25), title="Kỳ họp thứ nhất", place="Trung tâm Hội nghị thành phố"
            ),
        )
        items.add_agenda_item(
            db, first, items.AgendaItemInput("Bầu Chủ tịch HĐND thành phố", AgendaItemKind.ELECTION)
        )
        sessions.publish_session(db, first)
        regular = sessions.create_session(
            db,
            term,
            sessions.SessionInput(
                dt.date(2026, 12, 8),
                dt.date(2026, 12, 10),
                place="Trung tâm Hội nghị thành phố",
                title="Kỳ họp thường lệ cuối năm 2026",
            ),
        )
        for title, kind, depth, minutes, presenter in AGENDA:
            items.add_agenda_item(
                db,
                regular,
                items.AgendaItemInput(
                    title, AgendaItemKind(kind), depth=depth, planned_minutes=minutes, presenter=presenter
                ),
            )
        sessions.publish_session(db, regular)
        closed = sessions.create_session(
            db,
            term,
            sessions.SessionInput(
                dt.date(2027, 1, 15),
                session_type=SessionType.THEMATIC,
                is_public=False,
                title="Kỳ họp chuyên đề về quy hoạch",
            ),
        )
        items.add_agenda_item(
            db, closed, items.AgendaItemInput("Xem xét nghị quyết về quy hoạch", AgendaItemKind.RESOLUTION)
        )
        accounts = {}
        for username, name, roles, mandate in [
            ("thuky", "Nguyễn Thị Thu", ["secretary"], None),
            ("quantri", "Quản trị hệ thống", ["admin"], None),
            ("chutoa", "Trần Thị Bình", ["chair", "delegate"], mandates[1]),
            ("daibieu", "Vũ Minh Hằng", ["delegate"], mandates[5]),
            ("daibieu2", "Bùi Thị Lan", ["delegate"], mandates[7]),
        ]:
            role_set = frozenset(Role(r) for r in roles)
            person_id = mandate.person_id if mandate else None
            account = users.UserInput(username, name, role_set, PASSWORDS[username], person_id)
            accounts[username] = users.create_user(db, account).id
        return {
            "regular_session": regular.id,
            "draft_session": closed.id,
            "users": accounts,
            "mandates": [m.id for m in mandates],
        }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(port: int, thread: threading.Thread, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not thread.is_alive():
            raise RuntimeError("the test server stopped while starting")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the test server did not start on port {port}")


@contextmanager
def serve(directory: Path, seed: Any = None) -> Iterator[LiveServer]:
    """A seeded database in ``directory`` and the app on a free port, in a daemon thread.
    ``seed(factory) -> ids`` replaces the standard council (e.g. a small hall for a live sitting)."""
    import uvicorn

    from agenda.db import make_engine, session_factory, upgrade
    from session_server.app import create_app
    from session_server.cli.serve import SERVER_OPTIONS
    from session_server.settings import Settings

    url = f"sqlite:///{directory / 'kyhop.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = session_factory(engine)
    ids = (seed or _seed)(factory)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(Settings(database_url=url, secret_key="test")),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            **SERVER_OPTIONS,
        )
    )
    thread = threading.Thread(target=server.run, name=f"kyhop-test-server-{port}", daemon=True)
    thread.start()
    try:
        _wait_for(port, thread)
        yield LiveServer(url=f"http://127.0.0.1:{port}", factory=factory, ids=ids)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The server every browser test shares (tests add data under their own names)."""
    with serve(tmp_path_factory.mktemp("browser")) as server:
        yield server


@pytest.fixture(scope="module")
def pristine_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of the module's own with nothing but the seed data (for screenshots)."""
    with serve(tmp_path_factory.mktemp("pristine")) as server:
        yield server


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM}: browser tests cannot run (apt-get install chromium)"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(f"!!! SKIPPED: {reason} !!!")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(
        timeout=10_000
    )  # the default 5 s is short on a loaded machine; a pass is still immediate
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Console noise that is expected: the browser logs every 4xx answer (a wrong password is a 401).
_EXPECTED = re.compile(r"Failed to load resource: the server responded with a status of 4\d\d")


@pytest.fixture
def page(chromium: Any, live_server: LiveServer) -> Iterator[Any]:
    """A fresh, signed-out page (1280×800, Vietnamese browser). Fails the test on a script error or a
    Content-Security-Policy violation (inline style or script)."""
    context = chromium.new_context(viewport=VIEWPORT, locale="vi-VN", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error" and not _EXPECTED.search(msg.text)
            else None
        ),
    )
    yield page
    context.close()
    if problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems))


@pytest.fixture
def sign_in(page: Any) -> Any:
    """``sign_in("thuky")``: sign in through the form and wait to leave the sign-in page."""

    def run(username: str, password: str | None = None) -> None:
        page.goto("/signin.html")
        page.get_by_label("Tên đăng nhập", exact=True).fill(username)
        page.get_by_label("Mật khẩu", exact=True).fill(password or PASSWORDS[username])
        page.locator("#password-form[data-ready]").wait_for(state="attached")  # its module listens
        page.get_by_role("button", name="Đăng nhập", exact=True).click()
        page.wait_for_url(lambda url: "/signin.html" not in url)

    return run


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where screenshots go: $KYHOP_SCREENSHOTS_DIR (docs/screenshots refreshes the README's), else a temp folder."""
    folder = Path(os.environ.get("KYHOP_SCREENSHOTS_DIR") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[LiveServer]:
    """The small hall of tests/browser/hall.py on a server of its own per test (a sitting changes everything)."""
    from tests.browser.hall import PASSWORD, seed_hall

    with serve(tmp_path, seed_hall) as server:
        server.passwords.update({"thuky": "thuky2026", **{f"daibieu{i}": PASSWORD for i in (1, 2, 3)}})
        yield server


@pytest.fixture
def screens(chromium: Any, hall: LiveServer) -> Iterator[Any]:
    """One browser context per device in the hall; the test fails if any reported a problem."""
    from tests.browser.hall import Screens

    screens = Screens(chromium, hall)
    yield screens
    screens.close()
    if screens.problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(screens.problems))

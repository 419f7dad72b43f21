"""One clock, in the browser (issue 12): the tablet, the projector and the secretary's console run in New York
and the server in UTC, yet every time they show is on the council's clock — 23:30 in Vietnam when it is 16:30
UTC (11:30 in New York), and past midnight there the console offers the next sitting day though New York's
date has not turned. Changing the council's zone to Europe/Paris changes what every screen shows."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from agenda import clock
from agenda.accounts import users
from agenda.council import delegates, items, sessions, terms
from agenda.db import transaction
from agenda.models import Council, CouncilLevel, Role
from agenda.models import Session as SessionRow
from agenda.recent import RecentlyRead
from agenda.sitting import attendance, opening
from tests.browser.conftest import LiveServer, serve
from tests.browser.hall import EXPECTED, PROJECTOR, TABLET

pytestmark = pytest.mark.browser

EVENING = dt.datetime(2026, 12, 2, 16, 30, tzinfo=dt.UTC)  # 23:30 in Vietnam, 11:30 in New York
MIDNIGHT = dt.datetime(2026, 12, 2, 17, 30, tzinfo=dt.UTC)  # 00:30 on 3 December in Vietnam
ELSEWHERE = "America/New_York"  # the devices' own zone
PASSWORDS = {"thuky": "thuky2026", "daibieu1": "daibieu2026"}


def seed(factory: Any) -> dict[str, Any]:
    """A commune council (in Vietnam's zone, the default) holding a session on 1–3 December 2026."""
    with transaction(factory) as db:
        home = terms.create_council(
            db,
            terms.CouncilInput(
                "Hội đồng nhân dân xã Tân Lập", "HĐND xã Tân Lập", "Tân Lập", CouncilLevel.COMMUNE
            ),
            is_home=True,
        )
        term = terms.create_term(db, home, terms.TermInput(1, dt.date(2026, 3, 15), seats=2))
        mandates = [
            delegates.add_delegate(
                db, term, delegates.DelegateInput.parse({"full_name": name, "seat_label": seat})
            )
            for name, seat in [("Nguyễn Văn An", "A01"), ("Trần Thị Bình", "A02")]
        ]
        session = sessions.create_session(
            db,
            term,
            sessions.SessionInput(dt.date(2026, 12, 1), dt.date(2026, 12, 3), place="Hội trường UBND xã"),
        )
        items.add_agenda_item(db, session, items.AgendaItemInput("Khai mạc kỳ họp"))
        sessions.publish_session(db, session)
        users.create_user(
            db, users.UserInput("thuky", "Nguyễn Thị Thu", frozenset({Role.SECRETARY}), PASSWORDS["thuky"])
        )
        users.create_user(
            db,
            users.UserInput(
                "daibieu1",
                "Nguyễn Văn An",
                frozenset({Role.DELEGATE}),
                PASSWORDS["daibieu1"],
                mandates[0].person_id,
            ),
        )
        return {"session_id": session.id, "person_id": mandates[0].person_id}


@pytest.fixture
def council_server(tmp_path: Path) -> Iterator[LiveServer]:
    with clock.frozen(EVENING), serve(tmp_path, seed) as server:
        yield server


class Devices:
    """Browser contexts in New York whose clock stands at one instant — as the server's does."""

    def __init__(self, chromium: Any, server: LiveServer) -> None:
        self.chromium, self.server = chromium, server
        self.contexts: list[Any] = []
        self.problems: list[str] = []

    def open(self, at: dt.datetime, viewport: dict[str, int], username: str | None = None) -> Any:
        context = self.chromium.new_context(
            viewport=viewport, locale="vi-VN", timezone_id=ELSEWHERE, base_url=self.server.url
        )
        context.set_default_timeout(10_000)
        context.clock.set_fixed_time(at)
        # The server's clock as the page reads it (the Date header of a HEAD request): the same instant.
        header = email.utils.format_datetime(at, usegmt=True)
        context.route(
            "**/i18n/vi.json",
            lambda route: (
                route.fulfill(status=200, headers={"date": header})
                if route.request.method == "HEAD"
                else route.continue_()
            ),
        )
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on(
            "console",
            lambda msg: (
                self.problems.append(f"console {msg.type}: {msg.text}")
                if msg.type == "error" and not EXPECTED.search(msg.text)
                else None
            ),
        )
        if username:
            page.goto("/signin.html")
            page.get_by_label("Tên đăng nhập", exact=True).fill(username)
            page.get_by_label("Mật khẩu", exact=True).fill(PASSWORDS[username])
            page.get_by_role("button", name="Đăng nhập", exact=True).click()
            page.wait_for_url(lambda url: "/signin.html" not in url, timeout=30_000)  # (a loaded machine)
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def devices(chromium: Any, council_server: LiveServer) -> Iterator[Devices]:
    found = Devices(chromium, council_server)
    yield found
    found.close()
    if found.problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(found.problems))


def test_the_tablet_projector_and_console_in_new_york_show_the_councils_time(
    devices: Devices, council_server: LiveServer
) -> None:
    sid = council_server.ids["session_id"]
    with transaction(council_server.factory) as db:  # opened and checked in at 16:30 UTC (the server's clock)
        session = db.get(SessionRow, sid)
        opening.open_sitting(db, session, None)
        attendance.check_in(db, session, council_server.ids["person_id"], method="tablet", actor=None)

    console = devices.open(EVENING, TABLET, "thuky")
    console.goto(f"/console/live.html?session={sid}")
    expect(console.locator("#session-status")).to_contain_text(re.compile(r"Khai mạc lúc 23:30,? 02/12/2026"))
    expect(console.locator("#sitting-open")).to_have_count(0)  # today's sitting is open: nothing to open

    tablet = devices.open(EVENING, TABLET, "daibieu1")
    tablet.goto(f"/tablet.html?session={sid}")
    expect(tablet.locator("#my-attendance")).to_contain_text(
        re.compile(r"Đã điểm danh lúc 23:30,? 02/12/2026")
    )

    projector = devices.open(EVENING, PROJECTOR)
    projector.goto(f"/projector.html?session={sid}")
    expect(projector.locator("#pj-clock")).to_have_text("23:30")

    # Past midnight in Vietnam (still the evening of the 2nd in New York and in UTC): the console offers the
    # next sitting day; the projector's clock reads 00:30.
    with clock.frozen(MIDNIGHT):
        console = devices.open(MIDNIGHT, TABLET, "thuky")
        console.goto(f"/console/live.html?session={sid}")
        expect(console.locator("#sitting-open")).to_have_text("Mở phiên họp hôm nay")
        expect(console.locator("#session-status")).to_contain_text(re.compile(r"23:30,? 02/12/2026"))
        projector = devices.open(MIDNIGHT, PROJECTOR)
        projector.goto(f"/projector.html?session={sid}")
        expect(projector.locator("#pj-clock")).to_have_text("00:30")

    # The council's zone, not a constant: in Europe/Paris the same instants are 17:30 and 18:30.
    with transaction(council_server.factory) as db:
        db.scalars(select(Council)).one().time_zone = "Europe/Paris"
    time.sleep(RecentlyRead().ttl)  # changed behind the API's back: the screens' snapshot cache lets go of it
    console = devices.open(EVENING, TABLET, "thuky")
    console.goto(f"/console/live.html?session={sid}")
    expect(console.locator("#session-status")).to_contain_text(re.compile(r"Khai mạc lúc 17:30,? 02/12/2026"))
    projector = devices.open(MIDNIGHT, PROJECTOR)
    projector.goto(f"/projector.html?session={sid}")
    expect(projector.locator("#pj-clock")).to_have_text("18:30")

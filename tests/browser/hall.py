"""The small hall the live-session and documents browser tests share: a commune council of four delegates
(three with tablet accounts), two officials, and a published session held today; ``Screens`` opens one
browser context per device and fails the test on a script error or a CSP violation."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from agenda import clock
from agenda.accounts import users
from agenda.accounts.users import UserInput
from agenda.council import delegates, items, officials, sessions, terms
from agenda.council.delegates import DelegateInput
from agenda.council.items import AgendaItemInput
from agenda.council.officials import OfficialInput
from agenda.council.sessions import SessionInput
from agenda.council.terms import CouncilInput, TermInput
from tests.browser.conftest import LiveServer

PASSWORD = "daibieu2026"
HALL = [
    ("Nguyễn Văn An", "A01"),
    ("Trần Thị Bình", "A02"),
    ("Lê Hoàng Cường", "B01"),
    ("Phạm Thu Dung", "B02"),
]
TABLET = {"width": 1280, "height": 800}
PORTRAIT = {"width": 800, "height": 1280}
PROJECTOR = {"width": 1920, "height": 1080}
# Console noise that is expected: 4xx answers, and websockets refused while the browser is offline.
EXPECTED = re.compile(
    r"Failed to load resource: the server responded with a status of 4\d\d|WebSocket connection to"
)


def seed_hall(factory: Any) -> dict[str, Any]:
    from agenda.db import transaction

    today = clock.today(clock.DEFAULT_TIME_ZONE)
    with transaction(factory) as db:
        home = terms.create_council(
            db,
            CouncilInput.parse(
                {
                    "name": "Hội đồng nhân dân xã Tân Lập",
                    "short_name": "HĐND xã Tân Lập",
                    "place_name": "Tân Lập",
                    "level": "commune",
                }
            ),
            is_home=True,
        )
        term = terms.create_term(
            db,
            home,
            TermInput.parse(
                {"number": 1, "starts_on": (today - dt.timedelta(days=300)).isoformat(), "seats": 4}
            ),
        )
        mandates = [
            delegates.add_delegate(db, term, DelegateInput.parse({"full_name": name, "seat_label": seat}))
            for name, seat in HALL
        ]
        mai = officials.add_official(
            db,
            home,
            OfficialInput.parse(
                {
                    "full_name": "Ngô Thị Mai",
                    "position": "Giám đốc Sở Y tế",
                    "agency": "Sở Y tế",
                    "started_on": "2026-01-01",
                }
            ),
        )
        hung = officials.add_official(
            db,
            home,
            OfficialInput.parse(
                {
                    "full_name": "Đỗ Văn Hùng",
                    "position": "Chủ tịch UBND xã",
                    "agency": "UBND xã",
                    "started_on": "2026-01-01",
                }
            ),
        )
        session = sessions.create_session(
            db,
            term,
            SessionInput.parse(
                {
                    "starts_on": today.isoformat(),
                    "ends_on": (today + dt.timedelta(days=1)).isoformat(),
                    "place": "Hội trường UBND xã",
                    "title": "Kỳ họp thường lệ cuối năm",
                }
            ),
        )
        for title, kind in [
            ("Khai mạc kỳ họp", "procedural"),
            ("Chất vấn và trả lời chất vấn", "questioning"),
            ("Nghị quyết về dự toán ngân sách năm 2027", "resolution"),
            ("Lấy phiếu tín nhiệm", "confidence"),
            ("Bế mạc kỳ họp", "procedural"),
        ]:
            items.add_agenda_item(db, session, AgendaItemInput.parse({"title": title, "kind": kind}))
        sessions.publish_session(db, session)
        users.create_user(
            db,
            UserInput.parse(
                {
                    "username": "thuky",
                    "display_name": "Nguyễn Thị Thu",
                    "password": "thuky2026",
                    "roles": ["secretary"],
                }
            ),
        )
        for i in range(3):
            users.create_user(
                db,
                UserInput.parse(
                    {
                        "username": f"daibieu{i + 1}",
                        "display_name": HALL[i][0],
                        "password": PASSWORD,
                        "roles": ["delegate"],
                        "person_id": mandates[i].person_id,
                    }
                ),
            )
        return {
            "session_id": session.id,
            "people": [m.person_id for m in mandates],
            "officials": [mai.id, hung.id],
        }


class Screens:
    """Browser contexts (one per device) that fail the test on a script error or a CSP violation."""

    def __init__(self, chromium: Any, server: LiveServer) -> None:
        self.chromium = chromium
        self.server = server
        self.contexts: list[Any] = []
        self.problems: list[str] = []

    def open(
        self,
        viewport: dict[str, int] = TABLET,
        *,
        base_url: str | None = None,
        noise: re.Pattern[str] = EXPECTED,
    ) -> tuple[Any, Any]:
        """A device's context and page; ``base_url``: reach the server another way (e.g. through a relay);
        ``noise``: console errors that are expected on this device."""
        context = self.chromium.new_context(
            viewport=viewport, locale="vi-VN", base_url=base_url or self.server.url
        )
        context.set_default_timeout(10_000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on(
            "console",
            lambda msg: (
                self.problems.append(f"console {msg.type}: {msg.text}")
                if msg.type == "error" and not noise.search(msg.text)
                else None
            ),
        )
        return context, page

    def signed_in(self, username: str, viewport: dict[str, int] = TABLET, **options: Any) -> tuple[Any, Any]:
        context, page = self.open(viewport, **options)
        page.goto("/signin.html")
        page.get_by_label("Tên đăng nhập", exact=True).fill(username)
        page.get_by_label("Mật khẩu", exact=True).fill(self.server.passwords[username])
        page.locator("#password-form[data-ready]").wait_for(state="attached")  # its module listens
        page.get_by_role("button", name="Đăng nhập", exact=True).click()
        page.wait_for_url(lambda url: "/signin.html" not in url)
        return context, page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def open_sitting(console: Any) -> None:
    """Khai mạc from the console: the button, then the confirmation dialog (the session and today's date)."""
    console.locator("#sitting-open").click()
    console.locator("#open-confirm").get_by_role("button", name="Khai mạc").click()

"""Opening a sitting safely from the console, in headless Chromium: the confirmation dialog with the session and
today's date (and the warning outside the session's dates), the undo button while nothing has happened and
its own confirmation; and a delegate's QR card landing on the tablet page of the open sitting."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from agenda import clock
from agenda.council import sessions
from agenda.council.sessions import SessionPatch
from agenda.db import transaction
from agenda.models import Session
from agenda.sitting import opening
from tests.browser.conftest import LiveServer
from tests.browser.hall import Screens

pytestmark = pytest.mark.browser


def console_of(screens: Screens, sid: int) -> Any:
    _, console = screens.signed_in("thuky")
    console.goto(f"/console/live.html?session={sid}")
    expect(console.locator("#conn")).to_have_attribute("data-status", "open")
    return console


def test_the_console_confirms_the_opening_and_undoes_it_while_nothing_happened(
    screens: Screens, hall: LiveServer
) -> None:
    sid = hall.ids["session_id"]
    console = console_of(screens, sid)
    status = console.locator("#session-status")
    expect(console.locator("#sitting-undo")).to_have_count(0)

    # The open button asks first, naming the session and today; cancelling changes nothing.
    console.locator("#sitting-open").click()
    dialog = console.locator("#open-confirm")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Khai mạc phiên họp của Kỳ họp")
    expect(dialog.locator("#open-confirm-dates")).to_contain_text(
        f"Hôm nay: {clock.today('Asia/Ho_Chi_Minh'):%d/%m/%Y}"
    )
    expect(dialog.locator("#open-confirm-warning")).to_have_count(0)  # held today: no warning
    dialog.get_by_role("button", name="Hủy").click()
    expect(dialog).to_have_count(0)
    expect(status).to_contain_text("Đã công bố")

    console.locator("#sitting-open").click()
    console.locator("#open-confirm").get_by_role("button", name="Khai mạc").click()
    expect(status).to_contain_text("Đang họp")

    # Opened by mistake: undone, after its own confirmation; the page is back as before.
    undo = console.locator("#sitting-undo")
    expect(undo).to_have_text("Hủy khai mạc")
    undo.click()
    confirm = console.locator("#undo-confirm")
    expect(confirm).to_contain_text("Chỉ hủy được khi phiên họp chưa có hoạt động nào")
    confirm.get_by_role("button", name="Giữ nguyên").click()  # not undone after all
    expect(status).to_contain_text("Đang họp")
    undo.click()
    confirm = console.locator("#undo-confirm")
    confirm.get_by_role("button", name="Hủy khai mạc").click()
    expect(status).to_contain_text("Đã công bố")
    expect(console.locator("#sitting-undo")).to_have_count(0)
    expect(console.locator("#sitting-open")).to_have_text("Khai mạc")

    # Opened again, and a delegate checks in on their tablet: the undo button goes away.
    console.locator("#sitting-open").click()
    console.locator("#open-confirm").get_by_role("button", name="Khai mạc").click()
    expect(console.locator("#sitting-undo")).to_be_visible()
    _, tablet = screens.signed_in("daibieu1")
    tablet.goto(f"/tablet.html?session={sid}")
    tablet.get_by_role("button", name="Điểm danh").click()
    expect(console.locator("#quorum")).to_contain_text("Có mặt 1/4")
    expect(console.locator("#sitting-undo")).to_have_count(0)
    expect(status).to_contain_text("Đang họp")


def test_the_console_warns_when_today_is_not_within_the_sessions_dates(
    screens: Screens, hall: LiveServer
) -> None:
    sid = hall.ids["session_id"]
    later = dt.date.today() + dt.timedelta(days=10)
    with transaction(hall.factory) as db:
        session = db.get(Session, sid)
        patch = {"starts_on": later.isoformat(), "ends_on": (later + dt.timedelta(days=1)).isoformat()}
        sessions.update_session(db, session, SessionPatch.parse(patch))
    console = console_of(screens, sid)
    console.locator("#sitting-open").click()
    dialog = console.locator("#open-confirm")
    expect(dialog.locator("#open-confirm-dates")).to_contain_text(f"{later:%d/%m/%Y}")
    expect(dialog.locator("#open-confirm-warning")).to_contain_text("không nằm trong thời gian kỳ họp")
    dialog.get_by_role("button", name="Khai mạc").click()  # confirmed: opened all the same
    expect(console.locator("#session-status")).to_contain_text("Đang họp")


def test_a_qr_card_during_an_open_sitting_lands_on_its_tablet_page(
    screens: Screens, hall: LiveServer
) -> None:
    sid = hall.ids["session_id"]
    _, page = screens.open()
    page.goto(f"/signin.html#card={hall.issue_card('daibieu2')}")
    page.wait_for_url(f"{hall.url}/")  # no sitting open: the home page
    with transaction(hall.factory) as db:
        session = db.get(Session, sid)
        assert session is not None
        opening.open_sitting(db, session, None)
    _, tablet = screens.open()
    tablet.goto(f"/signin.html#card={hall.issue_card('daibieu3')}")
    tablet.wait_for_url(re.compile(rf"/tablet\.html\?session={sid}$"))
    expect(tablet.locator("#conn")).to_have_attribute("data-status", "open")
    expect(tablet.locator("#my-attendance")).to_contain_text("Đã điểm danh")  # the card checked them in

"""Starting from nothing in a browser: an empty database sends the sign-in page to the first-run page; with
the token ``kyhop serve`` printed the administrator sets up the council, signs in and finds it on the
console's Council page, where a new term is added after an election — at a tablet's size too."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from session_server.api.setup import setup_token
from tests.browser.conftest import LiveServer, serve

pytestmark = pytest.mark.browser

TABLET = {"width": 768, "height": 1024}


@pytest.fixture
def empty_server(tmp_path: Path) -> Iterator[LiveServer]:
    with serve(tmp_path, seed=lambda factory: {}) as server:
        yield server


@pytest.fixture
def tablet(chromium: Any, empty_server: LiveServer) -> Iterator[Any]:
    context = chromium.new_context(viewport=TABLET, locale="vi-VN", base_url=empty_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text) if msg.type == "error" and "status of 4" not in msg.text else None
        ),
    )
    yield page
    context.close()
    assert not problems, problems


def fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_empty_database_setup_page_admin_signs_in_and_sees_the_council(tablet: Any) -> None:
    page = tablet
    page.goto("/signin.html")
    expect(page).to_have_url(re.compile(r"/setup\.html$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Khởi tạo hệ thống")

    # Without the right token nothing happens.
    page.get_by_label("Mã khởi tạo").fill("sai-ma")
    page.get_by_label("Tên Hội đồng").fill("Hội đồng nhân dân xã Yên Mô")
    expect(page.get_by_label("Tỉnh / xã (địa danh)")).to_have_value("Yên Mô")
    page.get_by_label("Cấp", exact=True).select_option("commune")
    page.get_by_label("Số khóa").fill("21")
    page.get_by_label("Bắt đầu nhiệm kỳ").fill("2026-03-15")
    page.get_by_label("Kết thúc nhiệm kỳ").fill("2031-03-14")
    page.get_by_label("Số đại biểu được bầu").fill("30")
    page.get_by_label("Tên đăng nhập", exact=True).fill("quantri")
    page.get_by_label("Tên hiển thị").fill("Quản trị viên xã")
    page.get_by_label("Mật khẩu", exact=True).fill("mat-khau-quan-tri")
    page.get_by_label("Nhập lại mật khẩu").fill("mat-khau-quan-tri")
    page.get_by_role("button", name="Khởi tạo", exact=True).click()
    expect(page.locator("#setup-form .field-error")).to_contain_text("Mã khởi tạo không đúng")
    assert fits(page)

    # The address kyhop serve printed brings the token, and leaves the address bar at once.
    page.goto("about:blank")  # (from /setup.html itself, only the fragment would change)
    page.goto(f"/setup.html#token={setup_token('test')}")
    expect(page).to_have_url(re.compile(r"/setup\.html$"))
    expect(page.get_by_label("Mã khởi tạo")).to_have_value(setup_token("test"))
    page.get_by_label("Tên Hội đồng").fill("Hội đồng nhân dân xã Yên Mô")
    page.get_by_label("Cấp", exact=True).select_option("commune")
    page.get_by_label("Số khóa").fill("21")
    page.get_by_label("Bắt đầu nhiệm kỳ").fill("2026-03-15")
    page.get_by_label("Kết thúc nhiệm kỳ").fill("2031-03-14")
    page.get_by_label("Số đại biểu được bầu").fill("30")
    page.get_by_label("Tên đăng nhập", exact=True).fill("quantri")
    page.get_by_label("Mật khẩu", exact=True).fill("mat-khau-quan-tri")
    page.get_by_label("Nhập lại mật khẩu").fill("mat-khau-quan-tri")
    page.get_by_role("button", name="Khởi tạo", exact=True).click()

    # Set up: the sign-in page (no longer sent away), then the Council page.
    expect(page).to_have_url(re.compile(r"/signin\.html\?next="))
    page.get_by_label("Tên đăng nhập", exact=True).fill("quantri")
    page.get_by_label("Mật khẩu", exact=True).fill("mat-khau-quan-tri")
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).to_have_url(re.compile(r"/console/council\.html$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hội đồng và nhiệm kỳ")
    home = page.get_by_role("region", name="Hội đồng nhân dân xã Yên Mô")
    expect(home).to_contain_text("Hội đồng của hệ thống")
    expect(home).to_contain_text("HĐND xã Yên Mô")
    expect(home.get_by_role("row", name=re.compile("Khóa XXI, nhiệm kỳ 2026–2031"))).to_contain_text("30")
    expect(page.locator("#council-name")).to_have_text("Hội đồng nhân dân xã Yên Mô")
    assert fits(page)

    # After the next election: a new term, its number proposed.
    home.get_by_role("button", name="Thêm khóa mới").click()
    dialog = page.locator("#term-dialog")
    expect(dialog.get_by_label("Số khóa")).to_have_value("22")
    dialog.get_by_label("Bắt đầu nhiệm kỳ").fill("2030-01-01")  # overlaps khóa XXI
    dialog.get_by_role("button", name="Lưu").click()
    expect(dialog.locator(".field-error")).to_contain_text("trùng")
    dialog.get_by_label("Bắt đầu nhiệm kỳ").fill("2031-03-15")
    dialog.get_by_role("button", name="Lưu").click()
    expect(dialog).to_be_hidden()
    expect(home.get_by_role("row", name=re.compile("Khóa XXII, nhiệm kỳ 2031–2036"))).to_be_visible()

    # The setup page now says it is done.
    page.goto("/setup.html")
    expect(page.locator("#setup-closed")).to_be_visible()
    expect(page.locator("#setup-form")).to_be_hidden()

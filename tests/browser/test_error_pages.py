"""An address with no page is a 404 in the app's frame with a way home, Vietnamese first and English at the
switch; an address under /api/ stays a JSON 404; a page the account may not see says so, with a way home."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser


def test_an_unknown_page_is_a_404_in_the_apps_frame_with_a_way_home(
    page: Any, live_server: LiveServer
) -> None:
    response = page.goto("/console/khong-co-trang-nay.html")
    assert response is not None and response.status == 404
    assert response.headers["content-type"].startswith("text/html")
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")
    expect(page).to_have_title("Không tìm thấy trang — Kỳ họp số")
    header = page.locator(".site-header")  # the app's frame
    expect(header).to_contain_text("Hội đồng nhân dân thành phố Hải Phòng")

    page.get_by_role("button", name="Switch to English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("#error-page")).to_contain_text("There is no page at this address")
    page.get_by_role("button", name="Chuyển sang tiếng Việt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")

    page.get_by_role("link", name="Về trang chủ").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Các kỳ họp")).to_be_visible()


def test_an_address_under_the_api_stays_a_json_404_and_a_missing_file_is_no_page(
    live_server: LiveServer,
) -> None:
    answer = httpx.get(f"{live_server.url}/api/khong-co")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/json"
    assert answer.json()["error"]["code"] == "http_404"
    for missing in ("/assets/khong-co.css", "/khong-co.js"):
        answer = httpx.get(f"{live_server.url}{missing}")
        assert answer.status_code == 404
        assert not answer.headers["content-type"].startswith("text/html"), missing
    assert httpx.get(f"{live_server.url}/khong-co").headers["content-type"].startswith("text/html")


def test_a_page_the_account_may_not_see_says_so_with_a_way_home(page: Any, sign_in: Any) -> None:
    sign_in("daibieu")
    page.goto("/console/accounts.html")
    expect(page.get_by_role("heading", level=1)).to_have_text("Không có quyền truy cập")
    expect(page.get_by_role("link", name="Đăng nhập bằng tài khoản khác")).to_have_attribute(
        "href", "/signin.html?next=%2Fconsole%2Faccounts.html"
    )
    page.get_by_role("link", name="Về trang chủ").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    expect(page.get_by_role("heading", name="Các kỳ họp")).to_be_visible()

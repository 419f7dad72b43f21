"""Signing in: by password (staff land on the console) and by QR card (the token leaves the address)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_secretary_signs_in_with_a_password_and_lands_on_the_console(page, sign_in) -> None:
    sign_in("thuky")
    expect(page).to_have_url(re.compile(r"/console/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng điều khiển của thư ký")
    expect(page.locator(".who-name")).to_have_text("Nguyễn Thị Thu")
    expect(
        page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tổng quan")
    ).to_have_attribute("aria-current", "page")


def test_a_wrong_password_shows_the_error_in_vietnamese(page) -> None:
    page.goto("/signin.html")
    page.locator("#password-form[data-ready]").wait_for(state="attached")  # its module listens
    page.get_by_label("Tên đăng nhập", exact=True).fill("thuky")
    page.get_by_label("Mật khẩu", exact=True).fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.locator("#password-form [role=alert]")).to_have_text(
        "Tên đăng nhập hoặc mật khẩu không đúng."
    )
    expect(page.locator("#flash")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    expect(page).to_have_url(re.compile(r"/signin\.html$"))


def test_too_many_wrong_passwords_show_the_wait_and_hold_the_button_until_then(page) -> None:
    """The server's 429 (faked here: the shared test server's delays must stay untouched)."""
    message = "Đăng nhập sai quá nhiều lần, vui lòng thử lại sau 2 giây."
    error = {"code": "too_many_attempts", "message": message, "retry_after": 2}
    page.route(
        "**/api/auth/login",
        lambda route: route.fulfill(status=429, headers={"Retry-After": "2"}, json={"error": error}),
    )
    page.goto("/signin.html")
    page.locator("#password-form[data-ready]").wait_for(state="attached")  # its module listens
    page.get_by_label("Tên đăng nhập", exact=True).fill("daibieu")
    page.get_by_label("Mật khẩu", exact=True).fill("doan-bua")
    button = page.get_by_role("button", name="Đăng nhập", exact=True)
    button.click()
    expect(page.locator("#password-form [role=alert]")).to_have_text(message)
    expect(page.locator("#signin-wait")).to_contain_text("Có thể thử lại sau")
    expect(page.locator("#signin-wait")).to_contain_text("thẻ đăng nhập QR")
    expect(button).to_be_disabled()
    expect(page.locator("#signin-wait")).to_have_text("Có thể thử đăng nhập lại.", timeout=5000)
    expect(button).to_be_enabled()


def test_a_qr_card_signs_the_delegate_in_and_leaves_no_token_in_the_address(page, live_server) -> None:
    token = live_server.issue_card("daibieu")
    page.goto(f"/signin.html#card={token}")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator(".who-name")).to_have_text("Vũ Minh Hằng")
    assert token not in page.url
    assert token not in page.evaluate("document.referrer + location.href")
    # The delegate has no console: the navigation shows only the home page.
    expect(page.get_by_role("link", name="Tổng quan")).to_have_count(0)


def test_a_revoked_card_is_refused_with_a_clear_message(page, live_server) -> None:
    token = live_server.issue_card("daibieu2", revoke=True)
    page.goto(f"/signin.html#card={token}")
    expect(page.locator("#card-form [role=alert]")).to_have_text(
        "Thẻ này đã bị thu hồi — xin nhận thẻ mới từ thư ký."
    )
    assert "card=" not in page.url
    expect(page.locator(".who-name")).to_have_count(0)  # nobody signed in


def test_a_usb_scanner_types_the_card_address_into_the_card_field(page, live_server) -> None:
    token = live_server.issue_card("chutoa")
    page.goto("/signin.html")
    field = page.get_by_label("Mã thẻ")
    field.fill(f"{live_server.url}/signin.html#card={token}")
    field.press("Enter")
    page.wait_for_url(re.compile(r"/console/$"))  # the chair may view the console
    expect(page.locator(".who-name")).to_have_text("Trần Thị Bình")


def test_text_that_is_not_a_card_is_refused_next_to_the_field(page) -> None:
    page.goto("/signin.html")
    field = page.get_by_label("Mã thẻ")
    field.fill("xin chào")
    field.press("Enter")
    expect(page.locator("#card-form .field-error")).to_have_text("Mã thẻ không đúng dạng. Hãy quét lại thẻ.")
    expect(field).to_have_attribute("aria-invalid", "true")


def test_a_console_page_sends_visitors_to_sign_in_and_back(page, live_server) -> None:
    page.goto("/console/delegates.html")
    page.wait_for_url(re.compile(r"/signin\.html\?next="))
    page.locator("#password-form[data-ready]").wait_for(state="attached")  # its module listens
    page.get_by_label("Tên đăng nhập", exact=True).fill("thuky")
    page.get_by_label("Mật khẩu", exact=True).fill("thuky2026")
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.wait_for_url(re.compile(r"/console/delegates\.html$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Đại biểu Hội đồng nhân dân")


def test_a_card_scanned_while_the_sign_in_page_is_open_still_signs_in(page, live_server) -> None:
    page.goto("/signin.html")
    token = live_server.issue_card("daibieu")
    page.evaluate("token => { location.hash = 'card=' + token; }", token)
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator(".who-name")).to_have_text("Vũ Minh Hằng")


def test_signing_out_returns_to_the_home_page_as_a_visitor(page, sign_in) -> None:
    sign_in("thuky")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("header").get_by_role("link", name="Đăng nhập")).to_be_visible()
    page.goto("/console/")
    page.wait_for_url(re.compile(r"/signin\.html\?next=%2Fconsole%2F$"))


def test_a_password_typed_before_the_page_has_loaded_never_goes_into_the_address(
    chromium, live_server
) -> None:
    """On slow hall Wi-Fi the sign-in form is on screen before its script: Enter must not send it the
    browser's own way (a GET with the password in the address, the history and the server's logs)."""
    context = chromium.new_context(base_url=live_server.url)  # (not `page`: the blocked script is an error)
    try:
        page = context.new_page()
        page.route("**/signin.js", lambda route: route.abort())  # the page's module never arrives
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto("/signin.html")
        page.locator("#username").fill("thuky")
        page.locator("#password").fill("mat-khau-bi-mat")
        page.locator("#password").press("Enter")
        page.evaluate("document.getElementById('password-form').requestSubmit()")
        page.wait_for_timeout(300)
        assert page.url == f"{live_server.url}/signin.html"
        assert not [url for url in requests if "mat-khau-bi-mat" in url or "password=" in url]
    finally:
        context.close()

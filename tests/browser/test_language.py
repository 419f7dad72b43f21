"""Vietnamese first; the switch turns the interface (and the server's messages) to English and back."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_language_switch_turns_the_interface_to_english_and_back(page) -> None:
    page.goto("/signin.html")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")

    page.get_by_role("button", name="Switch to English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_label("Card code")).to_be_visible()
    # The server answers in English too (it reads the same `lang` cookie).
    page.get_by_label("Username", exact=True).fill("thuky")
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator("#password-form [role=alert]")).to_have_text("Wrong username or password.")

    # The choice is remembered from page to page.
    page.goto("/")
    expect(page.get_by_role("heading", name="Sessions")).to_be_visible()
    expect(page.locator("#sessions")).to_contain_text("Session 2")

    page.get_by_role("button", name="Chuyển sang tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", name="Các kỳ họp")).to_be_visible()
    expect(page.locator("#sessions")).to_contain_text("Kỳ họp thứ 2 HĐND thành phố Hải Phòng khóa XVII")

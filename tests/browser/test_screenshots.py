"""Screenshots for the README (1280×800): the home page, the sign-in page and the agenda editor.

Taken on a server of its own with only the seed data, so they do not depend on what other tests added.
Written to a temporary folder, or to $KYHOP_SCREENSHOTS_DIR — refresh the README's pictures with
``KYHOP_SCREENSHOTS_DIR=docs/screenshots .venv/bin/pytest tests/browser/test_screenshots.py``.
They double as a smoke test of each page.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_screenshots(chromium, pristine_server, tmp_path: Path) -> None:
    SHOTS = Path(os.environ.get("KYHOP_SCREENSHOTS_DIR") or tmp_path)  # noqa: N806
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(
        viewport=pristine_server.viewport, locale="vi-VN", base_url=pristine_server.url
    )
    try:
        page = context.new_page()
        page.goto("/")
        expect(page.locator("#sessions .session-card")).to_have_count(2)
        page.screenshot(path=str(SHOTS / "home.png"))

        page.goto("/signin.html")
        expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
        page.screenshot(path=str(SHOTS / "signin.png"))

        page.get_by_label("Tên đăng nhập", exact=True).fill("thuky")
        page.get_by_label("Mật khẩu", exact=True).fill(pristine_server.passwords["thuky"])
        page.get_by_role("button", name="Đăng nhập", exact=True).click()
        page.wait_for_url(f"{pristine_server.url}/console/")
        page.goto(f"/console/session.html?id={pristine_server.ids['regular_session']}")
        expect(page.locator("#agenda .agenda-num")).to_have_count(6)
        page.mouse.move(0, 0)
        page.screenshot(path=str(SHOTS / "console-agenda.png"))
    finally:
        context.close()

"""The archive's pages at the hall's sizes — tablets in landscape and portrait, the console's and the
projector's screens: nothing runs off the side and the page's heading is in view, with the demo's longest
resolution titles (every resolution of the demo archive is in the workspace's list), the public search and a
hit's page with its words highlighted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer, serve

pytestmark = pytest.mark.browser

SIZES = [(1024, 768), (820, 1180), (1280, 720), (1920, 1080)]
PAGES = [
    ("/archive/", "Lưu trữ nghị quyết"),
    ("/archive/tracking.html", None),
    ("/archive/import.html", None),
    ("/archive/search?q=nghi+quyet+dat+dai", "Tra cứu nghị quyết"),
    ("/nq/1/2026/05-2026-NQ-HDND?trang=2&q=dat+dai", "Nghị quyết 05/2026/NQ-HĐND — trang 2/2"),
]


def demo(factory: Any) -> dict[str, Any]:
    from agenda import clock
    from agenda.db import transaction
    from agenda.demo.build import build_demo

    with transaction(factory) as db:
        build_demo(db, today=clock.today(clock.DEFAULT_TIME_ZONE))
    return {}


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serve(Path(tmp_path_factory.mktemp("archive-sizes")), seed=demo) as server:
        yield server


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_archive_pages_fit(chromium: Any, demo_server: LiveServer, size: tuple[int, int]) -> None:
    width, height = size
    context = chromium.new_context(
        viewport={"width": width, "height": height}, locale="vi-VN", base_url=demo_server.url
    )
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        page.goto("/signin.html")
        page.locator("#password-form[data-ready]").wait_for(state="attached")
        page.get_by_label("Tên đăng nhập", exact=True).fill("luutru")
        page.get_by_label("Mật khẩu", exact=True).fill("luutru2026")
        page.get_by_role("button", name="Đăng nhập", exact=True).click()
        page.wait_for_url(lambda url: "/signin.html" not in url)
        for path, heading in PAGES:
            page.goto(path)
            h1 = page.get_by_role("heading", level=1)
            if path.startswith("/archive/search"):
                expect(h1).to_have_text(heading or "")
                expect(page.locator(".archive-hit").first).to_be_visible()
            elif path.startswith("/nq/"):
                expect(h1).to_have_text(heading or "")
                expect(page.locator(".signed-mark").first).to_be_attached()
            elif heading:
                expect(h1).to_have_text(heading)
                expect(page.locator(".resolution-pick").first).to_be_visible()
                page.locator(".resolution-pick").first.click()
                expect(page.locator("#detail-heading")).to_be_visible()
            else:
                expect(h1).to_be_visible()
            page.wait_for_load_state("networkidle")
            assert h1.bounding_box()["y"] < height, (path, size)
            wide = page.evaluate(
                "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
                ".map(e => e.tagName + '.' + e.className).slice(0, 5)"
            )
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
                path,
                size,
                wide,
            )
    finally:
        context.close()

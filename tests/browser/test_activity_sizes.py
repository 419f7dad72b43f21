"""The activity and metrics pages at the hall's sizes — tablets in landscape and portrait, the console's and
the projector's screens — on the demo's year of records (its longest titles and recommendations): nothing runs
off the side and the page's heading is in view; the public delegate page too, for a visitor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORDS, LiveServer, serve
from tests.browser.test_archive_sizes import demo

pytestmark = pytest.mark.browser

SIZES = [(1024, 768), (820, 1180), (1280, 720), (1920, 1080)]
STAFF_PAGES = [
    ("/activity/", "#rows tr"),
    ("/activity/recommendations.html", "#rows tr"),
    ("/activity/petitions.html", "#rows tr"),
    ("/activity/import.html", None),
    ("/metrics/", '#council-table button[data-measure="supervisions"]'),
]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serve(Path(tmp_path_factory.mktemp("activity-sizes")), seed=demo) as server:
        yield server


def _fits(page: Any, path: str, size: tuple[int, int]) -> None:
    h1 = page.get_by_role("heading", level=1)
    expect(h1).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert h1.bounding_box()["y"] < size[1], (path, size)
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
        ".map(e => e.tagName + '.' + e.className).slice(0, 5)"
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (path, size, wide)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_activity_and_metrics_pages_fit(
    chromium: Any, demo_server: LiveServer, size: tuple[int, int]
) -> None:
    context = chromium.new_context(
        viewport={"width": size[0], "height": size[1]}, locale="vi-VN", base_url=demo_server.url
    )
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        page.goto("/signin.html")
        page.locator("#password-form[data-ready]").wait_for(state="attached")
        page.get_by_label("Tên đăng nhập", exact=True).fill("thuky")
        page.get_by_label("Mật khẩu", exact=True).fill(PASSWORDS["thuky"])
        page.get_by_role("button", name="Đăng nhập", exact=True).click()
        page.wait_for_url(lambda url: "/signin.html" not in url)
        for path, filled in STAFF_PAGES:
            page.goto(path)
            page.locator("body[data-ready]").wait_for(state="attached")
            if filled:
                expect(page.locator(filled).first).to_be_visible()  # the demo's records are on it
            _fits(page, path, size)

        visitor = context.browser.new_context(  # type: ignore[union-attr]
            viewport={"width": size[0], "height": size[1]}, locale="vi-VN", base_url=demo_server.url
        ).new_page()
        visitor.goto("/metrics/delegate.html")
        visitor.locator("body[data-ready]").wait_for(state="attached")
        _fits(visitor, "/metrics/delegate.html", size)
        visitor.locator("#delegate-list a").first.click()
        visitor.wait_for_url("**/metrics/delegate.html?person=*")
        visitor.locator("body[data-ready]").wait_for(state="attached")
        _fits(visitor, "/metrics/delegate.html?person=…", size)
        visitor.context.close()
    finally:
        context.close()

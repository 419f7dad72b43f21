"""A visitor on the archive's search page (the demo archive, no sign-in) searches, clicks "Tải Excel (XLSX)"
and gets a workbook of every resolution the search found — the Vietnamese headers frozen at the top, the
numbers the page lists; and the page names the council's feed of new resolutions as its alternate."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer, serve
from tests.browser.test_archive_sizes import demo

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serve(Path(tmp_path_factory.mktemp("exports")), seed=demo) as server:
        yield server


def test_a_visitor_downloads_the_search_results_as_a_workbook(chromium: Any, demo_server: LiveServer) -> None:
    context = chromium.new_context(
        viewport={"width": 1280, "height": 800},
        locale="vi-VN",
        base_url=demo_server.url,
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        page.goto("/archive/search?q=dat+dai&sort=newest")
        page.locator("body[data-ready]").wait_for(state="attached")
        hits = page.locator(".archive-hit")
        expect(hits.first).to_be_visible()
        listed = [
            n.inner_text().removeprefix("Nghị quyết ").strip() for n in hits.locator(".hit-number").all()
        ]
        button = page.get_by_role("link", name="Tải Excel (XLSX)")
        expect(button).to_have_attribute(
            "href", "/api/archive/search.xlsx?q=dat+dai&sort=newest&scope=public"
        )
        with page.expect_download() as started:
            button.click()
        download = started.value
        assert download.suggested_filename == "ket-qua-tim-kiem.xlsx"
        book = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
        sheet = book["Kết quả tìm kiếm"]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:3] == ("Số, ký hiệu", "Trích yếu", "Cơ quan ban hành") and sheet.freeze_panes == "A2"
        assert [r[0] for r in rows[1:]][: len(listed)] == listed  # the first page's hits, in the page's order
        feed = page.locator("link#council-feed")
        expect(feed).to_have_attribute("href", "/api/public/councils/1/resolutions.atom")
        assert page.request.get(feed.get_attribute("href") or "").ok
    finally:
        context.close()

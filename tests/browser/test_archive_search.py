"""Issue 14's "done when", in a browser on the demo archive: a visitor (no sign-in) types "nghi quyet dat dai"
and finds the resolutions on land ("Nghị quyết … Đất đai", the words marked); types "5/2026/nq-hdnd" and, on
Enter, lands on 05/2026/NQ-HĐND; filters by year and by "còn hiệu lực" and the facets' counts change (the
address keeps the filters: back undoes one); opens the hit at the page of the signed copy that matched, the
words highlighted over the page's image — in Vietnamese, then in English."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer, serve
from tests.browser.test_archive_sizes import demo

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serve(Path(tmp_path_factory.mktemp("archive-search")), seed=demo) as server:
        yield server


@pytest.fixture
def visitor(chromium: Any, demo_server: LiveServer) -> Iterator[Any]:
    context = chromium.new_context(
        viewport={"width": 1280, "height": 800}, locale="vi-VN", base_url=demo_server.url
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda m: problems.append(m.text) if m.type == "error" and "status of 4" not in m.text else None,
    )
    yield page
    context.close()
    assert not problems, problems


def facet(page: Any, name: str) -> dict[str, int]:
    """A facet's values and counts as the page lists them."""
    buttons = page.locator(f".facet[data-facet={name}] .facet-value")
    return {
        b.locator(".facet-label").inner_text(): int(b.locator(".facet-count").inner_text())
        for b in buttons.all()
    }


def test_a_visitor_finds_filters_and_opens_a_resolution_at_its_page(visitor: Any, shots: Path) -> None:
    page = visitor
    page.goto("/")
    page.locator("#archive-search-link").click()
    page.wait_for_url("**/archive/search")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tra cứu nghị quyết")
    page.locator("body[data-ready]").wait_for(state="attached")  # the page's module listens

    # As-you-type, without diacritics: the resolutions on land, the words marked as written.
    page.get_by_label("Từ cần tìm hoặc số nghị quyết").press_sequentially("nghi quyet dat dai", delay=20)
    hits = page.locator(".archive-hit")
    expect(hits).to_have_count(3)
    land = hits.filter(has_text="05/2026/NQ-HĐND")
    expect(land.locator(".hit-number")).to_have_text("Nghị quyết 05/2026/NQ-HĐND")
    expect(land.locator(".hit-title")).to_contain_text("Luật Đất đai")
    assert [m.inner_text() for m in land.locator(".hit-title mark").all()][:2] == ["Đất", "đai"]
    expect(land.locator(".hit-snippet mark").first).to_be_visible()
    assert "q=nghi+quyet+dat+dai" in page.url
    atom = page.locator("#follow").get_attribute("href")
    assert atom == "/api/archive/search.atom?q=nghi+quyet+dat+dai"
    assert page.locator("link#atom-alternate").get_attribute("href") == atom

    # The facets: by year, then in force — the counts change, the address keeps the filters.
    assert facet(page, "year") == {"2023": 1, "2025": 1, "2026": 1}
    assert facet(page, "status") == {"Còn hiệu lực": 2, "Hết hiệu lực một phần": 1}
    page.locator(".facet[data-facet=status] .facet-value", has_text="Còn hiệu lực").click()
    expect(hits).to_have_count(2)
    expect(page.locator(".facet[data-facet=year] .facet-value")).to_have_count(2)
    assert facet(page, "year") == {"2025": 1, "2026": 1}
    assert "status=in_force" in page.url
    page.locator(".facet[data-facet=year] .facet-value", has_text="2026").click()
    expect(hits).to_have_count(1)
    assert facet(page, "status") == {"Còn hiệu lực": 1}
    expect(page.locator(".filter-chip")).to_have_count(2)
    page.go_back()  # the year's filter undone
    expect(hits).to_have_count(2)
    page.locator(".filter-chip", has_text="Hiệu lực").click()
    expect(hits).to_have_count(3)
    page.locator(".facet[data-facet=year] .facet-value", has_text="2026").click()
    expect(hits).to_have_count(1)
    page.mouse.move(0, 0)
    page.screenshot(path=str(shots / "archive-search.png"))

    # The hit at the page of its signed copy that matched, the words highlighted over the page.
    link = hits.first.locator(".hit-page")
    expect(link).to_have_text("trang 2")
    link.click()
    expect(page.locator("#viewer-heading")).to_have_text("Nghị quyết 05/2026/NQ-HĐND — trang 2/2")
    image = page.locator("#page-image")
    expect(image).to_be_visible()
    page.wait_for_function(
        "document.getElementById('page-image').complete && document.getElementById('page-image').naturalWidth > 0"
    )
    marks = page.locator("#signed-sheet .signed-mark")
    assert marks.count() >= 2
    sheet = image.bounding_box()
    for box in [m.bounding_box() for m in marks.all()]:
        assert sheet["x"] <= box["x"] and box["x"] + box["width"] <= sheet["x"] + sheet["width"]
        assert sheet["y"] <= box["y"] and box["y"] + box["height"] <= sheet["y"] + sheet["height"]
        assert 0 < box["height"] < 40
    assert {m.get_attribute("title") for m in marks.all()} >= {"đất", "đai"}
    page.get_by_role("link", name="← Trang trước").first.click()
    expect(page.locator("#viewer-heading")).to_contain_text("trang 1/2")
    page.locator("#back-to-search").first.click()
    expect(hits).to_have_count(1)
    expect(page.get_by_label("Từ cần tìm hoặc số nghị quyết")).to_have_value("nghi quyet dat dai")

    # A number, typed as on a phone: Enter goes straight to the resolution.
    page.goto("/archive/search")
    page.locator("body[data-ready]").wait_for(state="attached")
    box = page.get_by_label("Từ cần tìm hoặc số nghị quyết")
    box.press_sequentially("5/2026/nq-hdnd", delay=20)
    expect(page.locator(".archive-hit[data-by-number='1']")).to_have_count(1)
    box.press("Enter")
    page.wait_for_url("**/nq/*/2026/05-2026-NQ-HDND")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nghị quyết 05/2026/NQ-HĐND")

    # Only words every resolution carries: the page says why nothing is listed.
    page.goto("/archive/search?q=nghi+quyet")
    expect(page.locator("#search-summary")).to_contain_text("Các từ này có trong mọi nghị quyết")
    expect(hits).to_have_count(0)

    # In English.
    page.goto("/archive/search?q=dat+dai&year=2026")
    page.locator(".lang-switch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search resolutions")
    expect(page.locator(".filter-chip")).to_have_text("Year: 2026 ×")
    expect(page.locator(".archive-hit .hit-page")).to_have_text("page 2")


def test_the_archivist_searches_in_the_workspace_and_opens_the_record(visitor: Any) -> None:
    page = visitor
    page.goto("/signin.html")
    page.locator("#password-form[data-ready]").wait_for(state="attached")
    page.get_by_label("Tên đăng nhập", exact=True).fill("luutru")
    page.get_by_label("Mật khẩu", exact=True).fill("luutru2026")
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.wait_for_url(lambda url: "/signin.html" not in url)
    page.goto("/archive/")
    expect(page.locator(".resolution-pick").first).to_be_visible()
    page.locator("#staff-q").press_sequentially("luat dat dai", delay=20)
    hit = page.locator("#staff-hits .archive-hit", has_text="05/2026/NQ-HĐND")
    expect(hit.locator(".hit-title mark").nth(1)).to_have_text("Đất")  # after "Luật"
    hit.locator(".hit-number").click()
    page.wait_for_url("**/archive/?id=*")
    expect(page.locator("#detail-heading")).to_contain_text("05/2026/NQ-HĐND")

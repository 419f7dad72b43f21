"""The roster page: a council's spreadsheet uploaded with its progress, previewed row by row (a wrong row
highlighted, no import offered), corrected, then imported — on a server of the test's own, since an import
adds delegates that other tests would count."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.agenda.council.roster.sheets import xlsx
from tests.browser.conftest import PASSWORDS, VIEWPORT, serve

pytestmark = pytest.mark.browser

HEADERS = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Số ghế", "Ban", "Tổ đại biểu", "Ghi chú"]


@pytest.fixture
def roster_page(chromium: Any, tmp_path: Path) -> Iterator[Any]:
    with serve(tmp_path) as server:
        context = chromium.new_context(viewport=VIEWPORT, locale="vi-VN", base_url=server.url)
        page = context.new_page()
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto("/signin.html")
        page.get_by_label("Tên đăng nhập", exact=True).fill("thuky")
        page.get_by_label("Mật khẩu", exact=True).fill(PASSWORDS["thuky"])
        page.get_by_role("button", name="Đăng nhập", exact=True).click()
        page.wait_for_url(lambda url: "/signin.html" not in url)
        yield page
        context.close()
        assert not problems, problems


def _choose(page: Any, tmp_path: Path, rows: list[list[Any]], name: str = "dai-bieu.xlsx") -> None:
    path = tmp_path / name
    path.write_bytes(xlsx(rows, HEADERS))
    page.get_by_label("Tệp danh sách (XLSX hoặc CSV UTF-8)").set_input_files(str(path))


def test_upload_preview_correct_and_import_a_list(roster_page: Any, tmp_path: Path) -> None:
    page = roster_page
    page.goto("/console/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Nhập từ Excel").click()
    expect(page.get_by_role("heading", name="Nhập và xuất danh sách")).to_be_visible()
    expect(page.get_by_role("link", name="Tải tệp mẫu (XLSX, có hướng dẫn từng cột)")).to_have_attribute(
        "href", "/api/roster/template.xlsx"
    )

    rows = [
        [1, "Quách Thị Mai", 1981, "Nữ", "R01", "Ban Dân tộc", "Tổ đại biểu số 7", "mới"],
        [2, "Lạc Văn Sơn", "năm 80", "Nam", "R02", "Ban Dân tộc", "Tổ đại biểu số 7", ""],
    ]
    _choose(page, tmp_path, rows)
    page.get_by_role("button", name="Tải lên và xem trước").click()
    wrong = page.locator("#report tr.roster-error")
    expect(wrong).to_have_count(1)
    assert page.eval_on_selector("#upload-progress", "bar => bar.value") == 100  # the upload's progress
    expect(wrong).to_contain_text("Lạc Văn Sơn")
    expect(wrong).to_contain_text("Năm sinh:")
    expect(page.locator("#report tr.roster-create")).to_contain_text("Quách Thị Mai")
    expect(page.locator("#summary")).to_contain_text("Các cột không dùng đến: Ghi chú.")
    expect(page.locator("#summary")).to_contain_text("Chưa có gì được ghi.")
    expect(page.locator("#commit-button")).to_be_hidden()

    rows[1][2] = 1980
    _choose(page, tmp_path, rows, "dai-bieu-da-sua.xlsx")
    expect(page.locator("#report-panel")).to_be_hidden()
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.locator("#report tr.roster-create")).to_have_count(2)
    expect(page.locator("#summary")).to_contain_text("Sẽ tạo mới: Ban Dân tộc, Tổ đại biểu số 7.")
    page.get_by_role("button", name="Nhập 2 dòng").click()
    expect(page.locator("#flash")).to_have_text("Đã nhập danh sách: 2 dòng được thêm hoặc sửa.")
    expect(page.locator("#summary")).to_contain_text("đã thêm 2")
    expect(page.locator("#commit-button")).to_be_hidden()

    page.goto("/console/delegates.html")
    expect(page.locator("#delegates tr", has_text="Lạc Văn Sơn")).to_contain_text("R02")

    page.goto("/console/roster.html")
    _choose(page, tmp_path, rows)  # the same file again
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.locator("#report tr.roster-unchanged")).to_have_count(2)
    expect(page.locator("#summary")).to_contain_text("Tệp không có gì mới")

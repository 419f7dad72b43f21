"""Delegates, organizations, officials and QR cards in the secretary's console."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def open_panel(page: Any, selector: str) -> None:
    """Open a <details> panel once the page is drawn. The page's script inserts the header and the lists
    after the first paint; a click that lands while they shift the layout can miss the summary, so the
    click is repeated until the panel is open."""
    details = page.locator(selector)
    expect(page.locator(".site-header")).to_be_visible()
    for _ in range(5):
        if details.evaluate("d => d.open"):
            break
        details.locator("> summary").click()
        page.wait_for_timeout(50)
    expect(details).to_have_attribute("open", "")


def test_add_a_delegate_then_a_taken_seat_is_refused_next_to_the_field(page, sign_in) -> None:
    sign_in("thuky")
    page.goto("/console/delegates.html")
    open_panel(page, "#add-panel")
    form = page.locator("#add-form")
    form.get_by_label("Họ và tên").fill("Đỗ Thị Ngọc")
    form.get_by_label("Giới tính").select_option("nữ")
    form.get_by_label("Năm sinh").fill("1988")
    form.get_by_label("Chức vụ, nơi công tác").fill("Phó Giám đốc Sở Giáo dục và Đào tạo")
    form.get_by_label("Đơn vị bầu cử").fill("Đơn vị bầu cử số 5")
    form.get_by_label("Số ghế trong hội trường").fill("c01")
    form.get_by_role("button", name="Thêm đại biểu").click()
    expect(page.locator("#flash")).to_have_text("Đã thêm đại biểu Đỗ Thị Ngọc.")
    row = page.locator("#delegates tr", has_text="Đỗ Thị Ngọc")
    expect(row).to_contain_text("C01")
    expect(row).to_contain_text("Nữ, sinh 1988")

    form.get_by_label("Họ và tên").fill("Trịnh Văn Phúc")
    seat = form.get_by_label("Số ghế trong hội trường")
    seat.fill("A01")
    form.get_by_role("button", name="Thêm đại biểu").click()
    error = form.locator(".field:has([name=seat_label]) .field-error")
    expect(error).to_have_text("Ghế A01 đang do đại biểu Nguyễn Văn An ngồi.")
    expect(seat).to_have_attribute("aria-invalid", "true")
    expect(seat).to_be_focused()
    expect(page.locator("#delegates tr", has_text="Trịnh Văn Phúc")).to_have_count(0)

    # Search ignores Vietnamese diacritics.
    page.get_by_label("Tìm đại biểu").fill("ngoc")
    expect(page.locator("#delegates tr")).to_have_count(1)
    expect(page.locator("#filter-count")).to_contain_text("Hiển thị 1 /")


def test_edit_a_delegate_and_end_the_mandate(page, sign_in) -> None:
    sign_in("thuky")
    page.goto("/console/delegates.html")
    open_panel(page, "#add-panel")
    form = page.locator("#add-form")
    form.get_by_label("Họ và tên").fill("Lý Văn Quang")
    form.get_by_label("Số ghế trong hội trường").fill("C09")
    form.get_by_role("button", name="Thêm đại biểu").click()
    page.get_by_role("button", name="Sửa thông tin đại biểu Lý Văn Quang").click()
    dialog = page.locator("#edit-dialog")
    dialog.locator("#edit-form").get_by_label("Đơn vị bầu cử").fill("Đơn vị bầu cử số 6")
    dialog.get_by_role("button", name="Lưu").click()
    expect(page.locator("#delegates tr", has_text="Lý Văn Quang")).to_contain_text("Đơn vị bầu cử số 6")

    page.get_by_role("button", name="Sửa thông tin đại biểu Lý Văn Quang").click()
    end = dialog.locator("#end-form")
    end.get_by_label("Ngày thôi làm nhiệm vụ").fill("2026-10-01")
    end.get_by_role("button", name="Ghi nhận thôi làm nhiệm vụ").click()
    expect(end.locator(".field-error")).to_have_text("Vui lòng ghi lý do thôi làm nhiệm vụ đại biểu.")
    end.get_by_label("Lý do").fill("Chuyển công tác")
    end.get_by_role("button", name="Ghi nhận thôi làm nhiệm vụ").click()
    expect(page.locator("#delegates tr", has_text="Lý Văn Quang")).to_have_count(0)
    page.get_by_label("Hiện cả đại biểu đã thôi làm nhiệm vụ").check()
    expect(page.locator("#delegates tr", has_text="Lý Văn Quang")).to_contain_text("Đã thôi nhiệm vụ")


def test_organization_members_are_added_and_ended(page, sign_in) -> None:
    sign_in("thuky")
    page.goto("/console/organizations.html")
    open_panel(page, "#create-panel")
    create = page.locator("#create-form")
    create.get_by_label("Tên").fill("Ban Văn hóa – Xã hội")
    create.get_by_role("button", name="Thêm").click()
    card = page.locator("article.org-card", has=page.get_by_role("heading", name="Ban Văn hóa – Xã hội"))
    expect(card).to_contain_text("Chưa có thành viên.")

    card.locator("summary", has_text="Thêm thành viên").click()
    card.get_by_label("Đại biểu").select_option(label="Bùi Thị Lan (B04)")
    card.get_by_label("Chức danh").select_option("head")
    card.get_by_role("button", name="Thêm thành viên").click()
    expect(card.locator(".member-list")).to_contain_text("Bùi Thị Lan — Trưởng Ban")

    card.get_by_role("button", name="Kết thúc tư cách thành viên của Bùi Thị Lan").click()
    card.get_by_label("Ngày kết thúc của Bùi Thị Lan").fill("2026-11-01")
    card.get_by_role("button", name="Ghi nhận").click()
    expect(card).to_contain_text("Thành viên trước đây (1)")


def test_officials_are_added_and_edited(page, sign_in) -> None:
    sign_in("thuky")
    page.goto("/console/officials.html")
    open_panel(page, "#add-panel")
    form = page.locator("#add-form")
    form.get_by_label("Họ và tên").fill("Phan Thanh Sơn")
    form.get_by_label("Chức vụ", exact=True).fill("Giám đốc Sở Xây dựng")
    form.get_by_label("Cơ quan").fill("Sở Xây dựng")
    form.get_by_label("Nhận nhiệm vụ từ").fill("2026-05-01")
    form.get_by_role("button", name="Thêm").click()
    expect(page.locator("#officials tr", has_text="Phan Thanh Sơn")).to_contain_text("Giám đốc Sở Xây dựng")
    page.get_by_role("button", name="Sửa thông tin Phan Thanh Sơn").click()
    page.locator("#edit-form").get_by_label("Chức vụ", exact=True).fill("Phó Chủ tịch UBND thành phố")
    page.locator("#edit-form").get_by_role("button", name="Lưu").click()
    expect(page.locator("#officials tr", has_text="Phan Thanh Sơn")).to_contain_text(
        "Phó Chủ tịch UBND thành phố"
    )


def test_a_qr_card_issued_in_the_console_signs_the_delegate_in_and_can_be_revoked(
    page, sign_in, chromium, live_server
) -> None:
    sign_in("thuky")
    page.goto("/console/accounts.html")
    page.get_by_role("button", name="Cấp thẻ QR cho Bùi Thị Lan").click()
    issued = page.locator("#issued")
    expect(issued).to_be_visible()
    expect(issued.get_by_role("img", name="Mã QR đăng nhập của Bùi Thị Lan")).to_be_visible()
    url = issued.locator("#issued-url").inner_text()
    assert re.fullmatch(rf"{re.escape(live_server.url)}/signin\.html#card=[A-Za-z0-9_-]+", url)

    tablet = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    try:
        delegate = tablet.new_page()
        delegate.goto(url)
        delegate.wait_for_url(f"{live_server.url}/")
        expect(delegate.locator(".who-name")).to_have_text("Bùi Thị Lan")
    finally:
        tablet.close()

    page.reload()
    cards = page.locator("#cards tr", has_text="Bùi Thị Lan")
    expect(cards.filter(has_text="Đang hiệu lực")).to_have_count(1)
    page.get_by_role("button", name="Thu hồi thẻ của Bùi Thị Lan").click()
    page.get_by_role("dialog").get_by_role("button", name="Thu hồi").click()
    expect(page.locator("#flash")).to_have_text("Đã thu hồi thẻ của Bùi Thị Lan.")
    expect(cards.filter(has_text="Đang hiệu lực")).to_have_count(0)

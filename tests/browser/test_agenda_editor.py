"""The agenda editor: create a session, add items, reorder from the keyboard, indent, publish."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def create_session(page, *, title: str, starts_on: str, ends_on: str, thematic: bool = True) -> int:
    page.goto("/console/sessions.html")
    form = page.locator("#create-form")
    expect(form.get_by_label("Kỳ họp thứ")).not_to_have_value("")  # prefilled with the next number
    if thematic:
        form.get_by_label("Loại kỳ họp").select_option("thematic")
    form.get_by_label("Tên, nội dung chính").fill(title)
    form.get_by_label("Ngày khai mạc").fill(starts_on)
    form.get_by_label("Ngày bế mạc").fill(ends_on)
    form.get_by_label("Địa điểm").fill("Hội trường HĐND thành phố")
    form.get_by_role("button", name="Tạo kỳ họp").click()
    page.wait_for_url(re.compile(r"/console/session\.html\?id=\d+$"))
    return int(re.search(r"id=(\d+)", page.url).group(1))


def add_item(page, title: str, minutes: int) -> None:
    form = page.locator("#add-form")
    form.get_by_label("Nội dung", exact=True).fill(title)
    form.get_by_label("Thời lượng dự kiến (phút)").fill(str(minutes))
    form.get_by_role("button", name="Thêm nội dung").click()
    expect(page.locator("#agenda .agenda-title").last).to_have_text(title)


def test_secretary_builds_reorders_publishes_and_the_public_reads_it(
    page, sign_in, chromium, live_server
) -> None:
    sign_in("thuky")
    session_id = create_session(
        page, title="Kỳ họp chuyên đề về đầu tư công", starts_on="2027-02-03", ends_on="2027-02-04"
    )
    expect(page.locator("#session-status")).to_contain_text("Đang soạn thảo")
    expect(page.locator("#add-form").get_by_label("Nội dung", exact=True)).to_be_focused()

    add_item(page, "Khai mạc kỳ họp", 10)
    add_item(page, "Báo cáo thẩm tra của Ban Kinh tế – Ngân sách", 20)
    add_item(page, "Tờ trình về kế hoạch đầu tư công năm 2027", 40)
    numbers = page.locator("#agenda .agenda-num")
    expect(numbers).to_have_text(["1", "2", "3"])

    # Move the submission above the review report, from the keyboard; the focus stays on the moved item.
    up = page.get_by_role("button", name="Chuyển lên: Tờ trình về kế hoạch đầu tư công năm 2027")
    up.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#agenda .agenda-title")).to_have_text(
        [
            "Khai mạc kỳ họp",
            "Tờ trình về kế hoạch đầu tư công năm 2027",
            "Báo cáo thẩm tra của Ban Kinh tế – Ngân sách",
        ]
    )
    expect(
        page.get_by_role("button", name="Chuyển lên: Tờ trình về kế hoạch đầu tư công năm 2027")
    ).to_be_focused()
    expect(page.locator("#flash")).to_contain_text("nay là mục 2")

    # The review report becomes a sub-item of the submission.
    page.get_by_role("button", name="Thành mục con: Báo cáo thẩm tra của Ban Kinh tế – Ngân sách").click()
    expect(numbers).to_have_text(["1", "2", "2.1"])
    expect(page.locator("#agenda-total")).to_have_text("Tổng cộng 3 nội dung · dự kiến 1 giờ 10 phút")

    # The order was saved: a reload shows the same numbers.
    page.reload()
    expect(numbers).to_have_text(["1", "2", "2.1"])

    page.get_by_role("button", name="Công bố chương trình").click()
    expect(page.locator("#session-status")).to_contain_text("Đã công bố")
    expect(page.get_by_role("button", name="Rút lại công bố")).to_be_focused()

    visitor = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    try:
        public = visitor.new_page()
        public.goto(f"/session.html?id={session_id}")
        expect(public.get_by_role("heading", level=1)).to_contain_text("Kỳ họp thứ")
        expect(public.get_by_role("heading", level=1)).to_contain_text("(kỳ họp chuyên đề)")
        expect(public.locator("#agenda .agenda-num")).to_have_text(["1", "2", "2.1"])
        expect(public.locator("#agenda .agenda-title")).to_have_text(
            [
                "Khai mạc kỳ họp",
                "Tờ trình về kế hoạch đầu tư công năm 2027",
                "Báo cáo thẩm tra của Ban Kinh tế – Ngân sách",
            ]
        )
        expect(public.get_by_role("link", name="Sửa chương trình")).to_have_count(0)
        public.goto("/")
        expect(public.locator(f'[data-session-id="{session_id}"]')).to_contain_text("Đã công bố")
    finally:
        visitor.close()


def agenda_row(page, title: str):
    exact = page.locator(".agenda-title", has_text=re.compile(rf"^{re.escape(title)}$"))
    return page.locator("#agenda li").filter(has=exact)


def test_edit_inline_delete_with_confirm_and_drag_and_drop(page, sign_in) -> None:
    sign_in("thuky")
    create_session(
        page,
        title="Kỳ họp giải quyết công việc phát sinh",
        starts_on="2027-03-10",
        ends_on="2027-03-10",
        thematic=False,
    )
    for title in ["Khai mạc", "Nội dung A", "Nội dung B", "Bế mạc"]:
        add_item(page, title, 15)
    titles = page.locator("#agenda .agenda-title")

    # Inline edit: rename and give a presenter.
    page.get_by_role("button", name="Sửa nội dung: Nội dung A").click()
    row = page.locator("#agenda li.editing")
    row.get_by_label("Nội dung", exact=True).fill("Tờ trình về biên chế")
    row.get_by_label("Người trình bày").fill("Giám đốc Sở Nội vụ")
    row.get_by_role("button", name="Lưu").click()
    expect(titles).to_have_text(["Khai mạc", "Tờ trình về biên chế", "Nội dung B", "Bế mạc"])
    expect(page.locator("#agenda")).to_contain_text("Trình bày: Giám đốc Sở Nội vụ")

    # Delete asks first; cancelling keeps the item.
    page.get_by_role("button", name="Xóa nội dung: Nội dung B").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Xóa nội dung 3 “Nội dung B” khỏi chương trình?")
    dialog.get_by_role("button", name="Hủy").click()
    expect(titles).to_have_count(4)
    page.get_by_role("button", name="Xóa nội dung: Nội dung B").click()
    page.get_by_role("dialog").get_by_role("button", name="Xóa").click()
    expect(titles).to_have_text(["Khai mạc", "Tờ trình về biên chế", "Bế mạc"])

    # Drag "Bế mạc" by its handle above the submission.
    handle = agenda_row(page, "Bế mạc").locator(".drag-handle")
    target = agenda_row(page, "Tờ trình về biên chế")
    handle.drag_to(target, target_position={"x": 200, "y": 5})
    expect(titles).to_have_text(["Khai mạc", "Bế mạc", "Tờ trình về biên chế"])


def test_the_chair_may_read_the_agenda_but_not_edit_it(page, sign_in, live_server) -> None:
    sign_in("chutoa")
    page.goto(f"/console/session.html?id={live_server.ids['regular_session']}")
    expect(page.locator("#agenda .agenda-num")).to_have_text(["1", "2", "2.1", "3", "4", "5"])
    expect(page.get_by_role("button", name=re.compile("^Chuyển lên"))).to_have_count(0)
    expect(page.locator("#add-item")).to_be_hidden()
    page.goto("/console/accounts.html")
    expect(page.get_by_role("heading", level=1)).to_have_text("Không có quyền truy cập")


def test_a_reorder_made_meanwhile_in_another_tab_is_not_overwritten(page, sign_in) -> None:
    sign_in("thuky")
    session_id = create_session(
        page, title="Kỳ họp chuyên đề về biên chế", starts_on="2027-04-05", ends_on="2027-04-05"
    )
    for title in ["Khai mạc", "Tờ trình", "Bế mạc"]:
        add_item(page, title, 10)
    titles = page.locator("#agenda .agenda-title")

    # Another tab of the secretary moves "Bế mạc" to the top; this page still shows the old order.
    csrf = page.request.get("/api/me").json()["csrf_token"]
    shown = [
        {"id": i["id"], "depth": i["depth"]}
        for i in page.request.get(f"/api/sessions/{session_id}").json()["agenda"]
    ]
    other = page.request.put(
        f"/api/sessions/{session_id}/items/order",
        headers={"x-csrf-token": csrf},
        data={"items": [shown[2], shown[0], shown[1]], "current": shown},
    )
    assert other.ok, other.text()
    expect(titles).to_have_text(["Khai mạc", "Tờ trình", "Bế mạc"])

    page.get_by_role("button", name="Chuyển lên: Tờ trình").click()
    expect(page.locator("#flash")).to_contain_text("vừa được người khác thay đổi")
    expect(titles).to_have_text(["Bế mạc", "Khai mạc", "Tờ trình"])  # reloaded: the other tab's order stands

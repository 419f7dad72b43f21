"""Issue 16's "done when" as one person goes through it, pages only: the dashboard's figures; a Ban records a
supervision and a Tổ a voter-contact meeting with two recommendations, one forwarded, answered, not resolved
(on the activity pages); the dashboard's figures move by exactly that; the drill-down lists the new records and
its link opens the record on its own page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from agenda import clock
from tests.browser.test_activity import record, step

pytestmark = pytest.mark.browser

MEASURES = (
    "supervisions",
    "voter_contacts",
    "voters_met",
    "recommendations_raised",
    "recommendations_forwarded",
    "recommendations_answered",
    "recommendations_resolved",
)


def _figures(page: Any, year: int) -> dict[str, int]:
    """The council's figures of the dashboard's first view: this year's."""
    page.goto("/metrics/")
    page.locator("body[data-ready]").wait_for(state="attached")
    expect(page.locator("#filter-year")).to_have_value(str(year))
    cell = page.locator('#council-table button[data-measure="supervisions"]')
    expect(cell).to_be_visible()
    return {
        m: int(
            re.sub(r"\D", "", page.locator(f'#council-table button[data-measure="{m}"]').inner_text()) or 0
        )
        for m in MEASURES
    }


def test_records_entered_on_the_pages_move_the_dashboard_and_the_drill_down_opens_them(
    page: Any, sign_in: Any
) -> None:
    today = clock.today(clock.DEFAULT_TIME_ZONE)  # the server's day: nothing completed may be later
    sign_in("thuky")
    before = _figures(page, today.year)

    page.goto("/activity/")
    page.locator("body[data-ready]").wait_for(state="attached")
    supervision = "Giám sát việc bồi thường, hỗ trợ tái định cư (bảng số liệu)"
    record(
        page,
        kind="Giám sát",
        organiser="Ban",
        body="Ban Pháp chế",
        title=supervision,
        on=today.isoformat(),
        people=["Phạm Thu Dung"],
    )
    meeting_title = "Tiếp xúc cử tri phường Hồng Hải (bảng số liệu)"
    record(
        page,
        kind="Tiếp xúc cử tri",
        organiser="Tổ đại biểu",
        body="Tổ đại biểu số 1",
        title=meeting_title,
        on=today.isoformat(),
        voters=120,
        people=["Nguyễn Văn An"],
    )
    page.locator("#rows tr", has_text=meeting_title).get_by_role("link", name="Kiến nghị").click()
    page.wait_for_url("**/activity/recommendations.html?activity=*")
    page.locator("body[data-ready]").wait_for(state="attached")
    page.locator("#raise-panel summary").click()
    form = page.locator("#raise-form")
    texts = ("Nạo vét kênh thoát nước khu 5 (bảng số liệu)", "Lắp camera an ninh ngõ 12 (bảng số liệu)")
    for text in texts:
        form.get_by_label("Nội dung kiến nghị").fill(text)
        form.get_by_role("button", name="Ghi nhận", exact=True).click()
        expect(page.locator("#rows tr", has_text=text)).to_be_visible()
    ditch = page.locator("#rows tr", has_text=texts[0])
    step(page, ditch, "Chuyển", fill={"Cơ quan nhận": "UBND phường Hồng Hải"})
    step(page, ditch, "Ghi trả lời", fill={"Trả lời": "Sẽ nạo vét trong quý I"})
    step(page, ditch, "Kết quả", choose={"Kết quả giải quyết": "Chưa giải quyết"})
    expect(ditch.locator(".stage")).to_have_text("đã trả lời, chưa giải quyết")

    after = _figures(page, today.year)
    moved = {m: after[m] - before[m] for m in MEASURES}
    assert moved == {
        "supervisions": 1,
        "voter_contacts": 1,
        "voters_met": 120,
        "recommendations_raised": 2,
        "recommendations_forwarded": 1,
        "recommendations_answered": 1,
        "recommendations_resolved": 0,  # answered is not resolved
    }

    page.locator('#council-table button[data-measure="supervisions"]').click()
    dialog = page.locator("#drill-dialog")
    expect(dialog).to_be_visible()
    line = dialog.locator("#drill-table tbody tr", has_text=supervision)
    expect(line).to_have_count(1)
    line.get_by_role("link").click()
    page.wait_for_url("**/activity/index.html?id=*")
    page.locator("body[data-ready]").wait_for(state="attached")
    expect(page.locator("#only-one")).to_be_visible()
    expect(page.locator("#rows tr")).to_have_count(1)
    expect(page.locator("#rows tr")).to_contain_text(supervision)
    page.get_by_role("link", name="Xem tất cả").click()
    page.locator("body[data-ready]").wait_for(state="attached")
    expect(page.locator("#only-one")).to_be_hidden()
    expect(page.locator("#rows tr", has_text=meeting_title)).to_be_visible()


def test_a_visitor_finds_a_delegate_from_the_home_page_and_reads_what_they_did(page: Any) -> None:
    """No sign-in: the home page's link, the delegates in office, one delegate's term — never a secret ballot."""
    page.goto("/")
    page.get_by_role("link", name="Hoạt động của đại biểu").click()
    page.wait_for_url("**/metrics/delegate.html")
    page.locator("body[data-ready]").wait_for(state="attached")
    chooser = page.locator("#delegate-chooser")
    expect(chooser).to_be_visible()
    expect(page.locator("#delegate-record")).to_be_hidden()
    chooser.get_by_role("link", name="Nguyễn Văn An").click()
    page.wait_for_url("**/metrics/delegate.html?person=*")
    page.locator("body[data-ready]").wait_for(state="attached")
    expect(page.locator("#delegate-name")).to_have_text("Nguyễn Văn An")
    expect(page.locator("#delegate-figures tr[data-measure='sittings_held']")).to_be_visible()
    expect(page.locator("#delegate-chooser")).to_be_hidden()
    expect(page.get_by_text("phiếu kín không bao giờ được hiển thị")).to_be_visible()

"""A recorded activity corrected on its page: the secretary opens it in the record form (Sửa), changes its
title, takes it back to planned, adds a participant, saves; the list and the API show the correction; the
form then records new activities again. Cancelling an edit leaves the record as it was."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from agenda import clock
from tests.browser.test_activity import record

pytestmark = pytest.mark.browser


def test_a_recorded_activity_is_corrected_in_the_record_form(page: Any, sign_in: Any) -> None:
    today = clock.today(clock.DEFAULT_TIME_ZONE)
    sign_in("thuky")
    page.goto("/activity/")
    page.locator("body[data-ready]").wait_for(state="attached")
    title = "Khảo sát trạm y tế xã Ninh Vân (bản nháp)"
    record(
        page,
        kind="Khảo sát",
        organiser="Ban",
        body="Ban Pháp chế",
        title=title,
        on=today.isoformat(),
        people=["Phạm Thu Dung"],
    )
    form = page.locator("#record-form")

    page.get_by_role("button", name=f"Sửa hoạt động {title}").click()
    expect(page.locator("#record-panel summary")).to_have_text(f"Sửa hoạt động: {title}")
    expect(form.get_by_label("Tên hoạt động")).to_have_value(title)
    expect(form.get_by_label("Ban, Tổ, Thường trực")).to_have_value(re.compile(r"\d+"))
    expect(form.get_by_label("Phạm Thu Dung", exact=True)).to_be_checked()
    form.get_by_role("button", name="Hủy sửa").click()  # cancelled: nothing changes, the form records again
    expect(form.get_by_role("button", name="Ghi nhận", exact=True)).to_be_visible()
    expect(form.get_by_label("Tên hoạt động")).to_have_value("")

    page.get_by_role("button", name=f"Sửa hoạt động {title}").click()
    expect(form.get_by_label("Tên hoạt động")).to_have_value(title)  # (the record loaded into the form)
    corrected = "Khảo sát trạm y tế xã Ninh Vân và Ninh Hải"
    form.get_by_label("Tên hoạt động").fill(corrected)
    form.get_by_label("Ngày hoàn thành").fill("")  # not done yet after all: planned
    form.get_by_label("Nguyễn Văn An", exact=True).check()
    form.get_by_role("button", name="Lưu thay đổi").click()
    row = page.locator("#rows tr", has_text=corrected)
    expect(row).to_be_visible()
    expect(row).to_contain_text("Kế hoạch")
    expect(row).to_contain_text("Phạm Thu Dung")
    expect(row).to_contain_text("Nguyễn Văn An")
    expect(page.locator("#rows tr", has_text=title)).to_have_count(0)
    expect(page.locator("[role=status]").filter(has_text="Đã lưu thay đổi")).to_have_count(1)
    expect(form.get_by_role("button", name="Ghi nhận", exact=True)).to_be_visible()
    expect(page.locator("#record-cancel")).to_be_hidden()

    activity_id = row.get_attribute("data-id")
    saved = page.request.get(f"/api/activity/activities/{activity_id}").json()
    assert saved["title"] == corrected and saved["completed_on"] is None
    assert saved["kind"] == "survey" and saved["ends_on"] == today.isoformat()
    assert {p["full_name"] for p in saved["participants"]} == {"Phạm Thu Dung", "Nguyễn Văn An"}

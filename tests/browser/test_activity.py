"""Activities between sessions in the browser (issue 16): a Ban records a supervision; a Tổ records a
voter-contact meeting with two recommendations, forwards one, records its answer and that it was not resolved
— the page shows "đã trả lời, chưa giải quyết", the other stays "đã tiếp nhận, chưa chuyển"."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def record(page: Any, **values: Any) -> None:
    panel = page.locator("#record-panel")
    if not panel.evaluate("el => el.open"):
        panel.locator("summary").click()
    form = page.locator("#record-form")
    form.get_by_label("Loại hoạt động").select_option(label=values["kind"])
    form.get_by_label("Chủ thể tổ chức").select_option(label=values["organiser"])
    form.get_by_label("Ban, Tổ, Thường trực").select_option(label=values["body"])
    form.get_by_label("Tên hoạt động").fill(values["title"])
    form.get_by_label("Ngày bắt đầu").fill(values["on"])
    form.get_by_label("Ngày hoàn thành").fill(values["on"])
    if "voters" in values:
        form.get_by_label("Số cử tri dự").fill(str(values["voters"]))
    for name in values["people"]:
        form.get_by_label(name, exact=True).check()
    form.get_by_role("button", name="Ghi nhận", exact=True).click()
    expect(page.locator("#rows tr", has_text=values["title"])).to_be_visible()


def step(
    page: Any, row: Any, button: str, fill: dict[str, str] | None = None, choose: dict[str, str] | None = None
) -> None:
    row.get_by_role("button", name=re.compile(f"^{button}: ")).click()  # its name says which recommendation
    dialog = page.locator("#step-dialog")
    expect(dialog).to_be_visible()
    for label, value in (fill or {}).items():
        dialog.get_by_label(label, exact=True).fill(value)
    for label, value in (choose or {}).items():
        dialog.get_by_label(label, exact=True).select_option(label=value)
    dialog.get_by_role("button", name="Lưu", exact=True).click()
    expect(dialog).to_be_hidden()


@pytest.mark.parametrize(("device", "viewport"), [("máy tính", (1280, 800)), ("máy tính bảng", (820, 1180))])
def test_a_ban_and_a_to_record_their_activities_and_follow_a_recommendation(
    page: Any, sign_in: Any, device: str, viewport: tuple[int, int]
) -> None:
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    sign_in("thuky")
    page.goto("/activity/")
    page.locator("body[data-ready]").wait_for(state="attached")
    expect(page.get_by_role("link", name="Hoạt động giữa hai kỳ họp")).to_have_attribute(
        "aria-current", "page"
    )
    record(
        page,
        kind="Giám sát",
        organiser="Ban",
        body="Ban Pháp chế",
        title=f"Giám sát việc giải quyết thủ tục hành chính về đất đai ({device})",
        on="2026-11-10",
        people=["Phạm Thu Dung", "Vũ Minh Hằng"],
    )
    record(
        page,
        kind="Tiếp xúc cử tri",
        organiser="Tổ đại biểu",
        body="Tổ đại biểu số 1",
        title=f"Tiếp xúc cử tri trước kỳ họp cuối năm ({device})",
        on="2026-11-20",
        voters=150,
        people=["Nguyễn Văn An"],
    )
    meeting = page.locator("#rows tr", has_text=f"Tiếp xúc cử tri trước kỳ họp cuối năm ({device})")
    expect(meeting).to_contain_text("150 cử tri")
    meeting.get_by_role("link", name="Kiến nghị").click()
    page.wait_for_url("**/activity/recommendations.html?activity=*")
    page.locator("body[data-ready]").wait_for(state="attached")
    page.locator("#raise-panel summary").click()
    raise_form = page.locator("#raise-form")
    for text in (
        f"Sửa chữa tuyến đường liên xã bị sạt lở ({device})",
        f"Bố trí thêm đèn chiếu sáng khu dân cư ({device})",
    ):
        raise_form.get_by_label("Nội dung kiến nghị").fill(text)
        raise_form.get_by_role("button", name="Ghi nhận", exact=True).click()
        expect(page.locator("#rows tr", has_text=text)).to_be_visible()
    road = page.locator("#rows tr", has_text=f"Sửa chữa tuyến đường liên xã bị sạt lở ({device})")
    lights = page.locator("#rows tr", has_text=f"Bố trí thêm đèn chiếu sáng khu dân cư ({device})")
    expect(road).to_contain_text("đã tiếp nhận, chưa chuyển")
    step(page, road, "Chuyển", fill={"Cơ quan nhận": "UBND thành phố", "Hạn trả lời": "2027-01-31"})
    expect(road).to_contain_text("đã chuyển, chờ trả lời")
    expect(road).to_contain_text("UBND thành phố")
    step(page, road, "Ghi trả lời", fill={"Trả lời": "Đã đưa vào kế hoạch vốn năm 2027"})
    expect(road).to_contain_text("đã trả lời, chờ kết quả")
    step(page, road, "Kết quả", choose={"Kết quả giải quyết": "Chưa giải quyết"})
    expect(road.locator(".stage")).to_have_text("đã trả lời, chưa giải quyết")
    expect(lights.locator(".stage")).to_have_text("đã tiếp nhận, chưa chuyển")
    page.locator(".lang-switch").click()  # the English switch: the stage as the server words it in English
    page.locator("body[data-ready]").wait_for(state="attached")
    expect(
        page.locator("#rows tr", has_text=f"Sửa chữa tuyến đường liên xã bị sạt lở ({device})").locator(
            ".stage"
        )
    ).to_have_text("answered, not resolved")
    page.locator(".lang-switch").click()

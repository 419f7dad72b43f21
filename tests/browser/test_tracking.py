"""Implementation tracking in the browser: an administrator builds a resolution's task tree and sees the
parent's progress roll up, a progress over 100 % is refused next to its field, a report moves the progress,
a late task is in the overdue list, a CSV file with a bad date is refused with its row and column and a good
one is imported; the secretary reads without the forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from agenda.archive import resolutions
from agenda.archive.values import ResolutionInput
from agenda.db import transaction
from agenda.models import Council
from tests.browser.test_council_pages import open_panel

pytestmark = pytest.mark.browser


def add_resolution(live_server: Any, number: str, title: str) -> int:
    with transaction(live_server.factory) as db:
        council = db.scalars(select(Council).where(Council.is_home.is_(True))).one()
        record = resolutions.create_resolution(
            db,
            ResolutionInput.parse(
                {
                    "council_id": council.id,
                    "title": title,
                    "adopted_on": dt.date(2026, 7, 10).isoformat(),
                    "number": number,
                    "gap_reason": "Số trước cấp ngoài hệ thống",
                }
            ),
        )
        return record.id


def add_task(page: Any, title: str, **fields: str) -> None:
    form = page.locator("#add-form")
    form.get_by_label("Nhiệm vụ", exact=True).fill(title)
    form.get_by_label("Thuộc nhiệm vụ").select_option(label=fields.get("parent", "(nhiệm vụ cấp cao nhất)"))
    for label, key in [("Cơ quan chủ trì", "agency"), ("Hạn hoàn thành", "deadline"), ("Trọng số", "weight")]:
        if key in fields:
            form.get_by_label(label).fill(fields[key])
    if "progress" in fields:
        form.get_by_label("Tiến độ (%)").fill(fields["progress"])
    form.get_by_role("button", name="Thêm", exact=True).click()


def test_an_administrator_tracks_a_resolution_from_tasks_to_import(
    page: Any, sign_in: Any, live_server: Any
) -> None:
    rid = add_resolution(live_server, "41/NQ-HĐND", "Nghị quyết về phát triển cảng biển")
    sign_in("quantri")
    page.goto(f"/archive/tracking.html?resolution={rid}")
    expect(page.locator("#resolution")).to_have_value(str(rid))
    open_panel(page, "#add-panel")
    add_task(page, "Nâng cấp cảng Lạch Huyện", agency="Sở Giao thông vận tải", deadline="2027-12-31")
    expect(page.locator("#flash")).to_have_text("Đã thêm nhiệm vụ Nâng cấp cảng Lạch Huyện.")
    add_task(page, "Nạo vét luồng", parent="Nâng cấp cảng Lạch Huyện", weight="3", progress="80")
    expect(page.locator("#tasks tr", has_text="Nạo vét luồng")).to_have_count(1)
    parent = page.locator("#add-form").get_by_label("Thuộc nhiệm vụ")
    expect(parent.locator("option:checked")).to_have_text(
        "Nâng cấp cảng Lạch Huyện"
    )  # the next goes there too
    add_task(page, "Bến số 3", parent="Nâng cấp cảng Lạch Huyện")
    root = page.locator("#tasks tr", has_text="Nâng cấp cảng Lạch Huyện")
    expect(root).to_contain_text("60 %")  # (3·80 + 1·0) / 4
    expect(root.locator("progress")).to_have_attribute("value", "60")
    expect(page.locator("#tasks tr", has_text="Bến số 3")).to_have_class("depth-1")

    add_task(page, "Quá tiến độ", progress="150")
    error = page.locator("#add-form .field:has([name=progress]) .field-error")
    expect(error).to_contain_text("Tiến độ phải từ 0 đến 100 %")
    expect(page.locator("#tasks tr", has_text="Quá tiến độ")).to_have_count(0)

    page.locator("#add-form").get_by_label("Tiến độ (%)").fill("")
    add_task(page, "Giải phóng mặt bằng", agency="UBND huyện Thủy Nguyên", deadline="2026-01-15")
    expect(page.locator("#overdue tr", has_text="Giải phóng mặt bằng")).to_contain_text("41/NQ-HĐND")

    page.get_by_role("button", name="Chi tiết nhiệm vụ Bến số 3").click()
    dialog = page.locator("#detail-dialog")
    report = dialog.locator("#report-form")
    report.get_by_label("Tiến độ báo cáo (%)").fill("40")
    report.get_by_label("Nội dung báo cáo").fill("Đã đóng cọc xong")
    report.get_by_role("button", name="Gửi báo cáo").click()
    expect(dialog.locator("#reports")).to_contain_text("40 % — Đã đóng cọc xong")
    dialog.get_by_role("button", name="Đóng", exact=True).click()
    expect(root).to_contain_text("70 %")  # (3·80 + 1·40) / 4

    header = '"Số nghị quyết","Hội đồng nhân dân","Mã nhiệm vụ","Mã nhiệm vụ cha","Điều, khoản","Nhiệm vụ","Cơ quan chủ trì","Hạn hoàn thành","Trọng số","Tiến độ (%)"'
    bad = f"{header}\r\n41/NQ-HĐND,HĐND thành phố Hải Phòng,K1,,,Kè bờ,Sở Xây dựng,31/02/2027,,\r\n"
    upload = page.locator("#import-form")
    upload.get_by_label("Tệp CSV").set_input_files(
        {"name": "nv.csv", "mimeType": "text/csv", "buffer": bad.encode()}
    )
    upload.get_by_role("button", name="Nhập", exact=True).click()
    errors = page.locator("#import-report table tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("2")
    expect(errors.first).to_contain_text("Hạn hoàn thành")
    good = bad.replace("31/02/2027", "28/02/2027")
    upload.get_by_label("Tệp CSV").set_input_files(
        {"name": "nv.csv", "mimeType": "text/csv", "buffer": good.encode()}
    )
    upload.get_by_role("button", name="Xem trước").click()
    expect(page.locator("#import-report")).to_contain_text("Xem trước: 1 mới")
    expect(page.locator("#tasks tr", has_text="Kè bờ")).to_have_count(0)
    upload.get_by_role("button", name="Nhập", exact=True).click()
    expect(page.locator("#import-report")).to_contain_text("Đã nhập: 1 mới, 0 cập nhật, 0 không đổi")
    expect(page.locator("#tasks tr", has_text="Kè bờ")).to_contain_text("28/02/2027")


def test_the_secretary_reads_the_tasks_without_the_forms(page: Any, sign_in: Any, live_server: Any) -> None:
    rid = add_resolution(live_server, "42/NQ-HĐND", "Nghị quyết về giám sát chuyên đề")
    sign_in("thuky")
    page.goto(f"/archive/?id={rid}")
    page.locator("#tracking-link").click()  # from the resolution in the archive workspace
    page.wait_for_url(f"**/archive/tracking.html?resolution={rid}")
    expect(page.locator("#tasks")).to_contain_text("Nghị quyết này chưa có nhiệm vụ.")
    expect(page.locator("#add-panel")).to_be_hidden()
    expect(page.locator("#import-form")).to_be_hidden()
    expect(page.get_by_role("link", name="Theo dõi thực hiện")).to_have_attribute("aria-current", "page")

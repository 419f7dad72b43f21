"""The archive's import page: an administrator chooses resolution PDFs (one of them encrypted), sends them
with a progress bar and follows the report to its end — imported, and refused with the reason; the import
is then listed among the past imports (on that page and in the archivist's workspace) and its report
opens, file by file."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader, PdfWriter

from agenda.archive.importer.specimens import Specimen, resolution_pdf

pytestmark = pytest.mark.browser


def hai_phong(serial: int) -> bytes:
    return resolution_pdf(
        Specimen(
            issuer=("HỘI ĐỒNG NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG"),
            number=f"{serial:02d}/2019/NQ-HĐND",
            place="Hải Phòng",
            adopted_on=dt.date(2019, 12, 10),
            title=f"Quy định chính sách thi đua khen thưởng số {serial} trên địa bàn thành phố Hải Phòng",
            session_line=("HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HẢI PHÒNG", "KHÓA XV, KỲ HỌP THỨ 11"),
            pages=3,
        )
    )


def locked(content: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    writer.encrypt("mat-khau")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_administrator_imports_a_folder_and_reads_the_report(
    page: Any, sign_in: Any, tmp_path: Path
) -> None:
    files = {
        "nq-01-2019.pdf": hai_phong(1),
        "nq-02-2019.pdf": hai_phong(2),
        "nq-khoa.pdf": locked(hai_phong(3)),
    }
    paths = []
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
        paths.append(str(tmp_path / name))
    sign_in("quantri")
    page.goto("/archive/import.html")
    expect(page.get_by_role("heading", name="Nhập lưu trữ nghị quyết")).to_be_visible()
    expect(page.get_by_role("link", name="Nhập lưu trữ", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    form = page.locator("#import-form")
    expect(form.get_by_label("Hội đồng ban hành")).to_contain_text("Hội đồng nhân dân thành phố Hải Phòng")
    form.get_by_role("button", name="Tải lên và nhập").click()
    expect(form.locator(".form-error")).to_have_text("Vui lòng chọn các tệp PDF cần nhập.")

    form.get_by_label("Tệp PDF nghị quyết").set_input_files(paths)
    form.get_by_role("button", name="Tải lên và nhập").click()
    expect(page.locator("#upload-status")).to_have_text("Đã tải lên 3/3 tệp")
    expect(page.locator("#import-status")).to_have_text(
        "Đã xong: 3/3 tệp — đã nhập 2, bỏ qua 0, từ chối 1", timeout=30_000
    )
    expect(page.locator("#flash")).to_have_text("Nhập xong: 2 nghị quyết mới.")
    refused = page.locator("#refused tr")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text("nq-khoa.pdf")
    expect(refused).to_contain_text("Tệp PDF được đặt mật khẩu hoặc mã hóa")
    expect(page.locator("#recent tr", has_text="nq-02-2019.pdf")).to_contain_text("02/2019/NQ-HĐND")
    expect(page.locator("#import-rate")).to_contain_text("tệp/giây")
    assert page.locator("#import-progress").evaluate("p => p.value === p.max")

    # The import is now the newest of the past imports, with who, what and its counts; its report opens.
    past = page.locator("#past-imports tbody tr").first
    expect(past).to_contain_text("quantri")
    expect(past.locator("td").nth(3)).to_have_text("2")
    expect(past.locator("td").nth(5)).to_have_text("1")
    expect(past).to_contain_text("Đã xong")
    past.get_by_role("button", name="Xem báo cáo").click()
    report = page.locator("#past-report")
    expect(report.get_by_role("heading", name="Báo cáo lần nhập")).to_be_focused()
    expect(report.locator("tbody tr")).to_have_count(3)
    expect(report.locator("tr[data-status=imported]", has_text="nq-01-2019.pdf")).to_contain_text(
        "01/2019/NQ-HĐND"
    )
    report.get_by_label("Kết quả").select_option("refused")
    expect(report.locator("tbody tr")).to_have_count(1)
    expect(report.locator("tbody tr")).to_contain_text("Tệp PDF được đặt mật khẩu hoặc mã hóa")

    # The archivist's workspace lists it too, and opens the same report.
    page.goto("/archive/index.html")
    panel = page.locator("#imports-panel")
    expect(panel.get_by_role("heading", name="Các lần nhập lưu trữ")).to_be_visible()
    listed = panel.locator("#past-imports tbody tr").first
    expect(listed).to_contain_text("Đã xong")
    listed.get_by_role("button", name="Xem báo cáo").click()
    expect(panel.locator("#past-report tbody tr")).to_have_count(3)
    expect(panel.locator("#past-report tr[data-status=refused]")).to_contain_text("nq-khoa.pdf")

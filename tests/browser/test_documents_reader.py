"""Issue 4's "done when", in headless Chromium: the secretary uploads and publishes documents; a delegate's
tablet is told, fetches them in the background, opens one, searches inside it and adds a note; the Wi-Fi
goes down (a relay between the tablet and the server drops every connection — the page's and the service
worker's) and the document and the note stay readable, a note written offline waits and is sent when the
network returns; the secretary sees the read receipt. Bad files are refused on the secretary's page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from agenda.pdf import typeset
from tests.browser.conftest import LiveServer
from tests.browser.hall import Screens
from tests.browser.netcut import relay_to

pytestmark = pytest.mark.browser

# Expected console noise: 4xx answers, and failed requests and sockets while the tablet is offline.
OFFLINE_NOISE = re.compile(r"Failed to load resource|WebSocket connection to|net::ERR_")

BUDGET = [
    "Tổng thu ngân sách nhà nước trên địa bàn xã năm 2027 dự kiến đạt 18.450 triệu đồng, tăng 6,2% so với "
    "ước thực hiện năm 2026; chi đầu tư phát triển tập trung cho đường giao thông nông thôn.",
    "Ủy ban nhân dân xã trình Hội đồng nhân dân xã xem xét, quyết định dự toán thu, chi ngân sách và phương án "
    "phân bổ ngân sách cấp xã năm 2027.",
    "Nguồn cải cách tiền lương được bố trí đủ theo quy định; dự phòng ngân sách chiếm 2% tổng chi cân đối.",
]
REVIEW = [
    "Ban Kinh tế – Xã hội cơ bản thống nhất với dự toán; đề nghị rà soát các khoản chi thường xuyên, tránh "
    "dàn trải, bảo đảm giải ngân vốn đầu tư công đúng tiến độ.",
]


def pdf_file(folder: Path, name: str, title: str, paragraphs: list[str], repeat: int) -> Path:
    path = folder / name
    path.write_bytes(typeset.text_pdf(title, paragraphs * repeat, author="UBND xã Tân Lập"))
    return path


def wait_for_page_images(page: Any) -> None:
    """Until at least one page image of the open document has really been drawn."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('#pages img')].some(i => i.complete && i.naturalWidth > 0)"
    )


def test_documents_from_upload_to_offline_reading_and_read_receipts(
    screens: Screens, hall: LiveServer, tmp_path: Path, shots: Path
) -> None:
    sid = hall.ids["session_id"]
    budget = pdf_file(
        tmp_path, "to-trinh-du-toan.pdf", "TỜ TRÌNH về dự toán ngân sách xã năm 2027", BUDGET, 20
    )
    review = pdf_file(tmp_path, "bao-cao-tham-tra.pdf", "BÁO CÁO THẨM TRA dự toán ngân sách", REVIEW, 3)

    with relay_to(hall.url) as wifi:
        # A delegate's tablet is open on the session before anything is published.
        # The delegate's tablet reaches the server through the relay, so its Wi-Fi can be cut.
        tablet_context, tablet = screens.signed_in("daibieu1", base_url=wifi.url, noise=OFFLINE_NOISE)
        tablet.goto(f"/tablet.html?session={sid}")
        expect(tablet.locator("#documents")).to_contain_text("Chưa có tài liệu nào được công bố")

        # The secretary uploads two documents onto agenda item 3 and refuses a bad file.
        _, secretary = screens.signed_in("thuky")
        secretary.goto(f"/console/documents.html?session={sid}")
        form = secretary.locator("#upload-form")
        expect(form.get_by_label("Loại tài liệu")).to_have_value("to_trinh")  # the page's script is ready
        fake = tmp_path / "khong-phai-pdf.pdf"
        fake.write_bytes(b"<html>day la trang web, khong phai PDF</html>")
        form.get_by_label("Tệp tài liệu (PDF hoặc Word)").set_input_files(str(fake))
        form.get_by_role("button", name="Tải lên").click()
        expect(form.locator(".field-error")).to_contain_text("không phải PDF")
        expect(secretary.locator("#document-list")).to_contain_text("Kỳ họp chưa có tài liệu")

        for path, title, doc_type in [
            (budget, "Tờ trình về dự toán ngân sách xã năm 2027", "Tờ trình"),
            (review, "Báo cáo thẩm tra dự toán ngân sách", "Báo cáo thẩm tra"),
        ]:
            form.get_by_label("Tệp tài liệu (PDF hoặc Word)").set_input_files(str(path))
            form.get_by_label("Tên tài liệu").fill(title)
            form.get_by_label("Loại tài liệu").select_option(label=doc_type)
            form.get_by_label("Thuộc nội dung chương trình").select_option(
                label="3. Nghị quyết về dự toán ngân sách năm 2027"
            )
            form.get_by_role("button", name="Tải lên").click()
            expect(secretary.locator("#document-list")).to_contain_text(title)
        expect(secretary.locator("#document-list tbody tr")).to_have_count(2)
        expect(secretary.locator("#document-list")).to_contain_text("Chưa công bố")

        # Not published yet: the tablet has nothing. Publishing tells it over the realtime channel.
        expect(tablet.locator("#documents .doc-links a")).to_have_count(0)
        secretary.get_by_role("button", name="Công bố tất cả (2)").click()
        secretary.locator("dialog").get_by_role("button", name="Công bố").click()
        expect(secretary.locator("#document-list")).to_contain_text("Đã công bố")
        expect(tablet.locator("#documents .doc-links a")).to_have_count(2)
        expect(tablet.locator("#documents")).to_contain_text("3. Nghị quyết về dự toán ngân sách năm 2027")
        # …and fetches them in the background for offline reading.
        expect(tablet.locator("#documents-sync")).to_contain_text(
            "Đã lưu để đọc khi mất mạng", timeout=30_000
        )

        # The delegate opens the submission, searches inside it and writes a note on page 2.
        tablet.locator("#documents a", has_text="Tờ trình về dự toán").click()
        expect(tablet.locator("#doc-title")).to_have_text("Tờ trình về dự toán ngân sách xã năm 2027")
        expect(tablet.locator("#pages .page").first).to_be_visible()
        wait_for_page_images(tablet)
        tablet.get_by_label("Tìm trong tài liệu").fill("du phong ngan sach")  # typed without diacritics
        tablet.get_by_role("button", name="Tìm", exact=True).click()
        results = tablet.locator("#search-results")
        expect(results).to_contain_text("kết quả cho “du phong ngan sach”")
        expect(results.locator("mark").first).to_have_text(re.compile("dự phòng ngân sách", re.I))
        results.locator(".search-hit").nth(1).click()
        hit_page = int(results.locator(".search-hit").nth(1).get_attribute("data-page"))
        expect(tablet.locator("#page-input")).to_have_value(str(hit_page))
        tablet.get_by_label(f"Ghi chú cho trang {hit_page}").fill("Hỏi thêm về tỷ lệ dự phòng 2%.")
        tablet.get_by_role("button", name="Lưu ghi chú").click()
        expect(tablet.locator("#note-list")).to_contain_text("Hỏi thêm về tỷ lệ dự phòng 2%.")
        expect(tablet.locator("#notes-sync")).to_have_text("Đã đồng bộ với máy chủ")
        tablet.get_by_role("button", name="Đánh dấu trang").click()
        expect(tablet.locator("#note-list")).to_contain_text("Dấu trang")
        tablet.screenshot(path=str(shots / "tablet-reader.png"))
        # Zoom in and back; highlight a passage by dragging over the page.
        tablet.get_by_role("button", name="Phóng to").click()
        expect(tablet.locator("#zoom-level")).to_have_text("125%")
        tablet.get_by_role("button", name="Vừa khung").click()
        expect(tablet.locator("#zoom-level")).to_have_text("100%")
        tablet.get_by_role("button", name="Tô sáng", exact=True).click()
        box = tablet.locator(f"#page-{hit_page} .page-sheet").bounding_box()
        tablet.mouse.move(box["x"] + 60, box["y"] + 60)
        tablet.mouse.down()
        tablet.mouse.move(box["x"] + 320, box["y"] + 110, steps=6)
        tablet.mouse.up()
        expect(tablet.locator(f"#page-{hit_page} .mark-highlight")).to_have_count(1)
        tablet.get_by_role("button", name="Tô sáng", exact=True).click()
        expect(tablet.locator("#notes-sync")).to_have_text("Đã đồng bộ với máy chủ")
        # The text view shows the words of each page (for screen readers, copying, slow Wi-Fi).
        tablet.get_by_role("button", name="Dạng chữ").click()
        expect(tablet.locator(f"#page-{hit_page} .page-text")).to_contain_text("dự phòng ngân sách")
        tablet.get_by_role("button", name="Dạng chữ").click()
        expect(tablet.locator(f"#page-{hit_page} .page-text")).to_be_hidden()
        # Read to the end (every page on screen in turn), so the read receipt can say "đã đọc".
        total = int(tablet.locator("#pages .page").count())
        for number in range(1, total + 1):
            tablet.locator(f"#page-{number}").scroll_into_view_if_needed()
            expect(tablet.locator("#page-input")).to_have_value(str(number))
        tablet.wait_for_timeout(300)
        tablet.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")

        # The Wi-Fi goes down. The reader opens again from the tablet's own copy, with the note.
        wifi.cut()
        tablet_context.set_offline(True)
        tablet.reload()
        expect(tablet.locator("#doc-title")).to_have_text("Tờ trình về dự toán ngân sách xã năm 2027")
        expect(tablet.locator("#offline-state")).to_contain_text("Mất kết nối — đang đọc bản đã lưu trên máy")
        wait_for_page_images(tablet)
        expect(tablet.locator("#note-list")).to_contain_text("Hỏi thêm về tỷ lệ dự phòng 2%.")
        # The other document and the agenda open too (from the documents' drawer).
        tablet.locator("#docs-toggle").click()
        tablet.locator("#doc-list a", has_text="Báo cáo thẩm tra").click()
        expect(tablet.locator("#doc-title")).to_have_text("Báo cáo thẩm tra dự toán ngân sách")
        wait_for_page_images(tablet)
        expect(tablet.locator("#jump-item")).to_contain_text("Nghị quyết về dự toán ngân sách năm 2027")
        expect(tablet.locator("#doc-list .doc-group-title")).to_have_count(5)  # the whole agenda
        expect(tablet.locator("#doc-list")).to_contain_text("Bế mạc kỳ họp")
        # A note written offline waits on the tablet…
        tablet.get_by_label("Ghi chú cho trang 1").fill("Đối chiếu với báo cáo của Ban (viết khi mất mạng).")
        tablet.get_by_role("button", name="Lưu ghi chú").click()
        expect(tablet.locator("#note-list")).to_contain_text("Chờ gửi lên máy chủ")
        expect(tablet.locator("#notes-sync")).to_contain_text("1 thay đổi chờ đồng bộ")

        # The tablet's session page opens offline too, with its documents.
        tablet.goto(f"/tablet.html?session={sid}")
        expect(tablet.locator("#documents .doc-links a")).to_have_count(2)
        expect(tablet.locator("#documents-sync")).to_contain_text(
            "Mất kết nối — đang đọc bản đã lưu trên máy"
        )
        expect(tablet.locator("#agenda .agenda-row")).to_have_count(5)
        expect(tablet.locator("#session-sub")).to_contain_text("Mất kết nối")
        tablet.go_back()
        expect(tablet.locator("#doc-title")).to_have_text("Báo cáo thẩm tra dự toán ngân sách")

        # …and goes to the server when the network returns.
        wifi.restore()
        tablet_context.set_offline(False)
        expect(tablet.locator("#notes-sync")).to_have_text("Đã đồng bộ với máy chủ", timeout=20_000)
        notes = tablet.evaluate(f"() => fetch('/api/sessions/{sid}/notes').then(r => r.json())")["notes"]
        assert sorted((n["kind"], n["text"] or "") for n in notes) == [
            ("bookmark", ""),
            ("highlight", ""),
            ("note", "Hỏi thêm về tỷ lệ dự phòng 2%."),
            ("note", "Đối chiếu với báo cáo của Ban (viết khi mất mạng)."),
        ]
        highlight = next(n for n in notes if n["kind"] == "highlight")
        assert highlight["page"] == hit_page and len(highlight["rects"]) == 1

        # Published by mistake: the secretary withdraws the review report. The tablet is told, lists one
        # document and drops the offline copy of the other.
        tablet.goto(f"/tablet.html?session={sid}")
        expect(tablet.locator("#documents .doc-links a")).to_have_count(2)
        expect(tablet.locator("#documents-sync")).to_contain_text(
            "Đã lưu để đọc khi mất mạng", timeout=30_000
        )
        review_row = secretary.locator("#document-list tbody tr").filter(
            has=secretary.locator("a.doc-row-title", has_text="Báo cáo thẩm tra")
        )
        review_id = int(review_row.get_attribute("data-doc-id"))
        secretary.get_by_role("button", name="Thu hồi tài liệu Báo cáo thẩm tra dự toán ngân sách").click()
        secretary.locator("dialog").get_by_label("Lý do thu hồi (không bắt buộc)").fill(
            "Công bố nhầm bản dự thảo"
        )
        secretary.locator("dialog").get_by_role("button", name="Thu hồi").click()
        expect(review_row).to_contain_text("Chưa công bố")
        expect(tablet.locator("#documents .doc-links a")).to_have_count(1)
        expect(tablet.locator("#flash")).to_contain_text("thu hồi 1 tài liệu")
        cached = f"/api/documents/{review_id}/"
        tablet.wait_for_function(
            "part => caches.open('kyhop-data-v1').then(c => c.keys())"
            ".then(keys => keys.length > 0 && !keys.some(r => r.url.includes(part)))",
            arg=cached,
        )

    # The secretary sees who has read what (a withdrawn document has no receipts to show).
    secretary.get_by_role("button", name="Cập nhật").click()
    expect(secretary.locator("#receipts details")).to_have_count(1)
    receipts = secretary.locator("#receipts")
    submission = receipts.locator("details", has_text="Tờ trình về dự toán")
    expect(submission.locator("summary")).to_contain_text("đã đọc 1/4, đã mở 1/4")
    submission.locator("summary").click()
    row = submission.locator("tr", has_text="Nguyễn Văn An")
    expect(row).to_contain_text("Đã đọc")
    expect(submission.locator("tr", has_text="Trần Thị Bình")).to_contain_text("Chưa mở")
    secretary.locator("#receipts-panel").scroll_into_view_if_needed()
    secretary.screenshot(path=str(shots / "console-documents.png"))

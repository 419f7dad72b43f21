"""A confidential document on a delegate's tablet, in headless Chromium: its pages are kept for offline
reading (as images of the reader's stamped copy), its words are not — the text the reader searches is a
recorded copy the service worker never keeps, and offline the reader says why search is unavailable."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from agenda.council import sessions
from agenda.db import transaction
from agenda.documents import publishing, upload
from agenda.models import CopyKind, DocumentCopy, User
from agenda.pdf import typeset
from tests.browser.conftest import LiveServer
from tests.browser.hall import Screens
from tests.browser.netcut import relay_to
from tests.browser.test_documents_reader import OFFLINE_NOISE, wait_for_page_images

pytestmark = pytest.mark.browser

TITLE = "Kết luận thanh tra về quản lý đất đai"
FINDINGS = [
    "Đoàn thanh tra kiến nghị thu hồi 2,4 tỷ đồng nộp ngân sách xã; chuyển hồ sơ một vụ việc sang cơ quan "
    "điều tra xem xét theo thẩm quyền.",
    "Ủy ban nhân dân xã chịu trách nhiệm tổ chức thực hiện kết luận, báo cáo kết quả trong 30 ngày.",
]
CACHED = (
    "() => caches.open('kyhop-data-v1').then(c => c.keys()).then(k => k.map(r => new URL(r.url).pathname))"
)


def publish_confidential(hall: LiveServer) -> int:
    pdf = typeset.text_pdf("KẾT LUẬN THANH TRA", FINDINGS * 8, author="Thanh tra huyện")
    with transaction(hall.factory) as db:
        session = sessions.get_session(db, hall.ids["session_id"])
        processed = upload.process_upload(upload.Upload("ket-luan.pdf", "application/pdf", pdf))
        fields = upload.DocumentFields.parse({"title": TITLE, "access": "confidential"})
        document = upload.add_document(db, session, fields, processed, "ket-luan.pdf", None)
        publishing.publish_documents(db, session, [document], None)
        return document.id


def test_a_confidential_documents_pages_stay_offline_but_not_its_words(
    screens: Screens, hall: LiveServer
) -> None:
    did = publish_confidential(hall)
    with relay_to(hall.url) as wifi:
        context, tablet = screens.signed_in("daibieu1", base_url=wifi.url, noise=OFFLINE_NOISE)
        tablet.goto(f"/tablet.html?session={hall.ids['session_id']}")
        expect(tablet.locator("#documents-sync")).to_contain_text(
            "Đã lưu để đọc khi mất mạng", timeout=30_000
        )
        kept = tablet.evaluate(CACHED)
        assert any(k.startswith(f"/api/documents/{did}/pages/") for k in kept)
        assert f"/api/documents/{did}/text" not in kept

        # Online, the delegate searches in it: the words come as their recorded copy, kept by no cache.
        tablet.locator("#documents a", has_text=TITLE).click()
        expect(tablet.locator("#doc-title")).to_have_text(TITLE)
        wait_for_page_images(tablet)
        tablet.get_by_label("Tìm trong tài liệu").fill("thu hoi")
        tablet.get_by_role("button", name="Tìm", exact=True).click()
        expect(tablet.locator("#search-results mark").first).to_have_text(re.compile("thu hồi", re.I))
        kept = tablet.evaluate(CACHED)
        assert not [k for k in kept if re.match(rf"/api/documents/{did}/(text|search)$", k)]
        with hall.factory() as db:
            reader = db.scalar(select(User).where(User.username == "daibieu1"))
            assert reader is not None
            kinds = set(db.scalars(select(DocumentCopy.kind).where(DocumentCopy.user_id == reader.id)))
        assert kinds == {CopyKind.PDF, CopyKind.TEXT}  # the pages' stamped copy, and the text

        # Offline: the pages open from the tablet, the search says why it cannot.
        wifi.cut()
        context.set_offline(True)
        tablet.reload()
        expect(tablet.locator("#doc-title")).to_have_text(TITLE)
        wait_for_page_images(tablet)
        tablet.get_by_label("Tìm trong tài liệu").fill("thu hoi")
        tablet.get_by_role("button", name="Tìm", exact=True).click()
        expect(tablet.get_by_text("Tài liệu mật: chữ của tài liệu không được lưu trên máy")).to_be_visible(
            timeout=15_000
        )

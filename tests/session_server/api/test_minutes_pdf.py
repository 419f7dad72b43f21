"""GET /api/sessions/{id}/record.pdf — the session's minutes (biên bản kỳ họp): who may fetch them (whoever may
see the session), and what a visitor reads in them."""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlalchemy import update
from starlette.testclient import TestClient

from agenda import db as storage
from agenda.models import Session
from agenda.pdf.text import extract_texts
from tests.agenda.sitting.minutes_hall import NUMBER, build
from tests.conftest import DELEGATE, SECRETARY


def minutes_text(response: Any) -> str:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    return " ".join(" ".join(extract_texts(response.content)).split())


def test_anyone_reads_the_minutes_of_a_published_session_staff_also_of_a_draft(
    visitor: Any, small_council: dict[str, Any]
) -> None:
    sid, draft = small_council["session_id"], small_council["draft_id"]
    anonymous = visitor()
    text = minutes_text(anonymous.get(f"/api/sessions/{sid}/record.pdf"))
    assert "BIÊN BẢN KỲ HỌP" in text and "HỘI ĐỒNG NHÂN DÂN TỈNH NINH BÌNH" in text
    assert "Ninh Bình, ngày 12 tháng 12 năm 2026" in text and "Địa điểm: Hội trường HĐND tỉnh." in text
    assert "Chưa có phiên họp nào được điểm danh." in text and "Kỳ họp chưa bế mạc" in text
    assert (
        'filename="bien-ban-ky-hop-'
        in anonymous.get(f"/api/sessions/{sid}/record.pdf").headers["content-disposition"]
    )
    for path in (f"/api/sessions/{draft}/record.pdf", "/api/sessions/999999/record.pdf"):
        refused = anonymous.get(path)
        error = refused.json()["error"]
        assert refused.status_code == 404 and error["message_vi"] and error["message_en"]
    assert visitor().login(DELEGATE).get(f"/api/sessions/{draft}/record.pdf").status_code == 404
    text = minutes_text(visitor().login(SECRETARY).get(f"/api/sessions/{draft}/record.pdf"))
    assert "(kỳ họp chuyên đề)" in text and "Thời gian: ngày 20 tháng 01 năm 2027." in text


def test_the_minutes_of_a_closed_sitting_are_for_delegates_and_staff(
    visitor: Any, factory: Any, small_council: dict[str, Any]
) -> None:
    sid = small_council["session_id"]
    with storage.transaction(factory) as db:
        db.execute(update(Session).where(Session.id == sid).values(is_public=False))
    assert visitor().get(f"/api/sessions/{sid}/record.pdf").status_code == 404
    for who in (DELEGATE, SECRETARY):
        assert "BIÊN BẢN KỲ HỌP" in minutes_text(visitor().login(who).get(f"/api/sessions/{sid}/record.pdf"))


def test_a_visitor_reads_the_whole_session_in_the_minutes(
    database_url: str, factory: Any, tmp_path: Any
) -> None:
    from session_server.app import create_app
    from session_server.settings import Settings

    hall = build(factory)
    app = create_app(Settings(database_url=database_url, secret_key="test-secret"))
    with TestClient(app) as client:
        response = client.get(f"/api/sessions/{hall.session_id}/record.pdf")
    text = minutes_text(response)
    assert unicodedata.normalize("NFC", text) == text
    assert "Kết quả: 8/11 đại biểu có mặt tán thành, chiếm 66,67% tổng số đại biểu. THÔNG QUA." in text
    assert f"Số {NUMBER} (quy phạm pháp luật)" in text
    assert f"Không tán thành (2): {hall.names[0]}, {hall.names[1]}." in text
    assert "Trả lời bằng văn bản, hạn trả lời: ngày 23 tháng 12 năm 2026" in text

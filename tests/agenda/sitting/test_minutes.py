"""The session's minutes (biên bản kỳ họp), built from a three-day session on SQLite and PostgreSQL, printed,
and read back from the PDF with PDFium: every Vietnamese letter right, the legal sentences, the number
05/2026/NQ-HĐND on one line, the secret ballots with counts only."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from sqlalchemy import select

from agenda.models import AuditEntry, Session, Vote
from agenda.pdf.minutes import render_minutes_pdf
from agenda.pdf.text import extract_texts
from agenda.rules import result_sentence
from agenda.sitting.minutes.build import session_minutes
from agenda.sitting.minutes.values import Answered, Minutes, Presence
from tests.agenda.sitting.minutes_hall import NUMBER, RESOLUTION_ITEM, Hall, build


@pytest.fixture
def built(factory: Any) -> tuple[Hall, Minutes, list[str]]:
    hall = build(factory)
    with factory() as db:
        minutes = session_minutes(db, db.get_one(Session, hall.session_id))
    return hall, minutes, extract_texts(render_minutes_pdf(minutes))


def flat(text: str) -> str:
    """The text with its line breaks as spaces (a name may wrap at a space)."""
    return " ".join(text.split())


def between(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def test_the_minutes_read_back_with_every_vietnamese_letter_in_nfc(built: Any, factory: Any) -> None:
    hall, minutes, pages = built
    text = "\n".join(pages)
    assert unicodedata.normalize("NFC", text) == text and "\ufffd" not in text
    words = flat(text)
    for name in hall.names + ["Lưu Đức Hưởng", "Ngô Thị Ỷ Lan"]:
        assert name in words, name
    for line in [
        "HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NINH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Ninh, ngày 03 tháng 12 năm 2026",
        "BIÊN BẢN KỲ HỌP",
        "Kỳ họp thứ 1 HĐND tỉnh Quảng Ninh khóa XVII",
        "Nhiệm kỳ 2026–2031",
        "Thời gian: từ ngày 01 tháng 12 năm 2026 đến ngày 03 tháng 12 năm 2026.",
        "Địa điểm: Hội trường Trung tâm Hội nghị tỉnh.",
    ]:
        assert line in text.splitlines(), line
    assert f"Trang 1/{len(pages)}" in pages[0] and f"Trang {len(pages)}/{len(pages)}" in pages[-1]
    assert "THƯ KÝ KỲ HỌP" in text and "CHỦ TỌA KỲ HỌP" in text and "(Ký, ghi rõ họ tên)" in text
    with factory() as db:
        head = db.scalars(
            select(AuditEntry).where(AuditEntry.session_id == hall.session_id).order_by(AuditEntry.seq.desc())
        ).first()
        assert head is not None
        assert f"bản ghi cuối số {head.seq}, mã băm SHA-256 {head.hash}" in words
    assert "chuỗi băm hợp lệ" in words and minutes.seal.intact


def test_attendance_per_day_with_reasons_and_the_quorum_on_the_total(built: Any) -> None:
    hall, minutes, pages = built
    words = flat("\n".join(pages))
    names = hall.names
    assert [d.day.day for d in minutes.days] == [1, 2, 3] and {d.total for d in minutes.days} == {12}
    second = minutes.days[1]
    assert [len(second.having(p)) for p in Presence] == [9, 1, 1, 1, 0]
    assert second.attended == 10 and second.needed == 8 and second.has_quorum
    part = between(words, "2. Phiên họp ngày 02 tháng 12 năm 2026 (ngày thứ hai)", "3. Phiên họp ngày 03")
    assert "Có mặt 10/12 đại biểu, chiếm 83,33% tổng số đại biểu (về sớm: 1; đến muộn: 0)" in part
    assert "vắng có lý do: 1; vắng không lý do: 1" in part
    assert "đủ túc số: cần ít nhất 8 đại biểu (2/3 tổng số đại biểu)" in part
    assert f"Vắng có lý do: {names[-2]} (Ốm, nằm viện)." in part
    assert f"Vắng không lý do: {names[-3]}." in part
    assert f"Về sớm: {names[4]} (rời phiên họp lúc 16:00)." in part
    first = between(words, "1. Phiên họp ngày 01 tháng 12 năm 2026 (ngày thứ nhất)", "2. Phiên họp")
    assert f"Vắng có lý do: {names[-1]} (Đi công tác nước ngoài)." in first
    assert f"Đến muộn: {names[1]}." in first


def test_each_vote_carries_the_legal_sentence_and_named_votes_who_voted_how(built: Any, factory: Any) -> None:
    hall, minutes, pages = built
    words = flat("\n".join(pages))
    with factory() as db:
        sentences = {
            v.id: v.result["sentence"]
            for v in db.scalars(select(Vote))
            if v.result and "sentence" in v.result
        }
    adopt = sentences[hall.votes["adopt"]]
    assert (
        adopt == result_sentence(8, 11, 12) == "8/11 đại biểu có mặt tán thành, chiếm 66,67% tổng số đại biểu"
    )
    for sentence in sentences.values():
        assert f"Kết quả: {sentence}." in words
    first = between(words, "Biểu quyết số 1:", "Biểu quyết số 2:")
    assert f"Kết quả: {adopt}. THÔNG QUA." in first
    assert f"Không tán thành (2): {hall.names[0]}, {hall.names[1]}." in first  # sorted the Vietnamese way
    assert f"Không biểu quyết (1): {hall.names[2]}." in first
    assert "quá nửa tổng số đại biểu (7/12)" in first
    assert len(minutes.votes) == 9 and [v.number for v in minutes.votes] == list(range(1, 10))


def test_a_secret_ballot_gives_counts_and_no_name(built: Any) -> None:
    hall, minutes, pages = built
    words = flat("\n".join(pages))
    for vote in minutes.votes:
        assert (vote.named == ()) is vote.secret
    for start, end in (("Biểu quyết số 4:", "Biểu quyết số 5:"), ("Biểu quyết số 7:", "Biểu quyết số 8:")):
        part = between(words, start, end)
        assert "Bỏ phiếu kín: biên bản chỉ ghi số phiếu" in part
        assert not [n for n in hall.names if n in part]
    secret = between(words, "Biểu quyết số 4:", "Biểu quyết số 5:")
    assert "Kết quả: 6/10 đại biểu có mặt tán thành, chiếm 50% tổng số đại biểu. KHÔNG THÔNG QUA." in secret
    assert "Tán thành: 6 (50%); Không tán thành: 3 (25%); Không biểu quyết: 1 (8,33%)" in secret
    rating = between(words, "Biểu quyết số 7:", "Biểu quyết số 8:")
    assert (
        "Ngô Thị Ỷ Lan — Giám đốc Sở Y tế — Tín nhiệm cao: 10 (83,33%); Tín nhiệm: 0 (0%); Tín nhiệm thấp: 1"
        in rating
    )


def test_speakers_in_order_with_their_time(built: Any) -> None:
    hall, minutes, pages = built
    words = flat("\n".join(pages))
    assert [s.order for s in minutes.speeches] == list(range(1, 10))
    assert [s.seconds for s in minutes.speeches] == [425] * 9
    part = between(words, "IV. ĐẠI BIỂU PHÁT BIỂU, TRANH LUẬN", "V. CHẤT VẤN")
    assert part.index("Phiên họp ngày 01 tháng 12 năm 2026") < part.index(
        "Phiên họp ngày 02 tháng 12 năm 2026"
    )
    assert (
        f"1. {hall.names[0]} phát biểu về nội dung 1. Khai mạc kỳ họp (13:00–13:07, 7 phút 05 giây)." in part
    )
    assert (
        f"3. {hall.names[2]} tranh luận về nội dung 1. Khai mạc kỳ họp (13:18–13:25, 7 phút 05 giây)." in part
    )


def test_questions_answered_in_person_and_in_writing_with_the_due_date(built: Any) -> None:
    hall, minutes, pages = built
    words = flat("\n".join(pages))
    assert [q.answered for q in minutes.questions] == [
        Answered.IN_PERSON,
        Answered.IN_WRITING,
        Answered.WRITING_DUE,
    ]
    assert minutes.questions[2].due_on is not None and minutes.questions[2].due_on.isoformat() == "2026-12-23"
    part = between(words, "V. CHẤT VẤN VÀ TRẢ LỜI CHẤT VẤN", "VI. CÁC NGHỊ QUYẾT")
    assert (
        f"1. {hall.names[0]} chất vấn Lưu Đức Hưởng, Giám đốc Sở Tài chính (nhóm vấn đề: Đầu tư công):"
        in part
    )
    assert "Trả lời trực tiếp tại phiên họp (14:15 03/12/2026): Do vướng giải phóng mặt bằng" in part
    assert "Trả lời bằng văn bản (15:00 03/12/2026; hạn 23/12/2026): Sở Y tế trả lời bằng văn bản" in part
    assert (
        "Trả lời bằng văn bản, hạn trả lời: ngày 23 tháng 12 năm 2026 (trong 20 ngày, NQ 594/NQ-UBTVQH15)."
        in part
    )


def test_the_resolution_adopted_with_its_number_on_one_line(built: Any) -> None:
    hall, minutes, pages = built
    [resolution] = minutes.resolutions
    assert (resolution.number, resolution.vote_number, resolution.normative) == (NUMBER, 1, True)
    text = "\n".join(pages)
    words = flat(text)
    assert (
        f"1. Số {NUMBER} (quy phạm pháp luật): {RESOLUTION_ITEM} — thông qua ngày 01 tháng 12 năm 2026"
        in words
    )
    lines = text.splitlines()
    assert sum(line.count(NUMBER) for line in lines) == words.count(NUMBER) == 2  # the list, and an answer
    assert not [line for line in lines if line.rstrip().endswith(("NQ-", "NQ", "05/2026/", "/NQ-HĐ"))]
    assert "\u2011" not in text and "\u00ad" not in text

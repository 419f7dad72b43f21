"""The parts of the minutes, in the order councils file them: heading, agenda, attendance per day, votes,
speakers, questions and answers, the resolutions adopted, the audit seal, the signatures."""

from __future__ import annotations

from collections.abc import Sequence

from agenda.clock import local, written_date, written_time
from agenda.pdf.minutes.document import MinutesPdf
from agenda.pdf.minutes.typography import date_line, duration, long_date
from agenda.rules import percent
from agenda.sitting.minutes.values import (
    Answered,
    AttendanceDay,
    DelegateDay,
    Heading,
    Minutes,
    Presence,
    QuestionLine,
    VoteLine,
)

ORDINALS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")


def heading(pdf: MinutesPdf, h: Heading) -> None:
    pdf.columns(
        [(h.council.upper(), True), ("———", False)],
        [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True), ("Độc lập - Tự do - Hạnh phúc", True), ("———", False)],
        9.5,
    )
    pdf.ln(2)
    pdf.para(date_line(h.place_name, h.ends_on), 10, align="R", gap=5)
    pdf.para("BIÊN BẢN KỲ HỌP", 15, bold=True, align="C", gap=0.5)
    pdf.para(h.session_heading, 11, bold=True, align="C", gap=0.5)
    pdf.para(f"Nhiệm kỳ {h.term_years}", 10, align="C", gap=0.5)
    if h.title:
        pdf.para(h.title, 10, align="C", gap=0.5)
    pdf.ln(3)
    when = (
        f"Thời gian: {long_date(h.starts_on)}."
        if h.starts_on == h.ends_on
        else f"Thời gian: từ {long_date(h.starts_on)} đến {long_date(h.ends_on)}."
    )
    pdf.para(when, gap=0.5)
    pdf.para(f"Địa điểm: {h.place or 'không ghi'}.")
    if not h.closed:
        pdf.para("Kỳ họp chưa bế mạc: biên bản này là bản tạm, lập theo diễn biến đến thời điểm lập.", 9)


def agenda(pdf: MinutesPdf, m: Minutes) -> None:
    pdf.part_title("I. CHƯƠNG TRÌNH KỲ HỌP")
    if not m.agenda:
        pdf.para("Chương trình kỳ họp không có nội dung.", 9)
    for line in m.agenda:
        pdf.para(f"{line.number}. {line.title}", 9.5, indent=6 if line.depth else 0, gap=0.4)


def _names(delegates: Sequence[DelegateDay], with_reason: bool = False) -> str:
    def one(d: DelegateDay) -> str:
        return f"{d.full_name} ({d.reason})" if with_reason and d.reason else d.full_name

    return "; ".join(one(d) for d in delegates) if with_reason else ", ".join(one(d) for d in delegates)


def _day(pdf: MinutesPdf, index: int, d: AttendanceDay, zone: str) -> None:
    ordinal = ORDINALS[index] if index < len(ORDINALS) else str(index + 1)
    pdf.para(f"{index + 1}. Phiên họp {long_date(d.day)} (ngày thứ {ordinal})", 10, bold=True, gap=0.6)
    present, left = d.having(Presence.PRESENT), d.having(Presence.LEFT)
    excused = d.having(Presence.EXCUSED)
    absent = d.having(Presence.ABSENT, Presence.UNRECORDED)
    late = tuple(x for x in d.delegates if x.late and x.presence in (Presence.PRESENT, Presence.LEFT))
    verdict = "đủ" if d.has_quorum else "KHÔNG đủ"
    pdf.para(
        f"Tổng số đại biểu HĐND: {d.total}. Có mặt {d.attended}/{d.total} đại biểu, chiếm "
        f"{percent(d.attended, d.total)} tổng số đại biểu (về sớm: {len(left)}; đến muộn: {len(late)}); "
        f"vắng có lý do: {len(excused)}; vắng không lý do: {len(absent)}. "
        f"Số đại biểu có mặt {verdict} túc số: cần ít nhất {d.needed} đại biểu "
        f"({d.quorum_fraction} tổng số đại biểu).",
        9.5,
        gap=0.6,
    )
    groups = [
        ("Có mặt", _names(present)),
        ("Về sớm", "; ".join(f"{x.full_name} ({_left(x, zone)})" for x in left)),
        ("Đến muộn", _names(late)),
        ("Vắng có lý do", _names(excused, with_reason=True)),
        ("Vắng không lý do", _names(absent, with_reason=True)),
    ]
    for label, names in groups:
        if names:
            pdf.para(f"{label}: {names}.", 8.5, indent=4, gap=0.5)
    pdf.ln(1)


def _left(d: DelegateDay, zone: str) -> str:
    return f"rời phiên họp lúc {local(d.left_at, zone):%H:%M}" if d.left_at else "rời phiên họp"


def attendance(pdf: MinutesPdf, m: Minutes) -> None:
    pdf.part_title("II. ĐIỂM DANH ĐẠI BIỂU THEO TỪNG NGÀY HỌP")
    if not m.days:
        pdf.para("Chưa có phiên họp nào được điểm danh.", 9)
    for index, day in enumerate(m.days):
        _day(pdf, index, day, m.heading.time_zone)


def _counts(v: VoteLine) -> str:
    counts = "; ".join(f"{o.label}: {o.count} ({o.percent_of_total})" for o in v.options)
    return f"{counts}; có mặt chưa biểu quyết: {v.not_voted}. Tổng số đại biểu: {v.total}."


def _vote(pdf: MinutesPdf, v: VoteLine, zone: str) -> None:
    how = "bỏ phiếu kín" if v.secret else "biểu quyết công khai, ghi danh"
    again = f", biểu quyết lại lần số {v.repeat_of}" if v.repeat_of else ""
    pdf.para(f"Biểu quyết số {v.number}: {v.title}", 9.5, bold=True, gap=0.4)
    context = f"Hình thức: {how}{again}; {v.rule_text}. Mở lúc {written_time(v.opened_at, zone)}."
    if v.agenda_item:
        context = f"Nội dung chương trình: {v.agenda_item}. {context}"
    pdf.para(context, 8.5, indent=4, gap=0.4)
    if v.status == "cancelled":
        pdf.para("Đã hủy, không tính kết quả.", 9, indent=4)
        return
    if v.status != "closed":
        pdf.para("Chưa kết thúc.", 9, indent=4)
        return
    if v.motion:
        pdf.para(f"Kết quả: {v.sentence}. {(v.verdict or '').upper()}.", 9.5, bold=True, indent=4, gap=0.4)
        pdf.para(_counts(v), 8.5, indent=4, gap=0.4)
    else:
        pdf.para(
            f"Số đại biểu có mặt: {v.present}; số phiếu: {v.cast}; tổng số đại biểu: {v.total}.",
            8.5,
            indent=4,
        )
        for s in v.subjects:
            counts = "; ".join(f"{o.label}: {o.count} ({o.percent_of_total})" for o in s.options)
            pdf.para(f"{s.label} — {counts}. {s.verdict}.", 8.5, indent=8, gap=0.4)
    if v.secret:
        pdf.para(
            "Bỏ phiếu kín: biên bản chỉ ghi số phiếu, không ghi đại biểu nào chọn phương án nào.", 8, indent=4
        )
    for group in v.named:
        names = ", ".join(group.names) if group.names else "không có"
        pdf.para(f"{group.label} ({len(group.names)}): {names}.", 8, indent=8, gap=0.4)
    pdf.ln(1)


def voting(pdf: MinutesPdf, m: Minutes) -> None:
    pdf.part_title("III. BIỂU QUYẾT")
    if not m.votes:
        pdf.para("Không có cuộc biểu quyết nào.", 9)
    for vote in m.votes:
        _vote(pdf, vote, m.heading.time_zone)


def speeches(pdf: MinutesPdf, m: Minutes) -> None:
    pdf.part_title("IV. ĐẠI BIỂU PHÁT BIỂU, TRANH LUẬN")
    if not m.speeches:
        pdf.para("Không có lượt phát biểu.", 9)
    zone, day = m.heading.time_zone, None
    for s in m.speeches:
        on = local(s.started_at, zone).date()
        if on != day:
            day = on
            pdf.para(f"Phiên họp {long_date(on)}", 9, bold=True, gap=0.4)
        kind = "tranh luận" if s.rebuttal else "phát biểu"
        start = f"{local(s.started_at, zone):%H:%M}"
        span = f"{start}–{local(s.ended_at, zone):%H:%M}" if s.ended_at else f"từ {start}"
        took = f", {duration(s.seconds)}" if s.seconds is not None else ""
        about = f" về nội dung {s.agenda_item}" if s.agenda_item else ""
        pdf.para(f"{s.order}. {s.full_name} {kind}{about} ({span}{took}).", 8.5, indent=4, gap=0.3)


def _answer(q: QuestionLine, zone: str) -> str:
    at = written_time(q.answered_at, zone) if q.answered_at else ""
    if q.answered == Answered.IN_PERSON:
        return f"Trả lời trực tiếp tại phiên họp ({at}): {q.answer}"
    if q.answered == Answered.IN_WRITING:
        due = f"; hạn {written_date(q.due_on)}" if q.due_on else ""
        return f"Trả lời bằng văn bản ({at}{due}): {q.answer}"
    if q.answered == Answered.WRITING_DUE and q.due_on:
        return (
            f"Trả lời bằng văn bản, hạn trả lời: {long_date(q.due_on)} (trong 20 ngày, NQ 594/NQ-UBTVQH15)."
        )
    return "Được chọn chất vấn tại phiên họp; chưa trả lời."


def questions(pdf: MinutesPdf, m: Minutes) -> None:
    pdf.part_title("V. CHẤT VẤN VÀ TRẢ LỜI CHẤT VẤN")
    if not m.questions:  # the questions taken up: one filed or withdrawn is not in the minutes
        pdf.para("Không có phiếu chất vấn được chọn chất vấn.", 9)
    for q in m.questions:
        group = f" (nhóm vấn đề: {q.group})" if q.group else ""
        pdf.para(f"{q.order}. {q.asker} chất vấn {q.official}, {q.position}{group}: {q.text}", 9, gap=0.4)
        pdf.para(_answer(q, m.heading.time_zone), 8.5, indent=4, gap=0.8)


def resolutions(pdf: MinutesPdf, m: Minutes) -> None:
    pdf.part_title("VI. CÁC NGHỊ QUYẾT ĐÃ THÔNG QUA")
    if not m.resolutions:
        pdf.para("Kỳ họp không thông qua nghị quyết nào.", 9)
    for index, r in enumerate(m.resolutions, start=1):
        number = f"Số {r.number}" if r.number else "Chưa cấp số"
        kind = " (quy phạm pháp luật)" if r.normative else ""
        by = f", biểu quyết số {r.vote_number}" if r.vote_number else ""
        pdf.para(
            f"{index}. {number}{kind}: {r.title} — thông qua {long_date(r.adopted_on)}{by}.", 9.5, gap=0.6
        )


def seal(pdf: MinutesPdf, m: Minutes) -> None:
    pdf.part_title("VII. NIÊM PHONG NHẬT KÝ KỲ HỌP")
    s, zone = m.seal, m.heading.time_zone
    pdf.para(
        f"Nhật ký của kỳ họp gồm {s.entries} bản ghi, chuỗi băm "
        f"{'hợp lệ' if s.intact else 'BỊ HỎNG'}; bản ghi cuối số {s.last_seq}, mã băm SHA-256 "
        f"{s.last_hash}. Lập lúc {written_time(m.generated_at, zone)}.",
        8,
    )


def signatures(pdf: MinutesPdf, m: Minutes) -> None:
    if pdf.will_page_break(45):
        pdf.add_page()
    pdf.ln(6)
    sign = ("(Ký, ghi rõ họ tên)", False)
    pdf.columns([("THƯ KÝ KỲ HỌP", True), sign], [("CHỦ TỌA KỲ HỌP", True), sign], 10)
    pdf.ln(25)

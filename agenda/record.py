"""The record of a session (biên bản tổng hợp): attendance per sitting day, every vote with its result
and — for named votes — each delegate's ballot, the questions and answers, the speeches, and the seal
of the audit trail. As data, and as a printable PDF."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import audit, council, live, voting
from agenda.models import (
    Attendance,
    AuditEntry,
    Person,
    Session,
    SpeechRequest,
    SpeechStatus,
    Vote,
    VoteStatus,
)

FONTS = Path(__file__).parent / "fonts"
STATUS_LABELS = {
    "present": "Có mặt",
    "absent": "Vắng không lý do",
    "excused": "Vắng có lý do",
    "left": "Về sớm",
    None: "Chưa điểm danh",
}


def session_record(db: DbSession, session: Session) -> dict[str, Any]:
    home = session.term.council
    days = sorted(set(db.scalars(select(Attendance.day).where(Attendance.session_id == session.id))))
    attendance = [_attendance_day(db, session, day) for day in days]
    votes = [
        _vote(db, v)
        for v in db.scalars(select(Vote).where(Vote.session_id == session.id).order_by(Vote.number))
    ]
    speeches = [
        {
            "full_name": r.person.full_name,
            "kind": r.kind.value,
            "agenda_item_id": r.agenda_item_id,
            "started_at": live._iso(r.started_at),
            "ended_at": live._iso(r.ended_at),
            "seconds": int((r.ended_at - r.started_at).total_seconds())
            if r.started_at and r.ended_at
            else None,
        }
        for r in db.scalars(
            select(SpeechRequest)
            .where(SpeechRequest.session_id == session.id, SpeechRequest.status == SpeechStatus.DONE)
            .order_by(SpeechRequest.started_at)
        )
    ]
    head = db.scalar(
        select(AuditEntry).where(AuditEntry.session_id == session.id).order_by(AuditEntry.seq.desc()).limit(1)
    )
    verdict = audit.verify_session(db, session.id)
    return {
        "council": home.name,
        "heading": council.session_heading(session, home),
        "title": session.title,
        "place": session.place,
        "starts_on": session.starts_on.isoformat(),
        "ends_on": session.ends_on.isoformat(),
        "status": session.status.value,
        "agenda": council.agenda_view(session),
        "attendance": attendance,
        "votes": votes,
        "questions": live.questions_view(db, session),
        "speeches": speeches,
        "seal": {
            "audit_entries": verdict.entries,
            "chain_intact": verdict.ok,
            "last_seq": head.seq if head else None,
            "last_hash": head.hash if head else None,
        },
        "generated_at": live._iso(dt.datetime.now(dt.UTC).replace(tzinfo=None)),
    }


def _attendance_day(db: DbSession, session: Session, day: dt.date) -> dict[str, Any]:
    rows = {
        a.person_id: a
        for a in db.scalars(
            select(Attendance).where(Attendance.session_id == session.id, Attendance.day == day)
        )
    }
    delegates = []
    for m in council.list_delegates(db, session.term, day):
        a = rows.get(m.person_id)
        delegates.append(
            {
                "person_id": m.person_id,
                "full_name": m.person.full_name,
                "seat_label": m.seat_label,
                "status": a.status.value if a else None,
                "reason": a.reason if a else None,
                "late": bool(a and a.late),
                "checked_in_at": live._iso(a.checked_in_at) if a else None,
                "left_at": live._iso(a.left_at) if a else None,
            }
        )
    counts: dict[str, int] = {}
    for d in delegates:
        counts[d["status"] or "none"] = counts.get(d["status"] or "none", 0) + 1
    return {"day": day.isoformat(), "total": len(delegates), "counts": counts, "delegates": delegates}


def _vote(db: DbSession, vote: Vote) -> dict[str, Any]:
    view = voting.vote_view(db, vote)
    if not vote.secret and vote.status == VoteStatus.CLOSED:
        names = {
            p.id: p.full_name
            for p in db.scalars(
                select(Person).where(Person.id.in_({b["person_id"] for b in view.get("ballots", [])}))
            )
        }
        labels = {o["key"]: o["label"] for o in vote.options}
        view["named_ballots"] = sorted(
            (
                {"full_name": names.get(b["person_id"], "?"), "option": labels[b["option"]]}
                for b in view.get("ballots", [])
            ),
            key=lambda b: council.vietnamese_sort_key(b["full_name"]),
        )
    return view


# ---------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------


def _vn_date(iso: str | None) -> str:
    if not iso:
        return ""
    value = dt.datetime.fromisoformat(iso.rstrip("Z"))
    if "T" in iso:
        local = value + dt.timedelta(hours=7)  # Giờ Việt Nam (UTC+7)
        return local.strftime("%H:%M %d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def render_record_pdf(record: dict[str, Any]) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"Biên bản — {record['heading']}")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text: str, size: float = 10, bold: bool = False, align: str = "L", gap: float = 1.5) -> None:
        pdf.set_font("DejaVu", "B" if bold else "", size)
        pdf.multi_cell(width, size * 0.5, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(gap)

    line(record["council"].upper(), 11, True, "C", 0.5)
    line("BIÊN BẢN TỔNG HỢP KỲ HỌP", 15, True, "C", 0.5)
    line(record["heading"], 11, False, "C", 0.5)
    line(
        f"{record.get('place') or ''} — {_vn_date(record['starts_on'])} đến {_vn_date(record['ends_on'])}",
        9,
        False,
        "C",
        4,
    )

    line("I. CHƯƠNG TRÌNH", 11, True)
    for item in record["agenda"]:
        line(f"{'    ' if item['depth'] else ''}{item['number']}. {item['title']}", 9, gap=0.5)
    pdf.ln(3)

    line("II. ĐIỂM DANH", 11, True)
    if not record["attendance"]:
        line("Chưa có phiên họp nào được điểm danh.", 9)
    for day in record["attendance"]:
        c = day["counts"]
        line(
            f"Ngày {_vn_date(day['day'])}: có mặt {c.get('present', 0)}/{day['total']}; về sớm {c.get('left', 0)}; "
            f"vắng có lý do {c.get('excused', 0)}; vắng không lý do {c.get('absent', 0) + c.get('none', 0)}.",
            9,
            True,
        )
        for d in day["delegates"]:
            extra = f" — {d['reason']}" if d["reason"] else ""
            late = " (đến muộn)" if d["late"] else ""
            line(
                f"{d['seat_label'] or '':<5} {d['full_name']}: {STATUS_LABELS.get(d['status'], '')}{late}{extra}",
                8,
                gap=0,
            )
        pdf.ln(2)

    line("III. BIỂU QUYẾT", 11, True)
    if not record["votes"]:
        line("Không có cuộc biểu quyết nào.", 9)
    for vote in record["votes"]:
        kind = "bỏ phiếu kín" if vote["secret"] else "biểu quyết công khai"
        line(f"{vote['number']}. {vote['title']} ({kind}; {vote['rule_text']})", 9, True, gap=0.5)
        result = vote.get("result")
        if vote["status"] == "cancelled":
            line("Đã hủy, không tính kết quả.", 9)
        elif result is None:
            line("Chưa kết thúc.", 9)
        elif result["kind"] == "motion":
            line(f"{result['sentence']} — {result['verdict'].upper()}.", 9, gap=0.5)
            line(
                "; ".join(
                    f"{o['label']}: {o['count']} ({o['percent_of_total']} tổng số)" for o in result["options"]
                )
                + f"; chưa biểu quyết: {result['not_voted']}.",
                8,
                gap=0.5,
            )
            for b in vote.get("named_ballots", []):
                line(f"    {b['full_name']}: {b['option']}", 8, gap=0)
        else:
            for subject in result["subjects"]:
                counts = "; ".join(
                    f"{o['label']}: {o['count']} ({o['percent_of_total']})" for o in subject["options"]
                )
                line(f"    {subject['label']} — {counts}. {subject['verdict']}.", 8, gap=0.5)
        pdf.ln(2)

    line("IV. CHẤT VẤN", 11, True)
    if not record["questions"]:
        line("Không có phiếu chất vấn.", 9)
    for q in record["questions"]:
        due = f" (hạn trả lời bằng văn bản: {_vn_date(q['written_due_on'])})" if q["written_due_on"] else ""
        line(
            f"{q['full_name']} hỏi {q['official_name']} ({q['official_position']}): {q['text']}{due}",
            8,
            gap=0.5,
        )
        if q["answer"]:
            line(f"    Trả lời: {q['answer']}", 8, gap=0.5)
    pdf.ln(2)

    line("V. PHÁT BIỂU", 11, True)
    if not record["speeches"]:
        line("Không có lượt phát biểu.", 9)
    for s in record["speeches"]:
        kind = "tranh luận" if s["kind"] == "rebut" else "phát biểu"
        minutes = f" — {s['seconds'] // 60} phút {s['seconds'] % 60} giây" if s["seconds"] is not None else ""
        line(f"{s['full_name']} ({kind}, {_vn_date(s['started_at'])}){minutes}", 8, gap=0)
    pdf.ln(4)

    seal = record["seal"]
    line(
        f"Niêm phong nhật ký: {seal['audit_entries']} bản ghi của kỳ họp, chuỗi băm "
        f"{'hợp lệ' if seal['chain_intact'] else 'BỊ HỎNG'}; bản ghi cuối của kỳ họp số {seal['last_seq']}, "
        f"mã băm {seal['last_hash']}. Lập lúc {_vn_date(record['generated_at'])}.",
        7,
    )
    out = BytesIO()
    pdf.output(out)
    return out.getvalue()

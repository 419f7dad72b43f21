"""The session's record (biên bản tổng hợp) as a printable PDF."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from agenda.clock import written_date, written_time
from agenda.pdf.typeset import add_fonts

STATUS_LABELS = {
    "present": "Có mặt",
    "absent": "Vắng không lý do",
    "excused": "Vắng có lý do",
    "left": "Về sớm",
    None: "Chưa điểm danh",
}


def _written(iso: str | None, time_zone: str) -> str:
    """A date of the record as ``02/12/2026``; a time (UTC, ISO 8601) as ``23:30 02/12/2026`` on the
    council's clock (``time_zone``)."""
    if not iso:
        return ""
    if "T" in iso:
        return written_time(dt.datetime.fromisoformat(iso.rstrip("Z")), time_zone)
    return written_date(dt.date.fromisoformat(iso))


def render_record_pdf(record: dict[str, Any]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    add_fonts(pdf)
    pdf.set_title(f"Biên bản — {record['heading']}")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    zone = record["time_zone"]

    def line(text: str, size: float = 10, bold: bool = False, align: str = "L", gap: float = 1.5) -> None:
        pdf.set_font("DejaVu", "B" if bold else "", size)
        pdf.multi_cell(width, size * 0.5, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(gap)

    line(record["council"].upper(), 11, True, "C", 0.5)
    line("BIÊN BẢN TỔNG HỢP KỲ HỌP", 15, True, "C", 0.5)
    line(record["heading"], 11, False, "C", 0.5)
    line(
        f"{record.get('place') or ''} — {_written(record['starts_on'], zone)} đến {_written(record['ends_on'], zone)}",
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
            f"Ngày {_written(day['day'], zone)}: có mặt {c.get('present', 0)}/{day['total']}; về sớm {c.get('left', 0)}; "
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
    if not record["questions"]:  # the questions taken up: one filed or withdrawn is not in the record
        line("Không có phiếu chất vấn được chọn chất vấn.", 9)
    for q in record["questions"]:
        due = (
            f" (hạn trả lời bằng văn bản: {_written(q['written_due_on'], zone)})"
            if q["written_due_on"]
            else ""
        )
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
        line(f"{s['full_name']} ({kind}, {_written(s['started_at'], zone)}){minutes}", 8, gap=0)
    pdf.ln(4)

    seal = record["seal"]
    line(
        f"Niêm phong nhật ký: {seal['audit_entries']} bản ghi của kỳ họp, chuỗi băm "
        f"{'hợp lệ' if seal['chain_intact'] else 'BỊ HỎNG'}; bản ghi cuối của kỳ họp số {seal['last_seq']}, "
        f"mã băm {seal['last_hash']}. Lập lúc {_written(record['generated_at'], zone)}.",
        7,
    )
    out = BytesIO()
    pdf.output(out)
    return out.getvalue()

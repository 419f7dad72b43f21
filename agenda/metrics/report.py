"""The annual report table (báo cáo tổng kết) of a council for a period: the council's totals of every
measure, each unit's and each delegate's main figures, and the emulation scores — as sections of rows that
the spreadsheet (:func:`report_xlsx`) and the printed copy (:mod:`agenda.pdf.metrics`) both lay out, so the
two and the dashboard show the same numbers (they are the same :class:`~agenda.metrics.figures.Table`)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy.orm import Session as DbSession

from agenda.metrics import figures, scoring
from agenda.metrics.figures import Line
from agenda.metrics.measures import BY_NAME, MEASURES
from agenda.metrics.period import Period
from agenda.models import Council

UNIT_COLUMNS = (
    "supervisions",
    "surveys",
    "voter_contacts",
    "voters_met",
    "citizen_receptions",
    "recommendations_raised",
    "recommendations_answered",
    "recommendations_resolved",
    "petitions_received",
    "petitions_resolved",
)
DELEGATE_COLUMNS = (
    "sittings_held",
    "sittings_present",
    "speeches",
    "questions_asked",
    "voter_contacts",
    "supervisions",
)
KINDS = {
    "delegate": "Đại biểu",
    "standing": "Thường trực",
    "official": "Kiêm nhiệm UBND",
    "committee": "Ban",
    "group": "Tổ đại biểu",
}


Row = tuple[str | int, ...]


@dataclass(frozen=True)
class Section:
    title: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    widths: tuple[float, ...]  # mm, across 267 mm of landscape A4


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    sections: tuple[Section, ...]


def percent(rate: float | None) -> str:
    """``95,5 %`` — a decimal comma, as Vietnamese writes it; ``—`` for none."""
    return "—" if rate is None else f"{rate * 100:.1f}".replace(".", ",") + " %"


def decimal(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _label(name: str) -> str:
    return BY_NAME[name].vi


def _council_section(line: Line) -> Section:
    rows: list[Row] = [(i, m.vi, line.values[m.name]) for i, m in enumerate(MEASURES, start=1)]
    rows.append((len(rows) + 1, "Tỷ lệ có mặt tại kỳ họp", percent(line.attendance_rate)))
    return Section("I. SỐ LIỆU CHUNG CỦA HỘI ĐỒNG", ("STT", "Chỉ số", "Số lượng"), tuple(rows), (15, 150, 40))


def _units_section(table: figures.Table) -> Section:
    rows: tuple[Row, ...] = tuple(
        (line.name, KINDS.get(line.kind, line.kind), *(line.values[m] for m in UNIT_COLUMNS))
        for line in table.lines
    )
    headers = ("Đơn vị", "Loại", *(_label(m) for m in UNIT_COLUMNS))
    return Section(
        "II. THƯỜNG TRỰC, CÁC BAN, CÁC TỔ ĐẠI BIỂU", headers, rows, (45, 22, *(20,) * len(UNIT_COLUMNS))
    )


def _delegates_section(table: figures.Table) -> Section:
    rows: tuple[Row, ...] = tuple(
        (
            line.name,
            KINDS.get(line.kind, line.kind),
            line.days_in_office or 0,
            *(line.values[m] for m in DELEGATE_COLUMNS),
            percent(line.attendance_rate),
        )
        for line in table.lines
    )
    headers = (
        "Đại biểu",
        "Vị trí",
        "Số ngày đương nhiệm",
        *(_label(m) for m in DELEGATE_COLUMNS),
        "Tỷ lệ có mặt",
    )
    return Section("III. ĐẠI BIỂU", headers, rows, (50, 30, 22, *(23,) * len(DELEGATE_COLUMNS), 27))


def _scores_section(result: scoring.Scores) -> Section:
    rows = tuple(
        (
            s.rank if s.rank is not None else "—",
            s.name,
            KINDS.get(s.standing, s.standing),
            decimal(s.points),
            s.maximum,
        )
        for s in result.scores
    )
    title = "IV. KẾT QUẢ CHẤM ĐIỂM THI ĐUA"
    if result.version is not None:
        title += f" (bộ tiêu chí “{result.version.title}”, áp dụng từ {result.version.valid_from:%d/%m/%Y})"
    return Section(title, ("Xếp hạng", "Đơn vị", "Loại", "Điểm", "Điểm tối đa"), rows, (22, 110, 40, 30, 30))


def annual_report(db: DbSession, council: Council, p: Period) -> Report:
    council_line = figures.council_table(db, p, council.name).lines[0]
    units = figures.unit_table(db, p)
    delegates = figures.delegate_table(db, p)
    result = scoring.score(db, council, p)
    return Report(
        f"BÁO CÁO TỔNG KẾT HOẠT ĐỘNG — {p.label.upper()}",
        f"{council.name} (từ {p.start:%d/%m/%Y} đến {p.end:%d/%m/%Y})",
        (
            _council_section(council_line),
            _units_section(units),
            _delegates_section(delegates),
            _scores_section(result),
        ),
    )


def report_xlsx(report: Report) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Báo cáo tổng kết"
    sheet.append([report.title])
    sheet.append([report.subtitle])
    sheet["A1"].font = Font(bold=True, size=12)
    for section in report.sections:
        sheet.append([])
        sheet.append([section.title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.append(list(section.headers))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in section.rows:
            sheet.append(list(row))
        if not section.rows:
            sheet.append(["Không có số liệu."])
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 45
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def file_name(p: Period, suffix: str, today: dt.date) -> str:
    slug = p.label.lower().replace(" ", "-").replace("ă", "a").replace("ó", "o")
    return f"bao-cao-tong-ket-{slug}-{today:%Y%m%d}.{suffix}"

"""The demo's sessions and their agendas: the first session of the term, regular and thematic sessions, and
the upcoming one — placed around today's date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy.orm import Session as DbSession

from agenda.council.items import AgendaItemInput, add_agenda_item
from agenda.council.sessions import SessionInput, create_session, publish_session
from agenda.demo.documents import add_session_documents
from agenda.demo.people import HALL, TERM_END, TERM_START
from agenda.demo.prose import FALLBACK_PROSE, Prose
from agenda.errors import DomainError
from agenda.models import (
    AgendaItemKind,
    Session,
    SessionStatus,
    SessionType,
    Term,
)


class Days(NamedTuple):
    """The first and the last day of a session."""

    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True)
class Timeline:
    today: dt.date
    first_session: Days
    past_sessions: list[Days]
    mandate_ended: dt.date
    by_election: dt.date
    upcoming: Days
    thematic: dt.date


def _weekday_start(day: dt.date) -> dt.date:
    """The first Monday–Wednesday on or after ``day``, so a three-day sitting ends by Friday."""
    while day.weekday() > 2:
        day += dt.timedelta(days=1)
    return day


def make_timeline(today: dt.date) -> Timeline:
    earliest, latest = TERM_START + dt.timedelta(days=30), TERM_END - dt.timedelta(days=60)
    if not earliest <= today <= latest:
        raise DomainError(
            f"Dữ liệu mẫu dựng cho nhiệm kỳ 2026–2031: ngày hiện tại phải từ {earliest:%d/%m/%Y} đến {latest:%d/%m/%Y}.",
            f"The demo is built for the 2026–2031 term: today must be between {earliest} and {latest}.",
            field="today",
        )
    first = Days(TERM_START + dt.timedelta(days=10), TERM_START + dt.timedelta(days=11))
    past = []
    for year in range(TERM_START.year, today.year + 1):
        for month in (7, 12):  # the mid-year and year-end regular sessions
            start = _weekday_start(dt.date(year, month, 8))
            end = start + dt.timedelta(days=2)
            if start > first.ends_on and end < today - dt.timedelta(days=45):
                past.append(Days(start, end))
    elapsed = (today - TERM_START).days
    upcoming_start = _weekday_start(today + dt.timedelta(days=10))
    upcoming_end = upcoming_start + dt.timedelta(days=2)
    return Timeline(
        today=today,
        first_session=first,
        past_sessions=past,
        mandate_ended=TERM_START + dt.timedelta(days=elapsed * 2 // 5),
        by_election=TERM_START + dt.timedelta(days=elapsed * 3 // 5),
        upcoming=Days(upcoming_start, upcoming_end),
        thematic=_weekday_start(upcoming_end + dt.timedelta(days=30)),
    )


@dataclass(frozen=True)
class _Item:
    title: str
    kind: str
    presenter: str | None
    minutes: int
    day: int = 0  # 0-based day of the session
    depth: int = 0
    notes: str | None = None


@dataclass(frozen=True)
class _Period:
    """What a regular session reports on and plans for, from the month it sits in."""

    title: str
    reported: str  # "năm 2026", "6 tháng đầu năm 2027"
    planned: str  # "năm 2027", "6 tháng cuối năm 2027"
    year_end: bool
    budget_year: int


def _period(start: dt.date) -> _Period:
    year = start.year
    if 4 <= start.month <= 9:
        return _Period(
            f"Kỳ họp thường lệ giữa năm {year}",
            f"6 tháng đầu năm {year}",
            f"6 tháng cuối năm {year}",
            False,
            year,
        )
    if start.month >= 10:
        return _Period(f"Kỳ họp thường lệ cuối năm {year}", f"năm {year}", f"năm {year + 1}", True, year + 1)
    return _Period(f"Kỳ họp thường lệ đầu năm {year}", f"năm {year - 1}", f"năm {year}", True, year)


def create_sessions(db: DbSession, term: Term, timeline: Timeline, prose: Prose) -> Session:
    first = _session(
        db,
        term,
        "regular",
        "Kỳ họp thứ nhất — kiện toàn tổ chức bộ máy nhiệm kỳ 2026–2031",
        timeline.first_session,
    )
    _fill(db, first, _first_agenda())
    publish_session(db, first)
    first.status = SessionStatus.CLOSED  # held in the past (history, not a live sitting)
    for dates in timeline.past_sessions:
        period = _period(dates.starts_on)
        past = _session(db, term, "regular", period.title, dates)
        _fill(db, past, _short_agenda(period))
        publish_session(db, past)
        past.status = SessionStatus.CLOSED
    period = _period(timeline.upcoming.starts_on)
    upcoming = _session(db, term, "regular", period.title, timeline.upcoming)
    confidence = period.year_end and period.budget_year == TERM_START.year + 3  # end of the term's third year
    _fill(db, upcoming, _full_agenda(period, prose, confidence=confidence))
    publish_session(db, upcoming)
    add_session_documents(db, upcoming, period.budget_year, prose.pick)
    thematic = _session(
        db,
        term,
        "thematic",
        "Kỳ họp chuyên đề về chuyển đổi số và đầu tư công",
        Days(timeline.thematic, timeline.thematic),
    )
    _fill(db, thematic, _thematic_agenda(prose))
    return upcoming


def _session(db: DbSession, term: Term, kind: str, title: str, dates: Days) -> Session:
    values = SessionInput(*dates, session_type=SessionType(kind), title=title, place=HALL, is_public=True)
    return create_session(db, term, values)


def _fill(db: DbSession, session: Session, items: list[_Item]) -> None:
    for item in items:
        day = session.starts_on + dt.timedelta(days=item.day)
        values = AgendaItemInput(
            item.title, AgendaItemKind(item.kind), item.presenter, item.minutes, day, item.notes, item.depth
        )
        add_agenda_item(db, session, values)


CHAIR_TITLE = "Chủ tịch HĐND tỉnh"


def _first_agenda() -> list[_Item]:
    return [
        _Item("Khai mạc kỳ họp", "procedural", "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", 20),
        _Item(
            "Báo cáo kết quả bầu cử đại biểu HĐND tỉnh khóa XVII và kết quả xác nhận tư cách đại biểu",
            "report",
            "Chủ tịch Ủy ban bầu cử tỉnh",
            30,
        ),
        _Item(
            "Bầu Chủ tịch, Phó Chủ tịch HĐND tỉnh, Trưởng Ban, Phó Trưởng Ban của HĐND tỉnh",
            "election",
            "Tổ kiểm phiếu",
            120,
        ),
        _Item("Bầu Chủ tịch, Phó Chủ tịch và Ủy viên UBND tỉnh", "election", "Tổ kiểm phiếu", 120, day=1),
        _Item(
            "Xem xét, thông qua Nghị quyết thành lập các Ban của HĐND tỉnh khóa XVII",
            "resolution",
            "Phó Chủ tịch HĐND tỉnh",
            30,
            day=1,
        ),
        _Item("Bế mạc kỳ họp", "procedural", CHAIR_TITLE, 20, day=1),
    ]


def _short_agenda(period: _Period) -> list[_Item]:
    items = [
        _Item("Khai mạc kỳ họp", "procedural", CHAIR_TITLE, 20),
        _Item(
            f"Báo cáo tình hình kinh tế – xã hội {period.reported}; nhiệm vụ, giải pháp {period.planned}",
            "report",
            "Chủ tịch UBND tỉnh",
            45,
        ),
        _Item(
            "Báo cáo thẩm tra của Ban Kinh tế – Ngân sách",
            "report",
            "Trưởng Ban Kinh tế – Ngân sách",
            20,
            depth=1,
        ),
        _Item("Thảo luận tại Tổ đại biểu", "discussion", None, 180, day=1),
        _Item("Chất vấn và trả lời chất vấn", "questioning", "Chủ tọa kỳ họp", 150, day=1),
    ]
    if period.year_end:
        items.append(
            _Item(
                f"Xem xét, thông qua Nghị quyết về dự toán ngân sách địa phương năm {period.budget_year}",
                "resolution",
                "Giám đốc Sở Tài chính",
                30,
                day=2,
            )
        )
    else:
        items.append(
            _Item(
                f"Xem xét, thông qua Nghị quyết điều chỉnh kế hoạch đầu tư công năm {period.budget_year}",
                "resolution",
                "Giám đốc Sở Tài chính",
                30,
                day=2,
            )
        )
    items.append(_Item("Bế mạc kỳ họp", "procedural", CHAIR_TITLE, 20, day=2))
    return items


def _full_agenda(period: _Period, prose: Prose, *, confidence: bool) -> list[_Item]:
    year = period.budget_year
    questioning_note = (
        "Thường trực HĐND tỉnh lựa chọn các nhóm vấn đề từ phiếu chất vấn của đại biểu và kiến nghị của cử tri; "
        "người bị chất vấn trả lời trực tiếp, nội dung chưa trả lời tại phiên họp được trả lời bằng văn bản trong "
        "20 ngày."
    )
    items = [
        _Item("Khai mạc kỳ họp", "procedural", CHAIR_TITLE, 20),
        _Item(
            f"Báo cáo tình hình kinh tế – xã hội {period.reported}; mục tiêu, nhiệm vụ, giải pháp {period.planned}",
            "report",
            "Chủ tịch UBND tỉnh",
            45,
            notes=prose.pick(
                ["kinh tế", "an ninh", "đô thị"], "Báo cáo của UBND tỉnh và báo cáo thẩm tra gửi kèm."
            ),
        ),
        _Item(
            "Báo cáo thẩm tra của Ban Kinh tế – Ngân sách",
            "report",
            "Trưởng Ban Kinh tế – Ngân sách",
            20,
            depth=1,
        ),
        _Item(
            f"Báo cáo tình hình thu, chi ngân sách nhà nước {period.reported}",
            "report",
            "Giám đốc Sở Tài chính",
            20,
            depth=1,
        ),
        _Item(
            "Báo cáo công tác của Tòa án nhân dân tỉnh và Viện kiểm sát nhân dân tỉnh",
            "report",
            "Chánh án Tòa án nhân dân tỉnh; Viện trưởng Viện kiểm sát nhân dân tỉnh",
            30,
        ),
        _Item(
            "Thông báo của Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh về công tác tham gia xây dựng chính quyền và "
            "ý kiến, kiến nghị của cử tri",
            "report",
            "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
            20,
            notes=prose.pick(["cử tri"], FALLBACK_PROSE[0]),
        ),
        _Item("Thảo luận tại Tổ đại biểu", "discussion", None, 150, day=1),
        _Item(
            "Chất vấn và trả lời chất vấn",
            "questioning",
            "Chủ tọa kỳ họp",
            150,
            day=1,
            notes=questioning_note,
        ),
        _Item(
            "Nhóm vấn đề về y tế cơ sở và khám, chữa bệnh bảo hiểm y tế",
            "questioning",
            "Giám đốc Sở Y tế",
            60,
            day=1,
            depth=1,
        ),
        _Item(
            "Nhóm vấn đề về đất đai, môi trường và xử lý rác thải ở khu vực nông thôn",
            "questioning",
            "Giám đốc Sở Nông nghiệp và Môi trường",
            60,
            day=1,
            depth=1,
        ),
    ]
    if confidence:
        items.append(
            _Item(
                "Lấy phiếu tín nhiệm đối với người giữ chức vụ do HĐND tỉnh bầu",
                "confidence",
                "Tổ kiểm phiếu",
                60,
                day=2,
            )
        )
    budget = (
        f"Xem xét, thông qua Nghị quyết về dự toán ngân sách địa phương và phân bổ ngân sách cấp tỉnh năm {year}"
        if period.year_end
        else f"Xem xét, thông qua Nghị quyết điều chỉnh dự toán ngân sách địa phương năm {year}"
    )
    items += [
        _Item(budget, "resolution", "Giám đốc Sở Tài chính", 30, day=2),
        _Item(
            f"Xem xét, thông qua Nghị quyết về kế hoạch đầu tư công năm {year}",
            "resolution",
            "Giám đốc Sở Tài chính",
            30,
            day=2,
        ),
        _Item(
            "Xem xét, thông qua Nghị quyết quy định mức hỗ trợ học phí cho trẻ em mầm non và học sinh phổ thông",
            "resolution",
            "Giám đốc Sở Giáo dục và Đào tạo",
            25,
            day=2,
        ),
        _Item(
            "Xem xét, thông qua Nghị quyết về chính sách hỗ trợ xây dựng nông thôn mới kiểu mẫu",
            "resolution",
            "Giám đốc Sở Nông nghiệp và Môi trường",
            25,
            day=2,
        ),
        _Item(
            "Xem xét, thông qua Nghị quyết về chương trình giám sát của HĐND tỉnh",
            "resolution",
            "Phó Chủ tịch HĐND tỉnh",
            20,
            day=2,
            notes=prose.pick(["giám sát"], "Chương trình giám sát do Thường trực HĐND tỉnh trình."),
        ),
        _Item("Bế mạc kỳ họp", "procedural", CHAIR_TITLE, 20, day=2),
    ]
    return items


def _thematic_agenda(prose: Prose) -> list[_Item]:
    return [
        _Item("Khai mạc kỳ họp", "procedural", CHAIR_TITLE, 15),
        _Item(
            "Xem xét, thông qua Nghị quyết về chuyển đổi số trong hoạt động của HĐND các cấp",
            "resolution",
            "Chánh Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh",
            40,
            notes=prose.pick(["chuyển đổi số", "kỳ họp số"], FALLBACK_PROSE[1]),
        ),
        _Item(
            "Xem xét, thông qua Nghị quyết điều chỉnh chủ trương đầu tư một số dự án giao thông trọng điểm",
            "resolution",
            "Giám đốc Sở Xây dựng",
            40,
        ),
        _Item("Bế mạc kỳ họp", "procedural", CHAIR_TITLE, 15),
    ]

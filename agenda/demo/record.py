"""What happened at the demo's past sessions, as the hall would have recorded it: each sitting day's attendance
of the delegates holding a seat that day (most present, a few excused with their reason, one or two absent
or leaving early), the speeches of the day (phát biểu and a few tranh luận, on the session's agenda items),
and at the regular sessions after the first the questions (chất vấn) to the province's officials — answered
in the hall, answered in writing in time, and one written answer still awaited past its 20-day limit. So the
dashboard and each delegate's public page show a record, not zeros. Deterministic (a seeded generator)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import clock
from agenda.council.office import holds_on
from agenda.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Council,
    Mandate,
    Official,
    Question,
    QuestionStatus,
    Session,
    SessionStatus,
    SpeechKind,
    SpeechRequest,
    SpeechStatus,
    Term,
)

EXCUSES = ["Đi công tác theo phân công", "Ốm, có giấy của cơ sở y tế", "Việc gia đình đột xuất"]
QUESTIONS = [
    (
        "Đất đai",
        "Sở Nông nghiệp và Môi trường",
        "Đề nghị cho biết nguyên nhân chậm cấp giấy chứng nhận quyền sử dụng "
        "đất cho các hộ tái định cư và thời hạn hoàn thành.",
    ),
    (
        "Y tế",
        "Sở Y tế",
        "Tình trạng thiếu thuốc, vật tư y tế tại các trạm y tế xã đã được khắc phục đến đâu; "
        "trách nhiệm của Sở trong việc đấu thầu tập trung?",
    ),
    (
        "Giáo dục",
        "Sở Giáo dục và Đào tạo",
        "Giải pháp bảo đảm đủ giáo viên và phòng học để học sinh tiểu học "
        "được học hai buổi một ngày từ năm học tới?",
    ),
    (
        "Giao thông",
        "Sở Xây dựng",
        "Tuyến đường tỉnh sạt lở sau mưa bão bao giờ được sửa chữa; kinh phí lấy từ nguồn nào?",
    ),
    (
        "Ngân sách",
        "Sở Tài chính",
        "Vì sao tỷ lệ giải ngân vốn đầu tư công sáu tháng đầu năm thấp; những dự án "
        "nào chậm và trách nhiệm của ai?",
    ),
    (
        "Công thương",
        "Sở Công Thương",
        "Việc quản lý các chợ truyền thống sau khi chuyển đổi mô hình có bảo đảm "
        "quyền lợi của tiểu thương không?",
    ),
]
ANSWER = (
    "Đã trả lời, nêu rõ nguyên nhân, giải pháp và thời hạn khắc phục; đại biểu đồng ý với nội dung trả lời."
)


@dataclass
class _Day:
    session: Session
    day: dt.date
    present: list[int]  # person ids in the hall that day


def _at(council: Council, day: dt.date, hour: int, minute: int) -> dt.datetime:
    """A local time of the council on ``day``, stored as every time is (UTC, no zone)."""
    local = dt.datetime.combine(day, dt.time(hour, minute), clock.zone(council.time_zone))
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _attend(
    db: DbSession, council: Council, session: Session, day: dt.date, seats: list[Mandate], rng: random.Random
) -> _Day:
    present: list[int] = []
    for seat in seats:
        if not holds_on(seat, day):
            continue
        draw = rng.random()
        row = Attendance(session_id=session.id, person_id=seat.person_id, day=day, method="card")
        if draw < 0.05:
            row.status, row.reason, row.method = AttendanceStatus.EXCUSED, rng.choice(EXCUSES), "secretary"
        elif draw < 0.065:
            row.status, row.method = AttendanceStatus.ABSENT, "secretary"
        else:
            row.checked_in_at = _at(council, day, 7, rng.randrange(15, 45))
            row.late = row.checked_in_at > _at(council, day, 7, 40)
            row.status = AttendanceStatus.PRESENT
            if draw > 0.975:
                row.status, row.left_at = AttendanceStatus.LEFT, _at(council, day, 10, rng.randrange(0, 50))
            present.append(seat.person_id)
        db.add(row)
    return _Day(session, day, present)


def _speak(
    db: DbSession, council: Council, sitting: _Day, items: list[AgendaItem], rng: random.Random
) -> None:
    start = _at(council, sitting.day, 8, 30)
    for position, person in enumerate(rng.sample(sitting.present, min(len(sitting.present), 7)), start=1):
        rebut = position > 5
        began = start + dt.timedelta(minutes=12 * position)
        db.add(
            SpeechRequest(
                session_id=sitting.session.id,
                agenda_item_id=rng.choice(items).id if items else None,
                person_id=person,
                kind=SpeechKind.REBUT if rebut else SpeechKind.SPEAK,
                status=SpeechStatus.DONE,
                position=position,
                requested_at=start - dt.timedelta(minutes=20),
                started_at=began,
                ended_at=began + dt.timedelta(minutes=3 if rebut else 6, seconds=rng.randrange(60)),
                seconds_allowed=180 if rebut else 420,
            )
        )


def _question(
    db: DbSession,
    council: Council,
    sitting: _Day,
    officials: dict[str, Official],
    rng: random.Random,
    today: dt.date,
) -> None:
    """The questions of a session's questioning day."""
    askers = rng.sample(sitting.present, min(len(sitting.present), len(QUESTIONS)))
    for position, (person, (group, agency, text)) in enumerate(zip(askers, QUESTIONS, strict=False), start=1):
        official = officials.get(agency)
        if official is None:
            continue
        filed = _at(council, sitting.day - dt.timedelta(days=3), 9, position)
        row = Question(
            session_id=sitting.session.id,
            person_id=person,
            official_id=official.id,
            text=text,
            group_label=group,
            position=position,
            filed_at=filed,
        )
        if position <= 3:  # answered in the hall
            row.status, row.answer = QuestionStatus.ANSWERED, ANSWER
            row.answered_at = _at(council, sitting.day, 14, 10 * position)
        else:  # answered in writing within 20 days — but the last is still awaited past its limit
            row.written_due_on = sitting.day + dt.timedelta(days=20)
            late = position == len(QUESTIONS) and row.written_due_on < today
            row.status = QuestionStatus.WRITTEN_DUE if late else QuestionStatus.ANSWERED_IN_WRITING
            if not late:
                row.answer = "Trả lời bằng văn bản: " + ANSWER
                row.answered_at = _at(council, sitting.day + dt.timedelta(days=12 + position), 9, 0)
        db.add(row)


def held_sessions(db: DbSession, term: Term, today: dt.date) -> list[Session]:
    """The term's sessions closed before ``today``, in order: those the demo gives a past record."""
    stmt = (
        select(Session)
        .where(Session.term_id == term.id, Session.status == SessionStatus.CLOSED, Session.ends_on < today)
        .order_by(Session.starts_on)
    )
    return list(db.scalars(stmt))


def add_past_record(db: DbSession, council: Council, term: Term, today: dt.date) -> int:
    """Attendance, speeches and questions of the term's sessions held before ``today``; the sitting days."""
    rng = random.Random(1607)
    seats = list(db.scalars(select(Mandate).where(Mandate.term_id == term.id).order_by(Mandate.id)))
    officials = {o.agency: o for o in db.scalars(select(Official).where(Official.council_id == council.id))}
    held = held_sessions(db, term, today)
    days = 0
    for number, session in enumerate(held):
        items = list(db.scalars(select(AgendaItem).where(AgendaItem.session_id == session.id)))
        day = session.starts_on
        while day <= session.ends_on:
            sitting = _attend(db, council, session, day, seats, rng)
            _speak(db, council, sitting, items, rng)
            if number > 0 and day == session.ends_on:  # questioning on the last day of a regular session
                _question(db, council, sitting, officials, rng, today)
            day += dt.timedelta(days=1)
            days += 1
    db.flush()
    return days

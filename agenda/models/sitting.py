"""The live session: attendance, requests to speak, questions (chất vấn) and the live state of a sitting."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from agenda.clock import utcnow
from agenda.models.base import Base, enum_column
from agenda.models.council import Official, Person


class AttendanceStatus(enum.StrEnum):
    PRESENT = "present"  # có mặt
    ABSENT = "absent"  # vắng mặt không lý do
    EXCUSED = "excused"  # vắng mặt có lý do
    LEFT = "left"  # về sớm (checked in, then left)


class Attendance(Base):
    """One delegate on one sitting day of a session: checked in, absent (with or without reason), left."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "person_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[AttendanceStatus] = mapped_column(enum_column(AttendanceStatus))
    reason: Mapped[str | None] = mapped_column(String(300))
    checked_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    left_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    method: Mapped[str | None] = mapped_column(String(20))  # card, tablet, secretary
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    person: Mapped[Person] = relationship()


class SpeechKind(enum.StrEnum):
    SPEAK = "speak"  # phát biểu
    REBUT = "rebut"  # tranh luận


class SpeechStatus(enum.StrEnum):
    WAITING = "waiting"
    SPEAKING = "speaking"
    DONE = "done"
    WITHDRAWN = "withdrawn"


class SpeechRequest(Base):
    """A delegate's request to speak or to rebut on an agenda item, and the time they were given."""

    __tablename__ = "speech_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    kind: Mapped[SpeechKind] = mapped_column(enum_column(SpeechKind))
    status: Mapped[SpeechStatus] = mapped_column(enum_column(SpeechStatus), default=SpeechStatus.WAITING)
    position: Mapped[int] = mapped_column(Integer)
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    seconds_allowed: Mapped[int] = mapped_column(Integer)

    person: Mapped[Person] = relationship()


class QuestionStatus(enum.StrEnum):
    FILED = "filed"  # đã gửi
    SELECTED = "selected"  # chọn để chất vấn tại phiên họp
    ANSWERING = "answering"  # đang trả lời
    ANSWERED = "answered"  # đã trả lời tại phiên họp
    WRITTEN_DUE = "written_due"  # trả lời bằng văn bản (hạn 20 ngày)
    ANSWERED_IN_WRITING = "answered_in_writing"
    WITHDRAWN = "withdrawn"


class Question(Base):
    """A phiếu chất vấn: who asks, whom, about what; its place in the order and its answer."""

    __tablename__ = "question"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    official_id: Mapped[int] = mapped_column(ForeignKey("official.id", ondelete="RESTRICT"))
    text: Mapped[str] = mapped_column(Text)
    group_label: Mapped[str | None] = mapped_column(String(200))  # nhóm vấn đề
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[QuestionStatus] = mapped_column(enum_column(QuestionStatus), default=QuestionStatus.FILED)
    filed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    attachment_name: Mapped[str | None] = mapped_column(String(200))
    attachment_type: Mapped[str | None] = mapped_column(String(100))
    attachment_sha256: Mapped[str | None] = mapped_column(String(64))
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    written_due_on: Mapped[dt.date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship()
    official: Mapped[Official] = relationship()


class LiveState(Base):
    """What is happening now in a session: sitting day, current item, the floor, the timer, versions.

    One row per session; its ``version`` is the session's event counter (locked while appending)."""

    __tablename__ = "live_state"

    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    sitting_day: Mapped[dt.date | None] = mapped_column(Date)
    opened_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    current_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"))
    speaker_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("speech_request.id", ondelete="SET NULL")
    )
    question_id: Mapped[int | None] = mapped_column(ForeignKey("question.id", ondelete="SET NULL"))
    timer_started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    timer_seconds: Mapped[int | None] = mapped_column(Integer)
    timer_label: Mapped[str | None] = mapped_column(String(200))
    allow_absent_voting: Mapped[bool] = mapped_column(Boolean, default=False)

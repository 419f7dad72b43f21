"""The council's data as SQLAlchemy 2 typed models.

Names follow the council's own terms: a ``Council`` (HĐND) has ``Term``s (khóa); a ``Person`` holds a
``Mandate`` (the seat of a delegate, with dates); ``Organization``s are the Ban, Tổ đại biểu and
Thường trực, joined through dated ``Membership``s; ``Official``s (UBND chair, Giám đốc Sở…) can be
questioned; a ``Session`` (kỳ họp) has ``AgendaItem``s. ``User`` accounts sign people in.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _enum(cls: type[enum.Enum]) -> Enum:
    # Stored as the value (a short English word); a CHECK constraint keeps the column honest.
    return Enum(
        cls,
        values_callable=lambda e: [m.value for m in e],
        native_enum=False,
        length=32,
        validate_strings=True,
    )


class CouncilLevel(enum.StrEnum):
    PROVINCE = "province"  # tỉnh, thành phố trực thuộc trung ương
    COMMUNE = "commune"  # xã, phường, đặc khu
    DISTRICT = "district"  # huyện, quận, thị xã — abolished 1/7/2025, archive only


class OrganizationKind(enum.StrEnum):
    STANDING = "standing"  # Thường trực HĐND
    COMMITTEE = "committee"  # Ban
    GROUP = "group"  # Tổ đại biểu


class MembershipRole(enum.StrEnum):
    CHAIR = "chair"  # Chủ tịch HĐND (in Thường trực)
    VICE_CHAIR = "vice_chair"  # Phó Chủ tịch HĐND
    HEAD = "head"  # Trưởng Ban / Tổ trưởng
    DEPUTY = "deputy"  # Phó Trưởng Ban / Tổ phó
    MEMBER = "member"  # Ủy viên / thành viên


class SessionType(enum.StrEnum):
    REGULAR = "regular"  # thường lệ
    THEMATIC = "thematic"  # chuyên đề
    URGENT = "urgent"  # giải quyết công việc phát sinh đột xuất


class SessionStatus(enum.StrEnum):
    DRAFT = "draft"  # being prepared, secretaries only
    PUBLISHED = "published"  # agenda published to delegates and (if public) everyone
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"


class AgendaItemKind(enum.StrEnum):
    PROCEDURAL = "procedural"  # khai mạc, bế mạc, thủ tục
    REPORT = "report"  # báo cáo
    RESOLUTION = "resolution"  # xem xét, thông qua nghị quyết
    QUESTIONING = "questioning"  # chất vấn và trả lời chất vấn
    ELECTION = "election"  # bầu cử, miễn nhiệm, bãi nhiệm
    CONFIDENCE = "confidence"  # lấy phiếu / bỏ phiếu tín nhiệm
    DISCUSSION = "discussion"  # thảo luận
    OTHER = "other"


class Role(enum.StrEnum):
    DELEGATE = "delegate"
    SECRETARY = "secretary"
    CHAIR = "chair"
    ARCHIVIST = "archivist"
    ADMIN = "admin"


class Council(Base):
    """A People's Council (HĐND) at some level; district councils are kept for the archive."""

    __tablename__ = "council"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))  # "Hội đồng nhân dân tỉnh Quảng Ninh"
    short_name: Mapped[str] = mapped_column(String(100))  # "HĐND tỉnh Quảng Ninh"
    place_name: Mapped[str] = mapped_column(String(100))  # "Quảng Ninh" — for "…, ngày … tháng …"
    level: Mapped[CouncilLevel] = mapped_column(_enum(CouncilLevel))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("council.id"))
    abolished_on: Mapped[dt.date | None] = mapped_column(Date)
    # The council this installation serves; others (e.g. abolished district councils) are archive only.
    is_home: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    parent: Mapped[Council | None] = relationship(remote_side=[id])
    terms: Mapped[list[Term]] = relationship(back_populates="council", order_by="Term.number")


class Term(Base):
    """A council's term (khóa, nhiệm kỳ), e.g. khóa XVII, 2026–2031."""

    __tablename__ = "term"
    __table_args__ = (
        UniqueConstraint("council_id", "number"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("ends_on IS NULL OR ends_on > starts_on", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 17 → "khóa XVII"
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    seats: Mapped[int | None] = mapped_column(Integer)  # number of seats elected, when known

    council: Mapped[Council] = relationship(back_populates="terms")


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    gender: Mapped[str | None] = mapped_column(String(10))  # "nam" / "nữ"
    birth_year: Mapped[int | None] = mapped_column(Integer)
    occupation: Mapped[str | None] = mapped_column(String(300))  # chức vụ, nơi công tác
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Mandate(Base):
    """A delegate's seat in a term, held from ``started_on`` to ``ended_on`` (inclusive, open if null).

    "The total number of delegates in office on a date" counts mandates whose interval holds the date.
    """

    __tablename__ = "mandate"
    __table_args__ = (CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="dates_ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    constituency: Mapped[str | None] = mapped_column(String(200))  # đơn vị bầu cử
    seat_label: Mapped[str | None] = mapped_column(String(20))  # hall seat, e.g. "B12"
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(200))  # thôi làm nhiệm vụ, bãi nhiệm, từ trần…

    term: Mapped[Term] = relationship()
    person: Mapped[Person] = relationship()


class Organization(Base):
    """Thường trực HĐND, a Ban (committee) or a Tổ đại biểu (delegate group) of one term."""

    __tablename__ = "organization"
    __table_args__ = (UniqueConstraint("term_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id", ondelete="CASCADE"), index=True)
    kind: Mapped[OrganizationKind] = mapped_column(_enum(OrganizationKind))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)

    term: Mapped[Term] = relationship()
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", order_by="Membership.id"
    )


class Membership(Base):
    __tablename__ = "membership"
    __table_args__ = (CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="dates_ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[MembershipRole] = mapped_column(_enum(MembershipRole))
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)

    organization: Mapped[Organization] = relationship(back_populates="memberships")
    person: Mapped[Person] = relationship()


class Official(Base):
    """Someone who can be questioned (chất vấn): UBND chair, Giám đốc Sở, Chánh án…"""

    __tablename__ = "official"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    position: Mapped[str] = mapped_column(String(200))  # "Giám đốc Sở Y tế"
    agency: Mapped[str] = mapped_column(String(200))  # "Sở Y tế"
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship()


class Session(Base):
    """A sitting period of the council (kỳ họp), numbered within its term."""

    __tablename__ = "session"
    __table_args__ = (
        UniqueConstraint("term_id", "number"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("ends_on >= starts_on", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    session_type: Mapped[SessionType] = mapped_column(_enum(SessionType))
    title: Mapped[str | None] = mapped_column(String(300))
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[SessionStatus] = mapped_column(_enum(SessionStatus), default=SessionStatus.DRAFT)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    quorum_fraction: Mapped[str] = mapped_column(String(10), default="2/3")
    speech_seconds: Mapped[int] = mapped_column(Integer, default=420)  # thời gian phát biểu
    question_seconds: Mapped[int] = mapped_column(Integer, default=180)  # thời gian chất vấn
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    term: Mapped[Term] = relationship()
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )


class AgendaItem(Base):
    """One line of the agenda. Numbers ("3", "3.1") follow from ``position`` and ``depth``."""

    __tablename__ = "agenda_item"
    __table_args__ = (
        UniqueConstraint("session_id", "position"),
        CheckConstraint("depth IN (0, 1)", name="depth_range"),
        CheckConstraint("planned_minutes IS NULL OR planned_minutes > 0", name="minutes_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[AgendaItemKind] = mapped_column(_enum(AgendaItemKind), default=AgendaItemKind.OTHER)
    presenter: Mapped[str | None] = mapped_column(String(300))
    planned_minutes: Mapped[int | None] = mapped_column(Integer)
    scheduled_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    session: Mapped[Session] = relationship(back_populates="items")


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), unique=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped on password change or deactivation: older signed cookies stop working.
    auth_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    person: Mapped[Person | None] = relationship()
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def roles(self) -> set[Role]:
        return {r.role for r in self.role_rows}


class UserRole(Base):
    __tablename__ = "user_role"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[Role] = mapped_column(_enum(Role), primary_key=True)


class SignInCard(Base):
    """A QR sign-in card. Only the SHA-256 of the token is stored; cards expire and can be revoked."""

    __tablename__ = "signin_card"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()


# ---------------------------------------------------------------------------------------------------
# The live session: attendance, the floor, questions, votes, events and the audit trail
# ---------------------------------------------------------------------------------------------------


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
    status: Mapped[AttendanceStatus] = mapped_column(_enum(AttendanceStatus))
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
    kind: Mapped[SpeechKind] = mapped_column(_enum(SpeechKind))
    status: Mapped[SpeechStatus] = mapped_column(_enum(SpeechStatus), default=SpeechStatus.WAITING)
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
    status: Mapped[QuestionStatus] = mapped_column(_enum(QuestionStatus), default=QuestionStatus.FILED)
    filed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    attachment_name: Mapped[str | None] = mapped_column(String(200))
    attachment_type: Mapped[str | None] = mapped_column(String(100))
    attachment_sha256: Mapped[str | None] = mapped_column(String(64))
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    written_due_on: Mapped[dt.date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship()
    official: Mapped[Official] = relationship()


class StoredFile(Base):
    """File content addressed by its SHA-256 (attachments); stored once however often it is attached."""

    __tablename__ = "stored_file"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class VoteKind(enum.StrEnum):
    MOTION = "motion"  # biểu quyết thông qua
    CONFIDENCE_RATING = "confidence_rating"  # lấy phiếu tín nhiệm
    CONFIDENCE_VOTE = "confidence_vote"  # bỏ phiếu tín nhiệm


class VoteStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Vote(Base):
    """One vote. ``options`` and ``subjects`` are JSON lists; the pass rule and its denominator are kept
    as they were when the vote opened, so the result can always be recomputed and explained."""

    __tablename__ = "vote"
    __table_args__ = (UniqueConstraint("session_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, … within the session
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"))
    repeat_of_id: Mapped[int | None] = mapped_column(ForeignKey("vote.id", ondelete="SET NULL"))
    kind: Mapped[VoteKind] = mapped_column(_enum(VoteKind))
    title: Mapped[str] = mapped_column(String(500))
    secret: Mapped[bool] = mapped_column(Boolean)
    options: Mapped[list[dict[str, str]]] = mapped_column(JSON)  # [{"key": "yes", "label": "Tán thành"}, …]
    subjects: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON
    )  # [{"key": "motion", "label": …}] or officials
    rule: Mapped[str] = mapped_column(String(20))  # majority | two_thirds | custom
    fraction: Mapped[str] = mapped_column(String(10))  # "1/2", "2/3", …
    strict: Mapped[bool] = mapped_column(Boolean)  # True: "more than"; False: "at least"
    present_only: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[VoteStatus] = mapped_column(_enum(VoteStatus), default=VoteStatus.OPEN)
    total_in_office: Mapped[int] = mapped_column(Integer)  # the denominator, fixed when the vote opens
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    present_at_close: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class VoteParticipation(Base):
    """That a delegate voted (never what): one row per delegate per vote, enforced by the database.

    ``ballot_key`` is the client-generated ballot id: resending the same ballot finds this row and gets
    the same acknowledgement."""

    __tablename__ = "vote_participation"
    __table_args__ = (UniqueConstraint("vote_id", "person_id"), UniqueConstraint("vote_id", "ballot_key"))

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    ballot_key: Mapped[str] = mapped_column(String(64))


class NamedChoice(Base):
    """The choice of a delegate in an open (named) vote, per subject."""

    __tablename__ = "named_choice"
    __table_args__ = (UniqueConstraint("vote_id", "person_id", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(40))
    option: Mapped[str] = mapped_column(String(40))


class SecretTally(Base):
    """Counts of a secret ballot per subject and option. No row names a delegate or a ballot."""

    __tablename__ = "secret_tally"

    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id", ondelete="CASCADE"), primary_key=True)
    subject: Mapped[str] = mapped_column(String(40), primary_key=True)
    option: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class SessionEvent(Base):
    """The versioned stream of a session's changes; clients resume from the last version they saw."""

    __tablename__ = "session_event"
    __table_args__ = (UniqueConstraint("session_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AuditEntry(Base):
    """Append-only, hash-chained record of every state change (``kyhop verify`` checks the chain)."""

    __tablename__ = "audit_entry"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    session_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor: Mapped[str | None] = mapped_column(String(80))  # username, or None for the system
    action: Mapped[str] = mapped_column(String(60))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


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


# ---------------------------------------------------------------------------------------------------
# Session documents: files and their versions, the text of every page, read receipts, notes
# ---------------------------------------------------------------------------------------------------


class DocumentType(enum.StrEnum):
    SUBMISSION = "to_trinh"  # tờ trình
    DRAFT_RESOLUTION = "du_thao_nghi_quyet"  # dự thảo nghị quyết
    REVIEW_REPORT = "bao_cao_tham_tra"  # báo cáo thẩm tra
    REPORT = "bao_cao"  # báo cáo
    REFERENCE = "tai_lieu_tham_khao"  # tài liệu tham khảo
    OTHER = "khac"  # khác


class DocumentAccess(enum.StrEnum):
    PUBLIC = "public"  # công khai: anyone who may see the session
    DELEGATES = "delegates"  # đại biểu and staff
    CONFIDENTIAL = (
        "confidential"  # mật: delegates in office and staff, each copy stamped with the reader's name
    )


class NoteKind(enum.StrEnum):
    NOTE = "note"  # ghi chú
    HIGHLIGHT = "highlight"  # đánh dấu đoạn
    BOOKMARK = "bookmark"  # đánh dấu trang


class Document(Base):
    """A document of a session (tờ trình, dự thảo nghị quyết…), attached to an agenda item or to none.

    Its file is the ``current_version_id`` one of its ``DocumentVersion``s; earlier versions are kept.
    Only staff see it until ``published_at`` is set."""

    __tablename__ = "document"
    __table_args__ = (CheckConstraint("position >= 0", name="position_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL"), index=True
    )
    doc_type: Mapped[DocumentType] = mapped_column(_enum(DocumentType))
    title: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(Integer, default=0)  # order among the documents of its item
    access: Mapped[DocumentAccess] = mapped_column(_enum(DocumentAccess), default=DocumentAccess.DELEGATES)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_version.id", ondelete="SET NULL", use_alter=True)
    )
    created_by: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    session: Mapped[Session] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        order_by="DocumentVersion.number",
        foreign_keys="DocumentVersion.document_id",
        passive_deletes=True,
    )


class DocumentVersion(Base):
    """One uploaded file of a document (1, 2, …). The PDF itself is the ``StoredFile`` of its SHA-256."""

    __tablename__ = "document_version"
    __table_args__ = (
        UniqueConstraint("document_id", "number"),
        CheckConstraint("page_count > 0", name="has_pages"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_file.sha256", ondelete="RESTRICT"), index=True)
    size: Mapped[int] = mapped_column(Integer)
    page_count: Mapped[int] = mapped_column(Integer)
    pdf_title: Mapped[str | None] = mapped_column(String(300))
    pdf_author: Mapped[str | None] = mapped_column(String(300))
    original_filename: Mapped[str] = mapped_column(String(255))
    converted_from: Mapped[str | None] = mapped_column(String(10))  # "docx" when LibreOffice made the PDF
    uploaded_by: Mapped[str | None] = mapped_column(String(80))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    document: Mapped[Document] = relationship(back_populates="versions", foreign_keys=[document_id])


class DocumentPage(Base):
    """The text of one page of a version, for search inside the document."""

    __tablename__ = "document_page"
    __table_args__ = (UniqueConstraint("version_id", "page_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id", ondelete="CASCADE"))
    page_number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class DocumentCopy(Base):
    """A stamped copy of a confidential document handed to one reader at one time (to trace a leak:
    the SHA-256 of a leaked file names the reader)."""

    __tablename__ = "document_copy"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    stamp: Mapped[str] = mapped_column(String(300))  # the text on every page
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)


class SessionPack(Base):
    """A built session pack (cover + documents), kept by its content key so the same state is not rebuilt."""

    __tablename__ = "session_pack"
    __table_args__ = (UniqueConstraint("session_id", "content_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    audience: Mapped[str] = mapped_column(String(20))  # public | delegates
    content_key: Mapped[str] = mapped_column(String(64))  # SHA-256 of the cover data and the version hashes
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_file.sha256", ondelete="RESTRICT"))
    size: Mapped[int] = mapped_column(Integer)
    page_count: Mapped[int] = mapped_column(Integer)
    built_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ReadReceipt(Base):
    """How far one delegate has read one document (the version ``version_id``)."""

    __tablename__ = "read_receipt"
    __table_args__ = (UniqueConstraint("document_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    version_id: Mapped[int | None] = mapped_column(ForeignKey("document_version.id", ondelete="SET NULL"))
    first_opened_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_page: Mapped[int] = mapped_column(Integer, default=1)
    max_page_seen: Mapped[int] = mapped_column(Integer, default=1)
    pages_seen: Mapped[list[int]] = mapped_column(JSON, default=list)  # distinct page numbers seen
    pages_total: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class DocumentNote(Base):
    """A delegate's private note, highlight or bookmark on a page. ``client_id`` comes from the tablet, so
    a note made offline and sent twice is stored once; ``updated_at`` (the tablet's clock) decides which
    of two edits wins; a deleted note stays as a tombstone so other tablets learn of the deletion."""

    __tablename__ = "document_note"
    __table_args__ = (UniqueConstraint("person_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    version_number: Mapped[int | None] = mapped_column(Integer)
    page: Mapped[int] = mapped_column(Integer)
    kind: Mapped[NoteKind] = mapped_column(_enum(NoteKind))
    text: Mapped[str | None] = mapped_column(Text)
    color: Mapped[str | None] = mapped_column(String(20))
    rects: Mapped[list[Any] | None] = mapped_column(JSON)  # [[x0, y0, x1, y1], …] in page fractions
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    server_updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)

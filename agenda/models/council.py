"""The council and its term: councils, terms, people and their seats (mandates), Ban / Tổ / Thường trực
and their members, the officials who can be questioned, sessions and their agenda."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from agenda.clock import DEFAULT_TIME_ZONE, utcnow
from agenda.models.base import Base, enum_column


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


class Council(Base):
    """A People's Council (HĐND) at some level; district councils are kept for the archive."""

    __tablename__ = "council"
    __table_args__ = (  # at most one home council (migration 0009)
        Index(
            "ix_council_one_home",
            "is_home",
            unique=True,
            sqlite_where=text("is_home"),
            postgresql_where=text("is_home"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))  # "Hội đồng nhân dân tỉnh Quảng Ninh"
    short_name: Mapped[str] = mapped_column(String(100))  # "HĐND tỉnh Quảng Ninh"
    place_name: Mapped[str] = mapped_column(String(100))  # "Quảng Ninh" — for "…, ngày … tháng …"
    level: Mapped[CouncilLevel] = mapped_column(enum_column(CouncilLevel))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("council.id"))
    abolished_on: Mapped[dt.date | None] = mapped_column(Date)
    # The council this installation serves; others (e.g. abolished district councils) are archive only.
    is_home: Mapped[bool] = mapped_column(Boolean, default=False)
    # IANA name; the dates and times the council's papers print are in it.
    time_zone: Mapped[str] = mapped_column(
        String(64), default=DEFAULT_TIME_ZONE, server_default=DEFAULT_TIME_ZONE
    )
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
    kind: Mapped[OrganizationKind] = mapped_column(enum_column(OrganizationKind))
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
    role: Mapped[MembershipRole] = mapped_column(enum_column(MembershipRole))
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
    council: Mapped[Council] = relationship()


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
    session_type: Mapped[SessionType] = mapped_column(enum_column(SessionType))
    title: Mapped[str | None] = mapped_column(String(300))
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[SessionStatus] = mapped_column(enum_column(SessionStatus), default=SessionStatus.DRAFT)
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
    kind: Mapped[AgendaItemKind] = mapped_column(enum_column(AgendaItemKind), default=AgendaItemKind.OTHER)
    presenter: Mapped[str | None] = mapped_column(String(300))
    planned_minutes: Mapped[int | None] = mapped_column(Integer)
    scheduled_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    session: Mapped[Session] = relationship(back_populates="items")

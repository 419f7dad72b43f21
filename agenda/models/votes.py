"""Votes, who took part (never how, for a secret ballot), named choices and secret tallies."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from agenda.clock import utcnow
from agenda.models.base import Base, enum_column


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
    kind: Mapped[VoteKind] = mapped_column(enum_column(VoteKind))
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
    status: Mapped[VoteStatus] = mapped_column(enum_column(VoteStatus), default=VoteStatus.OPEN)
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


class SealedBallot(Base):
    """One secret ballot, sealed under its vote's key (``agenda.sitting.secrecy``) until the vote closes,
    then counted and deleted. Names no delegate and no ballot id."""

    __tablename__ = "sealed_ballot"

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("vote.id", ondelete="CASCADE"), index=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)

"""Emulation criteria as data (tiêu chí thi đua): a council's criteria, targets and weights per unit type, in
versions that are never edited once used — a new version is made instead, so last year's scores are
reproduced with last year's criteria (:mod:`agenda.metrics.scoring`)."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from agenda.clock import utcnow
from agenda.models.base import Base, enum_column


class UnitType(enum.StrEnum):
    """What a criterion judges."""

    DELEGATE = "delegate"
    GROUP = "group"  # Tổ đại biểu
    COMMITTEE = "committee"  # Ban
    STANDING = "standing"  # Thường trực
    COUNCIL = "council"


class TargetPer(enum.StrEnum):
    """The period a criterion's target is counted over: ``year`` (each year judged), ``session`` (the target
    times the regular sessions of the period: "1 voter-contact meeting per session")."""

    YEAR = "year"
    SESSION = "session"


class CriteriaVersion(Base):
    """One version of a council's criteria, valid from a date (until the next version's)."""

    __tablename__ = "criteria_version"
    __table_args__ = (UniqueConstraint("council_id", "valid_from", name="uq_criteria_version_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"), index=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)  # căn cứ: the council's decision on its criteria
    created_by: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="Criterion.id", passive_deletes=True
    )


class Criterion(Base):
    """ "Each Ban at least 2 supervisions per year, weight 30": ``measure`` names a count of
    :mod:`agenda.metrics.measures`."""

    __tablename__ = "criterion"
    __table_args__ = (
        UniqueConstraint("version_id", "unit_type", "measure", name="uq_criterion_measure"),
        CheckConstraint("target > 0", name="target_positive"),
        CheckConstraint("weight > 0 AND weight <= 1000", name="weight_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("criteria_version.id", ondelete="CASCADE"), index=True)
    unit_type: Mapped[UnitType] = mapped_column(enum_column(UnitType))
    measure: Mapped[str] = mapped_column(String(60))
    target: Mapped[int] = mapped_column(Integer)
    per: Mapped[TargetPer] = mapped_column(enum_column(TargetPer))
    weight: Mapped[int] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(300))

    version: Mapped[CriteriaVersion] = relationship(back_populates="criteria")

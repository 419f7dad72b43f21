"""Implementation tracking of resolutions (theo dõi thực hiện): tasks with the agency responsible, a deadline,
a weight and their own progress; their milestones; dated reports, with a PDF attached.

A task's status is never stored: it is derived on a day from its progress, deadline and closing
(:mod:`agenda.archive.tracking.rollup`). Only the closing is kept (``closed_on``, ``closed_reason``) — set
when the resolution loses force, or by hand."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from agenda.clock import utcnow
from agenda.models.archive import Resolution
from agenda.models.base import Base


class Task(Base):
    """One task of a resolution (or of one of its articles: ``article`` "Điều 2"), under an optional parent.
    ``external_id`` is its code in a CSV file, unique within its resolution: a re-import finds it again."""

    __tablename__ = "task"
    __table_args__ = (
        UniqueConstraint("resolution_id", "external_id", name="uq_task_external_id"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_percent"),
        CheckConstraint("weight IS NULL OR weight > 0", name="weight_positive"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("resolution.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    external_id: Mapped[str] = mapped_column(String(80))
    article: Mapped[str | None] = mapped_column(String(100))  # "Điều 2", "khoản 3 Điều 4"
    title: Mapped[str] = mapped_column(String(1000))
    agency: Mapped[str | None] = mapped_column(String(300), index=True)  # cơ quan chủ trì
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    weight: Mapped[int | None] = mapped_column(Integer)  # None: counts as 1 in the parent's roll-up
    progress: Mapped[int] = mapped_column(Integer, default=0)  # its own, 0–100
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    resolution: Mapped[Resolution] = relationship()
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="Milestone.due", passive_deletes=True
    )
    reports: Mapped[list[TaskReport]] = relationship(
        back_populates="task",
        cascade="all, delete-orphan",
        order_by="TaskReport.dated",
        passive_deletes=True,
    )


class Milestone(Base):
    """A step of a task due on a date (``done_on`` once it is reached)."""

    __tablename__ = "task_milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    due: Mapped[dt.date] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)

    task: Mapped[Task] = relationship(back_populates="milestones")


class TaskReport(Base):
    """A dated report of an agency on a task (báo cáo kết quả thực hiện), with the progress it reports and a
    PDF attached (checked as every uploaded document is, kept as a stored file)."""

    __tablename__ = "task_report"
    __table_args__ = (
        CheckConstraint("progress IS NULL OR (progress >= 0 AND progress <= 100)", name="progress_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    dated: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    progress: Mapped[int | None] = mapped_column(Integer)
    attachment_sha256: Mapped[str | None] = mapped_column(
        ForeignKey("stored_file.sha256", ondelete="RESTRICT")
    )
    attachment_name: Mapped[str | None] = mapped_column(String(255))
    attachment_pages: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    task: Mapped[Task] = relationship(back_populates="reports")

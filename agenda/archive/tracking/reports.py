"""Milestones (mốc) and dated reports (báo cáo) of a task. A report may carry a PDF — checked as every uploaded
document is (:func:`agenda.documents.upload.process_upload`, before the transaction) and kept as a stored
file — and the progress it reports, which becomes the task's own progress when it is the latest report."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from agenda import audit, filestore
from agenda.archive.tracking.tasks import get_resolution, today_of
from agenda.archive.tracking.values import MilestoneInput, MilestonePatch, ReportInput
from agenda.clock import written_date
from agenda.documents.upload import ProcessedFile, short_name
from agenda.errors import DomainError, found
from agenda.models import Milestone, Task, TaskReport


def get_milestone(db: DbSession, milestone_id: int) -> Milestone:
    return found(db.get(Milestone, milestone_id), "mốc", "Milestone")


def get_report(db: DbSession, report_id: int) -> TaskReport:
    return found(db.get(TaskReport, report_id), "báo cáo", "Report")


def add_milestone(
    db: DbSession, task: Task, values: MilestoneInput, *, actor: str | None = None
) -> Milestone:
    milestone = Milestone(task_id=task.id, title=values.title, due=values.due, done_on=values.done_on)
    db.add(milestone)
    db.flush()
    audit.append(db, "task.milestone_added", {"task_id": task.id, "milestone_id": milestone.id}, actor=actor)
    return milestone


def update_milestone(
    db: DbSession, milestone: Milestone, patch: MilestonePatch, *, actor: str | None = None
) -> Milestone:
    for key in ("title", "due"):
        if key in patch:
            value = getattr(patch, key)
            if value is None:
                raise DomainError(
                    "Vui lòng nhập tên và ngày đến hạn của mốc.",
                    "A milestone needs its title and due date.",
                    code="required",
                    field=key,
                )
            setattr(milestone, key, value)
    if "done_on" in patch:
        milestone.done_on = patch.done_on
    db.flush()
    audit.append(db, "task.milestone_updated", {"milestone_id": milestone.id}, actor=actor)
    return milestone


def delete_milestone(db: DbSession, milestone: Milestone, *, actor: str | None = None) -> None:
    detail = {"milestone_id": milestone.id, "task_id": milestone.task_id}
    db.delete(milestone)
    db.flush()
    audit.append(db, "task.milestone_deleted", detail, actor=actor)


def add_report(
    db: DbSession,
    task: Task,
    values: ReportInput,
    attachment: tuple[str, ProcessedFile] | None = None,
    *,
    actor: str | None = None,
) -> TaskReport:
    """A report dated at most the council's today; its progress, when it is the latest, is the task's."""
    today = today_of(db, get_resolution(db, task.resolution_id))
    if values.dated > today:
        raise DomainError(
            f"Ngày báo cáo ({written_date(values.dated)}) không được sau hôm nay ({written_date(today)}).",
            f"The report date ({written_date(values.dated)}) cannot be after today ({written_date(today)}).",
            field="dated",
        )
    latest = db.scalar(select(func.max(TaskReport.dated)).where(TaskReport.task_id == task.id))
    report = TaskReport(
        task_id=task.id, dated=values.dated, text=values.text, progress=values.progress, created_by=actor
    )
    if attachment is not None:
        name, processed = attachment
        report.attachment_sha256 = filestore.put(db, processed.pdf)
        report.attachment_name = short_name(name)
        report.attachment_pages = processed.facts.page_count
    db.add(report)
    if values.progress is not None and (latest is None or values.dated >= latest):
        task.progress = values.progress
    db.flush()
    audit.append(
        db,
        "task.reported",
        {
            "task_id": task.id,
            "report_id": report.id,
            "progress": values.progress,
            "file": report.attachment_sha256,
        },
        actor=actor,
    )
    return report


def delete_report(db: DbSession, report: TaskReport, *, actor: str | None = None) -> None:
    """The report goes (the task keeps the progress it gave)."""
    detail = {"report_id": report.id, "task_id": report.task_id}
    db.delete(report)
    db.flush()
    audit.append(db, "task.report_deleted", detail, actor=actor)

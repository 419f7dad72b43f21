"""Implementation tracking as JSON: a task (with its rolled-up progress and status), its milestones and
reports, the tree of a resolution, an overdue entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from agenda.archive.tracking.rollup import STATUS_LABELS
from agenda.archive.tracking.tasks import Overdue, TaskView
from agenda.clock import iso
from agenda.models import Milestone, Resolution, TaskReport


def resolution(r: Resolution) -> dict[str, Any]:
    return {
        "id": r.id,
        "council_id": r.council_id,
        "number": r.number,
        "title": r.title,
        "adopted_on": iso(r.adopted_on),
    }


def task(view: TaskView, *, children: bool = True) -> dict[str, Any]:
    t = view.task
    vi, en = STATUS_LABELS[view.status]
    out: dict[str, Any] = {
        "id": t.id,
        "resolution_id": t.resolution_id,
        "parent_id": t.parent_id,
        "external_id": t.external_id,
        "article": t.article,
        "title": t.title,
        "agency": t.agency,
        "deadline": iso(t.deadline),
        "weight": t.weight,
        "own_progress": t.progress,
        "progress": view.progress,
        "status": view.status.value,
        "status_vi": vi,
        "status_en": en,
        "closed_on": iso(t.closed_on),
        "closed_reason": t.closed_reason,
    }
    if children:
        out["children"] = [task(c) for c in view.children]
    return out


def milestone(m: Milestone, today: dt.date) -> dict[str, Any]:
    return {
        "id": m.id,
        "task_id": m.task_id,
        "title": m.title,
        "due": iso(m.due),
        "done_on": iso(m.done_on),
        "late": m.done_on is None and m.due < today,
    }


def report(r: TaskReport) -> dict[str, Any]:
    return {
        "id": r.id,
        "task_id": r.task_id,
        "dated": iso(r.dated),
        "text": r.text,
        "progress": r.progress,
        "attachment": None
        if r.attachment_sha256 is None
        else {
            "name": r.attachment_name,
            "pages": r.attachment_pages,
            "url": f"/api/task-reports/{r.id}/attachment",
        },
        "created_by": r.created_by,
        "created_at": iso(r.created_at),
    }


def overdue(entry: Overdue) -> dict[str, Any]:
    late = entry.view.task.deadline
    return task(entry.view, children=False) | {
        "resolution": resolution(entry.resolution),
        "days_late": (entry.day - late).days if late else None,
    }

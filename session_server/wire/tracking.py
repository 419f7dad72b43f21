"""Implementation tracking as JSON: a task (with its rolled-up progress and status), its milestones and
reports, the tree of a resolution, an overdue entry, the CSV import's report — each with its schema."""

from __future__ import annotations

import datetime as dt
from typing import Any

from agenda.archive.tracking.rollup import STATUS_LABELS, TaskStatus
from agenda.archive.tracking.tasks import Overdue, Summary, TaskView
from agenda.clock import iso
from agenda.models import Milestone, Resolution, TaskReport
from session_server.http.schemas import (
    BOOL,
    DATE,
    DATETIME,
    INT,
    OPT_DATE,
    OPT_INT,
    OPT_STR,
    STR,
    array,
    choices,
    component,
    enum,
    nullable,
    reply,
    with_props,
)

RESOLUTION = component(
    "TrackedResolution", reply(id=INT, council_id=INT, number=OPT_STR, title=STR, adopted_on=DATE)
)
_TASK_PROPS: dict[str, Any] = {
    "id": INT,
    "resolution_id": INT,
    "parent_id": OPT_INT,
    "external_id": STR,
    "article": OPT_STR,
    "title": STR,
    "agency": OPT_STR,
    "deadline": OPT_DATE,
    "weight": {**OPT_INT, "description": "None: counts as 1 in the parent's roll-up"},
    "own_progress": {**INT, "description": "The task's own progress (set aside while it has sub-tasks)"},
    "progress": {**INT, "description": "Its own, or rolled up from its sub-tasks by weight"},
    "status": choices(TaskStatus),
    "status_vi": STR,
    "status_en": STR,
    "closed_on": OPT_DATE,
    "closed_reason": OPT_STR,
}
TASK = component("TrackingTask", reply(**_TASK_PROPS))
TREE_ROW = component(
    "TrackingTaskInTree",
    reply(
        **_TASK_PROPS,
        depth={**INT, "description": "0 for a top-level task, 1 under it, …"},
        child_ids=array(INT),
    ),
)
MILESTONE = component(
    "TrackingMilestone",
    reply(id=INT, task_id=INT, title=STR, due=DATE, done_on=OPT_DATE, late=BOOL),
)
REPORT = component(
    "TrackingReport",
    reply(
        id=INT,
        task_id=INT,
        dated=DATE,
        text=STR,
        progress=OPT_INT,
        attachment=nullable(reply(name=STR, pages=INT, url=STR)),
        created_by=OPT_STR,
        created_at=DATETIME,
    ),
)
TASK_DETAIL = with_props(TASK, milestones=array(MILESTONE), reports=array(REPORT))
OVERDUE = with_props(TASK, resolution=RESOLUTION, days_late=OPT_INT)
SUMMARY = with_props(RESOLUTION, tasks=INT, overdue=INT, progress=OPT_INT)
TREE = reply(
    resolution=RESOLUTION,
    today=DATE,
    tasks={**array(TREE_ROW), "description": "The tree in order: each task, then its sub-tasks under it"},
)
IMPORT_REPORT = component(
    "TrackingImportReport",
    reply(
        committed=BOOL,
        counts=reply(created=INT, updated=INT, unchanged=INT),
        rows=array(
            reply(row=INT, resolution=STR, external_id=STR, outcome=enum(["created", "updated", "unchanged"]))
        ),
        errors=array(reply(row=INT, column=OPT_STR, message_vi=STR, message_en=STR)),
    ),
)


def resolution(r: Resolution) -> dict[str, Any]:
    return {
        "id": r.id,
        "council_id": r.council_id,
        "number": r.number,
        "title": r.title,
        "adopted_on": iso(r.adopted_on),
    }


def summary(s: Summary) -> dict[str, Any]:
    return resolution(s.resolution) | {"tasks": s.tasks, "overdue": s.overdue, "progress": s.progress}


def task(view: TaskView) -> dict[str, Any]:
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
    return out


def tree(views: list[TaskView], depth: int = 0) -> list[dict[str, Any]]:
    """The tree as rows in order, each task followed by its sub-tasks, with its depth."""
    rows: list[dict[str, Any]] = []
    for view in views:
        rows.append(task(view) | {"depth": depth, "child_ids": [c.task.id for c in view.children]})
        rows.extend(tree(view.children, depth + 1))
    return rows


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
    attachment = None
    if r.attachment_sha256 is not None:
        attachment = {
            "name": r.attachment_name or "bao-cao.pdf",
            "pages": r.attachment_pages or 0,
            "url": f"/api/archive/task-reports/{r.id}/attachment",
        }
    return {
        "id": r.id,
        "task_id": r.task_id,
        "dated": iso(r.dated),
        "text": r.text,
        "progress": r.progress,
        "attachment": attachment,
        "created_by": r.created_by,
        "created_at": iso(r.created_at),
    }


def overdue(entry: Overdue) -> dict[str, Any]:
    late = entry.view.task.deadline
    return task(entry.view) | {
        "resolution": resolution(entry.resolution),
        "days_late": (entry.day - late).days if late else None,
    }

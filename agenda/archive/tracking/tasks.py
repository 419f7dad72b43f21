"""Tasks of a resolution in the database: create, edit, close by hand, delete; the tree with every task's
rolled-up progress and status on the council's today; the overdue list. Milestones and reports are in
:mod:`agenda.archive.tracking.reports`. The rules are :mod:`agenda.archive.tracking.rollup`."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import audit, clock
from agenda.archive.tracking.rollup import (
    Node,
    Part,
    TaskStatus,
    ancestors_would_cycle,
    rolled_up,
    status_on,
    weighted_progress,
)
from agenda.archive.tracking.values import TaskInput, TaskPatch
from agenda.errors import Conflict, DomainError, found
from agenda.models import Council, Resolution, Task


def get_task(db: DbSession, task_id: int) -> Task:
    return found(db.get(Task, task_id), "nhiệm vụ", "Task")


def get_resolution(db: DbSession, resolution_id: int) -> Resolution:
    return found(db.get(Resolution, resolution_id), "nghị quyết", "Resolution")


def today_of(db: DbSession, resolution: Resolution) -> dt.date:
    """The council's today, for the resolution's tasks."""
    council = found(db.get(Council, resolution.council_id), "Hội đồng nhân dân", "Council")
    return clock.today(council)


def _tasks_of(db: DbSession, resolution_ids: Iterable[int]) -> list[Task]:
    wanted = list(set(resolution_ids))
    if not wanted:
        return []
    return list(db.scalars(select(Task).where(Task.resolution_id.in_(wanted)).order_by(Task.id)))


def _check_external_id(db: DbSession, resolution: Resolution, external_id: str, task_id: int | None) -> None:
    other = db.scalar(
        select(Task.id).where(Task.resolution_id == resolution.id, Task.external_id == external_id)
    )
    if other is not None and other != task_id:
        raise Conflict(
            f"Mã nhiệm vụ “{external_id}” đã có trong nghị quyết này.",
            f"The task code “{external_id}” is already used in this resolution.",
            field="external_id",
        )


def _check_parent(db: DbSession, resolution: Resolution, task_id: int | None, parent_id: int | None) -> None:
    if parent_id is None:
        return
    parent = get_task(db, parent_id)
    if parent.resolution_id != resolution.id:
        raise DomainError(
            "Nhiệm vụ cha phải thuộc cùng nghị quyết.",
            "The parent task must belong to the same resolution.",
            field="parent_id",
        )
    if task_id is None:
        return
    parents = {t.id: t.parent_id for t in _tasks_of(db, [resolution.id])}
    if ancestors_would_cycle(parents, task_id, parent_id):
        raise DomainError(
            "Không thể đặt một nhiệm vụ làm con của chính nó hoặc của nhiệm vụ con của nó.",
            "A task cannot be placed under itself or under one of its own sub-tasks.",
            code="task_cycle",
            field="parent_id",
        )


def create_task(
    db: DbSession, resolution: Resolution, values: TaskInput, *, actor: str | None = None
) -> Task:
    """A task of ``resolution``; without a code it is given ``NV-<id>`` (its key in a CSV file)."""
    if values.external_id is not None:
        _check_external_id(db, resolution, values.external_id, None)
    _check_parent(db, resolution, None, values.parent_id)
    task = Task(
        resolution_id=resolution.id,
        parent_id=values.parent_id,
        external_id=values.external_id or f"tmp-{uuid.uuid4().hex}",
        article=values.article,
        title=values.title,
        agency=values.agency,
        deadline=values.deadline,
        weight=values.weight,
        progress=values.progress,
    )
    db.add(task)
    db.flush()
    if values.external_id is None:
        task.external_id = f"NV-{task.id}"
        db.flush()
    audit.append(
        db,
        "task.created",
        {"task_id": task.id, "resolution_id": resolution.id, "external_id": task.external_id},
        actor=actor,
    )
    return task


def update_task(db: DbSession, task: Task, patch: TaskPatch, *, actor: str | None = None) -> Task:
    resolution = get_resolution(db, task.resolution_id)
    if "title" in patch and patch.title is None:
        raise DomainError(
            "Vui lòng nhập tên nhiệm vụ.", "The task is required.", code="required", field="title"
        )
    if "external_id" in patch:
        if patch.external_id is None:
            raise DomainError(
                "Vui lòng nhập mã nhiệm vụ.",
                "The task code is required.",
                code="required",
                field="external_id",
            )
        _check_external_id(db, resolution, patch.external_id, task.id)
    if "parent_id" in patch:
        _check_parent(db, resolution, task.id, patch.parent_id)
    for key in ("title", "external_id", "parent_id", "article", "agency", "deadline", "weight", "progress"):
        if key in patch:
            setattr(task, key, getattr(patch, key))
    if "closed_reason" in patch:
        if patch.closed_reason is None:
            task.closed_on, task.closed_reason = None, None
        else:
            task.closed_on, task.closed_reason = today_of(db, resolution), patch.closed_reason
    db.flush()
    audit.append(db, "task.updated", {"task_id": task.id, "fields": sorted(patch.given)}, actor=actor)
    return task


def delete_task(db: DbSession, task: Task, *, actor: str | None = None) -> None:
    """The task goes, with its sub-tasks, milestones and reports."""
    detail = {"task_id": task.id, "resolution_id": task.resolution_id, "external_id": task.external_id}
    db.delete(task)
    db.flush()
    audit.append(db, "task.deleted", detail, actor=actor)


@dataclass
class TaskView:
    """A task on a day: its progress (rolled up from its children when it has some), status, children."""

    task: Task
    progress: int
    status: TaskStatus
    children: list[TaskView] = field(default_factory=list)


def views_of(tasks: list[Task], day: dt.date) -> list[TaskView]:
    """The forest of ``tasks`` on ``day``: roots first, children under their parent, each by id."""
    progress = rolled_up([Node(t.id, t.parent_id, t.progress, t.weight) for t in tasks])
    views = {
        t.id: TaskView(t, progress[t.id], status_on(day, progress[t.id], t.deadline, t.closed_on))
        for t in tasks
    }
    roots: list[TaskView] = []
    for t in tasks:
        parent = views.get(t.parent_id) if t.parent_id is not None else None
        (parent.children if parent is not None else roots).append(views[t.id])
    return roots


def tree(db: DbSession, resolution: Resolution, day: dt.date | None = None) -> list[TaskView]:
    """The tasks of ``resolution`` as a tree, on ``day`` (the council's today by default)."""
    return views_of(_tasks_of(db, [resolution.id]), day or today_of(db, resolution))


def flatten(views: Iterable[TaskView]) -> list[TaskView]:
    out: list[TaskView] = []
    for view in views:
        out.append(view)
        out.extend(flatten(view.children))
    return out


@dataclass(frozen=True)
class Overdue:
    view: TaskView
    resolution: Resolution
    day: dt.date  # the council's today it is late on


def overdue(db: DbSession, *, council_id: int | None = None, agency: str | None = None) -> list[Overdue]:
    """Every task past its deadline on its council's today, not completed nor closed — by deadline; of one
    council, of one agency (its name contains ``agency``, any case)."""
    query = select(Resolution)
    if council_id is not None:
        query = query.where(Resolution.council_id == council_id)
    resolutions = {r.id: r for r in db.scalars(query)}
    tasks = _tasks_of(db, resolutions)
    by_resolution: dict[int, list[Task]] = {}
    for t in tasks:
        by_resolution.setdefault(t.resolution_id, []).append(t)
    wanted = agency.casefold() if agency else None
    late: list[Overdue] = []
    for rid, its_tasks in by_resolution.items():
        day = today_of(db, resolutions[rid])
        for view in flatten(views_of(its_tasks, day)):
            if view.status is not TaskStatus.OVERDUE:
                continue
            if wanted and wanted not in (view.task.agency or "").casefold():
                continue
            late.append(Overdue(view, resolutions[rid], day))
    late.sort(key=lambda o: (o.view.task.deadline or dt.date.max, o.view.task.id))
    return late


def view_of(db: DbSession, task: Task) -> TaskView:
    """``task`` as its resolution's tree sees it today (its progress rolled up from its sub-tasks)."""
    for view in flatten(tree(db, get_resolution(db, task.resolution_id))):
        if view.task.id == task.id:
            return view
    raise AssertionError("a task is in its resolution's tree")


@dataclass(frozen=True)
class Summary:
    """A resolution on the tracking page: how many tasks it has, how many are late, its overall progress
    (its top-level tasks rolled up as if under one parent; None without tasks)."""

    resolution: Resolution
    tasks: int
    overdue: int
    progress: int | None


def summaries(db: DbSession, council_id: int | None = None) -> list[Summary]:
    """The resolutions (of one council, or all), the latest adopted first."""
    query = select(Resolution).order_by(Resolution.adopted_on.desc(), Resolution.id.desc())
    if council_id is not None:
        query = query.where(Resolution.council_id == council_id)
    records = list(db.scalars(query))
    by_resolution: dict[int, list[Task]] = {}
    for t in _tasks_of(db, [r.id for r in records]):
        by_resolution.setdefault(t.resolution_id, []).append(t)
    out = []
    for record in records:
        its = by_resolution.get(record.id, [])
        roots = views_of(its, today_of(db, record)) if its else []
        late = sum(1 for v in flatten(roots) if v.status is TaskStatus.OVERDUE)
        overall = weighted_progress([Part(v.progress, v.task.weight) for v in roots]) if roots else None
        out.append(Summary(record, len(its), late, overall))
    return out

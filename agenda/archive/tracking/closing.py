"""A resolution no longer in force (hết hiệu lực toàn bộ) closes its open tasks, with the reason: "Nghị quyết hết
hiệu lực toàn bộ từ ngày 01/03/2027 (bị thay thế bởi Nghị quyết 07/2027/NQ-HĐND)". Idempotent: a closed task
stays as it was closed. Run when the archive records a relation in effect (:func:`after_relation`) and every
day (``kyhop archive close-ended``), which picks up repeals dated in the future and terms that run out."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import audit, clock
from agenda.archive import links
from agenda.archive.force import Force, ForceOnDate
from agenda.archive.relations import ENDING, LABELS, RelationKind
from agenda.clock import written_date
from agenda.models import Council, Resolution, ResolutionRelation, Task


def ending_reason(force: ForceOnDate) -> tuple[dt.date, str]:
    """When the resolution ended and the sentence that says why (from the first fact that ended it)."""
    reason = min(force.why, key=lambda r: r.day) if force.why else None
    if reason is None:
        return force.day, f"Nghị quyết hết hiệu lực toàn bộ từ ngày {written_date(force.day)}"
    if reason.what == "expires":
        why = "hết thời hạn áp dụng"
    else:
        why = f"{LABELS[RelationKind(reason.what)].label('vi', acting=False)} {reason.act}"
    return reason.day, f"Nghị quyết hết hiệu lực toàn bộ từ ngày {written_date(reason.day)} ({why})"


def _open_tasks(db: DbSession, resolution_ids: list[int]) -> list[Task]:
    query = select(Task).where(Task.resolution_id.in_(resolution_ids), Task.closed_on.is_(None))
    return list(db.scalars(query.order_by(Task.id))) if resolution_ids else []


def _close(db: DbSession, tasks: list[Task], ended: dict[int, ForceOnDate], actor: str | None) -> int:
    for task in tasks:
        task.closed_on, task.closed_reason = ending_reason(ended[task.resolution_id])
        audit.append(
            db,
            "task.closed",
            {"task_id": task.id, "resolution_id": task.resolution_id, "reason": task.closed_reason},
            actor=actor,
        )
    db.flush()
    return len(tasks)


def close_tasks_of_ended(
    db: DbSession, day: dt.date, *, council_id: int | None = None, actor: str | None = None
) -> int:
    """Close, on the day its resolution ended, every open task of a resolution whose force on ``day`` is
    :attr:`Force.ENDED`; how many were closed. Without an open task (of the council) nothing is computed."""
    with_open = select(Task.id).join(Resolution, Resolution.id == Task.resolution_id)
    with_open = with_open.where(Task.closed_on.is_(None))
    if council_id is not None:
        with_open = with_open.where(Resolution.council_id == council_id)
    if db.scalar(with_open.limit(1)) is None:
        return 0
    forces = links.forces_of_archive(db, day, council_id=council_id)
    ended = {rid: force for rid, force in forces.items() if force.status is Force.ENDED}
    return _close(db, _open_tasks(db, list(ended)), ended, actor)


def close_all_ended(db: DbSession, *, actor: str | None = None) -> int:
    """The daily run: each council's resolutions on that council's today."""
    closed = 0
    for council in db.scalars(select(Council).order_by(Council.id)):
        closed += close_tasks_of_ended(db, clock.today(council), council_id=council.id, actor=actor)
    return closed


def after_relation(db: DbSession, relation: ResolutionRelation) -> int:
    """A relation just recorded that is in effect already (on the target's council's today) may have ended the
    target: its open tasks are closed now; one dated later waits for the daily run. Only the target's force is
    computed, and only for a replacement or repeal of the whole act of a target with open tasks — an import of
    thousands of relations costs one query each."""
    if relation.kind not in ENDING or relation.parts:
        return 0
    tasks = _open_tasks(db, [relation.target_id])
    target = db.get(Resolution, relation.target_id)
    if not tasks or target is None:
        return 0
    council = db.get(Council, target.council_id)
    today = clock.today(council) if council is not None else relation.effective_on
    if relation.effective_on > today:
        return 0
    force = links.force_of(db, target, today)
    if force.status is not Force.ENDED:
        return 0
    return _close(db, tasks, {target.id: force}, None)

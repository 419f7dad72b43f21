"""The pure rules of implementation tracking: a parent task's progress from its children, and a task's status
on a day. No database here: :mod:`agenda.archive.tracking.tasks` gives them the rows.

Progress (tiến độ) is a whole percent, 0–100. A task without children has its own progress (typed in or
reported). A task with children has the **weighted mean** of its children's progress (their own, or theirs
rolled up), their own progress set aside:

- a child's weight (trọng số) is a whole number ≥ 1; a child **without a weight counts with weight 1** — so
  a list without any weights is a plain mean, and giving one child weight 3 makes it count three times;
- a weight of 0 or less is refused (it would make a child not count, or count against the others);
- the mean is computed exactly, then **rounded down** to a whole percent and **capped at 100**: a parent
  shows 100 % only when every child is at 100 %, and never more, whatever the data says.

The status (trạng thái) is derived on a day — never stored — in this order: closed (đã đóng, with its reason),
completed (hoàn thành: progress 100), overdue (quá hạn: the deadline has passed, the council's today later
than it), not started (chưa bắt đầu: progress 0), in progress (đang thực hiện).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from agenda.errors import DomainError

FULL = 100
DEFAULT_WEIGHT = 1


class TaskStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    OVERDUE = "overdue"
    CLOSED = "closed"


STATUS_LABELS: Mapping[TaskStatus, tuple[str, str]] = {
    TaskStatus.NOT_STARTED: ("Chưa bắt đầu", "Not started"),
    TaskStatus.IN_PROGRESS: ("Đang thực hiện", "In progress"),
    TaskStatus.COMPLETED: ("Hoàn thành", "Completed"),
    TaskStatus.OVERDUE: ("Quá hạn", "Overdue"),
    TaskStatus.CLOSED: ("Đã đóng", "Closed"),
}


def checked_progress(value: int, field: str = "progress") -> int:
    """``value`` if it is a percent (0–100), else the refusal naming it."""
    if not 0 <= value <= FULL:
        raise DomainError(
            f"Tiến độ phải từ 0 đến 100 % (đã nhập {value} %).",
            f"Progress must be between 0 and 100 % (got {value} %).",
            code="bad_progress",
            field=field,
        )
    return value


def checked_weight(value: int | None, field: str = "weight") -> int | None:
    """``value`` if it is empty (counts as 1) or at least 1, else the refusal."""
    if value is not None and value < 1:
        raise DomainError(
            f"Trọng số phải là số nguyên từ 1 trở lên (đã nhập {value}); để trống thì tính là 1.",
            f"A weight must be a whole number of 1 or more (got {value}); left empty it counts as 1.",
            code="bad_weight",
            field=field,
        )
    return value


@dataclass(frozen=True)
class Part:
    """One child as the roll-up reads it: its progress and its weight (None: counts as 1)."""

    progress: int
    weight: int | None = None


def weighted_progress(children: Sequence[Part]) -> int:
    """The weighted mean of the children's progress, rounded down, at most 100 (see the module docstring)."""
    if not children:
        raise ValueError("a roll-up needs at least one child")
    total = Fraction(0)
    weights = 0
    for child in children:
        weight = DEFAULT_WEIGHT if child.weight is None else checked_weight(child.weight)
        assert weight is not None
        total += weight * checked_progress(child.progress)
        weights += weight
    return min(FULL, int(total / weights))


@dataclass(frozen=True)
class Node:
    """A task in a tree: its id, parent, own progress and weight."""

    id: int
    parent: int | None
    progress: int
    weight: int | None = None


def rolled_up(nodes: Sequence[Node]) -> dict[int, int]:
    """Every task's progress: its own without children, else the roll-up of its children's (recursively).
    A parent outside ``nodes`` makes its children roots."""
    by_id = {n.id: n for n in nodes}
    children: dict[int, list[Node]] = {}
    for node in nodes:
        if node.parent is not None and node.parent in by_id:
            children.setdefault(node.parent, []).append(node)
    result: dict[int, int] = {}

    def progress_of(node: Node, path: frozenset[int]) -> int:
        if node.id in result:
            return result[node.id]
        if node.id in path:
            raise ValueError(f"task {node.id} is its own ancestor")
        kids = children.get(node.id, [])
        value = (
            weighted_progress([Part(progress_of(k, path | {node.id}), k.weight) for k in kids])
            if kids
            else checked_progress(node.progress)
        )
        result[node.id] = value
        return value

    for node in nodes:
        progress_of(node, frozenset())
    return result


def status_on(
    day: dt.date, progress: int, deadline: dt.date | None, closed_on: dt.date | None = None
) -> TaskStatus:
    """A task's status on ``day`` (the council's today), from its progress, deadline and closing."""
    if closed_on is not None and closed_on <= day:
        return TaskStatus.CLOSED
    if progress >= FULL:
        return TaskStatus.COMPLETED
    if deadline is not None and deadline < day:
        return TaskStatus.OVERDUE
    if progress <= 0:
        return TaskStatus.NOT_STARTED
    return TaskStatus.IN_PROGRESS


def is_overdue(day: dt.date, progress: int, deadline: dt.date | None, closed_on: dt.date | None) -> bool:
    """Past its deadline on ``day``, neither completed nor closed."""
    return status_on(day, progress, deadline, closed_on) is TaskStatus.OVERDUE


def ancestors_would_cycle(parents: Mapping[int, int | None], task: int, new_parent: int | None) -> bool:
    """Whether making ``new_parent`` the parent of ``task`` would make a task its own ancestor."""
    seen = {task}
    current = new_parent
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        current = parents.get(current)
    return False

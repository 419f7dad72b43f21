"""The typed values of tracking, read at the edge (JSON from the wire, a CSV row): a task, a patch of one, a
milestone, a report — with the fields named in Vietnamese and English on error."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from agenda.archive.tracking.rollup import checked_progress, checked_weight
from agenda.council.values import Patch, Reader
from agenda.inputs import Fields

LABELS: Mapping[str, tuple[str, str]] = {
    "external_id": ("mã nhiệm vụ", "task code"),
    "parent_id": ("nhiệm vụ cha", "parent task"),
    "article": ("điều, khoản", "article"),
    "title": ("tên nhiệm vụ", "task"),
    "agency": ("cơ quan chủ trì", "responsible agency"),
    "deadline": ("hạn hoàn thành", "deadline"),
    "weight": ("trọng số", "weight"),
    "progress": ("tiến độ (%)", "progress (%)"),
    "closed_reason": ("lý do đóng", "reason for closing"),
    "due": ("ngày đến hạn", "due date"),
    "done_on": ("ngày hoàn thành", "date done"),
    "dated": ("ngày báo cáo", "report date"),
    "text": ("nội dung báo cáo", "report text"),
}


def _external_id(f: Fields) -> Any:
    return f.text("external_id", LABELS["external_id"], required=False, max_length=80)


def _parent(f: Fields) -> Any:
    return f.integer("parent_id", LABELS["parent_id"], required=False, minimum=1)


def _article(f: Fields) -> Any:
    return f.text("article", LABELS["article"], required=False, max_length=100)


def _title(f: Fields) -> Any:
    return f.text("title", LABELS["title"], max_length=1000)


def _agency(f: Fields) -> Any:
    return f.text("agency", LABELS["agency"], required=False, max_length=300)


def _deadline(f: Fields) -> Any:
    return f.date("deadline", LABELS["deadline"], required=False)


def _weight(f: Fields) -> Any:
    return checked_weight(f.integer("weight", LABELS["weight"], required=False))


def _progress(f: Fields) -> Any:
    value = f.integer("progress", LABELS["progress"], required=False)
    return 0 if value is None else checked_progress(value)


def _closed_reason(f: Fields) -> Any:
    return f.text("closed_reason", LABELS["closed_reason"], required=False, max_length=2000)


@dataclass(frozen=True)
class TaskInput:
    title: str
    external_id: str | None = None
    parent_id: int | None = None
    article: str | None = None
    agency: str | None = None
    deadline: dt.date | None = None
    weight: int | None = None
    progress: int = 0

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(
            title=_title(f),
            external_id=_external_id(f),
            parent_id=_parent(f),
            article=_article(f),
            agency=_agency(f),
            deadline=_deadline(f),
            weight=_weight(f),
            progress=_progress(f),
        )


@dataclass(frozen=True)
class TaskPatch(Patch):
    """The fields given change; ``closed_reason`` given closes the task today with it, given empty reopens it."""

    title: str | None = None
    external_id: str | None = None
    parent_id: int | None = None
    article: str | None = None
    agency: str | None = None
    deadline: dt.date | None = None
    weight: int | None = None
    progress: int | None = None
    closed_reason: str | None = None
    READERS: ClassVar[Mapping[str, Reader]] = {
        "title": _title,
        "external_id": _external_id,
        "parent_id": _parent,
        "article": _article,
        "agency": _agency,
        "deadline": _deadline,
        "weight": _weight,
        "progress": _progress,
        "closed_reason": _closed_reason,
    }


def _milestone_title(f: Fields) -> Any:
    return f.text("title", ("tên mốc", "milestone"), max_length=500)


def _due(f: Fields) -> Any:
    return f.date("due", LABELS["due"])


def _done_on(f: Fields) -> Any:
    return f.date("done_on", LABELS["done_on"], required=False)


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due: dt.date
    done_on: dt.date | None = None

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(title=_milestone_title(f), due=_due(f), done_on=_done_on(f))


@dataclass(frozen=True)
class MilestonePatch(Patch):
    title: str | None = None
    due: dt.date | None = None
    done_on: dt.date | None = None
    READERS: ClassVar[Mapping[str, Reader]] = {"title": _milestone_title, "due": _due, "done_on": _done_on}


@dataclass(frozen=True)
class ReportInput:
    """A report: its date (not after the council's today), its text, the progress it reports (optional)."""

    dated: dt.date
    text: str
    progress: int | None = None

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        progress = f.integer("progress", LABELS["progress"], required=False)
        return cls(
            dated=f.date("dated", LABELS["dated"]),
            text=f.text("text", LABELS["text"], max_length=20000),
            progress=None if progress is None else checked_progress(progress),
        )

"""The typed values of activities, read at the edge (JSON from the wire, a row of a sheet): an activity and a
patch of one with its participants — with the fields named in Vietnamese and English on error. A
recommendation's, a petition's and a time limit's: :mod:`agenda.activity.followup_values`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from agenda.council.values import Patch, Reader
from agenda.errors import DomainError
from agenda.inputs import Fields
from agenda.models import (
    ActivityKind,
    Organiser,
    ParticipantRole,
)

LABELS: Mapping[str, tuple[str, str]] = {
    "council_id": ("Hội đồng nhân dân", "council"),
    "kind": ("loại hoạt động", "kind of activity"),
    "thematic": ("giám sát chuyên đề", "thematic supervision"),
    "organiser": ("chủ thể tổ chức", "organiser"),
    "organization_id": ("cơ quan tổ chức (Ban, Tổ, Thường trực)", "organising body (Ban, Tổ, Standing)"),
    "lead_person_id": ("đại biểu chủ trì", "lead delegate"),
    "session_id": ("kỳ họp", "session"),
    "external_id": ("mã hoạt động", "activity code"),
    "title": ("tên hoạt động", "title"),
    "subjects": ("đối tượng", "subjects"),
    "plan": ("kế hoạch, nội dung", "plan"),
    "place": ("địa điểm", "place"),
    "starts_on": ("ngày bắt đầu", "start date"),
    "ends_on": ("ngày kết thúc", "end date"),
    "completed_on": ("ngày hoàn thành", "date completed"),
    "conclusions": ("kết luận", "conclusions"),
    "voters": ("số cử tri dự", "number of voters"),
    "citizens": ("số lượt công dân", "number of citizens"),
    "cases": ("số vụ việc", "number of cases"),
    "participants": ("thành phần tham gia", "participants"),
    "person_id": ("đại biểu", "delegate"),
    "role": ("vai trò", "role"),
}


def _text(f: Fields, key: str, *, required: bool = False, max_length: int = 300) -> Any:
    return f.text(key, LABELS[key], required=required, max_length=max_length)


def _count(f: Fields, key: str) -> Any:
    return f.integer(key, LABELS[key], required=False, minimum=0)


@dataclass(frozen=True)
class ParticipantInput:
    person_id: int
    role: ParticipantRole = ParticipantRole.MEMBER


def _participants(f: Fields) -> Any:
    raw = f.data.get("participants")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise DomainError(
            "Thành phần tham gia phải là một danh sách.",
            "Participants must be a list.",
            field="participants",
        )
    out: list[ParticipantInput] = []
    for item in raw:
        if isinstance(item, int) and not isinstance(item, bool):
            item = {"person_id": item}
        g = Fields(item)
        role = g.choice("role", LABELS["role"], ParticipantRole, required=False)
        person = g.integer("person_id", LABELS["person_id"], minimum=1)
        out.append(ParticipantInput(person, role or ParticipantRole.MEMBER))
    return tuple(out)


READERS: Mapping[str, Reader] = {
    "kind": lambda f: f.choice("kind", LABELS["kind"], ActivityKind),
    "organiser": lambda f: f.choice("organiser", LABELS["organiser"], Organiser),
    "title": lambda f: _text(f, "title", required=True, max_length=500),
    "starts_on": lambda f: f.date("starts_on", LABELS["starts_on"]),
    "ends_on": lambda f: f.date("ends_on", LABELS["ends_on"], required=False),
    "thematic": lambda f: f.boolean("thematic", LABELS["thematic"], default=False),
    "organization_id": lambda f: f.integer(
        "organization_id", LABELS["organization_id"], required=False, minimum=1
    ),
    "lead_person_id": lambda f: f.integer(
        "lead_person_id", LABELS["lead_person_id"], required=False, minimum=1
    ),
    "session_id": lambda f: f.integer("session_id", LABELS["session_id"], required=False, minimum=1),
    "external_id": lambda f: _text(f, "external_id", max_length=80),
    "subjects": lambda f: _text(f, "subjects", max_length=5000),
    "plan": lambda f: _text(f, "plan", max_length=20000),
    "place": lambda f: _text(f, "place", max_length=300),
    "completed_on": lambda f: f.date("completed_on", LABELS["completed_on"], required=False),
    "conclusions": lambda f: _text(f, "conclusions", max_length=20000),
    "voters": lambda f: _count(f, "voters"),
    "citizens": lambda f: _count(f, "citizens"),
    "cases": lambda f: _count(f, "cases"),
    "participants": _participants,
}


@dataclass(frozen=True)
class ActivityInput:
    """An activity as recorded: ``ends_on`` defaults to ``starts_on``; the term is the one holding the dates
    (found, not given); ``participants`` are delegates by person id with their role."""

    kind: ActivityKind
    organiser: Organiser
    title: str
    starts_on: dt.date
    ends_on: dt.date | None = None
    thematic: bool = False
    organization_id: int | None = None
    lead_person_id: int | None = None
    session_id: int | None = None
    external_id: str | None = None
    subjects: str | None = None
    plan: str | None = None
    place: str | None = None
    completed_on: dt.date | None = None
    conclusions: str | None = None
    voters: int | None = None
    citizens: int | None = None
    cases: int | None = None
    participants: tuple[ParticipantInput, ...] = ()

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(**{key: reader(f) for key, reader in READERS.items()})


@dataclass(frozen=True)
class ActivityPatch(Patch):
    """The fields given change (``participants`` given replaces the whole list); the activity is then checked
    again as a whole."""

    kind: ActivityKind | None = None
    organiser: Organiser | None = None
    title: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    thematic: bool | None = None
    organization_id: int | None = None
    lead_person_id: int | None = None
    session_id: int | None = None
    external_id: str | None = None
    subjects: str | None = None
    plan: str | None = None
    place: str | None = None
    completed_on: dt.date | None = None
    conclusions: str | None = None
    voters: int | None = None
    citizens: int | None = None
    cases: int | None = None
    participants: tuple[ParticipantInput, ...] | None = None
    READERS: ClassVar[Mapping[str, Reader]] = READERS

"""The typed values of activities, read at the edge (JSON from the wire, a row of a sheet): an activity and a
patch of one with its participants, a recommendation and the steps of its chain, a petition and its steps, a
council's time limit — with the fields named in Vietnamese and English on error."""

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
    Outcome,
    ParticipantRole,
    PetitionKind,
    RecommendationKind,
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

REC_LABELS: Mapping[str, tuple[str, str]] = {
    "activity_id": ("hoạt động", "activity"),
    "term_id": ("nhiệm kỳ", "term"),
    "external_id": ("mã kiến nghị", "recommendation code"),
    "kind": ("phân loại (ý kiến / kiến nghị)", "classification (opinion / recommendation)"),
    "field": ("lĩnh vực", "field"),
    "text": ("nội dung kiến nghị", "recommendation text"),
    "raised_on": ("ngày nêu", "date raised"),
    "addressee": ("cơ quan nhận", "addressee"),
    "forwarded_on": ("ngày chuyển", "date forwarded"),
    "due_on": ("hạn trả lời", "due date"),
    "answered_on": ("ngày trả lời", "date answered"),
    "answer": ("nội dung trả lời", "answer"),
    "outcome": ("kết quả giải quyết", "outcome"),
    "outcome_on": ("ngày có kết quả", "date of outcome"),
    "feedback": ("ý kiến phản hồi của cử tri", "voters' feedback"),
    "feedback_on": ("ngày phản hồi", "date of feedback"),
    "resupervised_on": ("ngày tái giám sát", "date re-supervised"),
}

PET_LABELS: Mapping[str, tuple[str, str]] = {
    "activity_id": ("buổi tiếp công dân", "citizen reception"),
    "handler_person_id": ("đại biểu xử lý", "delegate handling it"),
    "external_id": ("mã đơn", "petition code"),
    "kind": ("loại đơn", "kind of petition"),
    "sender": ("người gửi", "sender"),
    "subject": ("nội dung đơn", "subject"),
    "received_on": ("ngày nhận", "date received"),
    "addressee": ("cơ quan có thẩm quyền", "competent body"),
    "forwarded_on": ("ngày chuyển", "date forwarded"),
    "complex_case": ("vụ việc phức tạp", "complex case"),
    "resolved_on": ("ngày giải quyết", "date resolved"),
    "outcome": ("kết quả giải quyết", "outcome"),
    "result": ("kết quả", "result"),
    "days": ("số ngày", "number of days"),
    "basis": ("căn cứ", "legal basis"),
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


def _rtext(f: Fields, key: str, *, required: bool = False, max_length: int = 300) -> Any:
    return f.text(key, REC_LABELS[key], required=required, max_length=max_length)


def _rdate(f: Fields, key: str, *, required: bool = False) -> Any:
    return f.date(key, REC_LABELS[key], required=required)


@dataclass(frozen=True)
class RecommendationInput:
    """A recommendation as raised (at ``activity_id``, or otherwise in the council's ``term_id``); the later
    steps of its chain are given by :class:`ChainStep` — or, from an imported sheet, here at once."""

    text: str
    raised_on: dt.date
    kind: RecommendationKind = RecommendationKind.RECOMMENDATION
    activity_id: int | None = None
    term_id: int | None = None
    external_id: str | None = None
    field: str | None = None
    addressee: str | None = None
    forwarded_on: dt.date | None = None
    due_on: dt.date | None = None
    answered_on: dt.date | None = None
    answer: str | None = None
    outcome: Outcome | None = None
    outcome_on: dt.date | None = None

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(
            text=_rtext(f, "text", required=True, max_length=10000),
            raised_on=_rdate(f, "raised_on", required=True),
            kind=f.choice("kind", REC_LABELS["kind"], RecommendationKind, required=False)
            or RecommendationKind.RECOMMENDATION,
            activity_id=f.integer("activity_id", REC_LABELS["activity_id"], required=False, minimum=1),
            term_id=f.integer("term_id", REC_LABELS["term_id"], required=False, minimum=1),
            external_id=_rtext(f, "external_id", max_length=80),
            field=_rtext(f, "field", max_length=200),
            addressee=_rtext(f, "addressee", max_length=300),
            forwarded_on=_rdate(f, "forwarded_on"),
            due_on=_rdate(f, "due_on"),
            answered_on=_rdate(f, "answered_on"),
            answer=_rtext(f, "answer", max_length=20000),
            outcome=f.choice("outcome", REC_LABELS["outcome"], Outcome, required=False),
            outcome_on=_rdate(f, "outcome_on"),
        )


@dataclass(frozen=True)
class RecommendationPatch(Patch):
    """Edit what was raised (text, field, code, date raised); the chain moves by its own steps."""

    text: str | None = None
    field: str | None = None
    external_id: str | None = None
    raised_on: dt.date | None = None
    READERS: ClassVar[Mapping[str, Reader]] = {
        "text": lambda f: _rtext(f, "text", required=True, max_length=10000),
        "field": lambda f: _rtext(f, "field", max_length=200),
        "external_id": lambda f: _rtext(f, "external_id", max_length=80),
        "raised_on": lambda f: _rdate(f, "raised_on", required=True),
    }


@dataclass(frozen=True)
class Forwarding:
    addressee: str
    forwarded_on: dt.date
    due_on: dt.date | None = None

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(
            addressee=_rtext(f, "addressee", required=True, max_length=300),
            forwarded_on=_rdate(f, "forwarded_on", required=True),
            due_on=_rdate(f, "due_on"),
        )


@dataclass(frozen=True)
class Answer:
    answered_on: dt.date
    answer: str | None = None

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(_rdate(f, "answered_on", required=True), _rtext(f, "answer", max_length=20000))


@dataclass(frozen=True)
class OutcomeInput:
    outcome: Outcome
    outcome_on: dt.date

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(
            f.choice("outcome", REC_LABELS["outcome"], Outcome), _rdate(f, "outcome_on", required=True)
        )


@dataclass(frozen=True)
class Feedback:
    feedback: str
    feedback_on: dt.date

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(
            _rtext(f, "feedback", required=True, max_length=10000), _rdate(f, "feedback_on", required=True)
        )


def _ptext(f: Fields, key: str, *, required: bool = False, max_length: int = 300) -> Any:
    return f.text(key, PET_LABELS[key], required=required, max_length=max_length)


def _pdate(f: Fields, key: str, *, required: bool = False) -> Any:
    return f.date(key, PET_LABELS[key], required=required)


@dataclass(frozen=True)
class PetitionInput:
    """An đơn thư as received (optionally at a citizen reception ``activity_id``)."""

    kind: PetitionKind
    sender: str
    subject: str
    received_on: dt.date
    activity_id: int | None = None
    handler_person_id: int | None = None
    external_id: str | None = None

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(
            kind=f.choice("kind", PET_LABELS["kind"], PetitionKind),
            sender=_ptext(f, "sender", required=True, max_length=300),
            subject=_ptext(f, "subject", required=True, max_length=10000),
            received_on=_pdate(f, "received_on", required=True),
            activity_id=f.integer("activity_id", PET_LABELS["activity_id"], required=False, minimum=1),
            handler_person_id=f.integer(
                "handler_person_id", PET_LABELS["handler_person_id"], required=False, minimum=1
            ),
            external_id=_ptext(f, "external_id", max_length=80),
        )


@dataclass(frozen=True)
class PetitionForwarding:
    """Forwarded to the competent body on a date; ``complex_case`` takes the longer limit where the law has
    one (a complaint: 45 days)."""

    addressee: str
    forwarded_on: dt.date
    complex_case: bool = False

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(
            addressee=_ptext(f, "addressee", required=True),
            forwarded_on=_pdate(f, "forwarded_on", required=True),
            complex_case=f.boolean("complex_case", PET_LABELS["complex_case"], default=False),
        )


@dataclass(frozen=True)
class PetitionResolution:
    resolved_on: dt.date
    outcome: Outcome
    result: str | None = None

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(
            resolved_on=_pdate(f, "resolved_on", required=True),
            outcome=f.choice("outcome", PET_LABELS["outcome"], Outcome),
            result=_ptext(f, "result", max_length=20000),
        )


@dataclass(frozen=True)
class LimitInput:
    kind: PetitionKind
    days: int
    basis: str | None = None

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(
            kind=f.choice("kind", PET_LABELS["kind"], PetitionKind),
            days=f.integer("days", PET_LABELS["days"], minimum=1, maximum=365),
            basis=_ptext(f, "basis", max_length=300),
        )

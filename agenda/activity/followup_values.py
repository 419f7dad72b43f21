"""The typed values of an activity's follow-up, read at the edge (JSON from the wire, a row of a sheet): a
recommendation and the steps of its chain, a petition and its steps, a council's time limit — with the fields
named in Vietnamese and English on error. (An activity's own values: :mod:`agenda.activity.values`.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from agenda.council.values import Patch, Reader
from agenda.inputs import Fields
from agenda.models import Outcome, PetitionKind, RecommendationKind

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

"""Recommendations (kiến nghị cử tri, a supervision's kiến nghị) through their chain: raised, classified,
forwarded (addressee, due date), answered, outcome — an outcome is refused without an answer, an answer
before forwarding — the voters' feedback, a re-supervision, and :func:`carry_over` of a finished term's open
ones into the next. Where one stands is derived (:mod:`agenda.activity.chain`); its dates are checked here in
one place, :func:`check_chain`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session as DbSession

from agenda import audit, clock
from agenda.activity.chain import Stage, recommendation_stage
from agenda.activity.followup_values import (
    Answer,
    Feedback,
    Forwarding,
    OutcomeInput,
    RecommendationInput,
    RecommendationPatch,
)
from agenda.clock import written_date
from agenda.errors import Conflict, DomainError, found
from agenda.models import Activity, Council, Recommendation, RecommendationKind, Term


def get_recommendation(db: DbSession, recommendation_id: int) -> Recommendation:
    return found(db.get(Recommendation, recommendation_id), "kiến nghị", "Recommendation")


def _council(db: DbSession, council_id: int) -> Council:
    return found(db.get(Council, council_id), "Hội đồng nhân dân", "Council")


def _not_before(later: dt.date | None, earlier: dt.date | None, key: str, what: tuple[str, str]) -> None:
    if later is not None and earlier is not None and later < earlier:
        raise DomainError(
            f"{what[0]} ({written_date(later)}) không được trước {written_date(earlier)}.",
            f"{what[1]} ({written_date(later)}) cannot be before {written_date(earlier)}.",
            code="dates_order",
            field=key,
        )


def check_chain(rec: Recommendation, today: dt.date) -> None:
    """The chain's dates in order and none in the future: forwarded (to someone) on or after raised; answered
    only once forwarded; an outcome only with an answer; feedback and re-supervision not before the answer."""
    for key in ("raised_on", "forwarded_on", "answered_on", "outcome_on", "feedback_on", "resupervised_on"):
        value = getattr(rec, key)
        if value is not None and value > today:
            raise DomainError(
                f"Ngày ({written_date(value)}) không được sau hôm nay ({written_date(today)}).",
                f"The date ({written_date(value)}) cannot be after today ({written_date(today)}).",
                code="date_in_future",
                field=key,
            )
    if rec.forwarded_on is not None and not rec.addressee:
        raise DomainError(
            "Vui lòng nhập cơ quan nhận kiến nghị.",
            "The addressee is required.",
            code="required",
            field="addressee",
        )
    if rec.answered_on is not None and rec.forwarded_on is None:
        raise DomainError(
            "Kiến nghị chưa được chuyển thì không thể ghi đã trả lời.",
            "A recommendation cannot be answered before it is forwarded.",
            code="answered_before_forwarded",
            field="answered_on",
        )
    if rec.outcome is not None and rec.answered_on is None:
        raise DomainError(
            "Không thể ghi kết quả giải quyết khi chưa có trả lời.",
            "A recommendation cannot be resolved without an answer.",
            code="outcome_without_answer",
            field="outcome",
        )
    _not_before(rec.forwarded_on, rec.raised_on, "forwarded_on", ("Ngày chuyển", "The date forwarded"))
    _not_before(rec.due_on, rec.forwarded_on, "due_on", ("Hạn trả lời", "The due date"))
    _not_before(rec.answered_on, rec.forwarded_on, "answered_on", ("Ngày trả lời", "The date answered"))
    _not_before(rec.outcome_on, rec.answered_on, "outcome_on", ("Ngày có kết quả", "The date of the outcome"))
    _not_before(rec.feedback_on, rec.raised_on, "feedback_on", ("Ngày phản hồi", "The date of feedback"))
    _not_before(
        rec.resupervised_on, rec.raised_on, "resupervised_on", ("Ngày tái giám sát", "The re-supervision")
    )


def _check_code(db: DbSession, council_id: int, external_id: str | None, rec_id: int | None) -> None:
    if external_id is None:
        return
    other = db.scalar(
        select(Recommendation.id).where(
            Recommendation.council_id == council_id, Recommendation.external_id == external_id
        )
    )
    if other is not None and other != rec_id:
        raise Conflict(
            f"Mã kiến nghị “{external_id}” đã có.",
            f"The recommendation code “{external_id}” is already used.",
            field="external_id",
        )


def _place(db: DbSession, council: Council | None, values: RecommendationInput) -> tuple[int, int]:
    """The council and term of a new recommendation: its activity's, or the term given (holding the date)."""
    if values.activity_id is not None:
        activity = found(db.get(Activity, values.activity_id), "hoạt động", "Activity")
        if council is not None and activity.council_id != council.id:
            raise DomainError(
                "Hoạt động không thuộc Hội đồng nhân dân này.",
                "The activity is not one of this council's.",
                field="activity_id",
            )
        _not_before(values.raised_on, activity.starts_on, "raised_on", ("Ngày nêu", "The date raised"))
        return activity.council_id, activity.term_id
    if values.term_id is None:
        raise DomainError(
            "Vui lòng chọn hoạt động hoặc nhiệm kỳ của kiến nghị.",
            "The recommendation's activity or term is required.",
            code="required",
            field="activity_id",
        )
    term = found(db.get(Term, values.term_id), "nhiệm kỳ", "Term")
    if council is not None and term.council_id != council.id:
        raise DomainError(
            "Nhiệm kỳ không thuộc Hội đồng nhân dân này.",
            "The term is not one of this council's.",
            field="term_id",
        )
    if values.raised_on < term.starts_on or (term.ends_on is not None and values.raised_on > term.ends_on):
        raise DomainError(
            "Ngày nêu kiến nghị nằm ngoài nhiệm kỳ.",
            "The date raised is outside the term.",
            field="raised_on",
        )
    return term.council_id, term.id


def create_recommendation(
    db: DbSession, values: RecommendationInput, *, council: Council | None = None, actor: str | None = None
) -> Recommendation:
    """A recommendation raised at an activity (or in a term), with as much of its chain as is known."""
    council_id, term_id = _place(db, council, values)
    _check_code(db, council_id, values.external_id, None)
    rec = Recommendation(
        council_id=council_id,
        term_id=term_id,
        activity_id=values.activity_id,
        external_id=values.external_id,
        kind=values.kind,
        field=values.field,
        text=values.text,
        raised_on=values.raised_on,
        addressee=values.addressee,
        forwarded_on=values.forwarded_on,
        due_on=values.due_on,
        answered_on=values.answered_on,
        answer=values.answer,
        outcome=values.outcome,
        outcome_on=values.outcome_on if values.outcome is None else values.outcome_on or values.answered_on,
        created_by=actor,
    )
    check_chain(rec, clock.today(_council(db, council_id)))
    db.add(rec)
    db.flush()
    audit.append(
        db,
        "recommendation.created",
        {"recommendation_id": rec.id, "council_id": council_id, "activity_id": values.activity_id},
        actor=actor,
    )
    return rec


CHAIN_FIELDS = (
    "kind",
    "field",
    "text",
    "raised_on",
    "addressee",
    "forwarded_on",
    "due_on",
    "answered_on",
    "answer",
    "outcome",
    "outcome_on",
)


def as_input(rec: Recommendation) -> RecommendationInput:
    """The recommendation as it stands, as an input (an imported row is compared with it)."""
    return RecommendationInput(
        **{key: getattr(rec, key) for key in CHAIN_FIELDS},
        activity_id=rec.activity_id,
        term_id=None if rec.activity_id is not None else rec.term_id,
        external_id=rec.external_id,
    )


def replace_recommendation(
    db: DbSession, rec: Recommendation, values: RecommendationInput, *, actor: str | None = None
) -> Recommendation:
    """Every field of ``rec`` as ``values`` has it (a row imported again, changed), checked as a new one is."""
    council_id, term_id = _place(db, _council(db, rec.council_id), values)
    _check_code(db, council_id, values.external_id, rec.id)
    changes: dict[str, object] = {key: getattr(values, key) for key in CHAIN_FIELDS}
    if values.outcome is not None and values.outcome_on is None:
        changes["outcome_on"] = values.answered_on
    changes |= {"activity_id": values.activity_id, "term_id": term_id, "external_id": values.external_id}
    return _step(db, rec, changes, "replaced", {}, actor)


def _step(
    db: DbSession,
    rec: Recommendation,
    changes: Mapping[str, object],
    action: str,
    detail: dict[str, object],
    actor: str | None,
) -> Recommendation:
    """``changes`` made to ``rec`` if its chain still holds (else undone, and the rule broken raised)."""
    today = clock.today(_council(db, rec.council_id))
    before = {key: getattr(rec, key) for key in changes}
    for key, value in changes.items():
        setattr(rec, key, value)
    try:
        check_chain(rec, today)
    except DomainError:
        for key, value in before.items():
            setattr(rec, key, value)
        raise
    db.flush()
    audit.append(db, f"recommendation.{action}", {"recommendation_id": rec.id, **detail}, actor=actor)
    return rec


def update_recommendation(
    db: DbSession, rec: Recommendation, patch: RecommendationPatch, *, actor: str | None = None
) -> Recommendation:
    if "external_id" in patch:
        _check_code(db, rec.council_id, patch.external_id, rec.id)
    changes = {key: getattr(patch, key) for key in patch.given}
    for key in ("text", "raised_on"):
        if key in changes and changes[key] is None:
            changes.pop(key)  # required: not cleared by a null
    if "raised_on" in changes:  # still within its activity's dates, or its term's
        _place(
            db,
            _council(db, rec.council_id),
            dataclasses.replace(as_input(rec), raised_on=changes["raised_on"]),
        )
    return _step(db, rec, changes, "updated", {"fields": sorted(patch.given)}, actor)


def classify(
    db: DbSession, rec: Recommendation, kind: RecommendationKind, *, actor: str | None = None
) -> Recommendation:
    """An opinion (ý kiến, no answer owed) or a recommendation (kiến nghị, an answer owed)."""
    return _step(db, rec, {"kind": kind}, "classified", {"kind": str(kind)}, actor)


def forward(
    db: DbSession, rec: Recommendation, values: Forwarding, *, actor: str | None = None
) -> Recommendation:
    changes = {"addressee": values.addressee, "forwarded_on": values.forwarded_on, "due_on": values.due_on}
    return _step(
        db, rec, changes, "forwarded", {"addressee": values.addressee, "due_on": values.due_on}, actor
    )


def answer(db: DbSession, rec: Recommendation, values: Answer, *, actor: str | None = None) -> Recommendation:
    """The addressee's answer (refused before the recommendation is forwarded)."""
    changes = {"answered_on": values.answered_on, "answer": values.answer}
    return _step(db, rec, changes, "answered", {"answered_on": values.answered_on}, actor)


def set_outcome(
    db: DbSession, rec: Recommendation, values: OutcomeInput, *, actor: str | None = None
) -> Recommendation:
    """Resolved, partly or not — refused without an answer ("resolved without an answer")."""
    changes = {"outcome": values.outcome, "outcome_on": values.outcome_on}
    return _step(db, rec, changes, "outcome", {"outcome": str(values.outcome)}, actor)


def record_feedback(
    db: DbSession, rec: Recommendation, values: Feedback, *, actor: str | None = None
) -> Recommendation:
    changes = {"feedback": values.feedback, "feedback_on": values.feedback_on}
    return _step(db, rec, changes, "feedback", {"feedback_on": values.feedback_on}, actor)


def resupervise(
    db: DbSession, rec: Recommendation, on: dt.date, *, actor: str | None = None
) -> Recommendation:
    return _step(db, rec, {"resupervised_on": on}, "resupervised", {"resupervised_on": on}, actor)


def delete_recommendation(db: DbSession, rec: Recommendation, *, actor: str | None = None) -> None:
    detail = {"recommendation_id": rec.id, "council_id": rec.council_id, "external_id": rec.external_id}
    db.delete(rec)
    db.flush()
    audit.append(db, "recommendation.deleted", detail, actor=actor)


@dataclass(frozen=True)
class RecommendationFilter:
    council_id: int | None = None
    term_id: int | None = None
    activity_id: int | None = None
    year: int | None = None  # raised in
    stage: Stage | None = None  # on the council's today


def _query(wanted: RecommendationFilter) -> Select[Recommendation]:
    stmt = select(Recommendation)
    for key in ("council_id", "term_id", "activity_id"):
        value = getattr(wanted, key)
        if value is not None:
            stmt = stmt.where(getattr(Recommendation, key) == value)
    if wanted.year is not None:
        stmt = stmt.where(
            Recommendation.raised_on >= dt.date(wanted.year, 1, 1),
            Recommendation.raised_on <= dt.date(wanted.year, 12, 31),
        )
    return stmt.order_by(Recommendation.raised_on.desc(), Recommendation.id.desc())


def list_recommendations(db: DbSession, wanted: RecommendationFilter) -> list[tuple[Recommendation, Stage]]:
    """The recommendations matching ``wanted`` with where each stands on its council's today."""
    todays: dict[int, dt.date] = {}
    out: list[tuple[Recommendation, Stage]] = []
    for rec in db.scalars(_query(wanted)):
        if rec.council_id not in todays:
            todays[rec.council_id] = clock.today(_council(db, rec.council_id))
        stage = recommendation_stage(rec, todays[rec.council_id])
        if wanted.stage is None or stage is wanted.stage:
            out.append((rec, stage))
    return out


def overdue(db: DbSession, council_id: int | None = None) -> list[Recommendation]:
    """Forwarded, past their due date, not answered — the earliest due first."""
    rows = list_recommendations(db, RecommendationFilter(council_id=council_id, stage=Stage.OVERDUE))
    return sorted((r for r, _ in rows), key=lambda r: (r.due_on or dt.date.max, r.id))

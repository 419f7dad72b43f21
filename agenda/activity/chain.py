"""Where a recommendation or a petition stands on a date — derived from its dates, never typed by hand.

A recommendation: raised; classified as an opinion (no answer owed); forwarded to its addressee; overdue (the
due date passed with no answer); answered (the outcome not yet known); resolved, partly resolved or
unresolved (answered is not resolved); carried into the next term. A petition: received; late to process (not
forwarded within the processing limit, :mod:`agenda.activity.limits`); forwarded; overdue; resolved, partly
resolved or unresolved."""

from __future__ import annotations

import datetime as dt
import enum

from agenda.activity.limits import processing_due
from agenda.models import Outcome, Petition, Recommendation, RecommendationKind


class Stage(enum.StrEnum):
    NOT_YET = "not_yet"  # before the day it was raised / received
    RAISED = "raised"
    OPINION = "opinion"
    RECEIVED = "received"
    PROCESSING_LATE = "processing_late"
    FORWARDED = "forwarded"
    OVERDUE = "overdue"
    ANSWERED = "answered"
    RESOLVED = "resolved"
    PARTLY = "partly"
    UNRESOLVED = "unresolved"
    CARRIED = "carried"


LABELS: dict[Stage, tuple[str, str]] = {
    Stage.NOT_YET: ("chưa phát sinh", "not yet raised"),
    Stage.RAISED: ("đã tiếp nhận, chưa chuyển", "raised, not forwarded"),
    Stage.OPINION: ("ý kiến (không yêu cầu trả lời)", "opinion (no answer owed)"),
    Stage.RECEIVED: ("đã nhận, chưa chuyển", "received, not forwarded"),
    Stage.PROCESSING_LATE: ("quá hạn xử lý đơn", "late to process"),
    Stage.FORWARDED: ("đã chuyển, chờ trả lời", "forwarded, awaiting an answer"),
    Stage.OVERDUE: ("quá hạn trả lời", "overdue"),
    Stage.ANSWERED: ("đã trả lời, chờ kết quả", "answered, outcome pending"),
    Stage.RESOLVED: ("đã giải quyết", "resolved"),
    Stage.PARTLY: ("đã trả lời, giải quyết một phần", "answered, partly resolved"),
    Stage.UNRESOLVED: ("đã trả lời, chưa giải quyết", "answered, not resolved"),
    Stage.CARRIED: ("chuyển sang nhiệm kỳ sau", "carried into the next term"),
}
OPEN = frozenset(
    {Stage.RAISED, Stage.FORWARDED, Stage.OVERDUE, Stage.ANSWERED, Stage.PARTLY, Stage.UNRESOLVED}
)
OUTCOME_STAGE: dict[Outcome, Stage] = {
    Outcome.RESOLVED: Stage.RESOLVED,
    Outcome.PARTLY: Stage.PARTLY,
    Outcome.UNRESOLVED: Stage.UNRESOLVED,
}


def _on(value: dt.date | None, day: dt.date) -> bool:
    return value is not None and value <= day


def recommendation_stage(rec: Recommendation, day: dt.date) -> Stage:
    """Where ``rec`` stands at the end of ``day``."""
    if rec.raised_on > day:
        return Stage.NOT_YET
    if _on(rec.carried_on, day):
        return Stage.CARRIED
    if rec.outcome is not None and _on(rec.outcome_on or rec.answered_on, day):
        return OUTCOME_STAGE[rec.outcome]
    if _on(rec.answered_on, day):
        return Stage.ANSWERED
    if _on(rec.forwarded_on, day):
        return Stage.OVERDUE if rec.due_on is not None and rec.due_on < day else Stage.FORWARDED
    return Stage.OPINION if rec.kind is RecommendationKind.OPINION else Stage.RAISED


def petition_stage(petition: Petition, day: dt.date) -> Stage:
    """Where ``petition`` stands at the end of ``day``."""
    if petition.received_on > day:
        return Stage.NOT_YET
    if petition.outcome is not None and _on(petition.resolved_on, day):
        return OUTCOME_STAGE[petition.outcome]
    if _on(petition.forwarded_on, day):
        return Stage.OVERDUE if petition.due_on is not None and petition.due_on < day else Stage.FORWARDED
    return Stage.PROCESSING_LATE if processing_due(petition.received_on) < day else Stage.RECEIVED


def label(stage: Stage, lang: str = "vi") -> str:
    vi, en = LABELS[stage]
    return en if lang == "en" else vi

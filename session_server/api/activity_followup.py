"""The follow-up of activities between sessions: recommendations through their chain (classify, forward,
answer, outcome, feedback, re-supervision, carry-over into the next term), petitions and their time limits,
and what is late today. Secretaries, the chair and administrators write; the staff read
(:mod:`agenda.activity`; the activities themselves: :mod:`session_server.api.activity`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agenda.access import STAFF
from agenda.activity import carry, limits, petitions, recommendations
from agenda.activity.chain import Stage
from agenda.activity.followup_values import (
    Answer,
    Feedback,
    Forwarding,
    LimitInput,
    OutcomeInput,
    PetitionForwarding,
    PetitionInput,
    PetitionResolution,
    RecommendationInput,
    RecommendationPatch,
)
from agenda.activity.petitions import PetitionFilter
from agenda.activity.recommendations import RecommendationFilter
from agenda.errors import found
from agenda.inputs import Fields
from agenda.models import Petition, Recommendation, RecommendationKind, Term
from session_server.api.activity import COUNCIL, TAG, WRITERS, body_council, council_of, today_of
from session_server.api.params import query_choice, query_int
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import BOOL, DATE, DELETED, INT, STR, array, obj, patch, reply
from session_server.wire import activity as wire

api = Api()
REC_FIELDS: dict[str, Any] = {
    "activity_id": INT,
    "term_id": INT,
    "external_id": STR,
    "kind": STR,
    "field": STR,
    "text": STR,
    "raised_on": DATE,
    "addressee": STR,
    "forwarded_on": DATE,
    "due_on": DATE,
    "answered_on": DATE,
    "answer": STR,
    "outcome": STR,
    "outcome_on": DATE,
}


def _rec(call: Call, rec: Recommendation) -> dict[str, Any]:
    return wire.recommendation(rec, today_of(call, rec.council_id))


@api.endpoint(
    "GET",
    "/api/activity/recommendations",
    summary="Recommendations with where each stands today (?council_id=, ?term_id=, ?activity_id=, ?year= — "
    "raised in, ?stage=)",
    roles=STAFF,
    tag=TAG,
    query={"council_id": INT, "term_id": INT, "activity_id": INT, "year": INT, "stage": STR},
    returns=reply(recommendations=array(wire.RECOMMENDATION)),
)
def list_recommendations(call: Call) -> dict[str, Any]:
    wanted = RecommendationFilter(
        council_id=query_int(call, "council_id", COUNCIL, minimum=1),
        term_id=query_int(call, "term_id", ("nhiệm kỳ", "term"), minimum=1),
        activity_id=query_int(call, "activity_id", ("hoạt động", "activity"), minimum=1),
        year=query_int(call, "year", ("năm", "year"), minimum=1900, maximum=2200),
        stage=query_choice(call, "stage", ("tình trạng", "stage"), Stage),
    )
    rows = recommendations.list_recommendations(call.db, wanted)
    return {"recommendations": [_rec(call, r) for r, _ in rows]}


@api.endpoint(
    "POST",
    "/api/activity/recommendations",
    summary="Record a recommendation raised at an activity (activity_id) or in a term (term_id), with as much "
    "of its chain as is known; an outcome without an answer, an answer before forwarding are refused",
    roles=WRITERS,
    tag=TAG,
    body=obj(["text", "raised_on"], **REC_FIELDS),
    status=201,
    returns=wire.RECOMMENDATION,
)
def create_recommendation(call: Call) -> dict[str, Any]:
    rec = recommendations.create_recommendation(
        call.db, RecommendationInput.parse(call.body), actor=call.actor
    )
    return _rec(call, rec)


@api.endpoint(
    "GET",
    "/api/activity/recommendations/{recommendation_id}",
    summary="A recommendation with where it stands today",
    roles=STAFF,
    tag=TAG,
    returns=wire.RECOMMENDATION,
)
def get_recommendation(call: Call) -> dict[str, Any]:
    return _rec(call, recommendations.get_recommendation(call.db, call.path["recommendation_id"]))


@api.endpoint(
    "PATCH",
    "/api/activity/recommendations/{recommendation_id}",
    summary="Edit what was raised (text, field, code, date raised); the chain moves by its own actions",
    roles=WRITERS,
    tag=TAG,
    body=patch(text=STR, field=STR, external_id=STR, raised_on=DATE),
    returns=wire.RECOMMENDATION,
)
def update_recommendation(call: Call) -> dict[str, Any]:
    rec = recommendations.get_recommendation(call.db, call.path["recommendation_id"])
    recommendations.update_recommendation(
        call.db, rec, RecommendationPatch.parse(call.body), actor=call.actor
    )
    return _rec(call, rec)


@api.endpoint(
    "DELETE",
    "/api/activity/recommendations/{recommendation_id}",
    summary="Delete a recommendation",
    roles=WRITERS,
    tag=TAG,
    returns=DELETED,
)
def delete_recommendation(call: Call) -> dict[str, Any]:
    rec = recommendations.get_recommendation(call.db, call.path["recommendation_id"])
    recommendations.delete_recommendation(call.db, rec, actor=call.actor)
    return {"deleted": call.path["recommendation_id"]}


def _chain_step(
    path: str, summary: str, body: dict[str, Any], act: Callable[[Call, Recommendation], None]
) -> None:
    def handler(call: Call) -> dict[str, Any]:
        rec = recommendations.get_recommendation(call.db, call.path["recommendation_id"])
        act(call, rec)
        return _rec(call, rec)

    handler.__name__ = f"recommendation_{path.replace('-', '_')}"
    required = [k for k in body if not k.startswith("?")]
    props = {k.lstrip("?"): v for k, v in body.items()}
    api.endpoint(
        "POST",
        f"/api/activity/recommendations/{{recommendation_id}}/{path}",
        summary=summary,
        roles=WRITERS,
        tag=TAG,
        body=obj(required, **props),
        returns=wire.RECOMMENDATION,
    )(handler)


def _classify(call: Call, rec: Recommendation) -> None:
    kind = Fields(call.body).choice("kind", ("phân loại", "classification"), RecommendationKind)
    recommendations.classify(call.db, rec, kind, actor=call.actor)


def _resupervise(call: Call, rec: Recommendation) -> None:
    on = Fields(call.body).date("resupervised_on", ("ngày tái giám sát", "date re-supervised"))
    recommendations.resupervise(call.db, rec, on, actor=call.actor)


def _forward(call: Call, rec: Recommendation) -> None:
    recommendations.forward(call.db, rec, Forwarding.parse(call.body), actor=call.actor)


def _answer(call: Call, rec: Recommendation) -> None:
    recommendations.answer(call.db, rec, Answer.parse(call.body), actor=call.actor)


def _outcome(call: Call, rec: Recommendation) -> None:
    recommendations.set_outcome(call.db, rec, OutcomeInput.parse(call.body), actor=call.actor)


def _feedback(call: Call, rec: Recommendation) -> None:
    recommendations.record_feedback(call.db, rec, Feedback.parse(call.body), actor=call.actor)


_chain_step("classify", "Classify: opinion (no answer owed) or recommendation", {"kind": STR}, _classify)
_chain_step(
    "forward",
    "Forward to an addressee on a date, with its due date",
    {"addressee": STR, "forwarded_on": DATE, "?due_on": DATE},
    _forward,
)
_chain_step(
    "answer",
    "The addressee's answer (refused before it is forwarded)",
    {"answered_on": DATE, "?answer": STR},
    _answer,
)
_chain_step(
    "outcome",
    "Resolved, partly or not (refused without an answer: answered is not resolved)",
    {"outcome": STR, "outcome_on": DATE},
    _outcome,
)
_chain_step(
    "feedback", "The voters' feedback on the answer", {"feedback": STR, "feedback_on": DATE}, _feedback
)
_chain_step("resupervise", "Re-supervised on a date", {"resupervised_on": DATE}, _resupervise)


@api.endpoint(
    "POST",
    "/api/activity/terms/{term_id}/carry-over",
    summary="Carry a finished term's open recommendations into the next term (each once)",
    roles=WRITERS,
    tag=TAG,
    returns=reply(term_id=INT, into_term_id=INT, carried=array(reply(from_id=INT, id=INT))),
)
def carry_over(call: Call) -> dict[str, Any]:
    term = found(call.db.get(Term, call.path["term_id"]), "nhiệm kỳ", "Term")
    result = carry.carry_over(call.db, term, actor=call.actor)
    return {
        "term_id": term.id,
        "into_term_id": result.into.id,
        "carried": [{"from_id": old, "id": new} for old, new in result.carried],
    }


def _pet(call: Call, petition: Petition) -> dict[str, Any]:
    return wire.petition(petition, today_of(call, petition.council_id))


@api.endpoint(
    "GET",
    "/api/activity/petitions",
    summary="Petitions (đơn thư) with where each stands today (?council_id=, ?term_id=, ?year= — received in, "
    "?late=1 — late to process or past due)",
    roles=STAFF,
    tag=TAG,
    query={"council_id": INT, "term_id": INT, "year": INT, "late": STR},
    returns=reply(petitions=array(wire.PETITION)),
)
def list_petitions(call: Call) -> dict[str, Any]:
    wanted = PetitionFilter(
        council_id=query_int(call, "council_id", COUNCIL, minimum=1),
        term_id=query_int(call, "term_id", ("nhiệm kỳ", "term"), minimum=1),
        year=query_int(call, "year", ("năm", "year"), minimum=1900, maximum=2200),
        late_only=call.request.query_params.get("late") in ("1", "true"),
    )
    return {"petitions": [_pet(call, p) for p, _ in petitions.list_petitions(call.db, wanted)]}


@api.endpoint(
    "POST",
    "/api/activity/petitions",
    summary="Record a petition received (council_id: the home council by default; activity_id: the citizen "
    "reception it was received at)",
    roles=WRITERS,
    tag=TAG,
    body=obj(
        ["kind", "sender", "subject", "received_on"],
        council_id=INT,
        kind=STR,
        sender=STR,
        subject=STR,
        received_on=DATE,
        activity_id=INT,
        handler_person_id=INT,
        external_id=STR,
    ),
    status=201,
    returns=wire.PETITION,
)
def receive_petition(call: Call) -> dict[str, Any]:
    council, body = body_council(call)
    return _pet(call, petitions.receive(call.db, council, PetitionInput.parse(body), actor=call.actor))


@api.endpoint(
    "GET",
    "/api/activity/petitions/{petition_id}",
    summary="A petition with where it stands today",
    roles=STAFF,
    tag=TAG,
    returns=wire.PETITION,
)
def get_petition(call: Call) -> dict[str, Any]:
    return _pet(call, petitions.get_petition(call.db, call.path["petition_id"]))


@api.endpoint(
    "POST",
    "/api/activity/petitions/{petition_id}/forward",
    summary="Forward a petition to the competent body; its due date follows from the limit of its kind",
    roles=WRITERS,
    tag=TAG,
    body=obj(["addressee", "forwarded_on"], addressee=STR, forwarded_on=DATE, complex_case=BOOL),
    returns=wire.PETITION,
)
def forward_petition(call: Call) -> dict[str, Any]:
    petition = petitions.get_petition(call.db, call.path["petition_id"])
    petitions.forward(call.db, petition, PetitionForwarding.parse(call.body), actor=call.actor)
    return _pet(call, petition)


@api.endpoint(
    "POST",
    "/api/activity/petitions/{petition_id}/resolve",
    summary="The competent body's result: resolved, partly or not",
    roles=WRITERS,
    tag=TAG,
    body=obj(["resolved_on", "outcome"], resolved_on=DATE, outcome=STR, result=STR),
    returns=wire.PETITION,
)
def resolve_petition(call: Call) -> dict[str, Any]:
    petition = petitions.get_petition(call.db, call.path["petition_id"])
    petitions.resolve(call.db, petition, PetitionResolution.parse(call.body), actor=call.actor)
    return _pet(call, petition)


@api.endpoint(
    "DELETE",
    "/api/activity/petitions/{petition_id}",
    summary="Delete a petition",
    roles=WRITERS,
    tag=TAG,
    returns=DELETED,
)
def delete_petition(call: Call) -> dict[str, Any]:
    petitions.delete_petition(
        call.db, petitions.get_petition(call.db, call.path["petition_id"]), actor=call.actor
    )
    return {"deleted": call.path["petition_id"]}


@api.endpoint(
    "GET",
    "/api/activity/overdue",
    summary="What is late today: recommendations past their due date with no answer, petitions late to "
    "process or past due (?council_id=)",
    roles=STAFF,
    tag=TAG,
    query={"council_id": INT},
    returns=reply(recommendations=array(wire.RECOMMENDATION), petitions=array(wire.PETITION)),
)
def overdue(call: Call) -> dict[str, Any]:
    council_id = query_int(call, "council_id", COUNCIL, minimum=1)
    return {
        "recommendations": [_rec(call, r) for r in recommendations.overdue(call.db, council_id)],
        "petitions": [_pet(call, p) for p, _ in petitions.overdue(call.db, council_id)],
    }


@api.endpoint(
    "GET",
    "/api/activity/limits",
    summary="The petition time limits in force for a council (its own, or the law's defaults, with the basis)",
    roles=STAFF,
    tag=TAG,
    query={"council_id": INT},
    returns=wire.LIMITS,
)
def get_limits(call: Call) -> dict[str, Any]:
    council = council_of(call, query_int(call, "council_id", COUNCIL, minimum=1))
    return wire.limits(council.id, limits.limits_of(call.db, council.id))


@api.endpoint(
    "PUT",
    "/api/activity/limits",
    summary="Set a council's own time limit for a kind of petition (days from forwarding, 1–365)",
    roles=WRITERS,
    tag=TAG,
    body=obj(["kind", "days"], council_id=INT, kind=STR, days=INT, basis=STR),
    returns=wire.LIMITS,
)
def set_limit(call: Call) -> dict[str, Any]:
    council, body = body_council(call)
    limits.set_limit(call.db, council, LimitInput.parse(body), actor=call.actor)
    return wire.limits(council.id, limits.limits_of(call.db, council.id))

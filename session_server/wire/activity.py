"""Activities between sessions as JSON: an activity with its participants and attachments, a recommendation
and a petition each with where it stands today (derived), a council's time limits, the import's report —
each with its schema."""

from __future__ import annotations

import datetime as dt
from typing import Any

from agenda.activity import chain
from agenda.activity.chain import Stage
from agenda.activity.limits import PROCESSING_BASIS, PROCESSING_WORKING_DAYS, Limit, processing_due
from agenda.clock import iso
from agenda.models import (
    Activity,
    ActivityAttachment,
    ActivityKind,
    Organiser,
    Outcome,
    ParticipantRole,
    Petition,
    PetitionKind,
    Recommendation,
    RecommendationKind,
)
from session_server.http.schemas import (
    BOOL,
    DATE,
    DATETIME,
    INT,
    OPT_DATE,
    OPT_INT,
    OPT_STR,
    STR,
    array,
    choices,
    component,
    enum,
    nullable,
    reply,
    with_props,
)

STAGE = {
    **choices(Stage),
    "description": "Where it stands on the council's today, derived from its dates (answered is not resolved)",
}
PARTICIPANT = component(
    "ActivityParticipant", reply(person_id=INT, full_name=STR, role=choices(ParticipantRole))
)
ATTACHMENT = component(
    "ActivityAttachment", reply(id=INT, name=STR, pages=OPT_INT, url=STR, created_at=DATETIME)
)
ACTIVITY = component(
    "Activity",
    reply(
        id=INT,
        council_id=INT,
        term_id=INT,
        kind=choices(ActivityKind),
        thematic=BOOL,
        organiser=choices(Organiser),
        organization_id=OPT_INT,
        organization=OPT_STR,
        lead_person_id=OPT_INT,
        session_id=OPT_INT,
        external_id=OPT_STR,
        title=STR,
        subjects=OPT_STR,
        plan=OPT_STR,
        place=OPT_STR,
        starts_on=DATE,
        ends_on=DATE,
        completed_on=OPT_DATE,
        conclusions=OPT_STR,
        voters=OPT_INT,
        citizens=OPT_INT,
        cases=OPT_INT,
        participants=array(PARTICIPANT),
        attachments=array(ATTACHMENT),
    ),
)
RECOMMENDATION = component(
    "Recommendation",
    reply(
        id=INT,
        council_id=INT,
        term_id=INT,
        activity_id=OPT_INT,
        carried_from_id=OPT_INT,
        external_id=OPT_STR,
        kind=choices(RecommendationKind),
        field=OPT_STR,
        text=STR,
        raised_on=DATE,
        addressee=OPT_STR,
        forwarded_on=OPT_DATE,
        due_on=OPT_DATE,
        answered_on=OPT_DATE,
        answer=OPT_STR,
        outcome=nullable(choices(Outcome)),
        outcome_on=OPT_DATE,
        feedback=OPT_STR,
        feedback_on=OPT_DATE,
        resupervised_on=OPT_DATE,
        carried_on=OPT_DATE,
        stage=STAGE,
        stage_vi=STR,
        stage_en=STR,
    ),
)
PETITION = component(
    "Petition",
    reply(
        id=INT,
        council_id=INT,
        term_id=INT,
        activity_id=OPT_INT,
        handler_person_id=OPT_INT,
        external_id=OPT_STR,
        kind=choices(PetitionKind),
        sender=STR,
        subject=STR,
        received_on=DATE,
        processing_due_on={**DATE, "description": "The last day to forward it (xử lý đơn)"},
        addressee=OPT_STR,
        forwarded_on=OPT_DATE,
        due_on=OPT_DATE,
        resolved_on=OPT_DATE,
        outcome=nullable(choices(Outcome)),
        result=OPT_STR,
        stage=STAGE,
        stage_vi=STR,
        stage_en=STR,
    ),
)
ACTIVITY_DETAIL = with_props(ACTIVITY, recommendations=array(RECOMMENDATION), petitions=array(PETITION))
LIMITS = component(
    "PetitionLimits",
    reply(
        council_id=INT,
        processing_working_days=INT,
        processing_basis=STR,
        limits=array(reply(kind=choices(PetitionKind), days=INT, complex_days=INT, basis=STR, own=BOOL)),
    ),
)
IMPORT_REPORT = component(
    "ActivityImportReport",
    reply(
        committed=BOOL,
        counts=reply(created=INT, updated=INT, unchanged=INT),
        rows=array(
            reply(
                sheet=STR,
                row=INT,
                table=enum(["activities", "recommendations"]),
                external_id=STR,
                outcome=enum(["created", "updated", "unchanged"]),
                id=INT,
            )
        ),
        errors=array(reply(sheet=STR, row=INT, column=OPT_STR, message_vi=STR, message_en=STR)),
    ),
)


def attachment(a: ActivityAttachment) -> dict[str, Any]:
    return {
        "id": a.id,
        "name": a.name,
        "pages": a.pages,
        "url": f"/api/activity/attachments/{a.id}",
        "created_at": iso(a.created_at),
    }


def activity(a: Activity) -> dict[str, Any]:
    return {
        "id": a.id,
        "council_id": a.council_id,
        "term_id": a.term_id,
        "kind": a.kind.value,
        "thematic": a.thematic,
        "organiser": a.organiser.value,
        "organization_id": a.organization_id,
        "organization": a.organization.name if a.organization is not None else None,
        "lead_person_id": a.lead_person_id,
        "session_id": a.session_id,
        "external_id": a.external_id,
        "title": a.title,
        "subjects": a.subjects,
        "plan": a.plan,
        "place": a.place,
        "starts_on": iso(a.starts_on),
        "ends_on": iso(a.ends_on),
        "completed_on": iso(a.completed_on),
        "conclusions": a.conclusions,
        "voters": a.voters,
        "citizens": a.citizens,
        "cases": a.cases,
        "participants": [
            {"person_id": p.person_id, "full_name": p.person.full_name, "role": p.role.value}
            for p in a.participants
        ],
        "attachments": [attachment(x) for x in a.attachments],
    }


def _stage(stage: Stage) -> dict[str, Any]:
    vi, en = chain.LABELS[stage]
    return {"stage": stage.value, "stage_vi": vi, "stage_en": en}


def recommendation(r: Recommendation, today: dt.date) -> dict[str, Any]:
    keys = (
        "id",
        "council_id",
        "term_id",
        "activity_id",
        "carried_from_id",
        "external_id",
        "field",
        "text",
        "addressee",
        "answer",
        "feedback",
    )
    dates = (
        "raised_on",
        "forwarded_on",
        "due_on",
        "answered_on",
        "outcome_on",
        "feedback_on",
        "resupervised_on",
        "carried_on",
    )
    return (
        {k: getattr(r, k) for k in keys}
        | {k: iso(getattr(r, k)) for k in dates}
        | {"kind": r.kind.value, "outcome": r.outcome.value if r.outcome else None}
        | _stage(chain.recommendation_stage(r, today))
    )


def petition(p: Petition, today: dt.date) -> dict[str, Any]:
    keys = (
        "id",
        "council_id",
        "term_id",
        "activity_id",
        "handler_person_id",
        "external_id",
        "sender",
        "subject",
        "addressee",
        "result",
    )
    dates = ("received_on", "forwarded_on", "due_on", "resolved_on")
    return (
        {k: getattr(p, k) for k in keys}
        | {k: iso(getattr(p, k)) for k in dates}
        | {
            "kind": p.kind.value,
            "outcome": p.outcome.value if p.outcome else None,
            "processing_due_on": iso(processing_due(p.received_on)),
        }
        | _stage(chain.petition_stage(p, today))
    )


def limits(council_id: int, found: dict[PetitionKind, tuple[Limit, bool]]) -> dict[str, Any]:
    return {
        "council_id": council_id,
        "processing_working_days": PROCESSING_WORKING_DAYS,
        "processing_basis": PROCESSING_BASIS,
        "limits": [
            {
                "kind": k.value,
                "days": lim.days,
                "complex_days": lim.complex_days,
                "basis": lim.basis,
                "own": own,
            }
            for k, (lim, own) in found.items()
        ],
    }

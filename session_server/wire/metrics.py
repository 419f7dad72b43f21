"""The metrics as JSON for the wire: a period, a line of figures, the records behind a figure, a criteria
version, a score with its breakdown, a delegate's public record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from agenda.clock import iso
from agenda.metrics import criteria, drill, public, scoring
from agenda.metrics.figures import Line, Table
from agenda.metrics.measures import Measure
from agenda.metrics.period import Period
from agenda.models import CriteriaVersion, TargetPer, UnitType
from session_server.http.schemas import (
    BOOL,
    DATE,
    INT,
    NUMBER,
    OPT_INT,
    OPT_STR,
    STR,
    array,
    choices,
    component,
    mapping,
    nullable,
    reply,
)

PERIOD = component("MetricsPeriod", reply(label=STR, start=DATE, end=DATE, term_id=OPT_INT, days=INT))
MEASURE = component("MetricsMeasure", reply(name=STR, vi=STR, en=STR))
LINE = component(
    "MetricsLine",
    reply(
        key={**INT, "description": "The person's id, the unit's (organization's) id, 0 for the council"},
        name=STR,
        kind={**STR, "description": "delegate, standing, official; standing, committee, group; council"},
        days_in_office=OPT_INT,
        values=mapping(INT),
        rates={**mapping(nullable(NUMBER)), "description": "Per 365 days in office (delegates only)"},
        attendance_rate=nullable(NUMBER),
    ),
)
EVIDENCE = component(
    "MetricsEvidence",
    reply(kind=STR, id=INT, title=STR, on=DATE, amount=INT, person_id=OPT_INT),
)
CRITERION = component(
    "Criterion",
    reply(
        id=INT,
        unit_type=choices(UnitType),
        measure=STR,
        target=INT,
        per=choices(TargetPer),
        weight=INT,
        label=OPT_STR,
    ),
)
VERSION = component(
    "CriteriaVersion",
    reply(
        id=INT,
        council_id=INT,
        valid_from=DATE,
        title=STR,
        note=OPT_STR,
        in_use=BOOL,
        criteria=array(CRITERION),
    ),
)
PART = component(
    "ScorePart",
    reply(
        criterion_id=INT,
        measure=STR,
        label=STR,
        weight=INT,
        target=NUMBER,
        count=INT,
        points=NUMBER,
        met=BOOL,
    ),
)
SCORE = component(
    "Score",
    reply(
        unit_type=choices(UnitType),
        key=INT,
        name=STR,
        standing=STR,
        points=NUMBER,
        maximum=INT,
        rank=OPT_INT,
        parts=array(PART),
    ),
)


def period(p: Period) -> dict[str, Any]:
    return {"label": p.label, "start": iso(p.start), "end": iso(p.end), "term_id": p.term_id, "days": p.days}


def measure(m: Measure) -> dict[str, Any]:
    return {"name": m.name, "vi": m.vi, "en": m.en}


def line(x: Line) -> dict[str, Any]:
    return {
        "key": x.key,
        "name": x.name,
        "kind": x.kind,
        "days_in_office": x.days_in_office,
        "values": x.values,
        "rates": {name: x.rate(name) for name in x.values} if x.days_in_office is not None else {},
        "attendance_rate": x.attendance_rate,
    }


def table(t: Table) -> list[dict[str, Any]]:
    return [line(x) for x in t.lines]


def evidence(e: drill.Evidence) -> dict[str, Any]:
    return {
        "kind": e.kind,
        "id": e.id,
        "title": e.title,
        "on": iso(e.on),
        "amount": e.amount,
        "person_id": e.person_id,
    }


def version(v: CriteriaVersion, today: dt.date) -> dict[str, Any]:
    return {
        "id": v.id,
        "council_id": v.council_id,
        "valid_from": iso(v.valid_from),
        "title": v.title,
        "note": v.note,
        "in_use": criteria.in_use(v, today),
        "criteria": [
            {
                "id": c.id,
                "unit_type": c.unit_type.value,
                "measure": c.measure,
                "target": c.target,
                "per": c.per.value,
                "weight": c.weight,
                "label": c.label,
            }
            for c in v.criteria
        ],
    }


def score(s: scoring.Score) -> dict[str, Any]:
    return {
        "unit_type": s.unit_type.value,
        "key": s.key,
        "name": s.name,
        "standing": s.standing,
        "points": s.points,
        "maximum": s.maximum,
        "rank": s.rank,
        "parts": [
            {
                "criterion_id": p.criterion_id,
                "measure": p.measure,
                "label": p.label,
                "weight": p.weight,
                "target": p.target,
                "count": p.count,
                "points": p.points,
                "met": p.met,
            }
            for p in s.parts
        ],
    }


DELEGATE_RECORD = reply(
    person_id=INT,
    name=STR,
    term=reply(id=INT, number=INT, starts_on=DATE, ends_on=nullable(DATE)),
    period=PERIOD,
    figures=LINE,
    questions=array(reply(id=INT, session=INT, on=DATE, text=STR, to=STR, status=STR)),
    named_votes=array(
        reply(vote_id=INT, session=INT, on=DATE, title=STR, choices=array(reply(subject=STR, option=STR)))
    ),
    voter_contacts=array(EVIDENCE),
)


def delegate_record(r: public.DelegateRecord) -> dict[str, Any]:
    return {
        "person_id": r.person.id,
        "name": r.person.full_name,
        "term": {
            "id": r.term.id,
            "number": r.term.number,
            "starts_on": iso(r.term.starts_on),
            "ends_on": iso(r.term.ends_on),
        },
        "period": period(r.period),
        "figures": line(r.line),
        "questions": [
            {
                "id": q.id,
                "session": q.session,
                "on": iso(q.on),
                "text": q.text,
                "to": q.to,
                "status": q.status,
            }
            for q in r.questions
        ],
        "named_votes": [
            {
                "vote_id": v.vote_id,
                "session": v.session,
                "on": iso(v.on),
                "title": v.title,
                "choices": [{"subject": s, "option": o} for s, o in v.choices],
            }
            for v in r.votes
        ],
        "voter_contacts": [evidence(e) for e in r.meetings],
    }

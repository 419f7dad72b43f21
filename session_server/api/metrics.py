"""The metrics dashboard's API (:mod:`agenda.metrics`): the figures per delegate, unit and council for a year
or a term, the records behind any figure, the emulation criteria in versions, the scores and ranking, the
annual report as a spreadsheet and a PDF; and the public delegate page. Signed-in users read; secretaries
and admins keep the criteria; the delegate page is public."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from agenda import clock
from agenda.access import EDITORS, PUBLIC, SIGNED_IN
from agenda.council import councils
from agenda.errors import DomainError
from agenda.inputs import Fields
from agenda.metrics import criteria, drill, figures, public, report, scoring
from agenda.metrics.measures import MEASURES, Level
from agenda.metrics.period import Period, term_period, year_period
from agenda.models import Council, CriteriaVersion
from agenda.pdf import metrics as pdf_metrics
from session_server.api.params import query_choice, query_int
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import (
    BOOL,
    DATE,
    DELETED,
    INT,
    STR,
    array,
    choices,
    nullable,
    obj,
    reply,
)
from session_server.wire import metrics as wire

api = Api()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERIOD_QUERY = {
    "year": {**INT, "description": "A calendar year (default: this year)"},
    "term_id": {**INT, "description": "A term of the council instead of a year"},
}
CRITERION_BODY = obj(
    ["unit_type", "measure", "target", "weight"],
    unit_type=STR,
    measure=STR,
    target=INT,
    per=STR,
    weight=INT,
    label=STR,
)
VERSION_BODY = obj(
    ["valid_from", "title"], valid_from=DATE, title=STR, note=STR, criteria=array(CRITERION_BODY)
)


def _period(call: Call, council: Council) -> Period:
    today = clock.today(council)
    term_id = query_int(call, "term_id", ("khóa", "term"), minimum=1)
    if term_id is not None:
        return term_period(call.db, council.id, term_id, today)
    year = query_int(call, "year", ("năm", "year"), today.year, minimum=1945, maximum=9999)
    return year_period(council.id, year, today)


def _council(call: Call) -> Council:
    return councils.get_council(call.db, call.path["council_id"])


@api.endpoint(
    "GET",
    "/api/metrics/councils/{council_id}/figures",
    summary="Every measure for the council, each unit (Thường trực, Ban, Tổ) and each delegate over ?year= or "
    "?term_id= (?unit_id=: that unit and its members only); delegates with their days in office and rates per "
    "365 days in office; Thường trực members and officials marked apart (kind)",
    roles=SIGNED_IN,
    tag="metrics",
    query={**PERIOD_QUERY, "unit_id": INT},
    returns=reply(
        period=wire.PERIOD,
        council=wire.LINE,
        units=array(wire.LINE),
        delegates=array(wire.LINE),
        measures=array(wire.MEASURE),
    ),
)
def figures_of(call: Call) -> dict[str, Any]:
    council = _council(call)
    p = _period(call, council)
    unit_id = query_int(call, "unit_id", ("đơn vị", "unit"), minimum=1)
    return {
        "period": wire.period(p),
        "council": wire.line(figures.council_table(call.db, p, council.name).lines[0]),
        "units": wire.table(figures.unit_table(call.db, p, unit_id)),
        "delegates": wire.table(figures.delegate_table(call.db, p, unit_id)),
        "measures": [wire.measure(m) for m in MEASURES],
    }


@api.endpoint(
    "GET",
    "/api/metrics/councils/{council_id}/drill",
    summary="The records behind one figure: ?measure= at ?level= (delegate, unit, council) for ?key= (the "
    "person's or the unit's id) over ?year= or ?term_id= — their kind, id, title, day and what each adds",
    roles=SIGNED_IN,
    tag="metrics",
    query={**PERIOD_QUERY, "measure": STR, "level": choices(Level), "key": INT},
    returns=reply(measure=STR, level=STR, key=INT, total=INT, truncated=BOOL, records=array(wire.EVIDENCE)),
)
def drill_down(call: Call) -> dict[str, Any]:
    council = _council(call)
    p = _period(call, council)
    name = call.request.query_params.get("measure") or ""
    level = query_choice(call, "level", ("cấp", "level"), Level) or Level.COUNCIL
    key = query_int(call, "key", ("mã", "key"), 0, minimum=0)
    if level is not Level.COUNCIL and not key:
        raise DomainError(
            "Vui lòng chọn đại biểu hoặc đơn vị (key).", "Choose a delegate or a unit (key).", field="key"
        )
    found = drill.evidence(call.db, p, name, level, key, drill.LIMIT + 1)
    shown = found[: drill.LIMIT]
    return {
        "measure": name,
        "level": level.value,
        "key": key,
        "total": sum(e.amount for e in shown),
        "truncated": len(found) > drill.LIMIT,
        "records": [wire.evidence(e) for e in shown],
    }


@api.endpoint(
    "GET",
    "/api/metrics/councils/{council_id}/criteria",
    summary="The council's versions of its emulation criteria, oldest first",
    roles=SIGNED_IN,
    tag="metrics",
    returns=reply(versions=array(wire.VERSION)),
)
def list_versions(call: Call) -> dict[str, Any]:
    council = _council(call)
    today = clock.today(council)
    return {"versions": [wire.version(v, today) for v in criteria.versions(call.db, council.id)]}


@api.endpoint(
    "POST",
    "/api/metrics/councils/{council_id}/criteria",
    summary="A new version of the criteria, valid from valid_from (after today once a version is in use)",
    roles=EDITORS,
    tag="metrics",
    body=VERSION_BODY,
    status=201,
    returns=wire.VERSION,
)
def create_version(call: Call) -> dict[str, Any]:
    council = _council(call)
    today = clock.today(council)
    data = criteria.VersionInput.parse(call.body)
    return wire.version(criteria.create_version(call.db, council, data, today, call.actor), today)


def _version(call: Call) -> tuple[Council, CriteriaVersion]:
    found = call.db.get(CriteriaVersion, call.path["version_id"])
    if found is None:
        raise DomainError(
            "Không tìm thấy bộ tiêu chí này.", "No such criteria version.", code="not_found", status=404
        )
    return councils.get_council(call.db, found.council_id), found


@api.endpoint(
    "GET",
    "/api/metrics/criteria/{version_id}",
    summary="A version of the criteria",
    roles=SIGNED_IN,
    tag="metrics",
    returns=wire.VERSION,
)
def get_version(call: Call) -> dict[str, Any]:
    council, version = _version(call)
    return wire.version(version, clock.today(council))


@api.endpoint(
    "PUT",
    "/api/metrics/criteria/{version_id}",
    summary="Change a version: one not yet in use is edited; one in use is never edited — the change makes a "
    "new version valid from valid_from (after today). Answers the version that holds the change",
    roles=EDITORS,
    tag="metrics",
    body=VERSION_BODY,
    returns=wire.VERSION,
)
def change_version(call: Call) -> dict[str, Any]:
    council, version = _version(call)
    today = clock.today(council)
    data = criteria.VersionInput.parse(call.body)
    return wire.version(criteria.change_version(call.db, council, version, data, today, call.actor), today)


@api.endpoint(
    "POST",
    "/api/metrics/criteria/{version_id}/copy",
    summary="A new version with the same criteria, valid from valid_from",
    roles=EDITORS,
    tag="metrics",
    body=obj(["valid_from"], valid_from=DATE),
    status=201,
    returns=wire.VERSION,
)
def copy_version(call: Call) -> dict[str, Any]:
    council, version = _version(call)
    today = clock.today(council)
    valid_from = Fields(call.body).date("valid_from", ("ngày áp dụng", "valid from"))
    return wire.version(
        criteria.copy_version(call.db, council, version, valid_from, today, call.actor), today
    )


@api.endpoint(
    "DELETE",
    "/api/metrics/criteria/{version_id}",
    summary="Delete a version not yet in use (one in use: 409)",
    roles=EDITORS,
    tag="metrics",
    returns=DELETED,
)
def delete_version(call: Call) -> dict[str, Any]:
    council, version = _version(call)
    deleted = version.id
    criteria.delete_version(call.db, version, clock.today(council), call.actor)
    return {"deleted": deleted}


@api.endpoint(
    "GET",
    "/api/metrics/councils/{council_id}/scores",
    summary="Each unit's emulation score over ?year= or ?term_id= under the criteria valid on the period's last "
    "day, with the per-criterion breakdown (count, target, points) and the ranking per unit type",
    roles=SIGNED_IN,
    tag="metrics",
    query=PERIOD_QUERY,
    returns=reply(
        period=wire.PERIOD,
        version=nullable(reply(id=INT, valid_from=DATE, title=STR)),
        scores=array(wire.SCORE),
    ),
)
def scores(call: Call) -> dict[str, Any]:
    council = _council(call)
    result = scoring.score(call.db, council, _period(call, council))
    v = result.version
    return {
        "period": wire.period(result.period),
        "version": None
        if v is None
        else {"id": v.id, "valid_from": v.valid_from.isoformat(), "title": v.title},
        "scores": [wire.score(s) for s in result.scores],
    }


def _report(call: Call) -> tuple[report.Report, Period, Council]:
    council = _council(call)
    p = _period(call, council)
    return report.annual_report(call.db, council, p), p, council


def _file(content: bytes, media_type: str, name: str) -> Response:
    return Response(
        content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@api.endpoint(
    "GET",
    "/api/metrics/councils/{council_id}/report.xlsx",
    summary="The annual report table (báo cáo tổng kết) over ?year= or ?term_id= as a spreadsheet: the "
    "council's totals, each unit's and each delegate's figures, the scores",
    roles=SIGNED_IN,
    tag="metrics",
    query=PERIOD_QUERY,
    response=XLSX,
)
def report_xlsx(call: Call) -> Response:
    made, p, council = _report(call)
    return _file(report.report_xlsx(made), XLSX, report.file_name(p, "xlsx", clock.today(council)))


@api.endpoint(
    "GET",
    "/api/metrics/councils/{council_id}/report.pdf",
    summary="The same annual report, printed (A4 landscape)",
    roles=SIGNED_IN,
    tag="metrics",
    query=PERIOD_QUERY,
    response="application/pdf",
)
def report_pdf(call: Call) -> Response:
    made, p, council = _report(call)
    return _file(
        pdf_metrics.report_pdf(made), "application/pdf", report.file_name(p, "pdf", clock.today(council))
    )


@api.endpoint(
    "GET",
    "/api/public/delegates/{person_id}/record",
    summary="What a delegate did in a term (?term_id=, default their latest), for anyone: days in office, "
    "attendance, speeches, the questions asked, their choices in NAMED ballots only (never a secret one), the "
    "voter-contact meetings they took part in",
    roles=PUBLIC,
    tag="metrics",
    query={"term_id": INT},
    returns=wire.DELEGATE_RECORD,
)
def delegate_record(call: Call) -> dict[str, Any]:
    term_id = query_int(call, "term_id", ("khóa", "term"), minimum=1)
    person_id = call.path["person_id"]
    term = public.term_of(call.db, person_id, term_id)
    council = councils.get_council(call.db, term.council_id)
    return wire.delegate_record(public.delegate_record(call.db, person_id, term.id, clock.today(council)))

"""Activities between sessions (hoạt động giữa hai kỳ họp): supervisions, surveys, voter contacts, citizen
receptions and hearings with participants and attachments; their import from CSV or XLSX. Secretaries, the
chair and administrators write; the staff read (:mod:`agenda.activity`). Recommendations, petitions, limits
and the overdue lists: :mod:`session_server.api.activity_followup`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from starlette.responses import Response

from agenda import clock, filestore
from agenda.access import RUNNERS, STAFF
from agenda.activity import activities, attachments, recommendations
from agenda.activity.activities import ActivityFilter
from agenda.activity.importer.run import ImportRefused, import_file
from agenda.activity.importer.template import template_xlsx
from agenda.activity.recommendations import RecommendationFilter
from agenda.activity.values import ActivityInput, ActivityPatch
from agenda.council import terms
from agenda.documents import upload
from agenda.errors import DomainError, found
from agenda.inputs import Fields
from agenda.models import ActivityKind, Council, Organiser, Petition
from agenda.pdf import limits as pdf_limits
from session_server.api.params import query_choice, query_int
from session_server.http.bodies import FORM_FIELDS_BYTES
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import BOOL, DATE, DELETED, FILE, INT, STR, array, obj, patch, reply
from session_server.wire import activity as wire

api = Api()
WRITERS = RUNNERS  # secretaries, the chair, administrators
TAG = "activity"
FORM_LIMIT = pdf_limits.Limits.from_env().max_bytes + FORM_FIELDS_BYTES
SHEET_LIMIT = 5 * 1024 * 1024 + FORM_FIELDS_BYTES
COUNCIL = ("Hội đồng nhân dân", "council")
ACTIVITY_FIELDS: dict[str, Any] = {
    "kind": STR,
    "organiser": STR,
    "title": STR,
    "starts_on": DATE,
    "ends_on": DATE,
    "thematic": BOOL,
    "organization_id": INT,
    "lead_person_id": INT,
    "session_id": INT,
    "external_id": STR,
    "subjects": STR,
    "plan": STR,
    "place": STR,
    "completed_on": DATE,
    "conclusions": STR,
    "voters": INT,
    "citizens": INT,
    "cases": INT,
    "participants": {"type": "array", "items": {"type": ["integer", "object"]}},
}
FILTERS = {
    "council_id": INT,
    "kind": STR,
    "organiser": STR,
    "organization_id": INT,
    "person_id": INT,
    "year": INT,
    "term_id": INT,
}


def council_of(call: Call, council_id: int | None) -> Council:
    if council_id is None:
        return terms.home_council(call.db)
    return found(call.db.get(Council, council_id), "Hội đồng nhân dân", "Council")


def body_council(call: Call) -> tuple[Council, dict[str, Any]]:
    """The council named by the body's ``council_id`` (the home council without one), and the rest."""
    body = dict(call.body) if isinstance(call.body, dict) else {}
    council_id = Fields(body).integer("council_id", COUNCIL, required=False, minimum=1)
    body.pop("council_id", None)
    return council_of(call, council_id), body


def today_of(call: Call, council_id: int) -> dt.date:
    return clock.today(council_of(call, council_id))


def _detail(call: Call, activity_id: int) -> dict[str, Any]:
    record = activities.get_activity(call.db, activity_id)
    today = today_of(call, record.council_id)
    recs = recommendations.list_recommendations(call.db, RecommendationFilter(activity_id=record.id))
    pets = call.db.scalars(select(Petition).where(Petition.activity_id == record.id).order_by(Petition.id))
    return wire.activity(record) | {
        "recommendations": [wire.recommendation(r, today) for r, _ in recs],
        "petitions": [wire.petition(p, today) for p in pets],
    }


@api.endpoint(
    "GET",
    "/api/activity/activities",
    summary="Activities between sessions, the latest first (?council_id=, ?kind=, ?organiser=, "
    "?organization_id=, ?person_id= — took part or led, ?year=, ?term_id=, ?limit=, ?offset=)",
    roles=STAFF,
    tag=TAG,
    query={**FILTERS, "limit": INT, "offset": INT},
    returns=reply(activities=array(wire.ACTIVITY)),
)
def list_activities(call: Call) -> dict[str, Any]:
    wanted = ActivityFilter(
        council_id=query_int(call, "council_id", COUNCIL, minimum=1),
        kind=query_choice(call, "kind", ("loại hoạt động", "kind"), ActivityKind),
        organiser=query_choice(call, "organiser", ("chủ thể tổ chức", "organiser"), Organiser),
        organization_id=query_int(call, "organization_id", ("cơ quan tổ chức", "organising body"), minimum=1),
        person_id=query_int(call, "person_id", ("đại biểu", "delegate"), minimum=1),
        year=query_int(call, "year", ("năm", "year"), minimum=1900, maximum=2200),
        term_id=query_int(call, "term_id", ("nhiệm kỳ", "term"), minimum=1),
    )
    limit = query_int(call, "limit", ("số dòng", "limit"), 200, minimum=1, maximum=1000)
    offset = query_int(call, "offset", ("vị trí", "offset"), 0, minimum=0)
    rows = activities.list_activities(call.db, wanted, limit=limit, offset=offset)
    return {"activities": [wire.activity(a) for a in rows]}


@api.endpoint(
    "POST",
    "/api/activity/activities",
    summary="Record an activity with its participants (council_id: the home council by default); refused: a "
    "completion date in the future, an organiser that does not match its body, participants not in office",
    roles=WRITERS,
    tag=TAG,
    body=obj(["kind", "organiser", "title", "starts_on"], council_id=INT, **ACTIVITY_FIELDS),
    status=201,
    returns=wire.ACTIVITY_DETAIL,
)
def create_activity(call: Call) -> dict[str, Any]:
    council, body = body_council(call)
    record = activities.create_activity(call.db, council, ActivityInput.parse(body), actor=call.actor)
    return _detail(call, record.id)


@api.endpoint(
    "GET",
    "/api/activity/activities/{activity_id}",
    summary="An activity with its participants, attachments, recommendations and petitions",
    roles=STAFF,
    tag=TAG,
    returns=wire.ACTIVITY_DETAIL,
)
def get_activity(call: Call) -> dict[str, Any]:
    return _detail(call, call.path["activity_id"])


@api.endpoint(
    "PATCH",
    "/api/activity/activities/{activity_id}",
    summary="Edit an activity (participants given replace the list); checked again as a whole",
    roles=WRITERS,
    tag=TAG,
    body=patch(**ACTIVITY_FIELDS),
    returns=wire.ACTIVITY_DETAIL,
)
def update_activity(call: Call) -> dict[str, Any]:
    record = activities.get_activity(call.db, call.path["activity_id"])
    activities.update_activity(call.db, record, ActivityPatch.parse(call.body), actor=call.actor)
    return _detail(call, record.id)


@api.endpoint(
    "DELETE",
    "/api/activity/activities/{activity_id}",
    summary="Delete an activity with its participants, attachments and recommendations",
    roles=WRITERS,
    tag=TAG,
    returns=DELETED,
)
def delete_activity(call: Call) -> dict[str, Any]:
    activities.delete_activity(
        call.db, activities.get_activity(call.db, call.path["activity_id"]), actor=call.actor
    )
    return {"deleted": call.path["activity_id"]}


def _check_file(body: dict[str, Any], cancelled: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Before the transaction: the file checked as every uploaded document is (PDF, or Word converted)."""
    fields = dict(body)
    sent = fields.pop("file", None)
    if not (isinstance(sent, tuple) and len(sent) == 3 and sent[2]):
        raise DomainError("Vui lòng chọn tệp.", "Please choose the file.", code="required", field="file")
    file = upload.Upload.from_form(sent)
    fields["file"] = (file.filename, upload.process_upload(file, None, cancelled))
    return fields


@api.endpoint(
    "POST",
    "/api/activity/activities/{activity_id}/attachments",
    summary="Attach a file to an activity (multipart form: file — a PDF, checked as every document is)",
    roles=WRITERS,
    tag=TAG,
    body=obj(["file"], file=FILE),
    status=201,
    form=True,
    max_bytes=FORM_LIMIT,
    prepare=_check_file,
    returns=wire.ACTIVITY_DETAIL,
)
def add_attachment(call: Call) -> dict[str, Any]:
    record = activities.get_activity(call.db, call.path["activity_id"])
    name, processed = call.body["file"]
    attachments.add_attachment(call.db, record, name, processed, actor=call.actor)
    return _detail(call, record.id)


@api.endpoint(
    "GET",
    "/api/activity/attachments/{attachment_id}",
    summary="The PDF attached to an activity",
    roles=STAFF,
    tag=TAG,
    response="application/pdf",
)
def get_attachment(call: Call) -> Response:
    attachment = attachments.get_attachment(call.db, call.path["attachment_id"])
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in attachment.name or "tep.pdf")
    return Response(
        filestore.load(call.db, attachment.sha256),
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{safe}"'},
    )


@api.endpoint(
    "DELETE",
    "/api/activity/attachments/{attachment_id}",
    summary="Remove a file from an activity",
    roles=WRITERS,
    tag=TAG,
    returns=wire.ACTIVITY_DETAIL,
)
def delete_attachment(call: Call) -> dict[str, Any]:
    attachment = attachments.get_attachment(call.db, call.path["attachment_id"])
    activity_id = attachment.activity_id
    attachments.delete_attachment(call.db, attachment, actor=call.actor)
    return _detail(call, activity_id)


@api.endpoint(
    "POST",
    "/api/activity/import",
    summary="Import activities and recommendations from CSV or XLSX (multipart form: file, commit — false for "
    "a preview): all rows or none, idempotent on the codes; a file with errors answers 422 with the report "
    "(sheet, row, column, message in Vietnamese and English)",
    roles=WRITERS,
    tag=TAG,
    body=obj(["file"], file=FILE, commit=BOOL),
    form=True,
    max_bytes=SHEET_LIMIT,
    returns=wire.IMPORT_REPORT,
)
def import_sheet(call: Call) -> dict[str, Any]:
    sent = call.body.get("file")
    if not (isinstance(sent, tuple) and len(sent) == 3 and sent[2]):
        raise DomainError(
            "Vui lòng chọn tệp CSV hoặc XLSX.", "Please choose the CSV or XLSX file.", field="file"
        )
    commit = str(call.body.get("commit", "true")).lower() in ("1", "true", "yes", "on")
    report = import_file(call.db, str(sent[0] or ""), bytes(sent[2]), commit=commit, actor=call.actor)
    if report.errors:
        raise ImportRefused(report)
    return report.as_dict()


@api.endpoint(
    "GET",
    "/api/activity/import/template.xlsx",
    summary="The import's template: the two sheets (Hoạt động, Kiến nghị) with their headers and an example row",
    roles=WRITERS,
    tag=TAG,
    response="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
def import_template(call: Call) -> Response:
    return Response(
        template_xlsx(),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"content-disposition": 'attachment; filename="mau-nhap-hoat-dong.xlsx"'},
    )

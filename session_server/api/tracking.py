"""Implementation tracking of resolutions (theo dõi thực hiện): the tasks of a resolution as a tree with their
rolled-up progress, milestones, dated reports with a PDF attached, the overdue list, CSV export and import.
Archivists and administrators write; the staff read (:mod:`agenda.archive.tracking`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import Response

from agenda import filestore
from agenda.access import ARCHIVISTS, STAFF
from agenda.archive.tracking import csvfile, csvimport, reports, tasks
from agenda.archive.tracking.values import MilestoneInput, MilestonePatch, ReportInput, TaskInput, TaskPatch
from agenda.documents import upload
from agenda.errors import DomainError
from agenda.inputs import Fields
from agenda.pdf import limits
from session_server.api.params import query_int
from session_server.http.bodies import FORM_FIELDS_BYTES
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import BOOL, DATE, DELETED, FILE, INT, STR, array, obj, patch, reply
from session_server.wire import tracking as wire

api = Api()
FORM_LIMIT = limits.Limits.from_env().max_bytes + FORM_FIELDS_BYTES
CSV_LIMIT = 5 * 1024 * 1024 + FORM_FIELDS_BYTES
TASK_FIELDS: dict[str, Any] = {
    "external_id": STR,
    "parent_id": INT,
    "article": STR,
    "title": STR,
    "agency": STR,
    "deadline": DATE,
    "weight": INT,
    "progress": INT,
}
MILESTONE_FIELDS: dict[str, Any] = {"title": STR, "due": DATE, "done_on": DATE}


def task_detail(call: Call, task_id: int) -> dict[str, Any]:
    task = tasks.get_task(call.db, task_id)
    today = tasks.today_of(call.db, tasks.get_resolution(call.db, task.resolution_id))
    return wire.task(tasks.view_of(call.db, task)) | {
        "milestones": [wire.milestone(m, today) for m in task.milestones],
        "reports": [wire.report(r) for r in task.reports],
    }


@api.endpoint(
    "GET",
    "/api/archive/tracking/resolutions",
    summary="Resolutions with their tasks counted, the late ones, and their overall progress (?council_id=)",
    roles=STAFF,
    tag="tracking",
    query={"council_id": INT},
    returns=reply(resolutions=array(wire.SUMMARY)),
)
def list_resolutions(call: Call) -> dict[str, Any]:
    council_id = query_int(call, "council_id", ("Hội đồng nhân dân", "council"), minimum=1)
    return {"resolutions": [wire.summary(s) for s in tasks.summaries(call.db, council_id)]}


@api.endpoint(
    "GET",
    "/api/archive/resolutions/{resolution_id}/tasks",
    summary="The tasks of a resolution as a tree, each with its progress rolled up and its status today",
    roles=STAFF,
    tag="tracking",
    returns=wire.TREE,
)
def resolution_tasks(call: Call) -> dict[str, Any]:
    record = tasks.get_resolution(call.db, call.path["resolution_id"])
    return {
        "resolution": wire.resolution(record),
        "today": tasks.today_of(call.db, record).isoformat(),
        "tasks": wire.tree(tasks.tree(call.db, record)),
    }


@api.endpoint(
    "POST",
    "/api/archive/resolutions/{resolution_id}/tasks",
    summary="Add a task to a resolution (or under a parent task): progress 0–100, weight ≥ 1 (none counts as 1)",
    roles=ARCHIVISTS,
    tag="tracking",
    body=obj(["title"], **TASK_FIELDS),
    status=201,
    returns=wire.TASK_DETAIL,
)
def create_task(call: Call) -> dict[str, Any]:
    record = tasks.get_resolution(call.db, call.path["resolution_id"])
    task = tasks.create_task(call.db, record, TaskInput.parse(call.body), actor=call.actor)
    return task_detail(call, task.id)


@api.endpoint(
    "GET",
    "/api/archive/tasks/{task_id}",
    summary="A task with its milestones and reports",
    roles=STAFF,
    tag="tracking",
    returns=wire.TASK_DETAIL,
)
def get_task(call: Call) -> dict[str, Any]:
    return task_detail(call, call.path["task_id"])


@api.endpoint(
    "PATCH",
    "/api/archive/tasks/{task_id}",
    summary="Edit a task; closed_reason closes it today with that reason, null reopens it",
    roles=ARCHIVISTS,
    tag="tracking",
    body=patch(closed_reason=STR, **TASK_FIELDS),
    returns=wire.TASK_DETAIL,
)
def update_task(call: Call) -> dict[str, Any]:
    task = tasks.get_task(call.db, call.path["task_id"])
    tasks.update_task(call.db, task, TaskPatch.parse(call.body), actor=call.actor)
    return task_detail(call, task.id)


@api.endpoint(
    "DELETE",
    "/api/archive/tasks/{task_id}",
    summary="Delete a task with its sub-tasks, milestones and reports",
    roles=ARCHIVISTS,
    tag="tracking",
    returns=DELETED,
)
def delete_task(call: Call) -> dict[str, Any]:
    tasks.delete_task(call.db, tasks.get_task(call.db, call.path["task_id"]), actor=call.actor)
    return {"deleted": call.path["task_id"]}


@api.endpoint(
    "POST",
    "/api/archive/tasks/{task_id}/milestones",
    summary="Add a milestone to a task",
    roles=ARCHIVISTS,
    tag="tracking",
    body=obj(["title", "due"], **MILESTONE_FIELDS),
    status=201,
    returns=wire.TASK_DETAIL,
)
def add_milestone(call: Call) -> dict[str, Any]:
    task = tasks.get_task(call.db, call.path["task_id"])
    reports.add_milestone(call.db, task, MilestoneInput.parse(call.body), actor=call.actor)
    return task_detail(call, task.id)


@api.endpoint(
    "PATCH",
    "/api/archive/milestones/{milestone_id}",
    summary="Edit a milestone (done_on: the day it was reached)",
    roles=ARCHIVISTS,
    tag="tracking",
    body=patch(**MILESTONE_FIELDS),
    returns=wire.TASK_DETAIL,
)
def update_milestone(call: Call) -> dict[str, Any]:
    milestone = reports.get_milestone(call.db, call.path["milestone_id"])
    reports.update_milestone(call.db, milestone, MilestonePatch.parse(call.body), actor=call.actor)
    return task_detail(call, milestone.task_id)


@api.endpoint(
    "DELETE",
    "/api/archive/milestones/{milestone_id}",
    summary="Delete a milestone",
    roles=ARCHIVISTS,
    tag="tracking",
    returns=wire.TASK_DETAIL,
)
def delete_milestone(call: Call) -> dict[str, Any]:
    milestone = reports.get_milestone(call.db, call.path["milestone_id"])
    task_id = milestone.task_id
    reports.delete_milestone(call.db, milestone, actor=call.actor)
    return task_detail(call, task_id)


def _check_attachment(body: dict[str, Any], cancelled: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Runs before the transaction (``prepare=``): an attached file is checked as every uploaded document is
    (PDF, or Word converted when LibreOffice is installed); no file chosen is no attachment."""
    fields = dict(body)
    sent = fields.pop("file", None)
    if isinstance(sent, tuple) and len(sent) == 3 and (sent[0] or sent[2]):
        file = upload.Upload.from_form(sent)
        processed = upload.process_upload(file, None, cancelled)
        fields["file"] = (file.filename, processed)
    return fields


@api.endpoint(
    "POST",
    "/api/archive/tasks/{task_id}/reports",
    summary="Add a dated report to a task (multipart form: dated, text, progress, file — a PDF, checked as "
    "every document is); the latest report's progress becomes the task's",
    roles=ARCHIVISTS,
    tag="tracking",
    body=obj(["dated", "text"], dated=DATE, text=STR, progress=INT, file=FILE),
    status=201,
    form=True,
    max_bytes=FORM_LIMIT,
    prepare=_check_attachment,
    returns=wire.TASK_DETAIL,
)
def add_report(call: Call) -> dict[str, Any]:
    task = tasks.get_task(call.db, call.path["task_id"])
    attachment = call.body.get("file")
    values = ReportInput.parse({k: v for k, v in call.body.items() if k != "file"})
    reports.add_report(call.db, task, values, attachment, actor=call.actor)
    return task_detail(call, task.id)


@api.endpoint(
    "DELETE",
    "/api/archive/task-reports/{report_id}",
    summary="Delete a report (the task keeps its progress)",
    roles=ARCHIVISTS,
    tag="tracking",
    returns=wire.TASK_DETAIL,
)
def delete_report(call: Call) -> dict[str, Any]:
    report = reports.get_report(call.db, call.path["report_id"])
    task_id = report.task_id
    reports.delete_report(call.db, report, actor=call.actor)
    return task_detail(call, task_id)


@api.endpoint(
    "GET",
    "/api/archive/task-reports/{report_id}/attachment",
    summary="The PDF attached to a report",
    roles=STAFF,
    tag="tracking",
    response="application/pdf",
)
def report_attachment(call: Call) -> Response:
    report = reports.get_report(call.db, call.path["report_id"])
    if report.attachment_sha256 is None:
        raise DomainError("Báo cáo này không có tệp đính kèm.", "This report has no attachment.", status=404)
    safe = "".join(
        ch if ch.isalnum() or ch in "._-" else "_" for ch in report.attachment_name or "bao-cao.pdf"
    )
    return Response(
        filestore.load(call.db, report.attachment_sha256),
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{safe}"'},
    )


@api.endpoint(
    "GET",
    "/api/archive/tracking/overdue",
    summary="Tasks past their deadline on their council's today, not completed nor closed (?council_id=, "
    "?agency= — part of its name)",
    roles=STAFF,
    tag="tracking",
    query={"council_id": INT, "agency": STR},
    returns=reply(tasks=array(wire.OVERDUE)),
)
def overdue(call: Call) -> dict[str, Any]:
    council_id = query_int(call, "council_id", ("Hội đồng nhân dân", "council"), minimum=1)
    agency = Fields(dict(call.request.query_params)).text(
        "agency", ("cơ quan chủ trì", "agency"), required=False, max_length=300
    )
    return {"tasks": [wire.overdue(o) for o in tasks.overdue(call.db, council_id=council_id, agency=agency)]}


@api.endpoint(
    "GET",
    "/api/archive/tracking/tasks.csv",
    summary="The tasks as CSV (UTF-8 with BOM, Vietnamese headers) — the columns the import reads "
    "(?council_id=, ?resolution_id=)",
    roles=STAFF,
    tag="tracking",
    response="text/csv",
    query={"council_id": INT, "resolution_id": INT},
)
def export_csv(call: Call) -> Response:
    council_id = query_int(call, "council_id", ("Hội đồng nhân dân", "council"), minimum=1)
    resolution_id = query_int(call, "resolution_id", ("nghị quyết", "resolution"), minimum=1)
    content = csvfile.export_csv(call.db, council_id=council_id, resolution_id=resolution_id)
    return Response(
        content,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="theo-doi-thuc-hien.csv"'},
    )


@api.endpoint(
    "POST",
    "/api/archive/tracking/import",
    summary="Import tasks from CSV (multipart form: file, commit — false for a preview): all rows or none; "
    "a file with errors answers 422 with the report (row, column, message in Vietnamese and English)",
    roles=ARCHIVISTS,
    tag="tracking",
    body=obj(["file"], file=FILE, commit=BOOL),
    form=True,
    max_bytes=CSV_LIMIT,
    returns=wire.IMPORT_REPORT,
)
def import_csv(call: Call) -> dict[str, Any]:
    sent = call.body.get("file")
    if not (isinstance(sent, tuple) and len(sent) == 3 and sent[2]):
        raise DomainError(
            "Vui lòng chọn tệp CSV.", "Please choose the CSV file.", code="required", field="file"
        )
    commit = str(call.body.get("commit", "true")).lower() in ("1", "true", "yes", "on")
    report = csvimport.import_csv(call.db, bytes(sent[2]), commit=commit, actor=call.actor)
    if report.errors:
        raise csvimport.ImportRefused(report)
    return report.as_dict()

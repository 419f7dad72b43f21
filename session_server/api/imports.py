"""Importing historical archives from the browser (web/archive/import.html): create an import, send its
PDFs one request each (and at most one CSV of their details), start it, and poll its progress — what was
imported, skipped and refused so far, the rate and the time left. The import itself runs in a background
thread of the server (:mod:`agenda.archive.importer.jobs`). Past imports — from this page or the command
line — and each one's report are read from their journals (:mod:`agenda.archive.importer.history`).
Archivists and administrators only."""

from __future__ import annotations

from typing import Any

from agenda.access import ARCHIVISTS
from agenda.archive.importer import history
from agenda.archive.importer.jobs import ImportJob, ImportJobs
from agenda.archive.importer.journal import Status
from agenda.audit import actor_of
from agenda.council.councils import get_council
from agenda.documents.upload import Upload
from agenda.inputs import Fields
from agenda.pdf import limits
from session_server.api.params import query_int
from session_server.http.bodies import FORM_FIELDS_BYTES
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import (
    BOOL,
    FILE,
    INT,
    NUMBER,
    OPT_INT,
    OPT_STR,
    STR,
    array,
    choices,
    component,
    nullable,
    obj,
    reply,
)
from session_server.wire import imports as wire

api = Api()

IMPORT_STATE = component(
    "ImportJob",
    reply(
        id=INT,
        status=STR,
        received=INT,
        csv=OPT_STR,
        council_id=OPT_INT,
        create_councils=BOOL,
        progress=nullable(
            reply(
                total=INT,
                done=INT,
                imported=INT,
                skipped=INT,
                refused=INT,
                pages=INT,
                scanned=INT,
                elapsed_seconds=NUMBER,
                files_per_second=NUMBER,
                pages_per_second=NUMBER,
                seconds_left=nullable(NUMBER),
                interrupted=BOOL,
            )
        ),
        recent=array(wire.OUTCOME),
        refused=array(wire.OUTCOME),
        ocr=reply(available=BOOL, vi=STR, en=STR),
        journal=OPT_STR,
        journal_name=OPT_STR,
        error=nullable(reply(vi=STR, en=STR)),
    ),
)
FORM_LIMIT = limits.Limits.from_env().max_bytes + FORM_FIELDS_BYTES


def _jobs(call: Call) -> ImportJobs:
    jobs: ImportJobs = call.request.app.state.archive_imports
    return jobs


def _job(call: Call) -> ImportJob:
    job = _jobs(call).get(call.path["job_id"])
    return job


@api.endpoint(
    "POST",
    "/api/archive/imports",
    summary="Start an import of historical resolutions: the issuing council of files that do not say "
    "(council_id) and whether unknown historical district councils are created (create_councils)",
    roles=ARCHIVISTS,
    tag="archive",
    body=obj([], council_id=INT, create_councils=BOOL, source=STR),
    status=201,
    returns=IMPORT_STATE,
)
def create_import(call: Call) -> dict[str, Any]:
    f = Fields(call.body or {})
    council_id = f.integer("council_id", ("Hội đồng nhân dân ban hành", "issuing council"), required=False)
    if council_id is not None:
        get_council(call.db, council_id)
    create = f.boolean(
        "create_councils", ("tạo Hội đồng cấp huyện", "create district councils"), default=False
    )
    source = f.text("source", ("thư mục", "folder"), required=False, max_length=200)
    job = _jobs(call).create(
        actor_of(call.user), council_id=council_id, create_councils=bool(create), source=source
    )
    return job.state()


@api.endpoint(
    "POST",
    "/api/archive/imports/{job_id}/files",
    summary="Send one file of an import (multipart form: file — a PDF; a .csv file is the files' details)",
    roles=ARCHIVISTS,
    tag="archive",
    body=obj(["file"], file=FILE),
    status=201,
    form=True,
    max_bytes=FORM_LIMIT,
    returns=reply(file=STR, received=INT, csv=OPT_STR),
)
def add_import_file(call: Call) -> dict[str, Any]:
    sent = Upload.from_form(call.body.get("file"))
    job = _job(call)
    kept = job.add_file(sent.filename, sent.content)
    return {"file": kept, "received": job.received, "csv": job.csv_name}


@api.endpoint(
    "POST",
    "/api/archive/imports/{job_id}/start",
    summary="Run the import",
    roles=ARCHIVISTS,
    tag="archive",
    status=202,
    returns=IMPORT_STATE,
)
def start_import(call: Call) -> dict[str, Any]:
    job = _job(call)
    _jobs(call).start(job, call.request.app.state.db)
    return job.state()


@api.endpoint(
    "POST",
    "/api/archive/imports/{job_id}/stop",
    summary="Stop the import after the batch of files being written (a new import resumes it)",
    roles=ARCHIVISTS,
    tag="archive",
    returns=IMPORT_STATE,
)
def stop_import(call: Call) -> dict[str, Any]:
    job = _job(call)
    job.stop.set()
    return job.state()


@api.endpoint(
    "GET",
    "/api/archive/imports/{job_id}",
    summary="An import's progress: imported, skipped and refused so far (with reasons), rate, time left",
    roles=ARCHIVISTS,
    tag="archive",
    returns=IMPORT_STATE,
)
def get_import(call: Call) -> dict[str, Any]:
    return _job(call).state()


@api.endpoint(
    "GET",
    "/api/archive/imports",
    summary="Past imports, the newest first (from their journals: the upload page's and the command "
    "line's): when, who, what, counts imported / skipped / refused, finished, interrupted or unfinished",
    roles=ARCHIVISTS,
    tag="archive",
    returns=reply(imports=array(wire.PAST_IMPORT)),
)
def list_imports(call: Call) -> dict[str, Any]:
    jobs = _jobs(call)
    running = jobs.running_journals()
    return {"imports": [wire.past_import(p, running) for p in history.past_imports(jobs.root)]}


@api.endpoint(
    "GET",
    "/api/archive/imports/journals/{name}",
    summary="A past import's report: each file imported, skipped or refused with the reason — those of "
    f"?status= if given, {history.PAGE} from ?offset=",
    roles=ARCHIVISTS,
    tag="archive",
    params={"name": {**STR, "pattern": history.NAME.pattern}},
    query={"status": choices(Status), "offset": {**INT, "minimum": 0}},
    returns=wire.PAST_IMPORT_REPORT,
)
def get_import_report(call: Call) -> dict[str, Any]:
    jobs = _jobs(call)
    raw = call.request.query_params.get("status")
    status = Fields({"status": raw}).choice("status", ("trạng thái", "status"), Status, required=False)
    offset = query_int(call, "offset", ("vị trí", "offset"), 0, minimum=0)
    page = history.import_report(jobs.root, call.path["name"], status=status, offset=offset)
    return wire.past_import_report(page, jobs.running_journals(), history.PAGE)

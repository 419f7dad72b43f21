"""The council's lists as spreadsheets: the template, the export (XLSX, CSV), and the import — a preview that
writes nothing, then the import itself, all rows or none (``agenda/council/roster``). The file is read and
checked before the transaction opens (``prepare=``); the import re-reads the file it is sent, so what is
written is always what was checked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.responses import Response

from agenda.access import EDITORS
from agenda.council import terms
from agenda.council.roster import apply, export, parse, template, workbook
from agenda.council.roster.columns import RosterList
from agenda.errors import DomainError
from session_server.http.bodies import FORM_FIELDS_BYTES
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import (
    BOOL,
    FILE,
    INT,
    OPT_STR,
    STR,
    array,
    component,
    enum,
    mapping,
    obj,
    reply,
)

api = Api()
FORM_LIMIT = parse.MAX_FILE_BYTES + FORM_FIELDS_BYTES
UPLOAD_BODY = obj(["file"], file=FILE)
ANY_VALUE: dict[str, Any] = {"description": "A cell's value as the file writes it (text, a number, or null)"}
ROSTER_REPORT = component(
    "RosterReport",
    reply(
        file=STR,
        kind={**STR, "description": "xlsx or csv"},
        sheets=array(
            reply(
                list=enum([r.value for r in RosterList]),
                title=STR,
                rows=INT,
                columns=array(STR),
                ignored_columns=array(STR),
            )
        ),
        counts=mapping(reply(create=INT, update=INT, unchanged=INT, error=INT)),
        ok=BOOL,
        organizations_created=array(STR),
        rows=array(
            reply(
                list=enum([r.value for r in RosterList]),
                row=INT,
                name=OPT_STR,
                action=enum(["create", "update", "unchanged", "error"]),
                changes=array(reply(column=STR, key=STR, before=ANY_VALUE, after=ANY_VALUE)),
                errors=array(
                    reply(
                        row=INT,
                        column=OPT_STR,
                        column_vi=OPT_STR,
                        key=OPT_STR,
                        message=STR,
                        message_vi=STR,
                        message_en=STR,
                    )
                ),
            )
        ),
    ),
)
_LIMITS = (
    f"at most {parse.MAX_FILE_BYTES // (1024 * 1024)} MB and {parse.MAX_ROWS} rows a sheet (413 beyond); "
    "an unreadable file: 422 `unreadable_file`"
)


def _read_upload(body: dict[str, Any], gone: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Runs before the transaction (``prepare=``): the file's lists, read and bounded."""
    sent = body.get("file")
    if not isinstance(sent, tuple) or len(sent) != 3:
        raise DomainError(
            "Vui lòng chọn tệp danh sách (XLSX hoặc CSV).",
            "Please choose the list's file (XLSX or CSV).",
            code="required",
            field="file",
        )
    filename, _, content = sent
    name = Path(str(filename or "").replace("\\", "/")).name[:200] or "danh-sach"
    return {"filename": name, "book": parse.read_workbook(name, bytes(content))}


def _file(content: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content, media_type=media_type, headers={"content-disposition": f'attachment; filename="{filename}"'}
    )


@api.endpoint(
    "GET",
    "/api/roster/template.xlsx",
    summary="The XLSX template of the council's lists: headers, a sample row, pick lists, a guide sheet",
    roles=EDITORS,
    tag="roster",
    response=workbook.XLSX_TYPE,
)
def roster_template(call: Call) -> Response:
    return _file(template.template_xlsx(), workbook.XLSX_TYPE, "mau-danh-sach-hdnd.xlsx")


@api.endpoint(
    "GET",
    "/api/roster/export.xlsx",
    summary="The delegates (with Ban, Tổ, Thường trực) and the officials in the import's columns",
    roles=EDITORS,
    tag="roster",
    response=workbook.XLSX_TYPE,
)
def export_xlsx(call: Call) -> Response:
    council, term = terms.home_council(call.db), terms.home_term(call.db)
    sheets = [
        (RosterList.DELEGATES, export.delegate_rows(call.db, council, term)),
        (RosterList.OFFICIALS, export.official_rows(call.db, council, term)),
    ]
    return _file(workbook.write_xlsx(sheets), workbook.XLSX_TYPE, "danh-sach-hdnd.xlsx")


@api.endpoint(
    "GET",
    "/api/roster/delegates.csv",
    summary="The delegates as CSV (UTF-8 with BOM) in the import's columns",
    roles=EDITORS,
    tag="roster",
    response="text/csv",
)
def export_delegates_csv(call: Call) -> Response:
    council, term = terms.home_council(call.db), terms.home_term(call.db)
    rows = export.delegate_rows(call.db, council, term)
    return _file(workbook.write_csv(RosterList.DELEGATES, rows), workbook.CSV_TYPE, "dai-bieu.csv")


@api.endpoint(
    "GET",
    "/api/roster/officials.csv",
    summary="The officials who can be questioned as CSV (UTF-8 with BOM) in the import's columns",
    roles=EDITORS,
    tag="roster",
    response="text/csv",
)
def export_officials_csv(call: Call) -> Response:
    council, term = terms.home_council(call.db), terms.home_term(call.db)
    rows = export.official_rows(call.db, council, term)
    return _file(workbook.write_csv(RosterList.OFFICIALS, rows), workbook.CSV_TYPE, "nguoi-duoc-chat-van.csv")


@api.endpoint(
    "POST",
    "/api/roster/preview",
    summary="Preview an import (multipart form: file — XLSX or CSV): each row created, updated (from → to), "
    f"unchanged or wrong (row, column, message); nothing is written. {_LIMITS}",
    roles=EDITORS,
    tag="roster",
    body=UPLOAD_BODY,
    form=True,
    max_bytes=FORM_LIMIT,
    prepare=_read_upload,
    returns=ROSTER_REPORT,
)
def preview(call: Call) -> dict[str, Any]:
    council, term = terms.home_council(call.db), terms.home_term(call.db)
    report = apply.dry_run(call.db, council, term, call.body["book"], actor=call.actor)
    return {"file": call.body["filename"], **report.as_dict(call.lang)}


@api.endpoint(
    "POST",
    "/api/roster/import",
    summary="Import the lists (multipart form: file), every row or none: with any wrong row nothing is "
    f"written (422 `roster_refused`, with every row's report); the same file again changes nothing. {_LIMITS}",
    roles=EDITORS,
    tag="roster",
    body=UPLOAD_BODY,
    form=True,
    max_bytes=FORM_LIMIT,
    prepare=_read_upload,
    returns=ROSTER_REPORT,
)
def import_lists(call: Call) -> dict[str, Any]:
    council, term = terms.home_council(call.db), terms.home_term(call.db)
    filename = call.body["filename"]
    report = apply.import_roster(call.db, council, term, call.body["book"], filename, actor=call.actor)
    return {"file": filename, **report.as_dict(call.lang)}

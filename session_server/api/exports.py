"""Tables as files a secretary or archivist asks for (:mod:`agenda.opendata.exports`) — the archive's search
results, the delegates, a session's votes and attendance, the implementation tasks — as CSV (UTF-8 with BOM)
and XLSX, with Vietnamese headers (English with ``?lang=en`` or the caller's language); each with the roles and
the scope of the JSON it mirrors. And each council's Atom feed of new resolutions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select
from starlette.responses import Response

from agenda import clock
from agenda.access import PUBLIC, STAFF
from agenda.archive import permalinks
from agenda.archive.tracking import csvfile as tasks_file
from agenda.council import councils, sessions, terms
from agenda.models import Resolution
from agenda.opendata.exports import council as council_table
from agenda.opendata.exports import feeds, sitting
from agenda.opendata.exports import search as search_table
from agenda.opendata.exports.columns import Table, file_name
from agenda.opendata.exports.csvfile import CSV_TYPE, write_csv
from agenda.opendata.exports.workbook import XLSX_TYPE, write_xlsx
from session_server.api.params import ALL, ON_DATE, on_date, query_int
from session_server.api.search import QUERY, search_request, search_today
from session_server.http.endpoints import Api, Call, Handler
from session_server.http.schemas import INT, STR

api = Api()
LANG = {
    **STR,
    "enum": ["vi", "en"],
    "description": "The headers' language (default: the caller's; Vietnamese)",
}
FORMATS = {"csv": "text/csv", "xlsx": XLSX_TYPE}


def _file(call: Call, tables: Sequence[Table[Any]], stem: str, extension: str) -> Response:
    """The tables as a download: CSV (the first table) or XLSX (a sheet each). A table cut short says so
    in the workbook's last sheet and, for either, in the ``X-Export-Note`` header (English)."""
    if extension == "csv":
        content, media_type = write_csv(tables[0], call.lang), CSV_TYPE
    else:
        content, media_type = write_xlsx(tables, call.lang), XLSX_TYPE
    headers = {"content-disposition": f'attachment; filename="{file_name(stem, call.lang, extension)}"'}
    notes = [t.note.en for t in tables if t.note is not None]
    if notes:
        headers["x-export-note"] = " ".join(notes)
    return Response(content, media_type=media_type, headers=headers)


def _search(call: Call, extension: str) -> Response:
    public = not call.is_staff or call.request.query_params.get("scope") == "public"
    base = call.settings.base_url(call.request)
    table, _ = search_table.search_table(
        call.db, search_request(call), public=public, day=search_today(call), base=base
    )
    return _file(call, [table], "ket-qua-tim-kiem", extension)


def _delegates(call: Call, extension: str) -> Response:
    term = terms.home_term(call.db)
    everyone = call.is_staff and call.request.query_params.get("all") == "1"
    on = None if everyone else on_date(call, term.council)
    table = council_table.delegates_table(call.db, term, on, full=call.is_staff)
    return _file(call, [table], "danh-sach-dai-bieu", extension)


def _votes(call: Call, extension: str) -> Response:
    session = sessions.visible_session(call.db, call.path["session_id"], call.user)
    votes, ballots = sitting.votes_tables(call.db, session)
    return _file(call, [votes, ballots], f"bieu-quyet-ky-hop-{session.number}", extension)


def _ballots(call: Call, extension: str) -> Response:
    session = sessions.visible_session(call.db, call.path["session_id"], call.user)
    _, ballots = sitting.votes_tables(call.db, session)
    return _file(call, [ballots], f"phieu-dai-bieu-ky-hop-{session.number}", extension)


def _attendance(call: Call, extension: str) -> Response:
    session = sessions.visible_session(call.db, call.path["session_id"], call.user)
    table = sitting.attendance_table(call.db, session)
    return _file(call, [table], f"diem-danh-ky-hop-{session.number}", extension)


def _tasks(call: Call, extension: str) -> Response:
    council_id = query_int(call, "council_id", ("Hội đồng nhân dân", "council"), minimum=1)
    resolution_id = query_int(call, "resolution_id", ("nghị quyết", "resolution"), minimum=1)
    table = tasks_file.task_table(call.db, council_id=council_id, resolution_id=resolution_id)
    return _file(call, [table], "theo-doi-thuc-hien", extension)


SEARCH = (
    "The archive's search results (the same parameters and scope as GET /api/archive/search: no sign-in, "
    f"published resolutions only) — every hit, not one page, up to {search_table.MAX_ROWS} (a larger result "
    "is cut there, and the file says so)"
)
DELEGATES = (
    "The delegates in office (?on=; staff: ?all=1 for former ones too; birth year and contacts for staff)"
)
VOTES = (
    "A session's votes — number, title, kind, counts, result sentence — (a secret vote: the counts only); the "
    "XLSX has a second sheet with each named vote's ballots"
)
BALLOTS = "Who chose what in each closed named vote of a session (never a secret one)"
ATTENDANCE = "A session's attendance, each sitting day, with the reasons of absence"
TASKS = "The implementation tasks (?council_id=, ?resolution_id=) in the import's columns"


def _serving(serve: Callable[[Call, str], Response], extension: str) -> Handler:
    def handler(call: Call) -> Response:
        return serve(call, extension)

    handler.__name__ = f"{serve.__name__.strip('_')}_{extension}"
    return handler


SESSION_LISTS = (
    ("votes", VOTES, _votes),
    ("ballots", BALLOTS, _ballots),
    ("attendance", ATTENDANCE, _attendance),
)
for extension, media_type in FORMATS.items():
    api.endpoint(
        "GET",
        f"/api/archive/search.{extension}",
        summary=f"{SEARCH}, as {extension.upper()}",
        roles=PUBLIC,
        tag="exports",
        query=QUERY | {"scope": {**STR, "enum": ["public"]}, "lang": LANG},
        response=media_type,
    )(_serving(_search, extension))
    api.endpoint(
        "GET",
        f"/api/delegates.{extension}",
        summary=f"{DELEGATES}, as {extension.upper()}",
        roles=PUBLIC,
        tag="exports",
        query={"on": ON_DATE, "all": ALL, "lang": LANG},
        response=media_type,
    )(_serving(_delegates, extension))
    for path, summary, serve in SESSION_LISTS:
        api.endpoint(
            "GET",
            f"/api/sessions/{{session_id}}/{path}.{extension}",
            summary=f"{summary}, as {extension.upper()}",
            roles=PUBLIC,
            tag="exports",
            query={"lang": LANG},
            response=media_type,
        )(_serving(serve, extension))
api.endpoint(  # the CSV is tracking's own, in the same columns: GET /api/archive/tracking/tasks.csv
    "GET",
    "/api/archive/tracking/tasks.xlsx",
    summary=f"{TASKS}, as XLSX",
    roles=STAFF,
    tag="tracking",
    query={"council_id": INT, "resolution_id": INT, "lang": LANG},
    response=XLSX_TYPE,
)(_serving(_tasks, "xlsx"))


@api.endpoint(
    "GET",
    "/api/public/councils/{council_id}/resolutions.atom",
    summary=f"A council's new resolutions as an Atom feed: its published resolutions, newest first "
    f"({feeds.FEED_SIZE} of them), each linking its permalink",
    roles=PUBLIC,
    tag="archive",
    response=feeds.ATOM_TYPE,
)
def council_feed(call: Call) -> Response:
    council = councils.get_council(call.db, call.path["council_id"])
    today = clock.today(council)
    records = [
        r
        for r in call.db.scalars(
            select(Resolution)
            .where(
                Resolution.council_id == council.id,
                Resolution.serial.is_not(None),
                Resolution.published_on <= today,
            )
            .order_by(Resolution.published_on.desc(), Resolution.updated_at.desc(), Resolution.id.desc())
            .limit(feeds.FEED_SIZE)
        )
        if permalinks.is_public(r, today)
    ]
    base = call.settings.base_url(call.request)
    self_url = f"{base}/api/public/councils/{council.id}/resolutions.atom"
    feed = feeds.Feed(
        id=self_url,
        title=f"Nghị quyết mới — {council.name}",
        self_url=self_url,
        page_url=f"{base}/archive/search?council_id={council.id}&sort=newest",
        entries=[feeds.resolution_entry(r, base) for r in records],
    )
    return Response(feeds.atom(feed), media_type=f"{feeds.ATOM_TYPE}; charset=utf-8")

"""The yearly list a council publishes each January — its resolutions that ended or were suspended, wholly or
in part, during a year (:func:`agenda.archive.links.yearly_list`) — as JSON, and in the legal form as a
spreadsheet and a printable PDF (:mod:`agenda.archive.reports`, :mod:`agenda.pdf.yearly`). Staff read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from starlette.responses import Response

from agenda.access import STAFF
from agenda.archive import links, reports
from agenda.archive.force import YearlyEntry
from agenda.council import councils
from agenda.models import Council, Resolution
from agenda.pdf import yearly as pdf_yearly
from session_server.api.params import on_date, query_int
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import INT, STR, array, reply
from session_server.wire import archive as wire

api = Api()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@api.endpoint(
    "GET",
    "/api/archive/councils/{council_id}/ended",
    summary="The yearly list (danh mục văn bản hết hiệu lực, ngưng hiệu lực toàn bộ hoặc một phần) a council "
    "publishes each January: its resolutions that ended or were suspended, wholly or in part, during ?year= "
    "(default: last year)",
    roles=STAFF,
    tag="archive",
    query={"year": INT},
    returns=reply(council=STR, year=INT, entries=array(wire.YEARLY_ENTRY)),
)
def yearly_list(call: Call) -> dict[str, Any]:
    council, year, entries, records = _yearly(call)
    states = links.forces_of(call.db, list(records.values()), dt.date(year, 12, 31))
    return {
        "council": council.name,
        "year": year,
        "entries": [wire.yearly_entry(e, records[e.resolution], states[e.resolution]) for e in entries],
    }


def _yearly(call: Call) -> tuple[Council, int, list[YearlyEntry], dict[int, Resolution]]:
    council = councils.get_council(call.db, call.path["council_id"])
    last_year = on_date(call, council).year - 1
    year = query_int(call, "year", ("năm", "year"), last_year, minimum=1945, maximum=9999)
    entries = links.yearly_list(call.db, council.id, year)
    wanted = [e.resolution for e in entries]
    records = {r.id: r for r in call.db.scalars(select(Resolution).where(Resolution.id.in_(wanted)))}
    return council, year, entries, records


def _report_file(content: bytes, media_type: str, name: str) -> Response:
    return Response(
        content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@api.endpoint(
    "GET",
    "/api/archive/councils/{council_id}/ended.xlsx",
    summary="The yearly list of normative resolutions no longer in force or suspended (?year=) as a spreadsheet: "
    "part A wholly, part B in part, with the articles, the reasons and the dates",
    roles=STAFF,
    tag="archive",
    query={"year": INT},
    response=XLSX,
)
def yearly_xlsx(call: Call) -> Response:
    council, year, entries, records = _yearly(call)
    content = reports.yearly_xlsx(council.name, year, reports.yearly_rows(entries, records))
    return _report_file(content, XLSX, f"danh-muc-het-hieu-luc-{year}.xlsx")


@api.endpoint(
    "GET",
    "/api/archive/councils/{council_id}/ended.pdf",
    summary="The same yearly list, printed (A4 landscape)",
    roles=STAFF,
    tag="archive",
    query={"year": INT},
    response="application/pdf",
)
def yearly_pdf(call: Call) -> Response:
    council, year, entries, records = _yearly(call)
    title, by = reports.heading(council.name, year)
    rows = reports.yearly_rows(entries, records)
    content = pdf_yearly.yearly_pdf(title, by, reports.PARTS, reports.HEADERS, rows)
    return _report_file(content, "application/pdf", f"danh-muc-het-hieu-luc-{year}.pdf")

"""The archive's search (:mod:`agenda.archive.search`): one endpoint for everyone — the public (no sign-in)
searches published resolutions and what the public may read of them; staff signed in search everything
(``?scope=public`` shows them what the public finds) — and the Atom feed of a saved search."""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from sqlalchemy import select
from starlette.responses import Response

from agenda import clock
from agenda.access import PUBLIC
from agenda.archive import permalinks
from agenda.archive.force import Force
from agenda.archive.search.request import Kind, SearchRequest, Sort
from agenda.archive.search.service import search
from agenda.models import Council, CouncilLevel
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import DATE, INT, STR, choices
from session_server.wire import search as wire

api = Api()

QUERY = {
    "q": {
        **STR,
        "description": 'Words (with or without diacritics), "a phrase", or a number: 05/2026/NQ-HĐND',
    },
    "council_id": INT,
    "level": choices(CouncilLevel),
    "year": INT,
    "term_id": INT,
    "session_id": INT,
    "kind": choices(Kind),
    "field": STR,
    "signer": STR,
    "status": {**choices(Force), "description": "The legal force on the day (?on=)"},
    "since": {**DATE, "description": "Adopted on or after"},
    "until": {**DATE, "description": "Adopted on or before"},
    "on": {**DATE, "description": "The day of the legal force; today when not given"},
    "sort": choices(Sort),
    "page": {**INT, "minimum": 1},
    "per_page": {**INT, "minimum": 1, "maximum": 100},
    "typing": {**STR, "enum": ["1"], "description": "The box is being typed in: the last word is a prefix"},
}


def _today(call: Call) -> dt.date:
    home = call.db.scalar(select(Council).where(Council.is_home.is_(True)))
    return clock.today(home or clock.DEFAULT_TIME_ZONE)


def _request(call: Call, **fixed: str) -> SearchRequest:
    params = {k: v for k, v in call.request.query_params.items() if k != "scope"}
    return SearchRequest.parse(params | fixed)


@api.endpoint(
    "GET",
    "/api/archive/search",
    summary="Search the archive's resolutions: words as people type them (without diacritics, either tone "
    "placement), phrases, a resolution number straight to it; filters and facets with counts (council, level, "
    "year, term, type, field, signer, legal force on a day); a page of hits with the page of the PDF that "
    "matched and its words marked. No sign-in: published resolutions and what the public may read; staff: "
    "everything (scope=public: as the public sees it)",
    roles=PUBLIC,
    tag="archive",
    query=QUERY | {"scope": {**STR, "enum": ["public"]}},
    returns=wire.RESULT,
)
def search_archive(call: Call) -> dict[str, Any]:
    public = not call.is_staff or call.request.query_params.get("scope") == "public"
    found = search(call.db, _request(call), public=public, day=_today(call))
    return wire.result(call.db, found, public=public)


@api.endpoint(
    "GET",
    "/api/archive/search.atom",
    summary="A saved search as an Atom feed (the same parameters as the search; the newest published "
    "resolutions first, 50 of them): follow it to hear of every new resolution it finds",
    roles=PUBLIC,
    tag="archive",
    query=QUERY,
    response="application/atom+xml",
)
def search_feed(call: Call) -> Response:
    request = _request(call, sort=Sort.NEWEST.value, page="1", per_page="50")
    found = search(call.db, request, public=True, day=_today(call))
    base = call.settings.base_url(call.request)
    self_url = (
        base + "/api/archive/search.atom" + (f"?{call.request.url.query}" if call.request.url.query else "")
    )
    page_url = base + "/archive/search" + (f"?{call.request.url.query}" if call.request.url.query else "")
    updated = max((h.record.updated_at for h in found.hits), default=dt.datetime(2000, 1, 1))
    title = f"Lưu trữ nghị quyết — {request.q}" if request.q else "Lưu trữ nghị quyết"
    entries = []
    for h in found.hits:
        record = h.record
        link = base + (permalinks.path_of(record) or "")
        summary = f"{record.council.name}. Thông qua ngày {record.adopted_on:%d/%m/%Y}."
        entries.append(
            "<entry>"
            f"<id>{escape(link)}</id>"
            f"<title>{escape(f'Nghị quyết {record.number} — {record.title}')}</title>"
            f'<link rel="alternate" type="text/html" href={quoteattr(link)}/>'
            f"<updated>{record.updated_at:%Y-%m-%dT%H:%M:%SZ}</updated>"
            f"<published>{(record.published_on or record.adopted_on).isoformat()}T00:00:00Z</published>"
            f"<author><name>{escape(record.council.name)}</name></author>"
            f"<summary>{escape(summary)}</summary>"
            "</entry>"
        )
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">'
        f"<id>{escape(self_url)}</id>"
        f"<title>{escape(title)}</title>"
        f'<link rel="self" type="application/atom+xml" href={quoteattr(self_url)}/>'
        f'<link rel="alternate" type="text/html" href={quoteattr(page_url)}/>'
        f"<updated>{updated:%Y-%m-%dT%H:%M:%SZ}</updated>" + "".join(entries) + "</feed>"
    )
    return Response(xml, media_type="application/atom+xml; charset=utf-8")

"""The archive's search (:mod:`agenda.archive.search`): one endpoint for everyone — the public (no sign-in)
searches published resolutions and what the public may read of them; staff signed in search everything
(``?scope=public`` shows them what the public finds) — and the Atom feed of a saved search."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from starlette.responses import Response

from agenda import clock
from agenda.access import PUBLIC
from agenda.archive.force import Force
from agenda.archive.search.request import Kind, SearchRequest, Sort
from agenda.archive.search.service import search
from agenda.models import Council, CouncilLevel
from agenda.opendata.exports import feeds
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


def search_today(call: Call) -> dt.date:
    home = call.db.scalar(select(Council).where(Council.is_home.is_(True)))
    return clock.today(home or clock.DEFAULT_TIME_ZONE)


def search_request(call: Call, **fixed: str) -> SearchRequest:
    """The search the query asks for (``scope`` and ``lang`` are the caller's, not the search's)."""
    params = {k: v for k, v in call.request.query_params.items() if k not in ("scope", "lang")}
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
    found = search(call.db, search_request(call), public=public, day=search_today(call))
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
    request = search_request(call, sort=Sort.NEWEST.value, page="1", per_page="50")
    found = search(call.db, request, public=True, day=search_today(call))
    base = call.settings.base_url(call.request)
    query = f"?{call.request.url.query}" if call.request.url.query else ""
    feed = feeds.Feed(
        id=base + "/api/archive/search.atom" + query,
        title=f"Lưu trữ nghị quyết — {request.q}" if request.q else "Lưu trữ nghị quyết",
        self_url=base + "/api/archive/search.atom" + query,
        page_url=base + "/archive/search" + query,
        entries=[feeds.resolution_entry(h.record, base) for h in found.hits],
    )
    return Response(feeds.atom(feed), media_type=f"{feeds.ATOM_TYPE}; charset=utf-8")

"""OParl 1.1 at ``/oparl/v1/`` for anyone (no sign-in): the System, the Bodies (each council), each body's
lists — paged with ``links.next``, filtered by ``created_since`` / ``modified_since`` / ``modified_until`` —
and every object at its own address, with tombstones (``deleted: true``) for what is gone
(:mod:`agenda.opendata.oparl`; docs/open-data.md “OParl 1.1”). JSON, with an ``ETag`` (SHA-256 of the bytes;
``If-None-Match`` → 304)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from starlette.responses import Response

from agenda.access import PUBLIC
from agenda.errors import NotFound
from agenda.opendata.oparl import service
from agenda.opendata.oparl.ids import BODY_LISTS, Kind, Urls
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import BOOL, DATETIME, INT, STR, array, component, enum, reply

api = Api()
MEDIA_TYPE = "application/json"
# An OParl object carries any of the properties its type's schema names (and ours, "kyhop:…"): open here; every
# type is validated against the OParl 1.1 schemas in tests/opendata/test_oparl_*.py.
OBJECT = component(
    "OparlObject",
    {
        **reply(
            ["created", "modified", "deleted"],
            id=STR,
            type=STR,
            created=DATETIME,
            modified=DATETIME,
            deleted=BOOL,
        ),
        "additionalProperties": True,
    },
)
LIST = component(
    "OparlList",
    reply(
        data=array(OBJECT),
        pagination=reply(totalElements=INT, elementsPerPage=INT, currentPage=INT, totalPages=INT),
        links=reply(["prev", "next"], first=STR, prev=STR, next=STR, last=STR),
    ),
)
TIME = {**STR, "description": "ISO 8601 date-time (2026-12-04T10:00:00Z); inclusive"}
FILTERS = {
    "created_since": TIME,
    "modified_since": TIME,
    "modified_until": TIME,
    "page": {**STR, "description": "The page, from 1 (past the last: an empty page)"},
    "limit": {**STR, "description": "Objects per page, 1–1000 (default 100)"},
}
KIND = {**enum(k.value for k in BODY_LISTS), "description": "The list"}
KEY = {**STR, "description": "The object's key in its list (a Paper: i{agenda item} or r{resolution})"}


def _urls(call: Call) -> Urls:
    return Urls(call.settings.base_url(call.request))


def _refreshes(call: Call) -> service.Refreshes:
    refreshes: service.Refreshes = call.request.app.state.oparl_refreshes
    return refreshes


def _json(call: Call, data: dict[str, Any]) -> Response:
    content = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    tag = f'"{hashlib.sha256(content).hexdigest()}"'
    headers = {"ETag": tag, "Cache-Control": "no-cache"}
    if call.request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    return Response(content, media_type=MEDIA_TYPE, headers=headers)


def _kind(call: Call) -> Kind:
    raw = str(call.path["kind"])
    kind = next((k for k in BODY_LISTS if k.value == raw), None)
    if kind is None:
        raise NotFound("danh sách OParl", "OParl list")
    return kind


@api.endpoint(
    "GET",
    "/oparl/v1/",
    summary="OParl 1.1: the System (the entry point): the list of bodies, our extension's namespace",
    roles=PUBLIC,
    tag="oparl",
    returns={
        **reply(["created"], id=STR, type=STR, oparlVersion=STR, body=STR, created=DATETIME),
        "additionalProperties": True,
    },
)
def oparl_system(call: Call) -> Response:
    return _json(call, service.system(call.db, _urls(call)))


@api.endpoint(
    "GET",
    "/oparl/v1/body",
    summary="OParl 1.1: the list of bodies (every council of this archive), paged and filtered",
    roles=PUBLIC,
    tag="oparl",
    returns=LIST,
    query=FILTERS,
    also={304: "Not modified (If-None-Match)"},
)
def oparl_bodies(call: Call) -> Response:
    query = dict(call.request.query_params)
    return _json(
        call, service.list_page(call.db, call.writer, _urls(call), None, Kind.BODY, query, _refreshes(call))
    )


@api.endpoint(
    "GET",
    "/oparl/v1/body/{council_id}",
    summary="OParl 1.1: a Body (a council) with the addresses of its lists and its legislative terms",
    roles=PUBLIC,
    tag="oparl",
    returns=OBJECT,
    also={304: "Not modified (If-None-Match)"},
)
def oparl_body(call: Call) -> Response:
    body = int(call.path["council_id"])
    return _json(call, service.one(call.db, call.writer, _urls(call), body, Kind.BODY, str(body)))


@api.endpoint(
    "GET",
    "/oparl/v1/body/{council_id}/{kind}",
    summary="OParl 1.1: one list of a body (organization, person, membership, meeting, agendaItem, paper, "
    "consultation, file, location, legislativeTerm; our resolution, voteEvent, attendance), paged with "
    "links.next; deleted objects stay as tombstones (deleted: true); the first page brings the list up to date",
    roles=PUBLIC,
    tag="oparl",
    returns=LIST,
    query=FILTERS,
    params={"kind": KIND},
    also={304: "Not modified (If-None-Match)"},
)
def oparl_list(call: Call) -> Response:
    query = dict(call.request.query_params)
    body = int(call.path["council_id"])
    return _json(
        call, service.list_page(call.db, call.writer, _urls(call), body, _kind(call), query, _refreshes(call))
    )


@api.endpoint(
    "GET",
    "/oparl/v1/body/{council_id}/{kind}/{key}",
    summary="OParl 1.1: one object of a body's list at its own address (or its tombstone: deleted: true)",
    roles=PUBLIC,
    tag="oparl",
    returns=OBJECT,
    params={"kind": KIND, "key": KEY},
    also={304: "Not modified (If-None-Match)"},
)
def oparl_object(call: Call) -> Response:
    body = int(call.path["council_id"])
    key = str(call.path["key"])
    if len(key) > 40:
        raise NotFound("đối tượng OParl", "OParl object")
    return _json(call, service.one(call.db, call.writer, _urls(call), body, _kind(call), key))

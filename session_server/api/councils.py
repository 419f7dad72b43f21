"""Councils and their terms, edited after set-up: the home council, a new term after an election, a province
council above a commune one, the abolished district councils of the archive (:mod:`agenda.council.councils`,
:mod:`agenda.council.terms`). Staff read them; the administrator changes them."""

from __future__ import annotations

from typing import Any

from agenda.access import ADMINS, STAFF
from agenda.council import councils, terms
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import DATE, INT, STR, array, obj, patch, reply, with_props
from session_server.wire import council as wire

api = Api()

LEVEL = {"enum": ["province", "commune", "district"]}
COUNCIL_FIELDS: dict[str, Any] = {
    "name": STR,
    "short_name": STR,
    "place_name": STR,
    "level": LEVEL,
    "abolished_on": DATE,
    "parent_id": INT,
    "time_zone": STR,
}
COUNCIL_WITH_TERMS = with_props(wire.COUNCIL, terms=array(wire.TERM))
TERM_FIELDS: dict[str, Any] = {"number": INT, "starts_on": DATE, "ends_on": DATE, "seats": INT}


def council_with_terms(call: Call, council_id: int) -> dict[str, Any]:
    council = councils.get_council(call.db, council_id)
    return wire.council(council) | {"terms": [wire.term(t) for t in terms.list_terms(call.db, council)]}


@api.endpoint(
    "GET",
    "/api/councils",
    summary="Every council recorded, the home one first",
    roles=STAFF,
    tag="council",
    returns=reply(councils=array(wire.COUNCIL)),
)
def list_councils(call: Call) -> dict[str, Any]:
    return {"councils": [wire.council(c) for c in councils.list_councils(call.db)]}


@api.endpoint(
    "POST",
    "/api/councils",
    summary="Add a council beside the home one (its province, a commune, an abolished district council)",
    roles=ADMINS,
    tag="council",
    body=obj(["name", "place_name", "level"], **COUNCIL_FIELDS),
    status=201,
    returns=COUNCIL_WITH_TERMS,
)
def create_council(call: Call) -> dict[str, Any]:
    values = councils.CouncilInput.parse(call.body)
    council = councils.create_council(call.db, values, actor=call.actor)
    return council_with_terms(call, council.id)


@api.endpoint(
    "GET",
    "/api/councils/{council_id}",
    summary="One council with its terms",
    roles=STAFF,
    tag="council",
    returns=COUNCIL_WITH_TERMS,
)
def get_council(call: Call) -> dict[str, Any]:
    return council_with_terms(call, call.path["council_id"])


@api.endpoint(
    "PATCH",
    "/api/councils/{council_id}",
    summary="Edit a council: names, level, parent, abolition date, time zone",
    roles=ADMINS,
    tag="council",
    body=patch(**COUNCIL_FIELDS),
    returns=COUNCIL_WITH_TERMS,
)
def update_council(call: Call) -> dict[str, Any]:
    patch = councils.CouncilPatch.parse(call.body)
    council = councils.get_council(call.db, call.path["council_id"])
    councils.update_council(call.db, council, patch, actor=call.actor)
    return council_with_terms(call, council.id)


@api.endpoint(
    "POST",
    "/api/councils/{council_id}/terms",
    summary="Add a term (khóa) to a council — the new one after an election, or a past one for the archive",
    roles=ADMINS,
    tag="council",
    body=obj(["number", "starts_on"], **TERM_FIELDS),
    status=201,
    returns=wire.TERM,
)
def create_term(call: Call) -> dict[str, Any]:
    values = terms.TermInput.parse(call.body)
    council = councils.get_council(call.db, call.path["council_id"])
    return wire.term(terms.create_term(call.db, council, values, actor=call.actor))


@api.endpoint(
    "PATCH",
    "/api/terms/{term_id}",
    summary="Correct a term's number, dates (e.g. its end, once the next is elected) or seats",
    roles=ADMINS,
    tag="council",
    body=patch(**TERM_FIELDS),
    returns=wire.TERM,
)
def update_term(call: Call) -> dict[str, Any]:
    patch = terms.TermPatch.parse(call.body)
    term = terms.get_term(call.db, call.path["term_id"])
    return wire.term(terms.update_term(call.db, term, patch, actor=call.actor))

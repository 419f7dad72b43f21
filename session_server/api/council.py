"""The council, its current term, the number in office on a date, and its delegates."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from agenda.access import EDITORS, PUBLIC
from agenda.council import delegates, terms
from agenda.council.office import delegates_in_office
from agenda.models import (
    Membership,
)
from agenda.rules import parse_fraction, quorum_needed
from session_server.api.params import ALL, ON_DATE, on_date
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import DATE, INT, STR, array, obj, patch, reply, with_props
from session_server.wire import council as wire

api = Api()


DELEGATE_FIELDS: dict[str, Any] = dict(
    full_name=STR,
    gender={"enum": ["nam", "nữ"]},
    birth_year=INT,
    occupation=STR,
    email=STR,
    phone=STR,
    constituency=STR,
    seat_label=STR,
    started_on=DATE,
    ended_on=DATE,
    end_reason=STR,
)
DELEGATE_BODY = obj(["full_name"], **DELEGATE_FIELDS)


@api.endpoint(
    "GET",
    "/api/council",
    summary="The council, its current term and the number of delegates in office",
    roles=PUBLIC,
    tag="council",
    query={"on": ON_DATE},
    returns=reply(
        council=wire.COUNCIL,
        term=wire.TERM,
        on=DATE,
        delegates_in_office=INT,
        quorum_fraction=STR,
        quorum_needed=INT,
    ),
)
def get_council(call: Call) -> dict[str, Any]:
    home = terms.home_council(call.db)
    term = terms.current_term(call.db, home)
    on = on_date(call, home)
    total = delegates_in_office(call.db, term.id, on)
    return {
        "council": wire.council(home),
        "term": wire.term(term),
        "on": on.isoformat(),
        "delegates_in_office": total,
        "quorum_fraction": "2/3",
        "quorum_needed": quorum_needed(total),
    }


@api.endpoint(
    "GET",
    "/api/council/in-office",
    summary="Total delegates in office on a date (?on=YYYY-MM-DD)",
    roles=PUBLIC,
    tag="council",
    query={"on": ON_DATE, "quorum": {**STR, "description": "The quorum's share: 2/3 (default), 1/2, 60%"}},
    returns=reply(on=DATE, term_id=INT, total=INT, quorum_fraction=STR, quorum_needed=INT),
)
def in_office(call: Call) -> dict[str, Any]:
    term = terms.home_term(call.db)
    on = on_date(call, term.council)
    fraction = call.request.query_params.get("quorum", "2/3")
    total = delegates_in_office(call.db, term.id, on)
    return {
        "on": on.isoformat(),
        "term_id": term.id,
        "total": total,
        "quorum_fraction": fraction,
        "quorum_needed": quorum_needed(total, parse_fraction(fraction)),
    }


@api.endpoint(
    "GET",
    "/api/delegates",
    summary="Delegates in office (?on=date); staff may add ?all=1 for former ones",
    roles=PUBLIC,
    tag="delegates",
    query={"on": ON_DATE, "all": ALL},
    returns=reply(term=wire.TERM, delegates=array(wire.DELEGATE)),
)
def list_delegates(call: Call) -> dict[str, Any]:
    term = terms.home_term(call.db)
    everyone = call.is_staff and call.request.query_params.get("all") == "1"
    mandates = delegates.list_delegates(call.db, term, None if everyone else on_date(call, term.council))
    return {"term": wire.term(term), "delegates": [wire.delegate(m, full=call.is_staff) for m in mandates]}


@api.endpoint(
    "POST",
    "/api/delegates",
    summary="Add a delegate (person and seat) to the current term",
    roles=EDITORS,
    tag="delegates",
    body=DELEGATE_BODY,
    status=201,
    returns=wire.DELEGATE,
)
def add_delegate(call: Call) -> dict[str, Any]:
    values = delegates.DelegateInput.parse(call.body)
    mandate = delegates.add_delegate(call.db, terms.home_term(call.db), values, actor=call.actor)
    return wire.delegate(mandate, full=True)


@api.endpoint(
    "GET",
    "/api/delegates/{mandate_id}",
    summary="One delegate",
    roles=PUBLIC,
    tag="delegates",
    returns=with_props(wire.DELEGATE, memberships=array(wire.MEMBERSHIP)),
)
def get_delegate(call: Call) -> dict[str, Any]:
    mandate = delegates.get_mandate(call.db, call.path["mandate_id"])
    out = wire.delegate(mandate, full=call.is_staff)
    memberships = call.db.scalars(select(Membership).where(Membership.person_id == mandate.person_id))
    out["memberships"] = [wire.membership(ms) for ms in memberships]
    return out


@api.endpoint(
    "PATCH",
    "/api/delegates/{mandate_id}",
    summary="Edit a delegate, move seat, or end the mandate",
    roles=EDITORS,
    tag="delegates",
    body=patch(**DELEGATE_FIELDS),
    returns=wire.DELEGATE,
)
def update_delegate(call: Call) -> dict[str, Any]:
    patch = delegates.DelegatePatch.parse(call.body)
    mandate = delegates.get_mandate(call.db, call.path["mandate_id"])
    return wire.delegate(delegates.update_delegate(call.db, mandate, patch, actor=call.actor), full=True)

"""Officials who can be questioned (chất vấn)."""

from __future__ import annotations

from typing import Any

from agenda.access import EDITORS, PUBLIC
from agenda.council import officials, terms
from session_server.api.params import ALL, ON_DATE, on_date
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import DATE, STR, array, obj, patch, reply
from session_server.wire import council as wire

api = Api()


@api.endpoint(
    "GET",
    "/api/officials",
    summary="Officials who can be questioned (in office on ?on=date); staff may "
    "add ?all=1 for former and future ones",
    roles=PUBLIC,
    tag="officials",
    query={"on": ON_DATE, "all": ALL},
    returns=reply(officials=array(wire.OFFICIAL)),
)
def list_officials(call: Call) -> dict[str, Any]:
    home = terms.home_council(call.db)
    everyone = call.is_staff and call.request.query_params.get("all") == "1"
    holders = officials.list_officials(call.db, home, None if everyone else on_date(call, home))
    return {"officials": [wire.official(o) for o in holders]}


@api.endpoint(
    "POST",
    "/api/officials",
    summary="Add an official (UBND chair, Giám đốc Sở…)",
    roles=EDITORS,
    tag="officials",
    status=201,
    body=obj(
        ["full_name", "position", "agency"],
        full_name=STR,
        position=STR,
        agency=STR,
        started_on=DATE,
        ended_on=DATE,
    ),
    returns=wire.OFFICIAL,
)
def add_official(call: Call) -> dict[str, Any]:
    values = officials.OfficialInput.parse(call.body)
    return wire.official(
        officials.add_official(call.db, terms.home_council(call.db), values, actor=call.actor)
    )


@api.endpoint(
    "PATCH",
    "/api/officials/{official_id}",
    summary="Edit an official or record the end of the post",
    roles=EDITORS,
    tag="officials",
    body=patch(full_name=STR, position=STR, agency=STR, started_on=DATE, ended_on=DATE),
    returns=wire.OFFICIAL,
)
def update_official(call: Call) -> dict[str, Any]:
    patch = officials.OfficialPatch.parse(call.body)
    official = officials.get_official(call.db, call.path["official_id"])
    return wire.official(officials.update_official(call.db, official, patch, actor=call.actor))

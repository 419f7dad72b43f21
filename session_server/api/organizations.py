"""Thường trực, Ban and Tổ đại biểu, and their members."""

from __future__ import annotations

from typing import Any

from agenda.access import EDITORS, PUBLIC
from agenda.council import memberships, organizations, terms
from agenda.inputs import Fields
from agenda.models import (
    OrganizationKind,
)
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import DATE, DELETED, INT, STR, array, choices, obj, patch, reply
from session_server.wire import council as wire

api = Api()


@api.endpoint(
    "GET",
    "/api/organizations",
    summary="Thường trực, Ban and Tổ đại biểu of the term (?kind=)",
    roles=PUBLIC,
    tag="organizations",
    query={"kind": choices(OrganizationKind)},
    returns=reply(organizations=array(wire.ORGANIZATION)),
)
def list_organizations(call: Call) -> dict[str, Any]:
    kind_text = call.request.query_params.get("kind")
    kind = (
        Fields({"kind": kind_text}).choice("kind", ("loại", "kind"), OrganizationKind) if kind_text else None
    )
    orgs = organizations.list_organizations(call.db, terms.home_term(call.db), kind)
    return {"organizations": [wire.organization(o) for o in orgs]}


@api.endpoint(
    "POST",
    "/api/organizations",
    summary="Create a Ban, Tổ đại biểu or the Thường trực",
    roles=EDITORS,
    tag="organizations",
    status=201,
    body=obj(["kind", "name"], kind={"enum": ["standing", "committee", "group"]}, name=STR, description=STR),
    returns=wire.ORGANIZATION,
)
def create_organization(call: Call) -> dict[str, Any]:
    values = organizations.OrganizationInput.parse(call.body)
    org = organizations.create_organization(call.db, terms.home_term(call.db), values, actor=call.actor)
    return wire.organization(org)


@api.endpoint(
    "GET",
    "/api/organizations/{org_id}",
    summary="One organization with its members",
    roles=PUBLIC,
    tag="organizations",
    returns=wire.ORGANIZATION,
)
def get_organization(call: Call) -> dict[str, Any]:
    return wire.organization(organizations.get_organization(call.db, call.path["org_id"]))


@api.endpoint(
    "PATCH",
    "/api/organizations/{org_id}",
    summary="Rename or describe an organization",
    roles=EDITORS,
    tag="organizations",
    body=patch(name=STR, description=STR),
    returns=wire.ORGANIZATION,
)
def update_organization(call: Call) -> dict[str, Any]:
    patch = organizations.OrganizationPatch.parse(call.body)
    org = organizations.get_organization(call.db, call.path["org_id"])
    return wire.organization(organizations.update_organization(call.db, org, patch, actor=call.actor))


@api.endpoint(
    "DELETE",
    "/api/organizations/{org_id}",
    summary="Delete an organization created by mistake",
    roles=EDITORS,
    tag="organizations",
    returns=DELETED,
)
def delete_organization(call: Call) -> dict[str, Any]:
    org = organizations.get_organization(call.db, call.path["org_id"])
    organizations.delete_organization(call.db, org, actor=call.actor)
    return {"deleted": org.id}


@api.endpoint(
    "POST",
    "/api/organizations/{org_id}/members",
    summary="Add a delegate with a role and start date",
    roles=EDITORS,
    tag="organizations",
    status=201,
    body=obj(
        ["person_id"],
        person_id=INT,
        role={"enum": ["chair", "vice_chair", "head", "deputy", "member"]},
        started_on=DATE,
        ended_on=DATE,
    ),
    returns=wire.MEMBERSHIP,
)
def add_member(call: Call) -> dict[str, Any]:
    values = memberships.MembershipInput.parse(call.body)
    org = organizations.get_organization(call.db, call.path["org_id"])
    return wire.membership(memberships.add_membership(call.db, org, values, actor=call.actor))


@api.endpoint(
    "PATCH",
    "/api/memberships/{membership_id}",
    summary="Change a member's role or end the membership",
    roles=EDITORS,
    tag="organizations",
    body=patch(
        role={"enum": ["chair", "vice_chair", "head", "deputy", "member"]},
        started_on=DATE,
        ended_on=DATE,
    ),
    returns=wire.MEMBERSHIP,
)
def update_member(call: Call) -> dict[str, Any]:
    patch = memberships.MembershipPatch.parse(call.body)
    ms = memberships.get_membership(call.db, call.path["membership_id"])
    return wire.membership(memberships.update_membership(call.db, ms, patch, actor=call.actor))


@api.endpoint(
    "DELETE",
    "/api/memberships/{membership_id}",
    summary="Remove a membership entered by mistake",
    roles=EDITORS,
    tag="organizations",
    returns=DELETED,
)
def delete_member(call: Call) -> dict[str, Any]:
    ms = memberships.get_membership(call.db, call.path["membership_id"])
    memberships.delete_membership(call.db, ms, actor=call.actor)
    return {"deleted": ms.id}

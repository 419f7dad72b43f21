"""The council's own objects: Body, LegislativeTerm, Organization (the plenary of a term, Thường trực, each Ban
and Tổ), Person (every delegate of its terms: the name and what the council publishes of them — never a phone or
an e-mail), Membership (a seat in the term, ``m{mandate}``; a place in an organization, ``o{membership}``)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select

from agenda.council.terms import term_label
from agenda.models import Mandate, Membership, MembershipRole, Organization, OrganizationKind, Person, Term
from agenda.opendata.oparl.ids import Kind
from agenda.opendata.oparl.scope import Context, chunked, row_ids

Objects = dict[str, dict[str, Any]]

ORGANIZATION_TYPES = {
    OrganizationKind.STANDING: "Thường trực HĐND",
    OrganizationKind.COMMITTEE: "Ban của HĐND",
    OrganizationKind.GROUP: "Tổ đại biểu",
}
ROLES = {
    MembershipRole.CHAIR: "Chủ tịch",
    MembershipRole.VICE_CHAIR: "Phó Chủ tịch",
    MembershipRole.HEAD: "Trưởng",
    MembershipRole.DEPUTY: "Phó Trưởng",
    MembershipRole.MEMBER: "Ủy viên",
}
GENDERS = {"nam": "male", "nữ": "female"}


def head(ctx: Context, kind: Kind, key: object) -> dict[str, Any]:
    """``id`` and ``type`` of an object, the first two properties of every one."""
    return {"id": ctx.urls.obj(ctx.body, kind, key), "type": kind.type_url}


def wanted(keys: Collection[str] | None, key: str) -> bool:
    return keys is None or key in keys


def _terms(ctx: Context) -> list[Term]:
    return list(ctx.db.scalars(select(Term).where(Term.council_id == ctx.body).order_by(Term.number)))


def terms(ctx: Context, keys: Collection[str] | None = None) -> Objects:
    found: Objects = {}
    for term in _terms(ctx):
        if wanted(keys, str(term.id)):
            found[str(term.id)] = {
                **head(ctx, Kind.TERM, term.id),
                "body": ctx.urls.body(ctx.body),
                "name": term_label(term)[:1].upper() + term_label(term)[1:],
                "startDate": term.starts_on.isoformat(),
                **({"endDate": term.ends_on.isoformat()} if term.ends_on else {}),
            }
    return found


def organizations(ctx: Context, keys: Collection[str] | None = None) -> Objects:
    found: Objects = {}
    rows = _terms(ctx)
    members: dict[str, list[str]] = {}
    for key, org_key, _person, _fields in _memberships(ctx):
        members.setdefault(org_key, []).append(key)
    for term in rows:
        key = f"t{term.id}"
        if wanted(keys, key):
            found[key] = {
                **head(ctx, Kind.ORGANIZATION, key),
                "body": ctx.urls.body(ctx.body),
                "name": f"{ctx.council.name} {term_label(term)}",
                "shortName": ctx.council.short_name,
                "organizationType": "Hội đồng nhân dân",
                "classification": "Kỳ họp",
                "startDate": term.starts_on.isoformat(),
                **({"endDate": term.ends_on.isoformat()} if term.ends_on else {}),
                "membership": [ctx.urls.obj(ctx.body, Kind.MEMBERSHIP, m) for m in members.get(key, [])],
                "meeting": ctx.urls.list(ctx.body, Kind.MEETING),
            }
    term_ids = {t.id: t for t in rows}
    orgs = ctx.db.scalars(
        select(Organization).where(Organization.term_id.in_(term_ids)).order_by(Organization.id)
    )
    for org in orgs:
        key = f"o{org.id}"
        if wanted(keys, key):
            term = term_ids[org.term_id]
            found[key] = {
                **head(ctx, Kind.ORGANIZATION, key),
                "body": ctx.urls.body(ctx.body),
                "name": org.name,
                "organizationType": ORGANIZATION_TYPES[org.kind],
                "classification": org.kind.value,
                "subOrganizationOf": ctx.urls.obj(ctx.body, Kind.ORGANIZATION, f"t{term.id}"),
                "startDate": term.starts_on.isoformat(),
                **({"endDate": term.ends_on.isoformat()} if term.ends_on else {}),
                "membership": [ctx.urls.obj(ctx.body, Kind.MEMBERSHIP, m) for m in members.get(key, [])],
            }
    return found


def _memberships(ctx: Context) -> list[tuple[str, str, int, dict[str, Any]]]:
    """(key, organization key, person id, the Membership without id and type) of every seat and place."""
    found: list[tuple[str, str, int, dict[str, Any]]] = []
    term_ids = [t.id for t in _terms(ctx)]
    for mandate in ctx.db.scalars(select(Mandate).where(Mandate.term_id.in_(term_ids)).order_by(Mandate.id)):
        found.append(
            (
                f"m{mandate.id}",
                f"t{mandate.term_id}",
                mandate.person_id,
                {
                    "role": "Đại biểu",
                    "votingRight": True,
                    "startDate": mandate.started_on.isoformat(),
                    **({"endDate": mandate.ended_on.isoformat()} if mandate.ended_on else {}),
                    **({"kyhop:constituency": mandate.constituency} if mandate.constituency else {}),
                },
            )
        )
    rows = ctx.db.execute(
        select(Membership, Organization.kind)
        .join(Organization, Organization.id == Membership.organization_id)
        .where(Organization.term_id.in_(term_ids))
        .order_by(Membership.id)
    ).all()
    for membership, kind in rows:
        found.append(
            (
                f"o{membership.id}",
                f"o{membership.organization_id}",
                membership.person_id,
                {
                    "role": ROLES[membership.role]
                    + ("" if kind is OrganizationKind.STANDING else f" ({ORGANIZATION_TYPES[kind]})"),
                    "votingRight": True,
                    "startDate": membership.started_on.isoformat(),
                    **({"endDate": membership.ended_on.isoformat()} if membership.ended_on else {}),
                },
            )
        )
    return found


def memberships(ctx: Context, keys: Collection[str] | None = None) -> Objects:
    found: Objects = {}
    for key, org, person_id, fields in _memberships(ctx):
        if wanted(keys, key):
            found[key] = {
                **head(ctx, Kind.MEMBERSHIP, key),
                "person": ctx.urls.obj(ctx.body, Kind.PERSON, person_id),
                "organization": ctx.urls.obj(ctx.body, Kind.ORGANIZATION, org),
                **fields,
            }
    return found


def persons(ctx: Context, keys: Collection[str] | None = None) -> Objects:
    of_person: dict[int, list[dict[str, Any]]] = {}
    for key, org, person_id, fields in _memberships(ctx):
        of_person.setdefault(person_id, []).append(
            {
                **head(ctx, Kind.MEMBERSHIP, key),
                "organization": ctx.urls.obj(ctx.body, Kind.ORGANIZATION, org),
                **fields,
            }
        )
    asked = row_ids(keys)
    chosen = set(of_person) if asked is None else set(asked) & set(of_person)
    people = [
        p for part in chunked(chosen) for p in ctx.db.scalars(select(Person).where(Person.id.in_(part)))
    ]
    found: Objects = {}
    for person in sorted(people, key=lambda p: p.id):
        words = person.full_name.split()
        found[str(person.id)] = {
            **head(ctx, Kind.PERSON, person.id),
            "body": ctx.urls.body(ctx.body),
            "name": person.full_name,
            "familyName": words[0] if words else person.full_name,
            "givenName": words[-1] if words else person.full_name,
            **({"gender": GENDERS[person.gender]} if person.gender in GENDERS else {}),
            "status": ["Đại biểu HĐND"],
            **({"kyhop:occupation": person.occupation} if person.occupation else {}),
            "membership": of_person[person.id],
        }
    return found

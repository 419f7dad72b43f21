"""Thường trực HĐND, the Ban and the Tổ đại biểu of a term, and their dated memberships with roles."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.council.office import held_on, overlapping
from agenda.council.terms import within_term
from agenda.errors import Conflict, DomainError, NotFound, found
from agenda.inputs import Fields
from agenda.models import (
    Mandate,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    Person,
    Term,
)


def create_organization(db: DbSession, term: Term, data: Mapping[str, Any]) -> Organization:
    f = Fields(data)
    org = Organization(
        term_id=term.id,
        kind=f.choice("kind", ("loại", "kind"), OrganizationKind),
        name=f.text("name", ("tên", "name"), max_length=200),
        description=f.text("description", ("mô tả", "description"), required=False, max_length=2000),
    )
    _unique_org_name(db, org)
    db.add(org)
    db.flush()
    return org


def _unique_org_name(db: DbSession, org: Organization) -> None:
    stmt = select(Organization.id).where(
        Organization.term_id == org.term_id, Organization.name == org.name, Organization.id != (org.id or 0)
    )
    if db.scalar(stmt):
        raise Conflict(
            f"Đã có “{org.name}” trong khóa này.", f"“{org.name}” already exists in this term.", field="name"
        )


def update_organization(db: DbSession, org: Organization, data: Mapping[str, Any]) -> Organization:
    f = Fields(data)
    if f.has("name"):
        org.name = f.text("name", ("tên", "name"), max_length=200)
    if f.has("description"):
        org.description = f.text("description", ("mô tả", "description"), required=False, max_length=2000)
    _unique_org_name(db, org)
    db.flush()
    return org


def get_organization(db: DbSession, org_id: int) -> Organization:
    return found(db.get(Organization, org_id), "Ban / Tổ đại biểu", "Committee or group")


def list_organizations(db: DbSession, term: Term, kind: OrganizationKind | None = None) -> list[Organization]:
    stmt = (
        select(Organization)
        .where(Organization.term_id == term.id)
        .order_by(Organization.kind, Organization.name)
    )
    if kind is not None:
        stmt = stmt.where(Organization.kind == kind)
    return list(db.scalars(stmt))


def _single_roles(kind: OrganizationKind) -> set[MembershipRole]:
    """Roles one person holds at a time: the Chủ tịch in Thường trực (where several Trưởng Ban sit),
    the Trưởng Ban of a Ban, the Tổ trưởng of a Tổ."""
    return (
        {MembershipRole.CHAIR}
        if kind == OrganizationKind.STANDING
        else {MembershipRole.CHAIR, MembershipRole.HEAD}
    )


def add_membership(db: DbSession, org: Organization, data: Mapping[str, Any]) -> Membership:
    f = Fields(data)
    person_id = f.integer("person_id", ("đại biểu", "delegate"))
    if db.get(Person, person_id) is None:
        raise NotFound("đại biểu", "Delegate")
    term = db.get(Term, org.term_id)
    assert term is not None
    membership = Membership(
        organization_id=org.id,
        person_id=person_id,
        role=f.choice("role", ("chức danh", "role"), MembershipRole, required=False) or MembershipRole.MEMBER,
        started_on=f.date("started_on", ("ngày bắt đầu", "start date"), required=False) or term.starts_on,
        ended_on=f.date("ended_on", ("ngày kết thúc", "end date"), required=False),
    )
    _check_membership(db, org, term, membership)
    db.add(membership)
    db.flush()
    return membership


def _check_membership(db: DbSession, org: Organization, term: Term, membership: Membership) -> None:
    within_term(term, membership.started_on, "started_on")
    if membership.ended_on is not None and membership.ended_on < membership.started_on:
        raise DomainError(
            "Ngày kết thúc phải sau ngày bắt đầu.",
            "The membership must end after it starts.",
            field="ended_on",
        )
    seat = db.scalar(
        select(Mandate.id).where(
            Mandate.term_id == term.id,
            Mandate.person_id == membership.person_id,
            held_on(Mandate, membership.started_on),
        )
    )
    if seat is None:
        raise DomainError(
            "Người này không phải là đại biểu của khóa vào ngày đó.",
            "This person is not a delegate of the term on that date.",
            field="person_id",
        )
    overlap = overlapping(Membership, membership.started_on, membership.ended_on).where(
        Membership.id != (membership.id or 0)
    )
    if db.scalar(
        overlap.where(
            Membership.organization_id == org.id, Membership.person_id == membership.person_id
        ).limit(1)
    ):
        raise Conflict(
            "Đại biểu này đã là thành viên trong thời gian đó.",
            "This delegate is already a member during that time.",
            field="person_id",
        )
    if org.kind == OrganizationKind.GROUP:
        other = overlap.join(Organization).where(
            Organization.kind == OrganizationKind.GROUP,
            Organization.term_id == term.id,
            Membership.organization_id != org.id,
            Membership.person_id == membership.person_id,
        )
        if db.scalar(other.limit(1)):
            raise Conflict(
                "Đại biểu chỉ sinh hoạt ở một Tổ đại biểu tại một thời điểm.",
                "A delegate belongs to one delegate group at a time.",
                field="person_id",
            )
    if membership.role in _single_roles(org.kind):
        holder = db.scalar(
            overlap.where(Membership.organization_id == org.id, Membership.role == membership.role).limit(1)
        )
        if holder is not None:
            raise Conflict(
                f"{org.name} đã có {role_label(org.kind, membership.role)} trong thời gian đó.",
                f"{org.name} already has someone in this role at that time.",
                field="role",
            )


def update_membership(db: DbSession, membership: Membership, data: Mapping[str, Any]) -> Membership:
    f = Fields(data)
    if f.has("role"):
        membership.role = f.choice("role", ("chức danh", "role"), MembershipRole)
    if f.has("started_on"):
        membership.started_on = f.date("started_on", ("ngày bắt đầu", "start date"))
    if f.has("ended_on"):
        membership.ended_on = f.date("ended_on", ("ngày kết thúc", "end date"), required=False)
    org = membership.organization
    _check_membership(db, org, org.term, membership)
    db.flush()
    return membership


def get_membership(db: DbSession, membership_id: int) -> Membership:
    return found(db.get(Membership, membership_id), "thành viên", "Membership")


_ROLE_LABELS = {
    OrganizationKind.STANDING: {
        MembershipRole.CHAIR: "Chủ tịch HĐND",
        MembershipRole.VICE_CHAIR: "Phó Chủ tịch HĐND",
        MembershipRole.HEAD: "Trưởng Ban",
        MembershipRole.DEPUTY: "Phó Trưởng Ban",
        MembershipRole.MEMBER: "Ủy viên Thường trực",
    },
    OrganizationKind.COMMITTEE: {
        MembershipRole.HEAD: "Trưởng Ban",
        MembershipRole.DEPUTY: "Phó Trưởng Ban",
        MembershipRole.MEMBER: "Ủy viên",
    },
    OrganizationKind.GROUP: {
        MembershipRole.HEAD: "Tổ trưởng",
        MembershipRole.DEPUTY: "Tổ phó",
        MembershipRole.MEMBER: "Thành viên",
    },
}


def role_label(kind: OrganizationKind, role: MembershipRole) -> str:
    return _ROLE_LABELS.get(kind, {}).get(role, role.value)

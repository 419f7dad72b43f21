"""Members of Thường trực, a Ban or a Tổ: dated memberships with roles (one Chủ tịch, one Trưởng Ban or Tổ
trưởng at a time; a delegate in one Tổ at a time); every change audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from sqlalchemy.orm import Session as DbSession

from agenda import audit
from agenda.council.office import overlapping, seat_on
from agenda.council.terms import within_term
from agenda.council.values import Patch, Reader
from agenda.errors import Conflict, DomainError, NotFound, found
from agenda.inputs import Fields
from agenda.models import (
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    Person,
    Term,
)


def _single_roles(kind: OrganizationKind) -> set[MembershipRole]:
    """Roles one person holds at a time: the Chủ tịch in Thường trực (where several Trưởng Ban sit),
    the Trưởng Ban of a Ban, the Tổ trưởng of a Tổ."""
    return (
        {MembershipRole.CHAIR}
        if kind == OrganizationKind.STANDING
        else {MembershipRole.CHAIR, MembershipRole.HEAD}
    )


_ROLE = ("chức danh", "role")
_STARTED = ("ngày bắt đầu", "start date")


def _ended_on(f: Fields) -> Any:
    return f.date("ended_on", ("ngày kết thúc", "end date"), required=False)


@dataclass(frozen=True)
class MembershipInput:
    person_id: int  # a delegate of the term on ``started_on``
    role: MembershipRole = MembershipRole.MEMBER
    started_on: dt.date | None = None  # default: the term's first day
    ended_on: dt.date | None = None

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(
            person_id=f.integer("person_id", ("đại biểu", "delegate")),
            role=f.choice("role", _ROLE, MembershipRole, required=False) or MembershipRole.MEMBER,
            started_on=f.date("started_on", _STARTED, required=False),
            ended_on=_ended_on(f),
        )


def add_membership(
    db: DbSession, org: Organization, values: MembershipInput, *, actor: str | None = None
) -> Membership:
    if db.get(Person, values.person_id) is None:
        raise NotFound("đại biểu", "Delegate")
    term = db.get(Term, org.term_id)
    assert term is not None
    membership = Membership(
        organization_id=org.id,
        person_id=values.person_id,
        role=values.role,
        started_on=values.started_on or term.starts_on,
        ended_on=values.ended_on,
    )
    _check_membership(db, org, term, membership)
    db.add(membership)
    db.flush()
    audit.append(
        db,
        "membership.added",
        {
            "membership_id": membership.id,
            "organization_id": org.id,
            "person_id": membership.person_id,
            "role": membership.role.value,
            "started_on": membership.started_on,
            "ended_on": membership.ended_on,
        },
        actor=actor,
    )
    return membership


def _check_membership(db: DbSession, org: Organization, term: Term, membership: Membership) -> None:
    within_term(term, membership.started_on, "started_on")
    if membership.ended_on is not None and membership.ended_on < membership.started_on:
        raise DomainError(
            "Ngày kết thúc phải sau ngày bắt đầu.",
            "The membership must end after it starts.",
            field="ended_on",
        )
    if seat_on(db, term.id, membership.person_id, membership.started_on) is None:
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


@dataclass(frozen=True)
class MembershipPatch(Patch):
    """A new role, or new dates (``ended_on`` ends the membership)."""

    role: MembershipRole | None = None
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    READERS: ClassVar[Mapping[str, Reader]] = {
        "role": lambda f: f.choice("role", _ROLE, MembershipRole),
        "started_on": lambda f: f.date("started_on", _STARTED),
        "ended_on": _ended_on,
    }


def update_membership(
    db: DbSession, membership: Membership, patch: MembershipPatch, *, actor: str | None = None
) -> Membership:
    org = membership.organization
    for key in patch.given:
        setattr(membership, key, getattr(patch, key))
    with db.no_autoflush:  # the checks' queries must not flush the new dates first (a constraint error)
        _check_membership(db, org, org.term, membership)
    db.flush()
    audit.append(
        db, "membership.updated", _membership_detail(membership, fields=sorted(patch.given)), actor=actor
    )
    return membership


def delete_membership(db: DbSession, membership: Membership, *, actor: str | None = None) -> None:
    """Remove a membership entered by mistake (one that ended is kept: set its ``ended_on`` instead)."""
    detail = _membership_detail(membership, role=membership.role.value)
    db.delete(membership)
    db.flush()
    audit.append(db, "membership.deleted", detail, actor=actor)


def _membership_detail(membership: Membership, **more: Any) -> dict[str, Any]:
    return {
        "membership_id": membership.id,
        "organization_id": membership.organization_id,
        "person_id": membership.person_id,
        **more,
    }


def get_membership(db: DbSession, membership_id: int) -> Membership:
    return found(db.get(Membership, membership_id), "thành viên", "Membership")


__ROLES = {
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
    return __ROLES.get(kind, {}).get(role, role.value)

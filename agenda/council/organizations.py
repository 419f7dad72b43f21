"""Thường trực HĐND, the Ban and the Tổ đại biểu of a term: creating, renaming and deleting them, audited.
Their members: :mod:`agenda.council.memberships`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, ClassVar, Self

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import audit
from agenda.council.values import Patch, Reader
from agenda.errors import Conflict, found
from agenda.inputs import Fields
from agenda.models import (
    Organization,
    OrganizationKind,
    Term,
)


@dataclass(frozen=True)
class OrganizationInput:
    kind: OrganizationKind
    name: str
    description: str | None = None

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(
            kind=f.choice("kind", ("loại", "kind"), OrganizationKind),
            name=_name(f),
            description=_description(f),
        )


def _name(f: Fields) -> Any:
    return f.text("name", ("tên", "name"), max_length=200)


def _description(f: Fields) -> Any:
    return f.text("description", ("mô tả", "description"), required=False, max_length=2000)


def create_organization(
    db: DbSession, term: Term, values: OrganizationInput, *, actor: str | None = None
) -> Organization:
    org = Organization(term_id=term.id, **asdict(values))
    _unique_org_name(db, org)
    db.add(org)
    db.flush()
    audit.append(
        db,
        "organization.created",
        {"organization_id": org.id, "term_id": term.id, "kind": org.kind.value, "name": org.name},
        actor=actor,
    )
    return org


def _unique_org_name(db: DbSession, org: Organization) -> None:
    stmt = select(Organization.id).where(
        Organization.term_id == org.term_id, Organization.name == org.name, Organization.id != (org.id or 0)
    )
    if db.scalar(stmt):
        raise Conflict(
            f"Đã có “{org.name}” trong khóa này.", f"“{org.name}” already exists in this term.", field="name"
        )


@dataclass(frozen=True)
class OrganizationPatch(Patch):
    name: str | None = None
    description: str | None = None
    READERS: ClassVar[Mapping[str, Reader]] = {"name": _name, "description": _description}


def update_organization(
    db: DbSession, org: Organization, patch: OrganizationPatch, *, actor: str | None = None
) -> Organization:
    """Rename or describe a Ban or Tổ."""
    detail: dict[str, Any] = {"organization_id": org.id, "fields": sorted(patch.given)}
    if "name" in patch and patch.name != org.name:
        detail["previous_name"] = org.name
    for key in patch.given:
        setattr(org, key, getattr(patch, key))
    with db.no_autoflush:  # the check's query must not flush the new name first (a constraint error)
        _unique_org_name(db, org)
    db.flush()
    audit.append(db, "organization.updated", detail | {"name": org.name}, actor=actor)
    return org


def delete_organization(db: DbSession, org: Organization, *, actor: str | None = None) -> None:
    """Delete a Ban or Tổ created by mistake, with its memberships."""
    detail = {
        "organization_id": org.id,
        "term_id": org.term_id,
        "kind": org.kind.value,
        "name": org.name,
        "membership_ids": [ms.id for ms in org.memberships],
    }
    db.delete(org)
    db.flush()
    audit.append(db, "organization.deleted", detail, actor=actor)


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

"""The council's objects as JSON for the wire — council, term, delegates, Ban / Tổ and members, officials,
sessions and their agenda. What a caller may see depends on who they are (``full``: staff)."""

from __future__ import annotations

from typing import Any

from agenda import clock
from agenda.clock import iso
from agenda.council.memberships import role_label
from agenda.council.office import holds_on
from agenda.council.sessions import SESSION_TYPE_LABELS, numbered_items, session_heading
from agenda.council.terms import term_label
from agenda.models import (
    AgendaItem,
    AgendaItemKind,
    Council,
    CouncilLevel,
    Mandate,
    Membership,
    MembershipRole,
    Official,
    Organization,
    OrganizationKind,
    Session,
    SessionStatus,
    SessionType,
    Term,
)
from session_server.http.schemas import (
    BOOL,
    DATE,
    DATETIME,
    INT,
    OPT_DATE,
    OPT_DATETIME,
    OPT_INT,
    OPT_STR,
    STR,
    array,
    choices,
    component,
    enum,
    nullable,
    reply,
)

COUNCIL = component(
    "Council",
    reply(
        id=INT,
        name=STR,
        short_name=STR,
        place_name=STR,
        level=choices(CouncilLevel),
        parent_id=OPT_INT,
        abolished_on=OPT_DATE,
        time_zone=STR,
        is_home=BOOL,
    ),
)


def council(c: Council) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "short_name": c.short_name,
        "place_name": c.place_name,
        "level": c.level.value,
        "parent_id": c.parent_id,
        "abolished_on": iso(c.abolished_on),
        "time_zone": c.time_zone,
        "is_home": c.is_home,
    }


TERM = component(
    "Term",
    reply(
        id=INT,
        number=INT,
        label={**STR, "description": "“khóa XVII”"},
        starts_on=DATE,
        ends_on=OPT_DATE,
        seats=OPT_INT,
    ),
)


def term(t: Term) -> dict[str, Any]:
    return {
        "id": t.id,
        "number": t.number,
        "label": term_label(t),
        "starts_on": iso(t.starts_on),
        "ends_on": iso(t.ends_on),
        "seats": t.seats,
    }


CONTACT = ["birth_year", "email", "phone"]
DELEGATE = component(
    "Delegate",
    reply(
        CONTACT,
        id=INT,
        person_id=INT,
        full_name=STR,
        gender=nullable(enum(["nam", "nữ"])),
        occupation=OPT_STR,
        constituency=OPT_STR,
        seat_label=OPT_STR,
        started_on=DATE,
        ended_on=OPT_DATE,
        end_reason=OPT_STR,
        in_office=BOOL,
        birth_year={**OPT_INT, "description": "Staff only"},
        email={**OPT_STR, "description": "Staff only"},
        phone={**OPT_STR, "description": "Staff only"},
    ),
)


def delegate(m: Mandate, *, full: bool) -> dict[str, Any]:
    """A delegate's seat. Contact details only for signed-in staff (``full``)."""
    p = m.person
    out: dict[str, Any] = {
        "id": m.id,
        "person_id": p.id,
        "full_name": p.full_name,
        "gender": p.gender,
        "occupation": p.occupation,
        "constituency": m.constituency,
        "seat_label": m.seat_label,
        "started_on": iso(m.started_on),
        "ended_on": iso(m.ended_on),
        "end_reason": m.end_reason,
        "in_office": holds_on(m, clock.today(m.term.council)),
    }
    if full:
        out.update({"birth_year": p.birth_year, "email": p.email, "phone": p.phone})
    return out


MEMBERSHIP = component(
    "Membership",
    reply(
        id=INT,
        organization_id=INT,
        person_id=INT,
        full_name=STR,
        role=choices(MembershipRole),
        role_label=STR,
        started_on=DATE,
        ended_on=OPT_DATE,
    ),
)


def membership(ms: Membership) -> dict[str, Any]:
    return {
        "id": ms.id,
        "organization_id": ms.organization_id,
        "person_id": ms.person_id,
        "full_name": ms.person.full_name,
        "role": ms.role.value,
        "role_label": role_label(ms.organization.kind, ms.role),
        "started_on": iso(ms.started_on),
        "ended_on": iso(ms.ended_on),
    }


ORGANIZATION = component(
    "Organization",
    reply(
        ["members", "former_members"],
        id=INT,
        kind=choices(OrganizationKind),
        name=STR,
        description=OPT_STR,
        members={**array(MEMBERSHIP), "description": "In office, the chair (head) first"},
        former_members=array(MEMBERSHIP),
    ),
)


def organization(o: Organization, *, with_members: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"id": o.id, "kind": o.kind.value, "name": o.name, "description": o.description}
    if with_members:
        today = clock.today(o.term.council)
        current = [ms for ms in o.memberships if ms.ended_on is None or ms.ended_on >= today]
        order = {"chair": 0, "vice_chair": 1, "head": 2, "deputy": 3, "member": 4}
        out["members"] = [
            membership(ms) for ms in sorted(current, key=lambda ms: (order[ms.role.value], ms.id))
        ]
        out["former_members"] = [membership(ms) for ms in o.memberships if ms not in current]
    return out


OFFICIAL = component(
    "Official",
    reply(
        id=INT,
        person_id=INT,
        full_name=STR,
        position=STR,
        agency=STR,
        started_on=DATE,
        ended_on=OPT_DATE,
        in_office=BOOL,
    ),
)


def official(o: Official) -> dict[str, Any]:
    return {
        "id": o.id,
        "person_id": o.person_id,
        "full_name": o.person.full_name,
        "position": o.position,
        "agency": o.agency,
        "started_on": iso(o.started_on),
        "ended_on": iso(o.ended_on),
        "in_office": holds_on(o, clock.today(o.council)),
    }


AGENDA_ITEM = component(
    "AgendaItem",
    reply(
        id=INT,
        number={**STR, "description": "“1”, “1.2”: its number in the agenda"},
        position=INT,
        depth=enum([0, 1]),
        title=STR,
        kind=choices(AgendaItemKind),
        presenter=OPT_STR,
        planned_minutes=OPT_INT,
        scheduled_on=OPT_DATE,
        notes=OPT_STR,
    ),
)


def agenda_item(number: str, item: AgendaItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "number": number,
        "position": item.position,
        "depth": item.depth,
        "title": item.title,
        "kind": item.kind.value,
        "presenter": item.presenter,
        "planned_minutes": item.planned_minutes,
        "scheduled_on": iso(item.scheduled_on),
        "notes": item.notes,
    }


SESSION = component(
    "Session",
    reply(
        ["agenda"],
        id=INT,
        term_id=INT,
        number=INT,
        heading=STR,
        session_type=choices(SessionType),
        session_type_label=STR,
        title=OPT_STR,
        is_public=BOOL,
        starts_on=DATE,
        ends_on=DATE,
        place=OPT_STR,
        status=choices(SessionStatus),
        published_at=OPT_DATETIME,
        quorum_fraction=STR,
        speech_seconds=INT,
        question_seconds=INT,
        updated_at=DATETIME,
        item_count=INT,
        planned_minutes=INT,
        agenda=array(AGENDA_ITEM),
    ),
)


def session(s: Session, c: Council, *, with_agenda: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": s.id,
        "term_id": s.term_id,
        "number": s.number,
        "heading": session_heading(s, c),
        "session_type": s.session_type.value,
        "session_type_label": SESSION_TYPE_LABELS[s.session_type],
        "title": s.title,
        "is_public": s.is_public,
        "starts_on": iso(s.starts_on),
        "ends_on": iso(s.ends_on),
        "place": s.place,
        "status": s.status.value,
        "published_at": iso(s.published_at),
        "quorum_fraction": s.quorum_fraction,
        "speech_seconds": s.speech_seconds,
        "question_seconds": s.question_seconds,
        "updated_at": iso(s.updated_at),
        "item_count": len(s.items),
        "planned_minutes": sum(i.planned_minutes or 0 for i in s.items),
    }
    if with_agenda:
        out["agenda"] = [agenda_item(n, i) for n, i in numbered_items(s)]
    return out

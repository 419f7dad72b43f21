"""The HTTP API: sign-in, the council's data, sessions and their agenda, accounts and cards.

Handlers are thin: they pick the right ``agenda`` function, check what the caller may see, and shape
the answer with ``wire``. Roles are declared per endpoint (see ``http.Api``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from agenda import accounts, council, live
from agenda.errors import DomainError, NotFound
from agenda.inputs import Fields, parse_date
from agenda.models import (
    Membership,
    Official,
    OrganizationKind,
    Role,
    Session,
    SessionStatus,
    User,
)
from agenda.rules import delegates_in_office, parse_fraction, quorum_needed
from session_server import wire
from session_server.http import (
    ADMINS,
    EDITORS,
    PUBLIC,
    SIGNED_IN,
    Api,
    Call,
    csrf_token,
    sign_in,
    sign_out,
)

api = Api()

# Request-body schemas for the OpenAPI document (JSON Schema fragments).
_STR = {"type": "string"}
_INT = {"type": "integer"}
_DATE = {"type": "string", "format": "date"}
_BOOL = {"type": "boolean"}


def _obj(required: list[str], **props: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": props}


DELEGATE_BODY = _obj(
    ["full_name"],
    full_name=_STR,
    gender={"enum": ["nam", "nữ"]},
    birth_year=_INT,
    occupation=_STR,
    email=_STR,
    phone=_STR,
    constituency=_STR,
    seat_label=_STR,
    started_on=_DATE,
    ended_on=_DATE,
    end_reason=_STR,
)
SESSION_BODY = _obj(
    ["starts_on"],
    number=_INT,
    session_type={"enum": ["regular", "thematic", "urgent"]},
    title=_STR,
    is_public=_BOOL,
    starts_on=_DATE,
    ends_on=_DATE,
    place=_STR,
    quorum_fraction=_STR,
    speech_seconds=_INT,
    question_seconds=_INT,
)
ITEM_BODY = _obj(
    ["title"],
    title=_STR,
    kind={
        "enum": [
            "procedural",
            "report",
            "resolution",
            "questioning",
            "election",
            "confidence",
            "discussion",
            "other",
        ]
    },
    presenter=_STR,
    planned_minutes=_INT,
    scheduled_on=_DATE,
    notes=_STR,
    depth={"enum": [0, 1]},
)


def _today(call: Call) -> dt.date:
    on = call.request.query_params.get("on")
    return parse_date(on, "on", ("ngày", "date")) if on else dt.date.today()


def _who(call: Call) -> str | None:
    return call.user.username if call.user is not None else None


def _term(call: Call):  # type: ignore[no-untyped-def]
    return council.current_term(call.db, council.home_council(call.db))


# ---------------------------------------------------------------------------------------------
# Sign-in
# ---------------------------------------------------------------------------------------------


@api.endpoint(
    "GET",
    "/api/me",
    summary="The signed-in user (or null) and the CSRF token for this browser",
    roles=PUBLIC,
    tag="auth",
)
def me(call: Call) -> dict[str, Any]:
    return {"user": wire.user(call.user) if call.user else None, "csrf_token": csrf_token(call.request)}


@api.endpoint(
    "POST",
    "/api/auth/login",
    summary="Sign in with username and password",
    roles=PUBLIC,
    tag="auth",
    body=_obj(["username", "password"], username=_STR, password=_STR),
    own=True,
)
def login(call: Call) -> dict[str, Any]:
    body = Fields(call.body).data
    user = accounts.authenticate(call.db, body.get("username"), body.get("password"))
    if user is None:
        raise DomainError(
            "Tên đăng nhập hoặc mật khẩu không đúng.",
            "Wrong username or password.",
            code="bad_credentials",
            status=401,
        )
    sign_in(call.request, user)
    return {"user": wire.user(user), "csrf_token": csrf_token(call.request)}


@api.endpoint(
    "POST",
    "/api/auth/card",
    summary="Sign a tablet in with the token of a scanned QR card",
    roles=PUBLIC,
    tag="auth",
    body=_obj(["token"], token=_STR),
    own=True,
)
def login_with_card(call: Call) -> dict[str, Any]:
    """Also checks the delegate in when a sitting of their term is open today."""
    user = accounts.user_for_card(call.db, Fields(call.body).data.get("token"))
    sign_in(call.request, user)
    sitting = live.check_in_on_sign_in(call.db, user)
    return {
        "user": wire.user(user),
        "csrf_token": csrf_token(call.request),
        "checked_in_session_id": sitting.id if sitting is not None else None,
    }


@api.endpoint("POST", "/api/auth/logout", summary="Sign out this browser", roles=PUBLIC, tag="auth", own=True)
def logout(call: Call) -> dict[str, Any]:
    sign_out(call.request)
    return {"user": None, "csrf_token": csrf_token(call.request)}


@api.endpoint(
    "POST",
    "/api/auth/password",
    summary="Change my password (signs out other browsers)",
    roles=SIGNED_IN,
    tag="auth",
    body=_obj(["current_password", "new_password"], current_password=_STR, new_password=_STR),
    own=True,
)
def change_password(call: Call) -> dict[str, Any]:
    assert call.user is not None
    body = Fields(call.body).data
    if (
        call.user.password_hash
        and accounts.authenticate(call.db, call.user.username, body.get("current_password")) is None
    ):
        raise DomainError(
            "Mật khẩu hiện tại không đúng.", "The current password is wrong.", field="current_password"
        )
    accounts.set_password(call.db, call.user, body.get("new_password"))
    sign_in(call.request, call.user)
    return {"user": wire.user(call.user), "csrf_token": csrf_token(call.request)}


# ---------------------------------------------------------------------------------------------
# The council and its term
# ---------------------------------------------------------------------------------------------


@api.endpoint(
    "GET",
    "/api/council",
    summary="The council, its current term and the number of delegates in office",
    roles=PUBLIC,
    tag="council",
)
def get_council(call: Call) -> dict[str, Any]:
    home = council.home_council(call.db)
    term = council.current_term(call.db, home)
    on = _today(call)
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
)
def in_office(call: Call) -> dict[str, Any]:
    term = _term(call)
    on = _today(call)
    fraction = call.request.query_params.get("quorum", "2/3")
    total = delegates_in_office(call.db, term.id, on)
    return {
        "on": on.isoformat(),
        "term_id": term.id,
        "total": total,
        "quorum_fraction": fraction,
        "quorum_needed": quorum_needed(total, parse_fraction(fraction)),
    }


# ---------------------------------------------------------------------------------------------
# Delegates
# ---------------------------------------------------------------------------------------------


@api.endpoint(
    "GET",
    "/api/delegates",
    summary="Delegates in office (?on=date); staff may add ?all=1 for former ones",
    roles=PUBLIC,
    tag="delegates",
)
def list_delegates(call: Call) -> dict[str, Any]:
    term = _term(call)
    everyone = call.is_staff and call.request.query_params.get("all") == "1"
    mandates = council.list_delegates(call.db, term, None if everyone else _today(call))
    return {"term": wire.term(term), "delegates": [wire.delegate(m, full=call.is_staff) for m in mandates]}


@api.endpoint(
    "POST",
    "/api/delegates",
    summary="Add a delegate (person and seat) to the current term",
    roles=EDITORS,
    tag="delegates",
    body=DELEGATE_BODY,
    status=201,
)
def add_delegate(call: Call) -> dict[str, Any]:
    return wire.delegate(council.add_delegate(call.db, _term(call), call.body), full=True)


@api.endpoint("GET", "/api/delegates/{mandate_id}", summary="One delegate", roles=PUBLIC, tag="delegates")
def get_delegate(call: Call) -> dict[str, Any]:
    mandate = council.get_mandate(call.db, call.path["mandate_id"])
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
    body=DELEGATE_BODY,
)
def update_delegate(call: Call) -> dict[str, Any]:
    mandate = council.get_mandate(call.db, call.path["mandate_id"])
    return wire.delegate(council.update_delegate(call.db, mandate, call.body), full=True)


# ---------------------------------------------------------------------------------------------
# Thường trực, Ban, Tổ đại biểu
# ---------------------------------------------------------------------------------------------


@api.endpoint(
    "GET",
    "/api/organizations",
    summary="Thường trực, Ban and Tổ đại biểu of the term (?kind=)",
    roles=PUBLIC,
    tag="organizations",
)
def list_organizations(call: Call) -> dict[str, Any]:
    kind_text = call.request.query_params.get("kind")
    kind = (
        Fields({"kind": kind_text}).choice("kind", ("loại", "kind"), OrganizationKind) if kind_text else None
    )
    orgs = council.list_organizations(call.db, _term(call), kind)
    return {"organizations": [wire.organization(o) for o in orgs]}


@api.endpoint(
    "POST",
    "/api/organizations",
    summary="Create a Ban, Tổ đại biểu or the Thường trực",
    roles=EDITORS,
    tag="organizations",
    status=201,
    body=_obj(
        ["kind", "name"], kind={"enum": ["standing", "committee", "group"]}, name=_STR, description=_STR
    ),
)
def create_organization(call: Call) -> dict[str, Any]:
    return wire.organization(council.create_organization(call.db, _term(call), call.body))


@api.endpoint(
    "GET",
    "/api/organizations/{org_id}",
    summary="One organization with its members",
    roles=PUBLIC,
    tag="organizations",
)
def get_organization(call: Call) -> dict[str, Any]:
    return wire.organization(council.get_organization(call.db, call.path["org_id"]))


@api.endpoint(
    "PATCH",
    "/api/organizations/{org_id}",
    summary="Rename or describe an organization",
    roles=EDITORS,
    tag="organizations",
    body=_obj([], name=_STR, description=_STR),
)
def update_organization(call: Call) -> dict[str, Any]:
    org = council.get_organization(call.db, call.path["org_id"])
    return wire.organization(council.update_organization(call.db, org, call.body))


@api.endpoint(
    "DELETE",
    "/api/organizations/{org_id}",
    summary="Delete an organization created by mistake",
    roles=EDITORS,
    tag="organizations",
)
def delete_organization(call: Call) -> dict[str, Any]:
    org = council.get_organization(call.db, call.path["org_id"])
    call.db.delete(org)
    return {"deleted": org.id}


@api.endpoint(
    "POST",
    "/api/organizations/{org_id}/members",
    summary="Add a delegate with a role and start date",
    roles=EDITORS,
    tag="organizations",
    status=201,
    body=_obj(
        ["person_id"],
        person_id=_INT,
        role={"enum": ["chair", "vice_chair", "head", "deputy", "member"]},
        started_on=_DATE,
        ended_on=_DATE,
    ),
)
def add_member(call: Call) -> dict[str, Any]:
    org = council.get_organization(call.db, call.path["org_id"])
    return wire.membership(council.add_membership(call.db, org, call.body))


@api.endpoint(
    "PATCH",
    "/api/memberships/{membership_id}",
    summary="Change a member's role or end the membership",
    roles=EDITORS,
    tag="organizations",
    body=_obj(
        [],
        role={"enum": ["chair", "vice_chair", "head", "deputy", "member"]},
        started_on=_DATE,
        ended_on=_DATE,
    ),
)
def update_member(call: Call) -> dict[str, Any]:
    ms = council.get_membership(call.db, call.path["membership_id"])
    return wire.membership(council.update_membership(call.db, ms, call.body))


@api.endpoint(
    "DELETE",
    "/api/memberships/{membership_id}",
    summary="Remove a membership entered by mistake",
    roles=EDITORS,
    tag="organizations",
)
def delete_member(call: Call) -> dict[str, Any]:
    ms = council.get_membership(call.db, call.path["membership_id"])
    call.db.delete(ms)
    return {"deleted": ms.id}


# ---------------------------------------------------------------------------------------------
# Officials who can be questioned
# ---------------------------------------------------------------------------------------------


@api.endpoint(
    "GET",
    "/api/officials",
    summary="Officials who can be questioned (in office on ?on=date); staff may "
    "add ?all=1 for former and future ones",
    roles=PUBLIC,
    tag="officials",
)
def list_officials(call: Call) -> dict[str, Any]:
    home = council.home_council(call.db)
    everyone = call.is_staff and call.request.query_params.get("all") == "1"
    officials = council.list_officials(call.db, home, None if everyone else _today(call))
    return {"officials": [wire.official(o) for o in officials]}


@api.endpoint(
    "POST",
    "/api/officials",
    summary="Add an official (UBND chair, Giám đốc Sở…)",
    roles=EDITORS,
    tag="officials",
    status=201,
    body=_obj(
        ["full_name", "position", "agency"],
        full_name=_STR,
        position=_STR,
        agency=_STR,
        started_on=_DATE,
        ended_on=_DATE,
    ),
)
def add_official(call: Call) -> dict[str, Any]:
    return wire.official(council.add_official(call.db, council.home_council(call.db), call.body))


@api.endpoint(
    "PATCH",
    "/api/officials/{official_id}",
    summary="Edit an official or record the end of the post",
    roles=EDITORS,
    tag="officials",
    body=_obj([], full_name=_STR, position=_STR, agency=_STR, started_on=_DATE, ended_on=_DATE),
)
def update_official(call: Call) -> dict[str, Any]:
    official = call.db.get(Official, call.path["official_id"])
    if official is None:
        raise NotFound("người được chất vấn", "Official")
    return wire.official(council.update_official(call.db, official, call.body))


# ---------------------------------------------------------------------------------------------
# Sessions and the agenda
# ---------------------------------------------------------------------------------------------


def _visible(call: Call, session: Session) -> bool:
    if call.is_staff:
        return True
    if session.status == SessionStatus.DRAFT:
        return False
    return session.is_public or call.has_any({Role.DELEGATE})


def _session_for_reading(call: Call) -> Session:
    session = council.get_session(call.db, call.path["session_id"])
    if not _visible(call, session):
        # Not revealing whether an unpublished session exists.
        raise NotFound("kỳ họp", "Session")
    return session


@api.endpoint(
    "GET",
    "/api/sessions",
    summary="Sessions of the current term that the caller may see",
    roles=PUBLIC,
    tag="sessions",
)
def list_sessions(call: Call) -> dict[str, Any]:
    home = council.home_council(call.db)
    term = council.current_term(call.db, home)
    sessions = [s for s in council.list_sessions(call.db, term) if _visible(call, s)]
    return {
        "term": wire.term(term),
        "next_number": council.next_session_number(call.db, term),
        "sessions": [wire.session(s, home) for s in sessions],
    }


@api.endpoint(
    "POST",
    "/api/sessions",
    summary="Create a session (draft)",
    roles=EDITORS,
    tag="sessions",
    body=SESSION_BODY,
    status=201,
)
def create_session(call: Call) -> dict[str, Any]:
    home = council.home_council(call.db)
    session = council.create_session(
        call.db, council.current_term(call.db, home), call.body, actor=_who(call)
    )
    return wire.session(session, home, with_agenda=True)


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}",
    summary="A session with its numbered agenda",
    roles=PUBLIC,
    tag="sessions",
)
def get_session(call: Call) -> dict[str, Any]:
    return wire.session(_session_for_reading(call), council.home_council(call.db), with_agenda=True)


@api.endpoint(
    "PATCH",
    "/api/sessions/{session_id}",
    summary="Edit a session's details",
    roles=EDITORS,
    tag="sessions",
    body=SESSION_BODY,
)
def update_session(call: Call) -> dict[str, Any]:
    session = council.update_session(
        call.db, council.get_session(call.db, call.path["session_id"]), call.body, actor=_who(call)
    )
    return wire.session(session, council.home_council(call.db), with_agenda=True)


@api.endpoint(
    "DELETE", "/api/sessions/{session_id}", summary="Delete a draft session", roles=EDITORS, tag="sessions"
)
def delete_session(call: Call) -> dict[str, Any]:
    session = council.get_session(call.db, call.path["session_id"])
    council.delete_session(call.db, session, actor=_who(call))
    return {"deleted": session.id}


@api.endpoint(
    "POST",
    "/api/sessions/{session_id}/publish",
    summary="Publish the agenda to delegates and public",
    roles=EDITORS,
    tag="sessions",
)
def publish_session(call: Call) -> dict[str, Any]:
    session = council.publish_session(
        call.db, council.get_session(call.db, call.path["session_id"]), actor=_who(call)
    )
    return wire.session(session, council.home_council(call.db), with_agenda=True)


@api.endpoint(
    "POST",
    "/api/sessions/{session_id}/unpublish",
    summary="Withdraw a published agenda back to draft",
    roles=EDITORS,
    tag="sessions",
)
def unpublish_session(call: Call) -> dict[str, Any]:
    session = council.unpublish_session(
        call.db, council.get_session(call.db, call.path["session_id"]), actor=_who(call)
    )
    return wire.session(session, council.home_council(call.db), with_agenda=True)


@api.endpoint(
    "POST",
    "/api/sessions/{session_id}/items",
    summary="Add an agenda item at the end",
    roles=EDITORS,
    tag="agenda",
    body=ITEM_BODY,
    status=201,
)
def add_item(call: Call) -> dict[str, Any]:
    session = council.get_session(call.db, call.path["session_id"])
    council.add_agenda_item(call.db, session, call.body, actor=_who(call))
    return wire.session(session, council.home_council(call.db), with_agenda=True)


@api.endpoint(
    "PUT",
    "/api/sessions/{session_id}/items/order",
    summary="Reorder the agenda: every item once, in the new order, with its depth; with `current` (the "
    "order the page showed, same form) a reorder made meanwhile by someone else gives 409",
    roles=EDITORS,
    tag="agenda",
    body=_obj(
        ["items"],
        items={"type": "array", "items": _obj(["id"], id=_INT, depth={"enum": [0, 1]})},
        current={"type": "array", "items": _obj(["id"], id=_INT, depth={"enum": [0, 1]})},
    ),
)
def reorder_items(call: Call) -> dict[str, Any]:
    session = council.get_session(call.db, call.path["session_id"])
    council.reorder_agenda(call.db, session, Fields(call.body).data, actor=_who(call))
    return wire.session(session, council.home_council(call.db), with_agenda=True)


@api.endpoint(
    "PATCH",
    "/api/agenda-items/{item_id}",
    summary="Edit an agenda item",
    roles=EDITORS,
    tag="agenda",
    body=ITEM_BODY,
)
def update_item(call: Call) -> dict[str, Any]:
    item = council.update_agenda_item(
        call.db, council.get_agenda_item(call.db, call.path["item_id"]), call.body, actor=_who(call)
    )
    return wire.session(item.session, council.home_council(call.db), with_agenda=True)


@api.endpoint(
    "DELETE", "/api/agenda-items/{item_id}", summary="Remove an agenda item", roles=EDITORS, tag="agenda"
)
def delete_item(call: Call) -> dict[str, Any]:
    item = council.get_agenda_item(call.db, call.path["item_id"])
    session = item.session
    council.delete_agenda_item(call.db, item, actor=_who(call))
    return wire.session(session, council.home_council(call.db), with_agenda=True)


# ---------------------------------------------------------------------------------------------
# Accounts and QR sign-in cards
# ---------------------------------------------------------------------------------------------


@api.endpoint("GET", "/api/users", summary="User accounts", roles=EDITORS, tag="accounts")
def list_users(call: Call) -> dict[str, Any]:
    users = call.db.scalars(select(User).order_by(User.username))
    return {"users": [wire.user(u) for u in users]}


@api.endpoint(
    "POST",
    "/api/users",
    summary="Create an account",
    roles=ADMINS,
    tag="accounts",
    status=201,
    body=_obj(
        ["username", "display_name", "roles"],
        username=_STR,
        display_name=_STR,
        password=_STR,
        roles={"type": "array", "items": {"enum": [r.value for r in Role]}},
        person_id=_INT,
    ),
)
def create_user(call: Call) -> dict[str, Any]:
    return wire.user(accounts.create_user(call.db, call.body))


@api.endpoint(
    "PATCH",
    "/api/users/{user_id}",
    summary="Change an account's roles, password, or disable it",
    roles=ADMINS,
    tag="accounts",
    body=_obj(
        [],
        display_name=_STR,
        password=_STR,
        is_active=_BOOL,
        roles={"type": "array", "items": {"enum": [r.value for r in Role]}},
    ),
)
def update_user(call: Call) -> dict[str, Any]:
    user = accounts.get_user(call.db, call.path["user_id"])
    f = Fields(call.body)
    if f.has("display_name"):
        user.display_name = f.text("display_name", ("tên hiển thị", "display name"), max_length=120)
    if f.has("roles"):
        if user.id == call.user.id and Role.ADMIN.value not in (call.body.get("roles") or []):  # type: ignore[union-attr]
            raise DomainError(
                "Không thể tự bỏ quyền quản trị của chính mình.",
                "You cannot remove your own admin role.",
                field="roles",
            )
        accounts.set_roles(call.db, user, call.body["roles"])
    if f.has("password"):
        accounts.set_password(call.db, user, call.body["password"])
    if f.boolean("is_active", ("trạng thái", "active")) is False:
        if user.id == call.user.id:  # type: ignore[union-attr]
            raise DomainError(
                "Không thể tự khóa tài khoản của mình.",
                "You cannot disable your own account.",
                field="is_active",
            )
        accounts.deactivate(call.db, user)
    elif f.boolean("is_active", ("trạng thái", "active")) is True:
        user.is_active = True
    return wire.user(user)


@api.endpoint(
    "GET", "/api/cards", summary="Issued QR sign-in cards (?user_id=)", roles=EDITORS, tag="accounts"
)
def list_cards(call: Call) -> dict[str, Any]:
    user_id = call.request.query_params.get("user_id")
    ids = [Fields({"user_id": user_id}).integer("user_id", ("tài khoản", "user"))] if user_id else None
    return {"cards": [wire.card(c) for c in accounts.cards_of(call.db, ids)]}


@api.endpoint(
    "POST",
    "/api/users/{user_id}/cards",
    summary="Issue a new QR card (revokes the previous one); the sign-in address is returned once",
    roles=EDITORS,
    tag="accounts",
    status=201,
    body=_obj([], days=_INT),
)
def issue_card(call: Call) -> dict[str, Any]:
    user = accounts.get_user(call.db, call.path["user_id"])
    days = (
        Fields(call.body).integer("days", ("số ngày hiệu lực", "days valid"), required=False)
        or accounts.CARD_DAYS
    )
    card, token = accounts.issue_card(call.db, user, days=days)
    out = wire.card(card)
    url = f"{call.settings.base_url(call.request)}/signin.html#card={token}"
    out["signin_url"] = url
    out["qr_svg"] = qr_svg(url)
    return out


def qr_svg(data: str) -> str:
    """An SVG QR code (for showing a freshly issued card on screen)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")


@api.endpoint(
    "POST",
    "/api/cards/{card_id}/revoke",
    summary="Revoke a QR card (lost or stolen)",
    roles=EDITORS,
    tag="accounts",
)
def revoke_card(call: Call) -> dict[str, Any]:
    return wire.card(accounts.revoke_card(call.db, call.path["card_id"]))

"""User accounts and QR sign-in cards: each listed, issued or changed only as far as the caller may act on
the account (``agenda.accounts.authority``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from agenda.access import ADMINS, EDITORS
from agenda.accounts import cards, users
from agenda.accounts.authority import may_act_on
from agenda.inputs import Fields
from agenda.models import (
    Role,
    User,
)
from agenda.qr import qr_svg
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import BOOL, INT, STR, array, obj, patch, reply, with_props
from session_server.wire import accounts as wire

api = Api()


@api.endpoint(
    "GET",
    "/api/users",
    summary="User accounts",
    roles=EDITORS,
    tag="accounts",
    returns=reply(users=array(with_props(wire.USER, may_act_on=BOOL))),
)
def list_users(call: Call) -> dict[str, Any]:
    """Every account, each saying whether the caller may act on it (issue or revoke its cards, change it)."""
    listed = call.db.scalars(select(User).order_by(User.username))
    return {"users": [{**wire.user(u), "may_act_on": may_act_on(call.user, u.roles)} for u in listed]}


@api.endpoint(
    "POST",
    "/api/users",
    summary="Create an account",
    roles=ADMINS,
    tag="accounts",
    status=201,
    body=obj(
        ["username", "display_name", "roles"],
        username=STR,
        display_name=STR,
        password=STR,
        roles={"type": "array", "items": {"enum": [r.value for r in Role]}},
        person_id=INT,
    ),
    returns=wire.USER,
)
def create_user(call: Call) -> dict[str, Any]:
    assert call.user is not None  # (ADMINS only)
    return wire.user(users.create_account(call.db, users.UserInput.parse(call.body), by=call.user))


@api.endpoint(
    "PATCH",
    "/api/users/{user_id}",
    summary="Change an account's roles, password, or disable it",
    roles=ADMINS,
    tag="accounts",
    body=patch(
        display_name=STR,
        password=STR,
        is_active=BOOL,
        roles={"type": "array", "items": {"enum": [r.value for r in Role]}},
    ),
    returns=wire.USER,
)
def update_user(call: Call) -> dict[str, Any]:
    assert call.user is not None  # (ADMINS only)
    patch = users.UserPatch.parse(call.body)
    return wire.user(
        users.update_user(call.db, users.get_user(call.db, call.path["user_id"]), patch, by=call.user)
    )


@api.endpoint(
    "GET",
    "/api/cards",
    summary="Issued QR sign-in cards of the accounts the caller may act on (?user_id=)",
    roles=EDITORS,
    tag="accounts",
    query={"user_id": INT},
    returns=reply(cards=array(wire.CARD)),
)
def list_cards(call: Call) -> dict[str, Any]:
    """The cards of the accounts the caller may act on."""
    assert call.user is not None  # (EDITORS only)
    user_id = call.request.query_params.get("user_id")
    ids = [Fields({"user_id": user_id}).integer("user_id", ("tài khoản", "user"))] if user_id else None
    return {"cards": [wire.card(c) for c in cards.cards_of(call.db, ids, by=call.user)]}


@api.endpoint(
    "POST",
    "/api/users/{user_id}/cards",
    summary="Issue a new QR card (revokes the previous one) for an account the caller may act on "
    "(a secretary: delegates' accounts only); the sign-in address is returned once",
    roles=EDITORS,
    tag="accounts",
    status=201,
    body=obj([], days=INT),
    returns=with_props(wire.CARD, signin_url=STR, qr_svg=STR),
)
def issue_card(call: Call) -> dict[str, Any]:
    assert call.user is not None  # (EDITORS only)
    user = users.get_user(call.db, call.path["user_id"])
    days = (
        Fields(call.body).integer("days", ("số ngày hiệu lực", "days valid"), required=False)
        or cards.CARD_DAYS
    )
    card, token = cards.issue_card(call.db, user, by=call.user, days=days)
    out = wire.card(card)
    url = cards.signin_url(call.settings.base_url(call.request), token)
    out["signin_url"] = url
    out["qr_svg"] = qr_svg(url)
    return out


@api.endpoint(
    "POST",
    "/api/cards/{card_id}/revoke",
    summary="Revoke a QR card (lost or stolen) of an account the caller may act on",
    roles=EDITORS,
    tag="accounts",
    returns=wire.CARD,
)
def revoke_card(call: Call) -> dict[str, Any]:
    assert call.user is not None  # (EDITORS only)
    return wire.card(cards.revoke_card(call.db, call.path["card_id"], by=call.user))

"""Signing in and out: with a password, with a scanned QR card (which also checks the delegate in when a
sitting of their term is open today), and changing one's password."""

from __future__ import annotations

from typing import Any

from agenda.access import PUBLIC, SIGNED_IN
from agenda.accounts import cards, users
from agenda.errors import DomainError
from agenda.inputs import Fields
from agenda.sitting import attendance
from session_server.auth import csrf_token, sign_in, sign_out
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import STR, obj
from session_server.wire import accounts as wire

api = Api()


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
    body=obj(["username", "password"], username=STR, password=STR),
    own=True,
)
def login(call: Call) -> dict[str, Any]:
    body = Fields(call.body).data
    user = users.authenticate(call.db, body.get("username"), body.get("password"))
    if user is None:
        raise DomainError(
            "Tên đăng nhập hoặc mật khẩu không đúng.",
            "Wrong username or password.",
            code="bad_credentials",
            status=401,
        )
    sign_in(call.db, call.request, user)
    return {"user": wire.user(user), "csrf_token": csrf_token(call.request)}


@api.endpoint(
    "POST",
    "/api/auth/card",
    summary="Sign a tablet in with the token of a scanned QR card",
    roles=PUBLIC,
    tag="auth",
    body=obj(["token"], token=STR),
    own=True,
)
def login_with_card(call: Call) -> dict[str, Any]:
    """Also checks the delegate in when a sitting of their term is open today."""
    card = cards.card_for_token(call.db, Fields(call.body).data.get("token"))
    user = card.user
    sign_in(call.db, call.request, user, card=card)
    sitting = attendance.check_in_on_sign_in(call.db, user)
    return {
        "user": wire.user(user),
        "csrf_token": csrf_token(call.request),
        "checked_in_session_id": sitting.id if sitting is not None else None,
    }


@api.endpoint(
    "POST",
    "/api/auth/logout",
    summary="Sign out this browser: its sign-in session ends on the server (a copy of the cookie stops working)",
    roles=PUBLIC,
    tag="auth",
    own=True,
)
def logout(call: Call) -> dict[str, Any]:
    sign_out(call.db, call.request, call.user)
    return {"user": None, "csrf_token": csrf_token(call.request)}


@api.endpoint(
    "POST",
    "/api/auth/password",
    summary="Change my password (signs out other browsers)",
    roles=SIGNED_IN,
    tag="auth",
    body=obj(["current_password", "new_password"], current_password=STR, new_password=STR),
    own=True,
)
def change_password(call: Call) -> dict[str, Any]:
    assert call.user is not None
    users.change_own_password(call.db, call.user, users.PasswordChange.parse(call.body))
    sign_in(call.db, call.request, call.user)  # every session of the account ended: this browser's anew
    return {"user": wire.user(call.user), "csrf_token": csrf_token(call.request)}

"""Signing in and out: with a password, with a scanned QR card (which also checks the delegate in when a
sitting of their term is open today), and changing one's password.

A password is checked (Argon2, slow on purpose) in a read-only transaction of its own, never while the
request's write transaction holds SQLite's single write lock: a flood of wrong passwords must not stall
the ballots. Before that, :mod:`agenda.accounts.throttle` may refuse the try (429, ``Retry-After``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session as DbSession

from agenda import audit, unit
from agenda.access import EDITORS, PUBLIC, SIGNED_IN
from agenda.accounts import cards, passwords, users
from agenda.accounts.authority import require_may_act_on
from agenda.accounts.throttle import Throttle
from agenda.errors import DomainError
from agenda.inputs import Fields
from agenda.sitting import attendance
from session_server.auth import client_address, csrf_token, sign_in, sign_out
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import STR, obj
from session_server.wire import accounts as wire

api = Api()
T = TypeVar("T")


def _throttle(call: Call) -> Throttle:
    throttle: Throttle = call.request.app.state.signin_throttle
    return throttle


def _apart(call: Call, work: Callable[[DbSession], T]) -> T:
    """``work`` in a read-only transaction of its own (on SQLite it never waits for, nor holds, the write
    lock). The request's own transaction has not begun for a caller without a sign-in session, so a
    sign-in holds no lock meanwhile (for one that has one: docs/architecture.md, "Why a sign-in does not
    hold up a ballot")."""
    return unit.run(call.request.app.state.read_db, work).result


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
    """Refused (429) while this account or address must wait; the password checked apart, then a short
    write opens the sign-in session (and stores a newer hash of the password, when one was made)."""
    credentials = passwords.Credentials.parse(call.body)
    address = client_address(call.request, call.settings)
    throttle = _throttle(call)
    throttle.attempt(credentials.username, address)
    verified = _apart(call, lambda db: passwords.verify(db, credentials))
    if verified is not None:
        throttle.succeeded(credentials.username, address)  # before the write (Redis is not waited on in it)
    user = passwords.signed_in_with(call.db, verified) if verified is not None else None
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
    """Also checks the delegate in when a sitting of their term is open today. Never delayed by wrong
    passwords: a card proves itself by its secret, so a delegate whose account is under attack still signs
    in with it."""
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
    """The current password counts as a sign-in try (:mod:`agenda.accounts.throttle`); both Argon2 steps
    run apart, the write is short."""
    user = call.user
    assert user is not None
    change = users.PasswordChange.parse(call.body)
    address = client_address(call.request, call.settings)
    throttle = _throttle(call)
    throttle.attempt(user.username, address)
    try:
        checked = _apart(call, lambda db: users.check_password_change(db, user.id, change))
    except DomainError as error:
        if error.field != "current_password":  # the current password was right: the new one is refused
            throttle.succeeded(user.username, address)
        raise
    throttle.succeeded(user.username, address)
    users.apply_password_change(call.db, user, checked)
    sign_in(call.db, call.request, user)  # every session of the account ended: this browser's anew
    return {"user": wire.user(user), "csrf_token": csrf_token(call.request)}


@api.endpoint(
    "DELETE",
    "/api/users/{user_id}/sign-in-delay",
    summary="Lift the delay on signing in to an account after wrong passwords (from every address)",
    roles=EDITORS,
    tag="auth",
    own=True,
)
def clear_sign_in_delay(call: Call) -> dict[str, Any]:
    """Only by someone who may act on the account (:mod:`agenda.accounts.authority`): lifting the delay
    again and again would let its holder guess the password of an account above their own."""
    assert call.user is not None
    user = users.get_user(call.db, call.path["user_id"])
    require_may_act_on(call.user, user.roles)
    _throttle(call).clear(user.username)
    audit.append(call.db, "user.sign_in_delay_cleared", {"user_id": user.id}, actor=call.actor)
    return {"user_id": user.id, "cleared": True}

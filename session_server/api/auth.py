"""Signing in and out: with a password, with a scanned QR card (which also checks the delegate in when a
sitting of their term is open today), and changing one's password.

A password is checked (Argon2, slow on purpose) in a read-only transaction of its own, never while the
request's write transaction holds SQLite's single write lock: a flood of wrong passwords must not stall
the ballots. Before that, :mod:`agenda.accounts.throttle` may refuse the try (429, ``Retry-After``).
"""

from __future__ import annotations

from typing import Any

from agenda import audit
from agenda.access import EDITORS, PUBLIC, SIGNED_IN
from agenda.accounts import cards, passwords, users
from agenda.accounts.authority import require_may_act_on
from agenda.accounts.throttle import Throttle
from agenda.errors import DomainError
from agenda.inputs import Fields
from agenda.sitting import attendance
from agenda.sitting.landing import landing
from session_server.auth import client_address, csrf_token, sign_in, sign_out
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import INT, NULL, OPT_INT, STR, enum, nullable, obj, reply
from session_server.wire import accounts as wire

api = Api()
# ``landing``: the page to go to after signing in (a delegate's open sitting, the console, the home page).
SIGNED_IN_ANSWER = reply(user=wire.USER, csrf_token=STR, landing=STR)


def _throttle(call: Call) -> Throttle:
    throttle: Throttle = call.request.app.state.signin_throttle
    return throttle


def _wrong_credentials() -> DomainError:
    return DomainError(
        "Tên đăng nhập hoặc mật khẩu không đúng.",
        "Wrong username or password.",
        code="bad_credentials",
        status=401,
    )


def _check_login(call: Call) -> passwords.Verified:
    """Before the write (``check=``, a read-only transaction): refused (429) while this account or address
    must wait, else the password checked with Argon2."""
    credentials = passwords.Credentials.parse(call.body)
    address = client_address(call.request, call.settings)
    throttle = _throttle(call)
    throttle.attempt(credentials.username, address)
    verified = passwords.verify(call.db, credentials)
    if verified is None:
        raise _wrong_credentials()
    throttle.succeeded(credentials.username, address)  # before the write (Redis is not waited on in it)
    return verified


@api.endpoint(
    "GET",
    "/api/me",
    summary="The signed-in user (or null) and the CSRF token for this browser",
    roles=PUBLIC,
    tag="auth",
    returns=reply(user=nullable(wire.USER), csrf_token=STR),
)
def me(call: Call) -> dict[str, Any]:
    return {"user": wire.user(call.user) if call.user else None, "csrf_token": csrf_token(call.request)}


@api.endpoint(
    "POST",
    "/api/auth/login",
    summary="Sign in with username and password; `landing` is the page to go to (a delegate's tablet page "
    "while a sitting of their term is open)",
    roles=PUBLIC,
    tag="auth",
    body=obj(["username", "password"], username=STR, password=STR),
    check=lambda call: _check_login(call),
    own=True,
    returns=SIGNED_IN_ANSWER,
)
def login(call: Call) -> dict[str, Any]:
    """A short write: the sign-in session opened (and a newer hash of the password stored, when one was
    made) for the password :func:`_check_login` verified."""
    user = passwords.signed_in_with(call.db, call.checked)
    if user is None:  # disabled, or given another password, since the check
        raise _wrong_credentials()
    sign_in(call.db, call.request, user)
    return {
        "user": wire.user(user),
        "csrf_token": csrf_token(call.request),
        "landing": landing(call.db, user),
    }


@api.endpoint(
    "POST",
    "/api/auth/card",
    summary="Sign a tablet in with the token of a scanned QR card; `landing` is the page to go to (the "
    "tablet page of the sitting open now)",
    roles=PUBLIC,
    tag="auth",
    body=obj(["token"], token=STR),
    own=True,
    returns=reply(user=wire.USER, csrf_token=STR, checked_in_session_id=OPT_INT, landing=STR),
)
def login_with_card(call: Call) -> dict[str, Any]:
    """Also checks the delegate in when a sitting of their term is open today (and ``landing`` is then that
    sitting's tablet page, :mod:`agenda.sitting.landing`). Never delayed by wrong
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
        "landing": landing(call.db, user),
    }


@api.endpoint(
    "POST",
    "/api/auth/logout",
    summary="Sign out this browser: its sign-in session ends on the server (a copy of the cookie stops working)",
    roles=PUBLIC,
    tag="auth",
    own=True,
    returns=reply(user=NULL, csrf_token=STR),
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
    check=lambda call: _check_password_change(call),
    own=True,
    returns=reply(user=wire.USER, csrf_token=STR),
)
def change_password(call: Call) -> dict[str, Any]:
    """A short write: the new password :func:`_check_password_change` hashed, stored."""
    user = call.user
    assert user is not None
    users.apply_password_change(call.db, user, call.checked)
    sign_in(call.db, call.request, user)  # every session of the account ended: this browser's anew
    return {"user": wire.user(user), "csrf_token": csrf_token(call.request)}


def _check_password_change(call: Call) -> users.CheckedChange:
    """Before the write (``check=``): the current password counts as a sign-in try
    (:mod:`agenda.accounts.throttle`); both Argon2 steps — checking it, hashing the new one — run here."""
    user = call.user
    assert user is not None
    change = users.PasswordChange.parse(call.body)
    address = client_address(call.request, call.settings)
    throttle = _throttle(call)
    throttle.attempt(user.username, address)
    try:
        checked = users.check_password_change(call.db, user.id, change)
    except DomainError as error:
        if error.field != "current_password":  # the current password was right: the new one is refused
            throttle.succeeded(user.username, address)
        raise
    throttle.succeeded(user.username, address)
    return checked


@api.endpoint(
    "DELETE",
    "/api/users/{user_id}/sign-in-delay",
    summary="Lift the delay on signing in to an account after wrong passwords (from every address)",
    roles=EDITORS,
    tag="auth",
    own=True,
    returns=reply(user_id=INT, cleared=enum([True])),
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

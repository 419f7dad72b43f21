"""Accounts as JSON for the wire: users (never a password hash) and sign-in cards (never a token)."""

from __future__ import annotations

from typing import Any

from agenda.accounts.users import ROLE_LABELS
from agenda.clock import iso, utcnow
from agenda.models import Role, SignInCard, User
from session_server.http.schemas import (
    BOOL,
    DATETIME,
    INT,
    OPT_DATETIME,
    OPT_INT,
    STR,
    array,
    choices,
    component,
    enum,
    reply,
)

USER = component(
    "User",
    reply(
        id=INT,
        username=STR,
        display_name=STR,
        roles=array(choices(Role)),
        role_labels=array(STR),
        person_id=OPT_INT,
        is_active=BOOL,
        has_password=BOOL,
    ),
)


def user(u: User) -> dict[str, Any]:
    roles = sorted(r.value for r in u.roles)
    return {
        "id": u.id,
        "username": u.username,
        "display_name": u.display_name,
        "roles": roles,
        "role_labels": [ROLE_LABELS[r] for r in sorted(u.roles)],
        "person_id": u.person_id,
        "is_active": u.is_active,
        "has_password": bool(u.password_hash),
    }


CARD = component(
    "SignInCard",
    reply(
        id=INT,
        user_id=INT,
        username=STR,
        display_name=STR,
        issued_at=DATETIME,
        expires_at=DATETIME,
        revoked_at=OPT_DATETIME,
        last_used_at=OPT_DATETIME,
        state=enum(["active", "expired", "revoked"]),
    ),
)


def card(c: SignInCard) -> dict[str, Any]:
    now = utcnow()
    state = "revoked" if c.revoked_at else ("expired" if c.expires_at <= now else "active")
    return {
        "id": c.id,
        "user_id": c.user_id,
        "username": c.user.username,
        "display_name": c.user.display_name,
        "issued_at": iso(c.issued_at),
        "expires_at": iso(c.expires_at),
        "revoked_at": iso(c.revoked_at),
        "last_used_at": iso(c.last_used_at),
        "state": state,
    }

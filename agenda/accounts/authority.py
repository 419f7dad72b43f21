"""Who may act on whose account: nobody becomes more than they are.

An account may be acted on — a card issued for it or revoked, its cards listed, its name, roles or password
changed — only by someone who holds every right it has: an administrator on any account; a secretary on
delegates' own accounts (no role but ``delegate``), never on a staff or an administrator's account; nobody
else. Whoever holds a card signs in as its account, so printing one for an account with more rights than
one's own would be becoming more than one is. The same goes for the roles an account is given: only someone
who may act on an account with those roles gives them.

The server's own operator — ``kyhop`` on the server's command line, the demo — acts as :data:`SYSTEM`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from agenda.access import ADMINS, EDITORS, has_any
from agenda.audit import actor_of
from agenda.errors import Forbidden
from agenda.models import Role, User

WITHIN_A_SECRETARYS_REACH: Final = frozenset({Role.DELEGATE})
"""The roles an account may have for a secretary to act on it: a delegate's own account."""


class System:
    """Whoever runs ``kyhop`` on the server itself: they hold the database, so every right."""

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM: Final = System()

Actor = User | System
"""Who acts on an account: a signed-in user, or the system."""


def may_act_on(actor: Actor | None, roles: Iterable[Role]) -> bool:
    """Whether ``actor`` may act on an account with ``roles`` (an account's ``roles``, or those it is to get)."""
    if isinstance(actor, System):
        return True
    if actor is None or not actor.is_active:
        return False
    if has_any(actor, ADMINS):
        return True
    return has_any(actor, EDITORS) and set(roles) <= WITHIN_A_SECRETARYS_REACH


def require_may_act_on(actor: Actor | None, roles: Iterable[Role]) -> None:
    """Refuse (403) unless ``actor`` may act on an account with ``roles``."""
    if not may_act_on(actor, roles):
        raise Forbidden(
            "Chỉ quản trị viên được thao tác trên tài khoản này: thư ký chỉ cấp và thu hồi thẻ cho tài khoản "
            "đại biểu.",
            "Only an administrator may act on this account: a secretary issues and revokes cards for "
            "delegates' accounts only.",
        )


def audit_name(actor: Actor) -> str | None:
    """The name the audit trail records for ``actor`` (None: the system)."""
    return None if isinstance(actor, System) else actor_of(actor)

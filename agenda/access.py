"""Who may do and see what: the role groups, the "please sign in" refusal, and who may see a session.

Each rule is written once here and called by every screen, endpoint and live action. Document access
builds on it (:mod:`agenda.documents.access`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from agenda.errors import DomainError, Forbidden
from agenda.models import Role, SessionStatus, User

STAFF = frozenset({Role.SECRETARY, Role.CHAIR, Role.ARCHIVIST, Role.ADMIN})  # read everything, drafts too
EDITORS = frozenset({Role.SECRETARY, Role.ADMIN})  # set up the council, sessions, documents
ADMINS = frozenset({Role.ADMIN})  # accounts
ARCHIVISTS = frozenset({Role.ARCHIVIST, Role.ADMIN})  # the resolution archive: imports
RUNNERS = frozenset({Role.SECRETARY, Role.CHAIR, Role.ADMIN})  # run a sitting from the console
ARCHIVISTS = frozenset({Role.ARCHIVIST, Role.ADMIN})  # keep the resolution archive: numbers, relations, files
DELEGATES = frozenset({Role.DELEGATE})
SIGNED_IN = frozenset(Role)  # any role
PUBLIC: frozenset[Role] = frozenset()  # anyone, signed in or not


def roles_of(user: User | None) -> set[Role]:
    return user.roles if user is not None else set()


def has_any(user: User | None, roles: Iterable[Role]) -> bool:
    return bool(roles_of(user) & set(roles))


def is_staff(user: User | None) -> bool:
    return has_any(user, STAFF)


def delegate_person(user: User | None) -> int | None:
    """The person a delegate's account signs in (their seat, notes, reading), else None."""
    if user is None or user.person_id is None or Role.DELEGATE not in user.roles:
        return None
    return user.person_id


def sign_in_required() -> DomainError:
    return DomainError("Vui lòng đăng nhập.", "Please sign in.", code="signin_required", status=401)


def sign_in_ended() -> DomainError:
    """The refusal of a browser whose sign-in session ended (signed out, card revoked, account disabled,
    password changed): the same code as :func:`sign_in_required`, saying why."""
    return DomainError(
        "Phiên đăng nhập đã kết thúc (đã đăng xuất, thẻ bị thu hồi hoặc tài khoản thay đổi). "
        "Vui lòng đăng nhập lại.",
        "Your sign-in has ended (signed out, card revoked or account changed). Please sign in again.",
        code="signin_required",
        status=401,
    )


def require_signed_in(user: User | None) -> User:
    """``user`` if signed in with an active account; else 401 "please sign in"."""
    if user is None or not user.is_active:
        raise sign_in_required()
    return user


def require(user: User | None, roles: frozenset[Role]) -> User | None:
    """``user`` if ``roles`` let them in (every caller when ``roles`` is empty); else 401 or 403."""
    if not roles:
        return user
    if not (require_signed_in(user).roles & roles):
        raise Forbidden()
    return user


class SessionState(Protocol):
    """What the visibility rule reads of a session: a :class:`~agenda.models.Session`, or a row of its columns."""

    @property
    def status(self) -> SessionStatus: ...

    @property
    def is_public(self) -> bool: ...


def session_visible(session: SessionState, user: User | None) -> bool:
    """Staff always; others once published; a closed sitting (họp kín) only for delegates."""
    if is_staff(user):
        return True
    if session.status == SessionStatus.DRAFT:
        return False
    return session.is_public or Role.DELEGATE in roles_of(user)

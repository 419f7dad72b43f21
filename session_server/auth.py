"""Who is calling: the signed session cookie, signing in and out, and the CSRF token of a browser.

The cookie (Starlette's ``SessionMiddleware``, signed, HttpOnly, SameSite=Lax) holds the user's id and
their ``auth_version``: a password change or a deactivation bumps it, and every older cookie stops
working. Every state-changing request carries the session's CSRF token in ``X-CSRF-Token``.
"""

from __future__ import annotations

import secrets

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import joinedload
from starlette.requests import HTTPConnection

from agenda.access import require
from agenda.errors import DomainError
from agenda.models import Role, User

CSRF_HEADER = "x-csrf-token"

# Every request reads its user: with the roles in the same statement, built once.
_USER = select(User).options(joinedload(User.role_rows)).where(User.id == bindparam("uid"))


def csrf_token(conn: HTTPConnection) -> str:
    """The session's CSRF token, created on first use."""
    token = conn.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(24)
        conn.session["csrf"] = token
    return str(token)


def check_csrf(conn: HTTPConnection) -> None:
    """Refuse a state-changing request without the session's CSRF token (a page of another site)."""
    sent = conn.headers.get(CSRF_HEADER)
    expected = conn.session.get("csrf")
    if not sent or not expected or not secrets.compare_digest(str(sent), str(expected)):
        raise DomainError(
            "Phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ (CSRF). Vui lòng tải lại trang.",
            "The page is out of date or the request is forged (CSRF). Please reload the page.",
            code="csrf",
            status=403,
        )


def current_user(db: DbSession, conn: HTTPConnection) -> User | None:
    """The user of the signed session cookie, if still active and not signed out everywhere."""
    uid = conn.session.get("uid")
    if not isinstance(uid, int):
        return None
    user = db.execute(_USER, {"uid": uid}).unique().scalar_one_or_none()
    if user is None or not user.is_active or conn.session.get("v") != user.auth_version:
        return None
    return user


def authorized_user(db: DbSession, conn: HTTPConnection, roles: frozenset[Role]) -> User | None:
    """The caller, if ``roles`` (when not empty) allow them in: else 401 (not signed in) or 403."""
    return require(current_user(db, conn), roles)


def sign_in(conn: HTTPConnection, user: User) -> None:
    conn.session.clear()
    conn.session.update({"uid": user.id, "v": user.auth_version, "csrf": secrets.token_urlsafe(24)})


def sign_out(conn: HTTPConnection) -> None:
    conn.session.clear()
    csrf_token(conn)

"""Who is calling: the signed session cookie, signing in and out, and the CSRF token of a browser.

The cookie (Starlette's ``SessionMiddleware``, signed, HttpOnly, SameSite=Lax) holds the id and token of a
sign-in session (:mod:`agenda.accounts.signins`): the caller is read together with it, in the one statement
every request makes for its user, and a session that ended — signed out, its card revoked, the account
disabled, its password or roles changed — signs nobody in, whichever copy of the cookie is sent. Every
state-changing request carries the session's CSRF token in ``X-CSRF-Token``.
"""

from __future__ import annotations

import secrets

from sqlalchemy.orm import Session as DbSession
from starlette.requests import HTTPConnection

from agenda.access import require, sign_in_ended
from agenda.accounts import signins
from agenda.errors import DomainError
from agenda.models import Role, SignInCard, SignInSession, User
from session_server.settings import Settings

CSRF_HEADER = "x-csrf-token"
SIGNIN_KEY, TOKEN_KEY = "s", "t"  # the cookie's sign-in session: its id and token


def client_address(conn: HTTPConnection, settings: Settings) -> str:
    """The caller's address: the connection's, or behind a trusted proxy (``trust_forwarded_for``) the
    last address in ``X-Forwarded-For`` — the one the proxy itself wrote."""
    if settings.trust_forwarded_for:
        forwarded = [a.strip() for a in conn.headers.get("x-forwarded-for", "").split(",") if a.strip()]
        if forwarded:
            return forwarded[-1]
    return conn.client.host if conn.client is not None else ""


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


def current_signin(db: DbSession, conn: HTTPConnection) -> tuple[User, SignInSession] | None:
    """The user of the cookie's sign-in session, with the session, while it is live (one statement)."""
    if SIGNIN_KEY not in conn.session:
        return None
    return signins.signed_in(db, conn.session.get(SIGNIN_KEY), conn.session.get(TOKEN_KEY))


def current_user(db: DbSession, conn: HTTPConnection) -> User | None:
    """The user of the cookie's sign-in session, while it is live."""
    found = current_signin(db, conn)
    return found[0] if found is not None else None


def authorized_user(
    db: DbSession, conn: HTTPConnection, roles: frozenset[Role], *, writing: bool = False
) -> User | None:
    """The caller, if ``roles`` (when not empty) allow them in: else 401 (not signed in) or 403.
    ``writing``: the transaction writes, so the session's ``last_seen_at`` may be refreshed in it."""
    found = current_signin(db, conn)
    if found is None:
        if roles and SIGNIN_KEY in conn.session:
            raise sign_in_ended()  # signed in once, in this browser or the one the cookie was copied from
        return require(None, roles)
    if writing:
        signins.touch(found[1])
    return require(found[0], roles)


def sign_in(db: DbSession, conn: HTTPConnection, user: User, *, card: SignInCard | None = None) -> None:
    """Open a sign-in session for ``user`` (with ``card``, when one was scanned) in this browser's cookie."""
    signin, token = signins.open(db, user, card=card)
    conn.session.clear()
    conn.session.update({SIGNIN_KEY: signin.id, TOKEN_KEY: token, "csrf": secrets.token_urlsafe(24)})


def sign_out(db: DbSession, conn: HTTPConnection, user: User | None) -> None:
    """End this browser's sign-in session on the server (every copy of its cookie stops working) and clear
    the cookie; ``user`` is who the request was signed in as (None: nothing to end)."""
    signin_id = conn.session.get(SIGNIN_KEY)
    if user is not None and isinstance(signin_id, int):
        signins.end(db, signin_id, reason=signins.EndReason.SIGNED_OUT, actor=user.username)
    conn.session.clear()
    csrf_token(conn)

"""Where a user lands after signing in (by password or QR card): a delegate, while a sitting of their term is
open, on that sitting's tablet page; the staff who run sittings on the console; everyone else on the home
page."""

from __future__ import annotations

from sqlalchemy.orm import Session as DbSession

from agenda.access import RUNNERS
from agenda.models import Role, User
from agenda.sitting.attendance import open_sitting_of

CONSOLE = "/console/"
HOME = "/"


def tablet_page(session_id: int) -> str:
    """The delegate's tablet page of one session."""
    return f"/tablet.html?session={session_id}"


def landing(db: DbSession, user: User) -> str:
    """The page ``user`` goes to once signed in. A chair who is also a delegate runs the sitting: the console."""
    roles = user.roles
    if roles & RUNNERS:
        return CONSOLE
    if Role.DELEGATE in roles:
        session = open_sitting_of(db, user)
        if session is not None:
            return tablet_page(session.id)
    return HOME

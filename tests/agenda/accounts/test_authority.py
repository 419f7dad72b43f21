"""Who may act on whose account (``agenda.accounts.authority``), and the account functions that keep to it."""

from __future__ import annotations

from typing import Any

import pytest

from agenda import db as storage
from agenda.accounts import cards, users
from agenda.accounts.authority import SYSTEM, may_act_on
from agenda.accounts.users import UserInput, UserPatch
from agenda.errors import Forbidden
from agenda.models import Role, Term, User, UserRole

D, S, C, A, ADM = Role.DELEGATE, Role.SECRETARY, Role.CHAIR, Role.ARCHIVIST, Role.ADMIN
ACCOUNTS = {  # the kinds of account there are, by their roles
    "delegate": {D},
    "chair (a delegate too)": {C, D},
    "secretary": {S},
    "secretary and delegate": {S, D},
    "archivist": {A},
    "admin": {ADM},
}
MAY_ACT_ON = {  # for each acting role, the kinds of account it may act on
    "delegate": set(),
    "chair": set(),
    "archivist": set(),
    "secretary": {"delegate"},
    "admin": set(ACCOUNTS),
}


def _user(*roles: Role, active: bool = True) -> User:
    return User(username="x", display_name="x", is_active=active, role_rows=[UserRole(role=r) for r in roles])


@pytest.mark.parametrize("actor", list(MAY_ACT_ON))
def test_only_someone_with_every_right_of_an_account_acts_on_it(actor: str) -> None:
    user = _user(Role(actor))
    allowed = {kind for kind, roles in ACCOUNTS.items() if may_act_on(user, roles)}
    assert allowed == MAY_ACT_ON[actor]


def test_nobody_signed_out_or_disabled_acts_and_the_system_acts_on_all() -> None:
    assert not may_act_on(None, {D})
    assert not may_act_on(_user(ADM, active=False), {D})
    assert all(may_act_on(SYSTEM, roles) for roles in ACCOUNTS.values())


def test_the_account_functions_refuse_what_the_rule_refuses(
    factory: Any, small_council: dict[str, Any]
) -> None:
    ids = small_council["user_ids"]
    with storage.transaction(factory) as db:
        secretary, admin = users.get_user(db, ids["thuky"]), users.get_user(db, ids["quantri"])
        delegate, chair = users.get_user(db, ids["daibieu"]), users.get_user(db, ids["chutoa"])
        chairs_card = cards.issue_card(db, chair, by=SYSTEM).card
        assert cards.cards_of(db, by=secretary) == [] and cards.cards_of(db, by=admin) == [chairs_card]
        with pytest.raises(Forbidden):
            cards.issue_card(db, admin, by=secretary)
        with pytest.raises(Forbidden):
            cards.revoke_card(db, chairs_card.id, by=secretary)
        with pytest.raises(Forbidden):
            cards.issue_cards_for_term(db, db.get(Term, small_council["term_id"]), "http://x", by=secretary)
        with pytest.raises(Forbidden):  # making an account with more rights is acting on it too
            users.create_account(
                db, UserInput("thuky9", "X", frozenset({ADM}), "mat-khau-2026"), by=secretary
            )
        with pytest.raises(Forbidden):
            users.update_user(db, delegate, UserPatch.of(roles={D, ADM}), by=secretary)
        assert cards.issue_card(db, delegate, by=secretary).card.user_id == delegate.id
        assert cards.issue_card(db, admin, by=admin).card.user_id == admin.id
        assert users.create_account(db, UserInput("daibieu9", "X", frozenset({D})), by=secretary).roles == {D}

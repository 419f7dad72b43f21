"""Nobody becomes more than they are: the attacks a secretary could make on accounts with more rights than a
delegate's — each written as the attack itself, over the HTTP API as the console's pages would send it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from agenda.accounts import users
from agenda.models import Role, SignInCard, User
from tests.conftest import ADMIN, SECRETARY


def _user_id(client: Any, username: str) -> int:
    listed = client.get("/api/users").json()["users"]
    return int(next(u["id"] for u in listed if u["username"] == username))


def _token(issued: Any) -> str:
    """The token of an issued card's sign-in address ("" when none was issued)."""
    url = issued.json().get("signin_url") or "#card="
    return str(url.split("#card=")[1])


def _refused(response: Any) -> None:
    assert response.status_code == 403, (response.status_code, response.text[:200])
    error = response.json()["error"]
    assert error["code"] == "forbidden" and error["message_vi"] and error["message_en"]


def test_a_secretary_cannot_become_admin_with_a_card_printed_for_the_admin(
    visitor: Any, factory: Any
) -> None:
    secretary = visitor().login(SECRETARY)
    admin_id = _user_id(secretary, "quantri")

    # The attack: a card for the administrator's account, a browser signed in with it, an admin made.
    issued = secretary.post(f"/api/users/{admin_id}/cards", {"days": 400})
    thief = visitor()
    thief.post("/api/auth/card", {"token": _token(issued)})
    signed_in_as = (thief.get("/api/me").json()["user"] or {}).get("username")
    thief.csrf = thief.get("/api/me").json()["csrf_token"]
    made = thief.post(
        "/api/users",
        {"username": "thuky-quantri", "display_name": "X", "password": "mat-khau-2026", "roles": ["admin"]},
    )
    promoted = thief.patch(f"/api/users/{_user_id(secretary, 'thuky')}", {"roles": ["secretary", "admin"]})

    assert signed_in_as is None, f"signed in as {signed_in_as} with a card a secretary printed"
    assert made.status_code in (401, 403) and promoted.status_code in (401, 403)
    _refused(issued)
    with factory() as db:
        assert db.scalar(select(User).where(User.username == "thuky-quantri")) is None
        assert not list(db.scalars(select(SignInCard).where(SignInCard.user_id == admin_id)))
        assert users.get_user(db, _user_id(secretary, "thuky")).roles == {Role.SECRETARY}


def test_a_secretary_issues_and_revokes_cards_only_for_delegates_accounts(visitor: Any, factory: Any) -> None:
    secretary, admin = visitor().login(SECRETARY), visitor().login(ADMIN)
    for username in [
        "quantri",
        "chutoa",
        "luutru",
        "thuky",
    ]:  # admin, chair (also a delegate), archivist, self
        target = _user_id(secretary, username)
        card = admin.post(f"/api/users/{target}/cards", {}).json()["id"]
        _refused(secretary.post(f"/api/users/{target}/cards", {}))
        _refused(
            secretary.post(f"/api/cards/{card}/revoke")
        )  # signing the chair out mid-sitting is acting too
        with factory() as db:
            assert db.get(SignInCard, card).revoked_at is None, username
    delegate = _user_id(secretary, "daibieu")
    assert secretary.post(f"/api/users/{delegate}/cards", {}).status_code == 201


def test_a_secretary_does_not_see_the_cards_of_accounts_beyond_a_delegates(
    visitor: Any, factory: Any
) -> None:
    secretary, admin = visitor().login(SECRETARY), visitor().login(ADMIN)
    for username in ["quantri", "chutoa", "daibieu"]:
        assert admin.post(f"/api/users/{_user_id(admin, username)}/cards", {}).status_code == 201
    seen = {c["username"] for c in secretary.get("/api/cards").json()["cards"]}
    assert seen == {"daibieu"}
    assert secretary.get(f"/api/cards?user_id={_user_id(admin, 'quantri')}").json()["cards"] == []
    assert {c["username"] for c in admin.get("/api/cards").json()["cards"]} == {
        "quantri",
        "chutoa",
        "daibieu",
    }
    listed = {u["username"]: u["may_act_on"] for u in secretary.get("/api/users").json()["users"]}
    assert listed == {"quantri": False, "chutoa": False, "luutru": False, "thuky": False, "daibieu": True}


def test_a_card_printed_for_a_delegate_stops_working_when_the_account_gains_a_role(
    visitor: Any, factory: Any
) -> None:
    secretary, admin = visitor().login(SECRETARY), visitor().login(ADMIN)
    delegate = _user_id(secretary, "daibieu")
    # The secretary keeps a copy of the QR code of a delegate who is about to become chair …
    kept = _token(secretary.post(f"/api/users/{delegate}/cards", {}))
    assert admin.patch(f"/api/users/{delegate}", {"roles": ["delegate", "chair"]}).status_code == 200
    # … and tries it once the account has the chair's rights.
    answer = visitor().post("/api/auth/card", {"token": kept})
    assert answer.status_code == 401 and answer.json()["error"]["code"] == "card_revoked"
    assert [c["state"] for c in admin.get(f"/api/cards?user_id={delegate}").json()["cards"]] == ["revoked"]

"""Sign-in sessions end when they should — the attacks themselves, over HTTP as a browser sends them: a
cookie copied before signing out, a tablet signed in with a card that is then revoked or reprinted, an
account disabled or given a new password while a browser of it is signed in."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.conftest import ADMIN, DELEGATE, SECRETARY, Browser


def _user_id(client: Browser, username: str) -> int:
    listed = client.get("/api/users").json()["users"]
    return int(next(u["id"] for u in listed if u["username"] == username))


def _signed_in_as(client: Browser) -> str | None:
    user = client.get("/api/me").json()["user"]
    return None if user is None else str(user["username"])


def _copy_of(app: Any, browser: Browser) -> Browser:
    """Another browser holding a copy of ``browser``'s cookie (stolen, or restored from a backup)."""
    client = TestClient(app)
    client.cookies.set("kyhop_session", browser.client.cookies["kyhop_session"])
    return Browser(client)


def _card_tablet(visitor: Any, secretary: Browser, username: str) -> tuple[Browser, int]:
    issued = secretary.post(f"/api/users/{_user_id(secretary, username)}/cards", {})
    assert issued.status_code == 201, issued.text
    tablet = visitor()
    signed = tablet.post("/api/auth/card", {"token": issued.json()["signin_url"].split("#card=")[1]})
    assert signed.status_code == 200, signed.text
    tablet.csrf = signed.json()["csrf_token"]
    assert _signed_in_as(tablet) == username
    return tablet, int(issued.json()["id"])


def test_a_cookie_copied_before_signing_out_does_not_work_after(app: Any, visitor: Any) -> None:
    secretary = visitor().login(SECRETARY)
    thief = _copy_of(app, secretary)
    assert _signed_in_as(thief) == SECRETARY[0]  # the copy works while the session lasts…
    assert secretary.post("/api/auth/logout").status_code == 200
    assert _signed_in_as(thief) is None  # …and not once it has ended
    assert thief.get("/api/users").status_code == 401


def test_revoking_a_card_signs_out_the_tablet_signed_in_with_it(visitor: Any) -> None:
    secretary = visitor().login(SECRETARY)
    tablet, card = _card_tablet(visitor, secretary, DELEGATE[0])
    same_account = visitor().login(DELEGATE)  # the delegate's own sign-in with the password stays
    assert secretary.post(f"/api/cards/{card}/revoke").status_code == 200
    assert _signed_in_as(tablet) is None
    assert _signed_in_as(same_account) == DELEGATE[0]


def test_printing_new_cards_signs_out_the_tablets_of_the_old_one(visitor: Any) -> None:
    secretary = visitor().login(SECRETARY)
    tablet, _card = _card_tablet(visitor, secretary, DELEGATE[0])
    reprinted = secretary.post(f"/api/users/{_user_id(secretary, DELEGATE[0])}/cards", {})
    assert reprinted.status_code == 201
    assert _signed_in_as(tablet) is None


def test_disabling_an_account_or_changing_its_password_ends_its_sessions(visitor: Any) -> None:
    admin = visitor().login(ADMIN)
    delegate = visitor().login(DELEGATE)
    user_id = _user_id(admin, DELEGATE[0])
    assert admin.patch(f"/api/users/{user_id}", {"password": "mat-khau-moi-2026"}).status_code == 200
    assert _signed_in_as(delegate) is None
    again = visitor().login((DELEGATE[0], "mat-khau-moi-2026"))
    assert admin.patch(f"/api/users/{user_id}", {"is_active": False}).status_code == 200
    assert _signed_in_as(again) is None


def test_an_open_websocket_of_a_revoked_card_is_closed_at_once(
    app: Any, small_council: dict[str, Any]
) -> None:
    import json

    import httpx
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    from tests.conftest import running

    with (
        running(app) as url,
        httpx.Client(base_url=url, timeout=30) as secretary,
        httpx.Client(base_url=url, timeout=30) as tablet,
    ):
        csrf = secretary.get("/api/me").json()["csrf_token"]
        csrf = secretary.post(
            "/api/auth/login",
            json={"username": SECRETARY[0], "password": SECRETARY[1]},
            headers={"x-csrf-token": csrf},
        ).json()["csrf_token"]
        users = secretary.get("/api/users").json()["users"]
        delegate = next(u["id"] for u in users if u["username"] == DELEGATE[0])
        issued = secretary.post(
            f"/api/users/{delegate}/cards", json={}, headers={"x-csrf-token": csrf}
        ).json()
        token = issued["signin_url"].split("#card=")[1]
        tablet_csrf = tablet.get("/api/me").json()["csrf_token"]
        assert tablet.post(
            "/api/auth/card", json={"token": token}, headers={"x-csrf-token": tablet_csrf}
        ).is_success
        cookie = f"kyhop_session={tablet.cookies['kyhop_session']}"
        ws_url = url.replace("http://", "ws://") + f"/ws/sessions/{small_council['session_id']}"
        with connect(ws_url, additional_headers={"Cookie": cookie}, open_timeout=10) as socket:
            assert json.loads(socket.recv(timeout=10))["type"] == "snapshot"
            revoked = secretary.post(f"/api/cards/{issued['id']}/revoke", headers={"x-csrf-token": csrf})
            assert revoked.is_success
            messages = []
            try:
                while True:
                    messages.append(json.loads(socket.recv(timeout=10)))
            except ConnectionClosed as closed:
                assert closed.rcvd is not None and closed.rcvd.code == 4401
            assert [m["error"]["code"] for m in messages if m.get("type") == "error"] == ["signin_required"]

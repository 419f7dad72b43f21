"""The HTTP API as the pages use it: sign-in, CSRF, the council's data, sessions, accounts, and clear refusals
of bad input. (Who may call which endpoint: ``test_matrix.py``.)"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from agenda import db as storage
from agenda.accounts import cards, users
from agenda.accounts.authority import SYSTEM
from agenda.models import Person, SignInCard
from tests.conftest import ADMIN, DELEGATE, SECRETARY


def test_sign_in_and_out(visitor: Any) -> None:
    client = visitor()
    assert client.get("/api/me").json()["user"] is None
    bad = client.post("/api/auth/login", {"username": "thuky", "password": "sai-mat-khau"})
    assert (
        bad.status_code == 401 and bad.json()["error"]["message"] == "Tên đăng nhập hoặc mật khẩu không đúng."
    )
    unknown = client.post("/api/auth/login", {"username": "khongco", "password": "sai-mat-khau"})
    assert unknown.status_code == 401
    client.login(SECRETARY)
    me = client.get("/api/me").json()
    assert me["user"]["username"] == "thuky" and me["user"]["roles"] == ["secretary"]
    cookie = client.client.cookies.get("kyhop_session")
    assert cookie
    out = client.post("/api/auth/logout")
    assert out.status_code == 200 and out.json()["user"] is None
    assert client.get("/api/users").status_code == 401


def test_session_cookie_is_httponly_and_signed(visitor: Any) -> None:
    client = visitor()
    response = client.post("/api/auth/login", {"username": SECRETARY[0], "password": SECRETARY[1]})
    header = response.headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=lax" in header
    tampered = client.client.cookies.get("kyhop_session")[:-4] + "AAAA"
    client.client.cookies.delete("kyhop_session")
    client.client.cookies.set("kyhop_session", tampered)
    assert client.get("/api/me").json()["user"] is None  # a tampered cookie is worthless


def test_every_state_change_needs_the_csrf_token(visitor: Any) -> None:
    client = visitor().login(SECRETARY)
    for method, path in [
        ("POST", "/api/sessions"),
        ("POST", "/api/auth/logout"),
        ("PATCH", "/api/sessions/1"),
        ("DELETE", "/api/sessions/2"),
        ("PUT", "/api/sessions/1/items/order"),
    ]:
        response = client.client.request(method, path, json={})
        assert response.status_code == 403 and response.json()["error"]["code"] == "csrf", (method, path)
        forged = client.client.request(method, path, json={}, headers={"x-csrf-token": "forged"})
        assert forged.status_code == 403
    assert client.get("/api/sessions/2").status_code == 200  # the draft was not deleted


def test_changing_the_password_signs_out_other_browsers(visitor: Any) -> None:
    first, second = visitor().login(DELEGATE), visitor().login(DELEGATE)
    short = first.post("/api/auth/password", {"current_password": DELEGATE[1], "new_password": "ngan"})
    assert short.status_code == 400 and short.json()["error"]["field"] == "password"
    wrong = first.post(
        "/api/auth/password", {"current_password": "nham", "new_password": "mat-khau-moi-2026"}
    )
    assert wrong.status_code == 400
    ok = first.post(
        "/api/auth/password", {"current_password": DELEGATE[1], "new_password": "mat-khau-moi-2026"}
    )
    assert ok.status_code == 200
    first.csrf = ok.json()["csrf_token"]
    assert first.get("/api/me").json()["user"]["username"] == "daibieu"
    assert second.get("/api/me").json()["user"] is None


def test_qr_card_signs_a_tablet_in_until_revoked_or_expired(visitor: Any, factory: Any) -> None:
    secretary = visitor().login(SECRETARY)
    listed = secretary.get("/api/users").json()["users"]
    delegate_id = next(u["id"] for u in listed if u["username"] == "daibieu")
    issued = secretary.post(f"/api/users/{delegate_id}/cards", {"days": 30})
    assert issued.status_code == 201
    url = issued.json()["signin_url"]
    assert "/signin.html#card=" in url and issued.json()["qr_svg"].startswith("<svg")
    token = url.split("#card=")[1]

    tablet = visitor()
    signed = tablet.post("/api/auth/card", {"token": token})
    assert signed.status_code == 200 and signed.json()["user"]["username"] == "daibieu"
    with factory() as db:  # only the hash of the token is stored
        assert db.scalar(select(func.count(SignInCard.id)).where(SignInCard.token_hash == token)) == 0

    reissued = secretary.post(f"/api/users/{delegate_id}/cards", {})
    old = visitor().post("/api/auth/card", {"token": token})
    assert old.status_code == 401 and old.json()["error"]["code"] == "card_revoked"

    new_token = reissued.json()["signin_url"].split("#card=")[1]
    secretary.post(f"/api/cards/{reissued.json()['id']}/revoke")
    assert visitor().post("/api/auth/card", {"token": new_token}).json()["error"]["code"] == "card_revoked"

    with storage.transaction(factory) as db:
        card, expiring = cards.issue_card(db, users.get_user(db, delegate_id), by=SYSTEM, days=1)
        card.expires_at = card.issued_at  # as if a day had passed
    assert visitor().post("/api/auth/card", {"token": expiring}).json()["error"]["code"] == "card_expired"
    for junk in ["", "x", "A" * 500, 42, None]:
        response = visitor().post("/api/auth/card", {"token": junk})
        assert response.status_code == 401, junk


def test_public_visitors_see_only_published_public_sessions(visitor: Any) -> None:
    anonymous = visitor()
    listed = anonymous.get("/api/sessions").json()["sessions"]
    assert [s["number"] for s in listed] == [1]  # the draft thematic session is hidden
    assert anonymous.get("/api/sessions/2").status_code == 404
    agenda = anonymous.get("/api/sessions/1").json()["agenda"]
    assert [(i["number"], i["title"]) for i in agenda] == [
        ("1", "Khai mạc kỳ họp"),
        ("2", "Báo cáo kinh tế – xã hội"),
        ("2.1", "Báo cáo thẩm tra"),
    ]
    delegates = anonymous.get("/api/delegates").json()["delegates"]
    assert "phone" not in delegates[0] and len(delegates) == 4  # contact details are for staff
    secretary = visitor().login(SECRETARY)
    assert [s["number"] for s in secretary.get("/api/sessions").json()["sessions"]] == [2, 1]
    assert len(secretary.get("/api/delegates?all=1").json()["delegates"]) == 5
    assert "phone" in secretary.get("/api/delegates").json()["delegates"][0]

    secretary.patch("/api/sessions/1", {"is_public": False})  # a closed sitting: delegates only
    assert anonymous.get("/api/sessions/1").status_code == 404
    assert visitor().login(DELEGATE).get("/api/sessions/1").status_code == 200


def test_two_secretaries_reordering_at_once_do_not_overwrite_each_other(visitor: Any) -> None:
    first, second = visitor().login(SECRETARY), visitor().login(SECRETARY)  # two browsers
    shown = [{"id": i["id"], "depth": i["depth"]} for i in first.get("/api/sessions/1").json()["agenda"]]
    assert len(shown) >= 3
    swapped = [shown[1], shown[0], *shown[2:]]
    swapped[0] = {**swapped[0], "depth": 0}
    done = first.put("/api/sessions/1/items/order", {"items": swapped, "current": shown})
    assert done.status_code == 200, done.text
    last_first = [shown[-1], *shown[:-1]]
    last_first[0] = {**last_first[0], "depth": 0}
    stale = second.put(
        "/api/sessions/1/items/order", {"items": last_first, "current": shown}
    )  # still the old screen
    assert stale.status_code == 409 and stale.json()["error"]["field"] == "items"
    assert "người khác" in stale.json()["error"]["message_vi"]
    now = [{"id": i["id"], "depth": i["depth"]} for i in second.get("/api/sessions/1").json()["agenda"]]
    assert now == [
        {"id": e["id"], "depth": e["depth"]} for e in done.json()["agenda"]
    ]  # nothing was overwritten
    again = second.put("/api/sessions/1/items/order", {"items": last_first, "current": now})
    assert again.status_code == 200
    assert [i["id"] for i in again.json()["agenda"]] == [e["id"] for e in last_first]
    assert second.put("/api/sessions/1/items/order", {"items": last_first, "current": "x"}).status_code == 409


def test_secretary_prepares_a_session_end_to_end(visitor: Any) -> None:
    client = visitor().login(SECRETARY)
    created = client.post(
        "/api/sessions",
        {
            "session_type": "thematic",
            "title": "Kỳ họp chuyên đề về đầu tư công",
            "starts_on": "15/01/2027",
            "ends_on": "2027-01-16",
            "place": "Hội trường A",
        },
    )
    assert created.status_code == 201, created.text
    session = created.json()
    assert session["number"] == 3 and session["status"] == "draft"
    assert session["heading"] == "Kỳ họp thứ 3 (kỳ họp chuyên đề) HĐND tỉnh Ninh Bình khóa XVII"
    sid = session["id"]
    empty = client.post(f"/api/sessions/{sid}/publish")
    assert empty.status_code == 400 and empty.json()["error"]["code"] == "empty_agenda"
    for title, kind, depth in [
        ("Khai mạc", "procedural", 0),
        ("Tờ trình về kế hoạch đầu tư công", "resolution", 0),
        ("Báo cáo thẩm tra của Ban Kinh tế – Ngân sách", "report", 1),
        ("Bế mạc", "procedural", 0),
    ]:
        response = client.post(
            f"/api/sessions/{sid}/items",
            {"title": title, "kind": kind, "depth": depth, "planned_minutes": 20},
        )
        assert response.status_code == 201
    agenda = response.json()["agenda"]
    assert [i["number"] for i in agenda] == ["1", "2", "2.1", "3"] and response.json()[
        "planned_minutes"
    ] == 80
    edited = client.patch(
        f"/api/agenda-items/{agenda[3]['id']}", {"title": "Bế mạc kỳ họp", "presenter": "Chủ tọa"}
    )
    assert edited.json()["agenda"][3]["title"] == "Bế mạc kỳ họp"
    order = [{"id": agenda[i]["id"], "depth": d} for i, d in [(0, 0), (3, 0), (1, 0), (2, 1)]]
    reordered = client.put(f"/api/sessions/{sid}/items/order", {"items": order}).json()["agenda"]
    assert [(i["number"], i["title"]) for i in reordered][:2] == [("1", "Khai mạc"), ("2", "Bế mạc kỳ họp")]
    published = client.post(f"/api/sessions/{sid}/publish").json()
    assert published["status"] == "published" and published["published_at"]
    again = client.post(f"/api/sessions/{sid}/publish")
    assert again.status_code == 409
    assert visitor().get(f"/api/sessions/{sid}").status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "field"),
    [
        ("POST", "/api/sessions", {"starts_on": "ngày mai"}, 400, "starts_on"),
        ("POST", "/api/sessions", {"starts_on": "2027-01-10", "ends_on": "2027-01-01"}, 400, "ends_on"),
        ("POST", "/api/sessions", {"number": 1, "starts_on": "2027-01-10"}, 409, "number"),
        ("POST", "/api/sessions", {"starts_on": "2027-01-10", "session_type": "bí mật"}, 400, "session_type"),
        (
            "POST",
            "/api/sessions",
            {"starts_on": "2027-01-10", "speech_seconds": "nhiều"},
            400,
            "speech_seconds",
        ),
        ("POST", "/api/sessions", [1, 2, 3], 400, None),
        ("POST", "/api/sessions/1/items", {"title": ""}, 400, "title"),
        ("POST", "/api/sessions/1/items", {"title": "X", "planned_minutes": -5}, 400, "planned_minutes"),
        ("POST", "/api/sessions/1/items", {"title": "X", "scheduled_on": "2026-12-25"}, 400, "scheduled_on"),
        ("PUT", "/api/sessions/1/items/order", {"items": "1,2,3"}, 400, "items"),
        ("PUT", "/api/sessions/1/items/order", {"items": [{"id": 1}]}, 409, "items"),
        ("POST", "/api/delegates", {"full_name": "Nguyễn Mới", "seat_label": "A02"}, 409, "seat_label"),
        ("POST", "/api/delegates", {"full_name": 12}, 400, "full_name"),
        ("POST", "/api/organizations", {"kind": "committee", "name": "Ban Pháp chế"}, 409, "name"),
        ("POST", "/api/organizations/1/members", {"person_id": 99999}, 404, None),
        ("PATCH", "/api/delegates/99999", {}, 404, None),
        ("GET", "/api/sessions/abc", None, 404, None),
        ("GET", "/api/sessions/99999", None, 404, None),
        ("GET", "/api/council/in-office?on=32/13/2026", None, 400, "on"),
        ("GET", "/api/organizations?kind=party", None, 400, "kind"),
        ("DELETE", "/api/sessions", None, 405, None),
        ("GET", "/api/khong-co", None, 404, None),
    ],
)
def test_bad_input_is_refused_clearly_and_changes_nothing(
    visitor: Any, factory: Any, method: str, path: str, body: Any, status: int, field: str | None
) -> None:
    client = visitor().login(SECRETARY)
    with factory() as db:
        persons = db.scalar(select(func.count(Person.id)))
    before = client.get("/api/sessions").json()
    response = client.send(method, path, body) if method != "GET" else client.get(path)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert (
        error["message"] == error["message_vi"]
        and error["message_en"]
        and error["message_vi"] != error["message_en"]
    )
    if field:
        assert error.get("field") == field
    assert client.get("/api/sessions").json() == before
    with factory() as db:
        assert db.scalar(select(func.count(Person.id))) == persons


def test_errors_in_english_on_request(visitor: Any) -> None:
    client = visitor().login(SECRETARY)
    response = client.post("/api/sessions?lang=en", {"starts_on": "x"})
    assert response.json()["error"]["message"].startswith("Opening date is not a valid date")
    client.client.cookies.set("lang", "en")
    assert client.post("/api/sessions", {}).json()["error"]["message"] == "Opening date is required."


def test_oversized_and_malformed_bodies(visitor: Any) -> None:
    client = visitor().login(SECRETARY)
    big = client.client.post(
        "/api/sessions",
        content=b'{"title": "' + b"x" * 300_000 + b'"}',
        headers={"x-csrf-token": client.csrf, "content-type": "application/json"},
    )
    assert big.status_code == 413 and big.json()["error"]["code"] == "too_large"
    broken = client.client.post(
        "/api/sessions",
        content=b"\xff\xfe{",
        headers={"x-csrf-token": client.csrf, "content-type": "application/json"},
    )
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "bad_json"


def test_in_office_counts_and_quorum(visitor: Any) -> None:
    client = visitor()
    assert client.get("/api/council/in-office?on=2026-06-30").json()["total"] == 5
    later = client.get("/api/council/in-office?on=2026-07-01&quorum=1/2").json()
    assert later["total"] == 4 and later["quorum_needed"] == 2
    info = client.get("/api/council?on=2026-07-01").json()
    assert info["council"]["short_name"] == "HĐND tỉnh Ninh Bình" and info["quorum_needed"] == 3
    assert info["term"]["label"] == "khóa XVII, nhiệm kỳ 2026–2031"


def test_admin_manages_accounts(visitor: Any) -> None:
    admin = visitor().login(ADMIN)
    created = admin.post(
        "/api/users",
        {
            "username": "thuky2",
            "display_name": "Thư ký 2",
            "password": "mat-khau-2026",
            "roles": ["secretary"],
        },
    )
    assert created.status_code == 201
    assert (
        admin.post(
            "/api/users", {"username": "thuky2", "display_name": "X", "roles": ["secretary"]}
        ).status_code
        == 409
    )
    assert (
        admin.post(
            "/api/users", {"username": "Bad Name", "display_name": "X", "roles": ["secretary"]}
        ).json()["error"]["field"]
        == "username"
    )
    assert (
        admin.post("/api/users", {"username": "x123", "display_name": "X", "roles": ["king"]}).json()[
            "error"
        ]["field"]
        == "roles"
    )
    second = visitor().login(("thuky2", "mat-khau-2026"))
    uid = created.json()["id"]
    assert admin.patch(f"/api/users/{uid}", {"is_active": False}).json()["is_active"] is False
    assert second.get("/api/me").json()["user"] is None  # disabled: signed out at once
    me = admin.get("/api/me").json()["user"]["id"]
    assert admin.patch(f"/api/users/{me}", {"is_active": False}).status_code == 400
    assert admin.patch(f"/api/users/{me}", {"roles": ["secretary"]}).status_code == 400


def test_openapi_document_lists_every_endpoint(visitor: Any) -> None:
    from session_server.app import endpoint_docs

    document = visitor().get("/openapi.json").json()
    assert document["openapi"].startswith("3.")
    for doc in endpoint_docs():
        operation = document["paths"][doc.path][doc.method.lower()]
        assert operation["summary"] and operation["responses"]


def test_security_headers_on_pages(visitor: Any) -> None:
    response = visitor().get("/")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_staff_see_former_officials_and_cards_name_their_holder(visitor: Any) -> None:
    secretary = visitor().login(SECRETARY)
    official = secretary.get("/api/officials").json()["officials"][0]
    assert official["in_office"] is True
    secretary.patch(f"/api/officials/{official['id']}", {"ended_on": "2026-05-01"})
    assert secretary.get("/api/officials").json()["officials"] == []
    former = secretary.get("/api/officials?all=1").json()["officials"]
    assert [(o["id"], o["in_office"]) for o in former] == [(official["id"], False)]
    assert visitor().get("/api/officials?all=1").json()["officials"] == []  # the public sees who is in post
    listed = secretary.get("/api/users").json()["users"]
    uid = next(u["id"] for u in listed if u["username"] == "daibieu")
    secretary.post(f"/api/users/{uid}/cards", {})
    card = secretary.get(f"/api/cards?user_id={uid}").json()["cards"][0]
    assert card["username"] == "daibieu" and card["state"] == "active"


def test_writes_through_the_api_are_audited_with_the_caller(visitor: Any, factory: Any) -> None:
    from agenda.models import AuditEntry

    secretary, admin = visitor().login(SECRETARY), visitor().login(ADMIN)
    mandate = secretary.post("/api/delegates", {"full_name": "Hồ Thị Lan", "seat_label": "A09"}).json()
    secretary.patch(f"/api/delegates/{mandate['id']}", {"occupation": "Giáo viên"})
    org = secretary.post("/api/organizations", {"kind": "committee", "name": "Ban Đô thị"}).json()
    secretary.patch(f"/api/organizations/{org['id']}", {"description": "Quy hoạch, xây dựng"})
    member = secretary.post(f"/api/organizations/{org['id']}/members", {"person_id": mandate["person_id"]})
    secretary.patch(f"/api/memberships/{member.json()['id']}", {"role": "deputy"})
    assert secretary.send("DELETE", f"/api/memberships/{member.json()['id']}", None).status_code == 200
    assert secretary.send("DELETE", f"/api/organizations/{org['id']}", None).status_code == 200
    official = secretary.post(
        "/api/officials", {"full_name": "Trần Sở", "position": "Giám đốc", "agency": "Sở"}
    )
    secretary.patch(f"/api/officials/{official.json()['id']}", {"agency": "Sở Xây dựng"})
    user = admin.post(
        "/api/users", {"username": "thuky3", "display_name": "X", "roles": ["secretary"]}
    ).json()
    admin.patch(f"/api/users/{user['id']}", {"roles": ["archivist"], "is_active": False})
    with factory() as db:
        done = {(e.action, e.actor) for e in db.scalars(select(AuditEntry))}
    by_secretary = (
        "delegate.added delegate.updated organization.created organization.updated membership.added"
    )
    by_secretary += (
        " membership.updated membership.deleted organization.deleted official.added official.updated"
    )
    by_admin = "user.created user.roles_changed user.deactivated"
    expected = {(a, "thuky") for a in by_secretary.split()} | {(a, "quantri") for a in by_admin.split()}
    assert expected <= done

"""The councils and terms API and the first-run set-up, on SQLite and PostgreSQL: who may do what, the rules
as the API answers them, and the guard of the anonymous ``POST /api/setup``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from agenda import db as storage
from agenda.models import AuditEntry, Council, User
from session_server.api.setup import setup_token
from tests.conftest import ADMIN, ARCHIVIST, SECRETARY, Browser

SECRET = "test-secret"
SETUP = {
    "council": {"name": "Hội đồng nhân dân xã Yên Mô", "place_name": "Yên Mô", "level": "commune"},
    "term": {"number": 21, "starts_on": "2026-03-15", "ends_on": "2031-03-14", "seats": 30},
    "admin": {"username": "quantri", "password": "mat-khau-quan-tri", "display_name": "Quản trị"},
}


@pytest.fixture
def empty_app(engine: Any, database_url: str) -> Any:
    from session_server.app import create_app
    from session_server.settings import Settings

    return create_app(Settings(database_url=database_url, secret_key=SECRET))


@pytest.fixture
def anonymous(empty_app: Any) -> Iterator[Browser]:
    with TestClient(empty_app) as client:
        yield Browser(client)


def rows(factory: Any, model: Any) -> int:
    with factory() as db:
        return int(db.scalar(select(func.count()).select_from(model)))


def test_first_run_needs_the_token_then_sets_up_once(anonymous: Browser, factory: Any) -> None:
    assert anonymous.get("/api/setup").json() == {"needed": True}
    council = anonymous.get("/api/council")
    assert council.status_code == 404 and council.json()["error"]["code"] == "not_set_up"
    assert "kyhop init" in council.json()["error"]["message_vi"]
    # Anyone on the hall network can reach the page: without the token printed on the server, nothing.
    for token in (None, "", "a" * 24, setup_token("another-server")):
        body = SETUP | ({"token": token} if token is not None else {})
        response = anonymous.post("/api/setup", body)
        assert response.status_code in (400, 403), response.text
        assert rows(factory, Council) == 0 and rows(factory, User) == 0
    response = anonymous.post("/api/setup", SETUP | {"token": setup_token(SECRET)})
    assert response.status_code == 201, response.text
    assert response.json()["council"]["is_home"] and response.json()["term"]["seats"] == 30
    assert anonymous.get("/api/setup").json() == {"needed": False}
    # Once set up, never again — with the token or without.
    again = SETUP | {"token": setup_token(SECRET), "admin": SETUP["admin"] | {"username": "ke-gian"}}
    assert anonymous.post("/api/setup", again).status_code == 409
    assert rows(factory, Council) == 1 and rows(factory, User) == 1
    admin = anonymous.login(("quantri", "mat-khau-quan-tri"))
    assert admin.get("/api/council").json()["council"]["name"] == "Hội đồng nhân dân xã Yên Mô"
    with factory() as db:
        made = db.scalars(select(AuditEntry).where(AuditEntry.action == "setup.initialised")).one()
        assert made.actor == "setup"


def test_setup_is_closed_once_any_account_exists(anonymous: Browser, factory: Any) -> None:
    """An operator who made an account first (``kyhop user create``) sets up with ``kyhop init`` instead."""
    from agenda.accounts.users import UserInput, create_user

    with storage.transaction(factory) as db:
        create_user(db, UserInput.parse({"username": "truoc", "display_name": "x", "roles": ["secretary"]}))
    assert anonymous.get("/api/setup").json() == {"needed": False}
    assert anonymous.post("/api/setup", SETUP | {"token": setup_token(SECRET)}).status_code == 409
    assert rows(factory, Council) == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (SETUP | {"extra": 1}, "extra"),
        (SETUP | {"council": SETUP["council"] | {"is_home": False}}, "is_home"),
        (SETUP | {"council": SETUP["council"] | {"time_zone": "Asia/Nowhere"}}, "time_zone"),
        (SETUP | {"term": SETUP["term"] | {"ends_on": "2020-01-01"}}, "ends_on"),
        (SETUP | {"admin": {"username": "quantri"}}, "password"),
    ],
)
def test_setup_refuses_bad_bodies_and_writes_nothing(
    anonymous: Browser, factory: Any, body: dict[str, Any], field: str
) -> None:
    response = anonymous.post(
        "/api/setup", body | ({} if "extra" in body else {"token": setup_token(SECRET)})
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["field"] == field
    assert rows(factory, Council) == 0 and rows(factory, User) == 0


def test_admin_edits_councils_and_terms(visitor: Any, small_council: dict[str, Any]) -> None:
    admin = visitor().login(ADMIN)
    home = small_council["council_id"]
    listed = admin.get("/api/councils").json()["councils"]
    assert listed[0]["id"] == home and listed[0]["is_home"]
    # A commune council under the province, and an abolished district council for the archive.
    commune = admin.post(
        "/api/councils",
        {
            "name": "Hội đồng nhân dân phường Hoa Lư",
            "place_name": "Hoa Lư",
            "level": "commune",
            "parent_id": home,
        },
    )
    assert commune.status_code == 201, commune.text
    assert commune.json()["short_name"] == "HĐND phường Hoa Lư" and commune.json()["terms"] == []
    district = {"name": "Hội đồng nhân dân huyện Gia Viễn", "place_name": "Gia Viễn", "level": "district"}
    assert admin.post("/api/councils", district).json()["error"]["field"] == "abolished_on"
    assert admin.post("/api/councils", district | {"abolished_on": "2025-07-01"}).status_code == 201
    # A commune's parent is a province council.
    under_commune = district | {"abolished_on": "2025-07-01", "parent_id": commune.json()["id"]}
    assert admin.post("/api/councils", under_commune).json()["error"]["field"] == "parent_id"
    # Partial edits: only what is sent changes; an unknown field is refused.
    edited = admin.patch(f"/api/councils/{home}", {"time_zone": "Asia/Bangkok"})
    assert edited.status_code == 200 and edited.json()["time_zone"] == "Asia/Bangkok"
    assert edited.json()["name"] == "Hội đồng nhân dân tỉnh Ninh Bình"
    assert admin.patch(f"/api/councils/{home}", {"is_home": False}).status_code == 400
    assert admin.patch(f"/api/councils/{home}", {"abolished_on": "2026-01-01"}).status_code == 400
    # After the election: the next term, then the old one's seats corrected.
    overlapping = admin.post(f"/api/councils/{home}/terms", {"number": 18, "starts_on": "2030-03-15"})
    assert overlapping.status_code == 409 and overlapping.json()["error"]["field"] == "starts_on"
    new = admin.post(f"/api/councils/{home}/terms", {"number": 18, "starts_on": "2031-03-15", "seats": 55})
    assert new.status_code == 201, new.text
    assert new.json()["label"] == "khóa XVIII, nhiệm kỳ 2031–2036"
    fixed = admin.patch(f"/api/terms/{small_council['term_id']}", {"seats": 6})
    assert fixed.status_code == 200 and fixed.json()["seats"] == 6
    shown = admin.get(f"/api/councils/{home}").json()
    assert [t["number"] for t in shown["terms"]] == [17, 18]
    assert admin.get("/api/councils/999999").status_code == 404


def test_staff_read_only_the_admin_changes(visitor: Any, small_council: dict[str, Any]) -> None:
    home = small_council["council_id"]
    for credentials in (SECRETARY, ARCHIVIST):
        staff = visitor().login(credentials)
        assert staff.get(f"/api/councils/{home}").status_code == 200
        assert staff.patch(f"/api/councils/{home}", {"name": "Khác"}).status_code == 403
        assert (
            staff.post(f"/api/councils/{home}/terms", {"number": 18, "starts_on": "2031-03-15"}).status_code
            == 403
        )
    assert visitor().get("/api/councils").status_code == 401

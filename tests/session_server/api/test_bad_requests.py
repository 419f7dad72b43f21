"""Every bad request is a 4xx in Vietnamese and English, and nothing odd is stored — written as the requests
the fuzzing of the API found (issue 11): integers beyond what a column holds, deeply nested JSON, constraint violations,
JSON sent under another content type, NUL bytes, unknown fields."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import SECRETARY

HUGE = "99999999999999999999"


def assert_clear_4xx(response: Any, status: int | None = None, code: str | None = None) -> dict[str, Any]:
    """A 4xx with a JSON error in both languages (never a plain-text 500)."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    if status is not None:
        assert response.status_code == status, response.text[:300]
    error: dict[str, Any] = response.json()["error"]
    assert error["message_vi"] and error["message_en"]
    assert error["message_vi"] != error["message_en"]
    if code is not None:
        assert error["code"] == code, error
    return error


@pytest.mark.parametrize(
    "path",
    [
        f"/api/sessions/{HUGE}",
        "/api/sessions/2147483648",  # beyond PostgreSQL's INTEGER
        "/api/delegates/1131909419883871",
        f"/api/sessions/-{HUGE}",
        f"/api/documents/{HUGE}",
        f"/api/organizations/{HUGE}",
        f"/api/documents/1/pages/1.png?width={HUGE}",
    ],
)
def test_integers_beyond_64_bits_in_the_address_are_not_found_or_refused(visitor: Any, path: str) -> None:
    response = visitor().login(SECRETARY).get(path)
    assert_clear_4xx(response)
    assert response.status_code in (400, 404)


def test_integers_beyond_64_bits_in_a_body_are_refused_with_the_field(
    visitor: Any, small_council: dict[str, Any]
) -> None:
    secretary = visitor().login(SECRETARY)
    ban = small_council["ban_id"]
    response = secretary.post(f"/api/organizations/{ban}/members", {"person_id": int(HUGE)})
    error = assert_clear_4xx(response, 400)
    assert error["field"] == "person_id"
    response = secretary.post(f"/api/organizations/{ban}/members", {"person_id": str(HUGE)})
    assert_clear_4xx(response, 400)


def test_deeply_nested_json_sent_anonymously_to_sign_in_is_a_400(visitor: Any) -> None:
    anonymous = visitor()
    body = "[" * 100_000
    response = anonymous.client.post(
        "/api/auth/login",
        content=body,
        headers={"x-csrf-token": anonymous.csrf, "content-type": "application/json"},
    )
    assert_clear_4xx(response, 400, "bad_json")


def test_renaming_a_ban_to_a_taken_name_is_a_409_like_creating_it(
    visitor: Any, small_council: dict[str, Any]
) -> None:
    secretary = visitor().login(SECRETARY)
    group = small_council["group_id"]
    response = secretary.patch(f"/api/organizations/{group}", {"name": "Ban Pháp chế"})
    error = assert_clear_4xx(response, 409)
    assert error["field"] == "name"
    assert secretary.get(f"/api/organizations/{group}").json()["name"] == "Tổ đại biểu số 1"


def test_a_membership_ending_before_it_starts_is_a_400(visitor: Any, small_council: dict[str, Any]) -> None:
    secretary = visitor().login(SECRETARY)
    members = secretary.get(f"/api/organizations/{small_council['ban_id']}").json()["members"]
    membership = members[0]["id"]
    response = secretary.patch(
        f"/api/memberships/{membership}", {"started_on": "2026-05-01", "ended_on": "2026-04-01"}
    )
    error = assert_clear_4xx(response, 400)
    assert error["field"] == "ended_on"
    response = secretary.patch(f"/api/memberships/{membership}", {"ended_on": "2020-01-01"})
    assert_clear_4xx(response, 400)


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None],
)
def test_json_under_another_content_type_is_refused(visitor: Any, content_type: str | None) -> None:
    secretary = visitor().login(SECRETARY)
    headers = {"x-csrf-token": secretary.csrf}
    if content_type is not None:
        headers["content-type"] = content_type
    response = secretary.client.post(
        "/api/organizations", content='{"kind": "committee", "name": "Ban Văn hóa"}', headers=headers
    )
    assert_clear_4xx(response, 415, "unsupported_media_type")
    names = [o["name"] for o in secretary.get("/api/organizations").json()["organizations"]]
    assert "Ban Văn hóa" not in names


@pytest.mark.parametrize("name", ["Ban\x00Văn hóa", "Ban Văn hóa\x00", "Ban\x07Văn hóa", "Ban\u202eVăn hóa"])
def test_nul_and_control_characters_are_not_stored_in_names(visitor: Any, name: str) -> None:
    secretary = visitor().login(SECRETARY)
    response = secretary.post("/api/organizations", {"kind": "committee", "name": name})
    assert_clear_4xx(response, 400)
    names = [o["name"] for o in secretary.get("/api/organizations").json()["organizations"]]
    assert not any("Văn" in n for n in names)


def test_nul_in_a_password_or_username_is_refused_not_crashing(visitor: Any) -> None:
    anonymous = visitor()
    response = anonymous.post("/api/auth/login", {"username": "thuky\x00", "password": "x\x00y"})
    assert_clear_4xx(response, 400)


def test_names_are_stored_in_unicode_nfc(visitor: Any) -> None:
    secretary = visitor().login(SECRETARY)
    decomposed = "Ban Va\u0306n ho\u0301a"  # what some keyboards send: base letters and combining marks
    created = secretary.post("/api/organizations", {"kind": "committee", "name": decomposed})
    assert created.status_code == 201, created.text
    assert created.json()["name"] == "Ban Văn hóa"


def test_unknown_fields_are_refused_naming_the_field(visitor: Any, small_council: dict[str, Any]) -> None:
    secretary = visitor().login(SECRETARY)
    response = secretary.post("/api/organizations", {"kind": "committee", "name": "Ban Dân tộc", "nmae": "x"})
    error = assert_clear_4xx(response, 400, "unknown_field")
    assert error["field"] == "nmae"
    assert "nmae" in error["message_vi"] and "nmae" in error["message_en"]
    names = [o["name"] for o in secretary.get("/api/organizations").json()["organizations"]]
    assert "Ban Dân tộc" not in names


def test_a_body_that_is_not_an_object_is_refused(visitor: Any) -> None:
    secretary = visitor().login(SECRETARY)
    for body in ([], "Ban", 5, [{"kind": "committee"}]):
        assert_clear_4xx(secretary.post("/api/organizations", body), 400)


def test_an_unexpected_failure_is_json_in_both_languages(app: Any, monkeypatch: Any) -> None:
    from session_server.api import organizations as api_organizations

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(api_organizations.organizations, "list_organizations", broken)
    from starlette.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/organizations")
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "internal" and error["message_vi"] and error["message_en"]

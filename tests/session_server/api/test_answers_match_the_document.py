"""Every operation of the OpenAPI document, called for real in the course of a session
(``session_calls.py``), answers as the document says: a documented status and media type, and JSON that
fits its schema with no key the schema does not name (``conformance.py``)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from tests.conftest import ADMIN, DELEGATE, SECRETARY
from tests.session_server.api.conformance import Conformance
from tests.session_server.api.session_calls import (
    PDF,
    Hall,
    activity,
    archive,
    council_and_accounts,
    documents_and_reading,
    first_run,
    form,
    imports,
    metrics,
    ok,
    roster,
    signing_in_and_out,
    sitting,
    tracking,
)


@pytest.fixture(autouse=True)
def files_dir(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("KYHOP_FILES_DIR", str(tmp_path / "files"))
    return tmp_path / "files"


def test_every_operation_answers_as_the_document_says(
    app: Any, small_council: dict[str, Any], tmp_path: Any
) -> None:
    with TestClient(app) as client:
        conformance = Conformance(client.get("/openapi.json").json())
    hall = Hall(app, conformance)
    try:
        council_and_accounts(hall, small_council)
        documents_and_reading(hall, small_council["session_id"])
        sitting(hall, small_council)
        archive(hall, small_council)
        metrics(hall, small_council)
        imports(hall, small_council)
        tracking(hall, small_council)
        activity(hall, small_council)
        roster(hall)
        signing_in_and_out(hall)
        first_run(conformance, tmp_path)
    finally:
        hall.close()
    assert not conformance.faults, f"{len(conformance.faults)} answers unlike the document:\n" + "\n".join(
        conformance.faults[:40]
    )
    missed = conformance.operations() - conformance.succeeded
    assert not missed, f"never answered with success — call them in the scenario above: {sorted(missed)}"


def test_a_key_the_document_does_not_name_is_a_fault() -> None:
    document = {
        "paths": {
            "/api/x/{thing_id}": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/X"}}},
                        }
                    }
                }
            }
        },
        "components": {
            "schemas": {"X": {"allOf": [{"type": "object", "properties": {"id": {"type": "integer"}}}]}}
        },
    }
    conformance = Conformance(document)
    request = httpx.Request("GET", "http://test/api/x/1")
    for body, faults in [({"id": 1}, 0), ({"id": 1, "extra": True}, 1), ({"id": "1"}, 1)]:
        conformance.faults.clear()
        conformance.check(httpx.Response(200, json=body, request=request))
        assert len(conformance.faults) == faults, (body, conformance.faults)


def test_an_operation_that_takes_no_body_refuses_a_field(visitor: Any, small_council: dict[str, Any]) -> None:
    secretary = visitor().login(SECRETARY)
    sid = small_council["draft_id"]
    refused = secretary.post(f"/api/sessions/{sid}/publish", {"notify": True})
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "unknown_field"
    assert refused.json()["error"]["field"] == "notify"
    assert secretary.get(f"/api/sessions/{sid}").json()["status"] == "draft"  # nothing was done
    assert secretary.post(f"/api/sessions/{sid}/publish").status_code == 200  # no body at all: as before


def test_clearing_any_field_of_a_partial_update_is_answered_as_documented(
    app: Any, small_council: dict[str, Any]
) -> None:
    """Each PATCH operation, each of its fields sent as null (which clears it, or is refused naming it)."""
    with TestClient(app) as client:
        conformance = Conformance(client.get("/openapi.json").json())
    hall = Hall(app, conformance)
    admin, secretary, delegate = hall.browser(ADMIN), hall.browser(SECRETARY), hall.browser(DELEGATE)
    sid = small_council["session_id"]
    document = ok(form(secretary, f"/api/sessions/{sid}/documents", PDF, "to-trinh.pdf", publish="true"), 201)
    note = ok(
        delegate.post(f"/api/documents/{document['id']}/notes", {"client_id": "ghi-chu-02", "page": 1}), 201
    )
    ids = {
        "mandate_id": small_council["mandate_ids"][3],
        "council_id": small_council["council_id"],
        "term_id": small_council["term_id"],
        "org_id": small_council["ban_id"],
        "membership_id": ok(admin.get(f"/api/organizations/{small_council['ban_id']}"))["members"][0]["id"],
        "official_id": ok(admin.get("/api/officials"))["officials"][0]["id"],
        "session_id": small_council["draft_id"],
        "item_id": ok(admin.get(f"/api/sessions/{small_council['draft_id']}"))["agenda"][0]["id"],
        "user_id": small_council["user_ids"][DELEGATE[0]],
        "document_id": document["id"],
        "note_id": note["id"],
        "resolution_id": ok(
            admin.post(
                "/api/archive/resolutions",
                {
                    "council_id": small_council["council_id"],
                    "title": "Nghị quyết",
                    "adopted_on": "2026-07-15",
                },
            ),
            201,
        )["resolution"]["id"],
    }
    tasks = f"/api/archive/resolutions/{ids['resolution_id']}/tasks"
    ids["task_id"] = ok(admin.post(tasks, {"title": "Nhiệm vụ"}), 201)["id"]
    milestone = {"title": "Mốc", "due": "2026-09-01"}
    made = ok(admin.post(f"/api/archive/tasks/{ids['task_id']}/milestones", milestone), 201)
    ids["milestone_id"] = made["milestones"][0]["id"]
    activity = {
        "kind": "supervision",
        "organiser": "committee",
        "organization_id": small_council["ban_id"],
        "title": "Giám sát",
        "starts_on": "2026-09-14",
        "participants": [small_council["person_ids"][0]],
    }
    ids["activity_id"] = ok(admin.post("/api/activity/activities", activity), 201)["id"]
    raised = {"activity_id": ids["activity_id"], "text": "Kiến nghị", "raised_on": "2026-09-14"}
    ids["recommendation_id"] = ok(admin.post("/api/activity/recommendations", raised), 201)["id"]
    tried = 0
    patches = sorted(path for method, path in conformance.operations() if method == "PATCH")
    for path in patches:
        body = conformance.document["paths"][path]["patch"]["requestBody"]["content"]["application/json"]
        who = delegate if path.startswith("/api/notes/") else admin
        for name in body["schema"]["properties"]:
            response = who.patch(path.format(**ids), {name: None})
            assert response.status_code in (200, 400, 409), (path, name, response.text[:300])
            tried += 1
    hall.close()
    assert tried > 40
    assert not conformance.faults, "\n".join(conformance.faults[:40])

"""The OpenAPI document the server serves: valid OpenAPI 3.1, and precise enough to generate a client from —
every JSON answer with its properties, every path parameter typed as the server reads it, partial updates
that require nothing, files as binary, each live action its own operation with its data's schema."""

from __future__ import annotations

import re
from typing import Any

import pytest
from openapi_spec_validator import validate
from starlette.testclient import TestClient

from agenda.sitting.attachments import ATTACHMENT_TYPES
from session_server.app import create_app, endpoint_docs
from session_server.http.endpoints import is_id
from session_server.http.openapi import openapi_document
from session_server.realtime.actions import ACTIONS
from session_server.settings import Settings

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The document as ``GET /openapi.json`` serves it (no database needed to serve it)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('openapi') / 'kyhop.sqlite'}"
    with TestClient(create_app(Settings(database_url=url, secret_key="test-secret"))) as client:
        response = client.get("/openapi.json")
    assert response.status_code == 200
    served: dict[str, Any] = response.json()
    return served


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op)
        for path, item in document["paths"].items()
        for method, op in item.items()
        if method in METHODS
    ]


def resolved(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = document["components"]["schemas"][name]
    return schema


def is_bare_object(document: dict[str, Any], schema: dict[str, Any]) -> bool:
    """``{"type": "object"}`` saying nothing of what is in it."""
    schema = resolved(document, schema)
    return not ({"properties", "allOf", "anyOf", "oneOf", "additionalProperties"} & set(schema))


def test_the_served_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.1.0"
    validate(document)  # raises, naming the fault, when it is not


def test_every_json_endpoint_declares_its_answer() -> None:
    undeclared = [
        f"{d.method} {d.path}"
        for d in endpoint_docs()
        if d.response == "application/json" and d.returns is None
    ]
    assert not undeclared, "declare returns= on: " + ", ".join(undeclared)


def test_the_check_for_a_declared_answer_catches_an_endpoint_without_one() -> None:
    from session_server.http.endpoints import Api, Call

    api = Api()

    @api.endpoint("GET", "/api/nothing-said", summary="An answer left undeclared", roles=frozenset(), tag="x")
    def nothing_said(call: Call) -> dict[str, Any]:
        return {}

    (doc,) = api.docs
    assert doc.returns is None  # what the test above refuses
    answer = openapi_document([doc])["paths"]["/api/nothing-said"]["get"]["responses"]["200"]
    assert is_bare_object({}, answer["content"]["application/json"]["schema"])


def test_no_json_answer_is_an_object_without_properties(document: dict[str, Any]) -> None:
    bare = []
    for method, path, op in operations(document):
        for status, answer in op["responses"].items():
            schema = answer.get("content", {}).get("application/json", {}).get("schema")
            if schema is not None and is_bare_object(document, schema):
                bare.append(f"{method} {path} {status}")
    assert not bare, bare


def test_refusals_are_the_shared_error_with_its_code_and_both_messages(document: dict[str, Any]) -> None:
    error = document["components"]["schemas"]["Error"]["properties"]["error"]
    assert {"code", "message", "message_vi", "message_en"} <= set(error["required"])
    for method, path, op in operations(document):
        for status in ("4XX", "503"):
            schema = op["responses"][status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}, (method, path, status)


def test_every_path_parameter_is_typed_as_the_server_reads_it(document: dict[str, Any]) -> None:
    for method, path, op in operations(document):
        declared = {p["name"]: p["schema"] for p in op["parameters"] if p["in"] == "path"}
        assert set(declared) == set(re.findall(r"{(\w+)}", path)), (method, path)
        for name, schema in declared.items():
            expected = "integer" if is_id(name) else "string"  # ids: endpoints.path_id; the rest as sent
            assert schema["type"] == expected, (method, path, name, schema)
            if expected == "integer":
                assert schema["minimum"] == 0 and schema["maximum"] == 2**31 - 1


def test_partial_updates_require_no_field(document: dict[str, Any]) -> None:
    patches = [(path, op) for method, path, op in operations(document) if method == "PATCH"]
    assert len(patches) >= 10
    for path, op in patches:
        body = op["requestBody"]["content"]["application/json"]["schema"]
        assert body["required"] == [], path
        assert body["additionalProperties"] is False and body["properties"], path
        for name, schema in body["properties"].items():  # null clears a field
            assert "null" in schema.get("type", []) or {"type": "null"} in schema.get("anyOf", []), (
                path,
                name,
            )


def test_files_are_answered_as_binary_with_their_media_type(document: dict[str, Any]) -> None:
    files = {
        ("GET", "/api/documents/{document_id}/file"): {"application/pdf"},
        ("GET", "/api/sessions/{session_id}/record.pdf"): {"application/pdf"},
        ("GET", "/api/documents/{document_id}/pages/{image}"): {"image/png", "image/webp"},
        ("GET", "/api/questions/{question_id}/attachment"): set(ATTACHMENT_TYPES),
    }
    found = {(m, p): op for m, p, op in operations(document)}
    for key, media in files.items():
        content = found[key]["responses"]["200"]["content"]
        assert set(content) == media, key
        assert all(c["schema"] == {"type": "string", "format": "binary"} for c in content.values())
    assert "304" in found[("GET", "/api/documents/{document_id}/file")]["responses"]


def test_uploads_are_documented_as_multipart_forms(document: dict[str, Any]) -> None:
    upload = document["paths"]["/api/sessions/{session_id}/documents"]["post"]["requestBody"]["content"]
    schema = upload["multipart/form-data"]["schema"]
    assert schema["properties"]["file"] == {"type": "string", "format": "binary"}
    assert "file" in schema["required"]


def test_each_live_action_is_an_operation_with_its_own_data_and_result(document: dict[str, Any]) -> None:
    for name, action in ACTIONS.items():
        op = document["paths"][f"/api/sessions/{{session_id}}/actions/{name}"]["post"]
        body = op["requestBody"]["content"]["application/json"]["schema"]
        assert body == action.data and body["additionalProperties"] is False, name
        answer = op["responses"]["200"]["content"]["application/json"]["schema"]
        assert answer["properties"]["action"]["enum"] == [name]
        assert answer["properties"]["result"] == action.result
        assert sorted(r.value for r in action.roles) == sorted(
            op["description"].removeprefix("Roles: ").rstrip(".").split(", ")
        )
    assert "/api/sessions/{session_id}/actions/{action}" not in document["paths"]


def test_the_shared_shapes_are_named_components(document: dict[str, Any]) -> None:
    names = set(document["components"]["schemas"])
    assert {
        "Council",
        "Term",
        "Delegate",
        "Session",
        "Vote",
        "BallotAck",
        "Snapshot",
        "Document",
        "Error",
    } <= names
    council = document["paths"]["/api/council"]["get"]["responses"]["200"]["content"]["application/json"]
    assert council["schema"]["properties"]["council"] == {"$ref": "#/components/schemas/Council"}


def test_query_parameters_are_declared(document: dict[str, Any]) -> None:
    query = {
        p["name"]
        for p in document["paths"]["/api/documents/{document_id}/pages/{image}"]["get"]["parameters"]
        if p["in"] == "query"
    }
    assert query == {"width", "version"}

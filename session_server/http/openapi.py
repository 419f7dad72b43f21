"""The OpenAPI 3.1 document, generated from the endpoint registry so it cannot drift from the code."""

from __future__ import annotations

import re
from typing import Any

from agenda.models import Role
from session_server.auth import CSRF_HEADER
from session_server.http.endpoints import EndpointDoc

_ERROR = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "message_vi", "message_en"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "message_vi": {"type": "string"},
                "message_en": {"type": "string"},
                "field": {"type": "string"},
            },
        }
    },
}


def _who(roles: frozenset[Role]) -> str:
    if not roles:
        return "Anyone (public visitors see only published, public data)."
    if roles == frozenset(Role):
        return "Any signed-in user."
    return "Roles: " + ", ".join(sorted(r.value for r in roles)) + "."


def openapi_document(docs: list[EndpointDoc]) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for doc in docs:
        params = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}
            for name in re.findall(r"{(\w+)}", doc.path)
        ]
        op: dict[str, Any] = {
            "summary": doc.summary,
            "description": _who(doc.roles),
            "tags": [doc.tag],
            "operationId": f"{doc.method.lower()}_{re.sub(r'[^a-z0-9]+', '_', doc.path.lower()).strip('_')}",
            "parameters": params,
            "responses": {
                "200": {"description": "OK", "content": {doc.response: {"schema": {"type": "object"}}}},
                "4XX": {
                    "description": "Bad input, not signed in, forbidden, not found or conflict",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
            },
        }
        if doc.method != "GET":
            op["parameters"].append(
                {
                    "name": CSRF_HEADER,
                    "in": "header",
                    "required": True,
                    "schema": {"type": "string"},
                    "description": "The csrf_token from GET /api/me",
                }
            )
        if doc.body is not None:
            op["requestBody"] = {"required": True, "content": {"application/json": {"schema": doc.body}}}
        if doc.roles:
            op["security"] = [{"session": []}]
        paths.setdefault(doc.path, {})[doc.method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Kỳ họp số API",
            "version": "0.1.0",
            "description": "HTTP API of Kỳ họp số. Errors carry a Vietnamese and an English message; "
            "send Accept-Language: en or ?lang=en for English in `message`.",
        },
        "paths": paths,
        "components": {
            "schemas": {"Error": _ERROR},
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "kyhop_session"}},
        },
    }

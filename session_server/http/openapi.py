"""The OpenAPI 3.1 document, generated from the endpoint registry so it cannot drift from the code: each
operation's body, answer (``returns=``), query and path parameters as its declaration states them, the
shared shapes in ``#/components/schemas`` (:data:`~session_server.http.schemas.COMPONENTS`)."""

from __future__ import annotations

import re
from typing import Any

from agenda.inputs import INT_MAX
from agenda.models import Role
from session_server.auth import CSRF_HEADER
from session_server.http.endpoints import EndpointDoc, is_id
from session_server.http.schemas import COMPONENTS, FILE, INT, STR, Schema, component, reply

ERROR = component(
    "Error",
    reply(
        error=reply(
            ["field", "retry_after"],
            code={**STR, "description": "What went wrong, for programs: not_found, unknown_field, …"},
            message={**STR, "description": "The message in the caller's language (Vietnamese by default)"},
            message_vi=STR,
            message_en=STR,
            field={**STR, "description": "The field of the body the message is about"},
            retry_after={**INT, "description": "Seconds to wait before trying again (429, 503)"},
        )
    ),
)
_ID: Schema = {"type": "integer", "minimum": 0, "maximum": INT_MAX}
NO_CONTENT = {304}  # statuses answered without a body


def _who(roles: frozenset[Role]) -> str:
    if not roles:
        return "Anyone (public visitors see only published, public data)."
    if roles == frozenset(Role):
        return "Any signed-in user."
    return "Roles: " + ", ".join(sorted(r.value for r in roles)) + "."


def _answer(doc: EndpointDoc, description: str, status: int) -> dict[str, Any]:
    if status in NO_CONTENT:
        return {"description": description}
    if doc.response == "application/json":
        schema = doc.returns if doc.returns is not None else {"type": "object"}
        return {"description": description, "content": {"application/json": {"schema": schema}}}
    media = [doc.response] if isinstance(doc.response, str) else list(doc.response)
    if status == 206:  # several ranges asked for: their parts in one multipart answer
        media.append("multipart/byteranges")
    return {"description": description, "content": {m: {"schema": FILE} for m in media}}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def path_parameters(doc: EndpointDoc) -> list[dict[str, Any]]:
    """An id (``…_id``) is a whole number; any other path parameter a string (of its declared schema)."""
    return [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": _ID if is_id(name) else doc.params.get(name, STR),
        }
        for name in re.findall(r"{(\w+)}", doc.path)
    ]


def operation(doc: EndpointDoc) -> dict[str, Any]:
    params = path_parameters(doc)
    params += [{"name": k, "in": "query", "required": False, "schema": s} for k, s in doc.query.items()]
    if doc.method != "GET":
        params.append(
            {
                "name": CSRF_HEADER,
                "in": "header",
                "required": True,
                "schema": STR,
                "description": "The csrf_token from GET /api/me",
            }
        )
    responses = {str(doc.status): _answer(doc, "OK" if doc.status == 200 else "Created", doc.status)}
    for status, description in doc.also.items():
        responses[str(status)] = _answer(doc, description, status)
    responses["4XX"] = _error("Bad input, not signed in, forbidden, not found, conflict or too many tries")
    responses["503"] = _error("The database is busy or unreachable: nothing was recorded; try again")
    op: dict[str, Any] = {
        "summary": doc.summary,
        "description": _who(doc.roles),
        "tags": [doc.tag],
        "operationId": f"{doc.method.lower()}_{re.sub(r'[^a-z0-9]+', '_', doc.path.lower()).strip('_')}",
        "parameters": params,
        "responses": responses,
    }
    if doc.body is not None:
        media = "multipart/form-data" if doc.form else "application/json"
        op["requestBody"] = {"required": True, "content": {media: {"schema": doc.body}}}
    if doc.roles:
        op["security"] = [{"session": []}]
    return op


def openapi_document(docs: list[EndpointDoc]) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for doc in docs:
        paths.setdefault(doc.path, {})[doc.method.lower()] = operation(doc)
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
            "schemas": dict(sorted(COMPONENTS.items())),
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "kyhop_session"}},
        },
    }

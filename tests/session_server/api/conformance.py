"""Checking real answers against the OpenAPI document the server serves: each answer's status is one its
operation documents, its media type too, and its JSON fits the schema — strictly: a key the schema does
not name is a fault as well (the served schemas leave objects open, for clients to come; here every object
whose properties they list is closed, so that what the server sends and what the document says cannot
drift apart unseen)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import httpx
from jsonschema import Draft202012Validator, FormatChecker

Schema = dict[str, Any]
METHODS = ("get", "post", "put", "patch", "delete")


def strict(document: dict[str, Any], schema: Schema) -> Schema:
    """``schema`` with its references inlined, ``allOf`` merged and every object that lists properties
    closed to others."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        return strict(document, document["components"]["schemas"][name])
    out = dict(schema)
    if "allOf" in out:
        parts = [strict(document, part) for part in out.pop("allOf")]
        out["type"] = "object"
        out["properties"] = {k: v for part in parts for k, v in part.get("properties", {}).items()}
        out["required"] = [k for part in parts for k in part.get("required", [])]
    if "properties" in out:
        out["properties"] = {k: strict(document, v) for k, v in out["properties"].items()}
        out.setdefault("additionalProperties", False)
    elif isinstance(out.get("additionalProperties"), dict):
        out["additionalProperties"] = strict(document, out["additionalProperties"])
    if isinstance(out.get("items"), dict):
        out["items"] = strict(document, out["items"])
    for key in ("anyOf", "oneOf"):
        if key in out:
            out[key] = [strict(document, part) for part in out[key]]
    return out


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"({\w+})", template)
    return re.compile("^" + "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$")


@dataclass
class Conformance:
    """Watches the answers of test clients (an httpx response hook): the faults found, and which operations
    answered with success."""

    document: dict[str, Any]
    faults: list[str] = field(default_factory=list)
    succeeded: set[tuple[str, str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        paths = sorted(self.document["paths"], key=lambda p: p.count("{"))  # a live action's own path first
        self.routes = [(_pattern(p), p) for p in paths]

    def watch(self, client: httpx.Client) -> None:
        client.event_hooks["response"].append(self.check)

    def operation(self, method: str, path: str) -> tuple[str, dict[str, Any]] | None:
        for pattern, template in self.routes:
            op = self.document["paths"][template].get(method.lower())
            if op is not None and pattern.match(path):
                return template, op
        return None

    def check(self, response: httpx.Response) -> None:
        response.read()
        method, path = response.request.method, response.request.url.path
        if not path.startswith(("/api/", "/oparl/")):
            return
        found = self.operation(method, path)
        label = f"{method} {path} → {response.status_code}"
        if found is None:
            self.faults.append(f"{label}: no such operation in the document")
            return
        template, op = found
        status = response.status_code
        answer = op["responses"].get(str(status)) or op["responses"].get(f"{status // 100}XX")
        if answer is None:
            self.faults.append(f"{label}: status not documented ({sorted(op['responses'])})")
            return
        if 200 <= status < 300:
            self.succeeded.add((method, template))
        content = answer.get("content")
        if content is None:
            if response.content:
                self.faults.append(f"{label}: a body where none is documented")
            return
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if media not in content:
            self.faults.append(f"{label}: media type {media!r}, documented {sorted(content)}")
            return
        if media != "application/json":
            return
        schema = strict(self.document, content[media]["schema"])
        validator = Draft202012Validator(schema, format_checker=FormatChecker())
        for error in list(validator.iter_errors(response.json()))[:3]:
            where = "/".join(str(p) for p in error.absolute_path)
            self.faults.append(f"{label}: at {where or 'the top'}: {error.message[:300]}")

    def operations(self) -> set[tuple[str, str]]:
        return {(m.upper(), p) for p, item in self.document["paths"].items() for m in item if m in METHODS}

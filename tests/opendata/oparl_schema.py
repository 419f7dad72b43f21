"""The OParl 1.1 JSON schemas (copied beside the tests from ../shared/schemas/oparl-1.1, unchanged) and ours
for the extension's types; the check every object must pass — embedded objects (a Meeting's agenda items, a
Paper's files and consultations, a Person's memberships) against their own schema too."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA_DIR = Path(__file__).parent / "schema" / "oparl"
OPARL = "https://schema.oparl.org/1.1/"
EXTENSION = "https://kyhop.vn/oparl/ext/1.0/"
URL: dict[str, Any] = {"type": "string", "format": "url"}
STR: dict[str, Any] = {"type": "string"}
INT: dict[str, Any] = {"type": "integer"}


def _ours(required: list[str], **props: Any) -> dict[str, Any]:
    common = {"id": URL, "type": STR, "created": {"type": "string", "format": "date-time"}}
    common |= {"modified": {"type": "string", "format": "date-time"}, "deleted": {"type": "boolean"}}
    return {"type": "object", "required": ["id", "type", *required], "properties": common | props}


PERSON_CHOICE = {
    "type": "object",
    "required": ["person", "option"],
    "properties": {"person": URL, "option": STR},
}
EXTENSION_SCHEMAS = {
    "Resolution": _ours(
        ["paper", "number", "name", "adoptedOn", "force", "relations"],
        paper=URL,
        number=STR,
        name=STR,
        adoptedOn={"type": "string", "format": "date"},
        force={"type": "object", "required": ["date", "status", "label"]},
        relations={
            "type": "array",
            "items": {"type": "object", "required": ["kind", "resolution", "effectiveOn"]},
        },
    ),
    "VoteEvent": _ours(
        ["meeting", "name", "secret", "total", "present"],
        meeting=URL,
        name=STR,
        secret={"type": "boolean"},
        total=INT,
        present=INT,
        votes={"type": "array", "items": PERSON_CHOICE},
    ),
    "Attendance": _ours(
        ["meeting", "date", "counts", "persons"],
        meeting=URL,
        date={"type": "string", "format": "date"},
        counts={"type": "object", "additionalProperties": INT},
        persons={"type": "array", "items": {"type": "object", "required": ["person", "status"]}},
    ),
}

CHECKER = jsonschema.FormatChecker()


@CHECKER.checks("url")
def _url(value: object) -> bool:
    return not isinstance(value, str) or value.startswith(("http://", "https://"))


@functools.cache
def schema(name: str) -> dict[str, Any]:
    if name in EXTENSION_SCHEMAS:
        return EXTENSION_SCHEMAS[name]
    loaded: dict[str, Any] = json.loads((SCHEMA_DIR / f"{name}.json").read_text())
    return loaded


def type_name(data: dict[str, Any]) -> str:
    kind = str(data["type"])
    for prefix in (OPARL, EXTENSION):
        if kind.startswith(prefix):
            return kind[len(prefix) :]
    raise AssertionError(f"unknown type {kind}")


def valid(data: dict[str, Any], expected: str | None = None) -> str:
    """The object's type name; fails when it (or an object it embeds) does not validate."""
    name = type_name(data)
    assert expected is None or name == expected, (name, expected)
    definition = schema(name)
    if data.get("deleted"):
        assert set(data) <= {"created", "modified", "deleted", *definition["required"]}, data
    jsonschema.validate(data, definition, format_checker=CHECKER)
    for key, prop in definition.get("properties", {}).items():
        if key not in data:
            continue
        inner = prop.get("schema") or prop.get("items", {}).get("schema")
        if inner is None or prop.get("references") == "externalList":
            continue
        for embedded in data[key] if prop.get("type") == "array" else [data[key]]:
            valid(embedded, inner.removesuffix(".json"))
    return name

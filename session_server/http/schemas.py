"""JSON Schema fragments for request bodies: what the OpenAPI document says an endpoint takes."""

from __future__ import annotations

from typing import Any

STR: dict[str, Any] = {"type": "string"}
INT: dict[str, Any] = {"type": "integer"}
BOOL: dict[str, Any] = {"type": "boolean"}
DATE: dict[str, Any] = {"type": "string", "format": "date"}
DATETIME: dict[str, Any] = {"type": "string", "format": "date-time"}
FILE: dict[str, Any] = {"type": "string", "format": "binary"}


def obj(required: list[str], **props: Any) -> dict[str, Any]:
    """An object with these properties, of which ``required`` must be given."""
    return {"type": "object", "required": required, "properties": props, "additionalProperties": False}


def enum(values: list[Any]) -> dict[str, Any]:
    return {"enum": values}


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}

"""JSON Schema fragments: what the OpenAPI document says an endpoint takes and answers.

Request bodies are closed objects (:func:`obj`: the server refuses a field they do not name). Answers are
:func:`reply` objects — every property listed is always there unless named ``optional`` — and a shape used
in several answers is a *component* (:func:`component`): it goes into ``#/components/schemas`` under its
name, and where it is used the schema is a ``$ref`` to it. The shapes of the wire's JSON are declared next
to the serialisers that make them (``session_server/wire/``); a ``TypedDict`` becomes a schema with
:func:`typed`.
"""

from __future__ import annotations

import enum as enum_
import types
import typing
from collections.abc import Iterable
from typing import Any, Literal, NotRequired, Required, Union, get_args, get_origin, get_type_hints

from agenda.errors import DomainError

Schema = dict[str, Any]

STR: Schema = {"type": "string"}
INT: Schema = {"type": "integer"}
NUMBER: Schema = {"type": "number"}
BOOL: Schema = {"type": "boolean"}
DATE: Schema = {"type": "string", "format": "date"}
DATETIME: Schema = {"type": "string", "format": "date-time"}
FILE: Schema = {"type": "string", "format": "binary"}
NULL: Schema = {"type": "null"}
OPT_STR: Schema = {"type": ["string", "null"]}
OPT_INT: Schema = {"type": ["integer", "null"]}
OPT_DATE: Schema = {"type": ["string", "null"], "format": "date"}
OPT_DATETIME: Schema = {"type": ["string", "null"], "format": "date-time"}

DELETED: Schema = {"type": "object", "required": ["deleted"], "properties": {"deleted": INT}}  # the id

# Every shape named in ``#/components/schemas``: filled as the wire modules are imported.
COMPONENTS: dict[str, Schema] = {}


def obj(required: list[str], **props: Any) -> Schema:
    """A request body: an object with these properties, of which ``required`` must be given, and no other."""
    return {"type": "object", "required": required, "properties": props, "additionalProperties": False}


def accepted_fields(body: Schema | None) -> frozenset[str] | None:
    """The fields a body schema names (None: it names none, and any is taken)."""
    return frozenset(body["properties"]) if body and "properties" in body else None


def unknown_field(key: str) -> DomainError:
    return DomainError(
        f"Trường “{key}” không có trong dữ liệu mà thao tác này nhận.",
        f"The field “{key}” is not one this operation takes.",
        code="unknown_field",
        field=key,
    )


def check_fields(body: Any, accepted: frozenset[str] | None) -> None:
    """Refuse a field the body's schema does not name (a misspelt name would otherwise be dropped unseen):
    the one check of a body against its schema on the request's path — the parsers of ``agenda`` check
    the rest, with messages naming the field."""
    if accepted is None or not isinstance(body, dict):
        return
    for key in body:
        if key not in accepted:
            raise unknown_field(str(key))


def patch(**props: Any) -> Schema:
    """A partial update: any of these properties, none required, no other — each may be null, to clear it
    (refused, naming the field, for one that cannot be empty: a name)."""
    return obj([], **{key: nullable(schema) for key, schema in props.items()})


def reply(optional: Iterable[str] = (), **props: Any) -> Schema:
    """An answer: an object with these properties, each always present unless named in ``optional``."""
    left_out = set(optional)
    unknown = left_out - set(props)
    if unknown:
        raise ValueError(f"optional names no property: {sorted(unknown)}")
    return {"type": "object", "required": [k for k in props if k not in left_out], "properties": props}


def with_props(base: Schema, optional: Iterable[str] = (), **props: Any) -> Schema:
    """``base`` (a :func:`reply`, or a ``$ref`` to one) with these properties added — as the answer that
    returns a serialiser's object and a few keys more. ``optional`` names those of them not always there."""
    extra = reply(optional, **props)
    return {"allOf": [base, extra]}


def nullable(schema: Schema) -> Schema:
    """``schema`` or null."""
    if "$ref" in schema or "allOf" in schema or "oneOf" in schema or "type" not in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    kind = schema["type"]
    kinds = kind if isinstance(kind, list) else [kind]
    out = {**schema, "type": [*kinds, "null"]}
    if "enum" in out:
        out["enum"] = [*out["enum"], None]
    return out


def enum(values: Iterable[Any]) -> Schema:
    items = list(values)
    kinds = {type(v) for v in items}
    named = {str: "string", int: "integer", bool: "boolean"}
    if len(kinds) == 1 and (kind := named.get(kinds.pop())) is not None:
        return {"type": kind, "enum": items}
    return {"enum": items}


def choices(kind: type[enum_.Enum]) -> Schema:
    """One of an enumeration's values (a role, a status, …)."""
    return enum(m.value for m in kind)


def array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


def mapping(values: Schema) -> Schema:
    """An object whose keys are data (ids, option keys) and whose values are all ``values``."""
    return {"type": "object", "additionalProperties": values}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def component(name: str, schema: Schema) -> Schema:
    """Name ``schema`` in ``#/components/schemas``; returns the ``$ref`` to use it by. One name, one shape."""
    if name in COMPONENTS and COMPONENTS[name] != schema:
        raise ValueError(f"two different schemas are named {name}")
    COMPONENTS[name] = schema
    return ref(name)


_SCALARS: dict[Any, Schema] = {int: INT, str: STR, bool: BOOL, float: NUMBER, type(None): {"type": "null"}}


def typed(cls: type) -> Schema:
    """The answer schema of a ``TypedDict``: its keys (those it requires, required), their types."""
    required: frozenset[str] = getattr(cls, "__required_keys__", frozenset())
    props: dict[str, Schema] = {}
    optional: list[str] = []
    for key, hint in get_type_hints(cls, include_extras=True).items():
        wrapper = get_origin(hint)
        if wrapper in (NotRequired, Required):  # (under postponed annotations, not in __required_keys__)
            hint = get_args(hint)[0]
        if wrapper is NotRequired or (wrapper is not Required and key not in required):
            optional.append(key)
        props[key] = _of_type(hint)
    return reply(optional, **props)


def _of_type(hint: Any) -> Schema:
    if hint in _SCALARS:
        return _SCALARS[hint]
    origin = get_origin(hint)
    args = get_args(hint)
    if origin in (Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        one = _of_type(inner[0]) if len(inner) == 1 else {"anyOf": [_of_type(a) for a in inner]}
        return nullable(one) if len(inner) < len(args) else one
    if origin is list:
        return array(_of_type(args[0]))
    if origin is dict:
        return mapping(_of_type(args[1]))
    if origin is Literal:
        return enum(args)
    if typing.is_typeddict(hint):
        return typed(hint)
    raise TypeError(f"no JSON schema for {hint!r}")

"""The schema fragments endpoints are declared with: a TypedDict read as an answer's schema, answers whose
listed keys are always there unless said otherwise, partial updates, one shape per component name."""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

import pytest

from session_server.http.schemas import COMPONENTS, INT, STR, component, nullable, patch, reply, typed


class Seat(TypedDict):
    label: str
    row: int | None


class Place(TypedDict):
    person_id: int
    seats: list[Seat]
    side: Literal["left", "right"]
    counts: dict[str, int]
    note: NotRequired[str]


def test_a_typed_dict_becomes_the_schema_of_its_keys_and_types() -> None:
    schema = typed(Place)
    assert schema["required"] == ["person_id", "seats", "side", "counts"]  # not `note`: NotRequired
    props = schema["properties"]
    assert props["person_id"] == INT and props["note"] == STR
    assert props["side"] == {"type": "string", "enum": ["left", "right"]}
    assert props["counts"] == {"type": "object", "additionalProperties": INT}
    seat = props["seats"]["items"]
    assert seat["properties"]["row"] == {"type": ["integer", "null"]} and seat["required"] == ["label", "row"]


def test_a_type_without_a_json_schema_is_refused() -> None:
    class Odd(TypedDict):
        when: bytes

    with pytest.raises(TypeError):
        typed(Odd)


def test_an_answer_lists_its_keys_as_required_but_the_optional_ones() -> None:
    schema = reply(["email"], id=INT, email=STR)
    assert schema["required"] == ["id"] and set(schema["properties"]) == {"id", "email"}
    with pytest.raises(ValueError):
        reply(["emial"], id=INT, email=STR)


def test_a_partial_update_requires_nothing_and_takes_nothing_else() -> None:
    schema = patch(name=STR)
    assert schema["required"] == [] and schema["additionalProperties"] is False
    assert schema["properties"]["name"] == {"type": ["string", "null"]}  # null: clear it


def test_null_is_added_to_a_type_or_beside_a_reference() -> None:
    assert nullable({"type": "string", "enum": ["a"]}) == {"type": ["string", "null"], "enum": ["a", None]}
    assert nullable({"$ref": "#/components/schemas/X"}) == {
        "anyOf": [{"$ref": "#/components/schemas/X"}, {"type": "null"}]
    }


def test_one_component_name_names_one_shape() -> None:
    assert component("TestShape", reply(id=INT)) == {"$ref": "#/components/schemas/TestShape"}
    assert component("TestShape", reply(id=INT)) == {
        "$ref": "#/components/schemas/TestShape"
    }  # the same: fine
    with pytest.raises(ValueError):
        component("TestShape", reply(id=STR))
    del COMPONENTS["TestShape"]

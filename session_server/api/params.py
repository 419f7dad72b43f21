"""Query parameters parsed into typed values, with the field named in Vietnamese and English on error."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TypeVar, overload

from agenda import clock
from agenda.inputs import Fields, parse_date
from session_server.http.endpoints import Call
from session_server.http.schemas import DATE, STR, Schema

E = TypeVar("E", bound=enum.Enum)
ON_DATE: Schema = {**DATE, "description": "The day (YYYY-MM-DD or DD/MM/YYYY); today when not given"}
ALL: Schema = {**STR, "enum": ["1"], "description": "Staff: former (and future) holders too"}


def on_date(call: Call, council: clock.Zoned) -> dt.date:
    """``?on=YYYY-MM-DD`` (or ``DD/MM/YYYY``), else the council's today."""
    on = call.request.query_params.get("on")
    return parse_date(on, "on", ("ngày", "date")) if on else clock.today(council)


@overload
def query_int(
    call: Call,
    key: str,
    label: tuple[str, str],
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int: ...


@overload
def query_int(
    call: Call,
    key: str,
    label: tuple[str, str],
    default: None = None,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int | None: ...


def query_int(
    call: Call,
    key: str,
    label: tuple[str, str],
    default: int | None = None,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int | None:
    """``?key=`` as a whole number between ``minimum`` and ``maximum``, else ``default``."""
    raw = call.request.query_params.get(key)
    if raw is None or raw == "":
        return default
    value: int = Fields({key: raw}).integer(key, label, minimum=minimum, maximum=maximum)
    return value


def query_choice(call: Call, key: str, label: tuple[str, str], enum_type: type[E]) -> E | None:
    """``?key=`` as one of ``enum_type``'s values, else None."""
    raw = call.request.query_params.get(key)
    return Fields({key: raw}).choice(key, label, enum_type) if raw else None


def wants_all(call: Call) -> bool:
    """``?all=1`` from staff: former (and future) holders too, not only those in office."""
    return call.is_staff and call.request.query_params.get("all") == "1"

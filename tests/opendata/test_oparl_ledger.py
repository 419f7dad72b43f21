"""The ledger's comparison and the filters' times, without HTTP: a new object is added, another digest is a change,
a missing one a tombstone, one back is revived; times with an offset are read as UTC."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from agenda import db as storage
from agenda.errors import DomainError
from agenda.models import OparlEntry
from agenda.opendata.oparl.ids import Kind
from agenda.opendata.oparl.ledger import digest, sync
from agenda.opendata.oparl.lists import Filters, parse_time

T0 = dt.datetime(2026, 12, 4, 10, 0)


def _obj(key: str, name: str) -> dict[str, Any]:
    return {
        "id": f"http://x/oparl/v1/body/1/agendaItem/{key}",
        "type": Kind.AGENDA_ITEM.type_url,
        "order": 1,
        "name": name,
    }


def _entries(factory: Any) -> dict[str, tuple[bool, dt.datetime, dt.datetime, dict[str, Any]]]:
    with storage.transaction(factory) as db:
        return {
            e.key: (e.deleted, e.created_at, e.modified_at, e.data) for e in db.scalars(select(OparlEntry))
        }


def test_added_changed_deleted_and_revived(factory: Any) -> None:
    times = [T0 + dt.timedelta(minutes=m) for m in range(4)]
    with storage.transaction(factory) as db:
        first = sync(db, 1, Kind.AGENDA_ITEM, {"1": _obj("1", "a"), "2": _obj("2", "b")}, times[0])
    assert (first.added, first.changed, first.deleted) == (2, 0, 0)
    with storage.transaction(factory) as db:
        same = sync(db, 1, Kind.AGENDA_ITEM, {"1": _obj("1", "a"), "2": _obj("2", "b")}, times[1])
        assert same.total == 0
        second = sync(db, 1, Kind.AGENDA_ITEM, {"1": _obj("1", "A")}, times[2])
    assert (second.changed, second.deleted) == (1, 1)
    entries = _entries(factory)
    assert entries["1"][:3] == (False, times[0], times[2]) and entries["1"][3]["name"] == "A"
    assert entries["2"][:3] == (True, times[0], times[2])
    assert entries["2"][3] == {
        "id": _obj("2", "b")["id"],
        "type": Kind.AGENDA_ITEM.type_url,
        "order": 1,
        "deleted": True,
    }
    with storage.transaction(factory) as db:
        back = sync(db, 1, Kind.AGENDA_ITEM, {"2": _obj("2", "b")}, times[3], keys=["2"])
    assert back.changed == 1 and _entries(factory)["2"][:3] == (False, times[0], times[3])
    assert _entries(factory)["1"][0] is False  # a sync of one key leaves the others alone


def test_the_digest_is_of_the_content_not_its_order() -> None:
    assert digest({"a": 1, "b": [1, 2]}) == digest({"b": [1, 2], "a": 1}) != digest({"a": 1, "b": [2, 1]})


def test_times_are_read_as_utc_and_a_page_keeps_its_filters() -> None:
    assert parse_time("modified_since", "2026-12-04T17:00:00+07:00") == T0
    assert parse_time("modified_since", "2026-12-04T10:00:00Z") == T0
    assert parse_time("modified_since", "2026-12-04T10:00:00") == T0
    assert parse_time("modified_since", "2026-12-04T10:00:00.000001Z") == T0 + dt.timedelta(microseconds=1)
    for bad in ("2026-12-04", "yesterday", "2026-12-04T10:00:00+25:00", "2026-02-30T10:00:00Z"):
        with pytest.raises(DomainError) as refused:
            parse_time("modified_since", bad)
        assert refused.value.status == 400
    filters = Filters.parse({"modified_since": "2026-12-04T17:00:00+07:00", "limit": "10", "page": "3"})
    assert filters.query(4) == "modified_since=2026-12-04T10%3A00%3A00.000000Z&limit=10&page=4"

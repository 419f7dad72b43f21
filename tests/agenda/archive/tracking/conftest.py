"""A council with two numbered resolutions, the clock standing at 10:00 on 3 December 2026 in Vietnam."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from agenda import clock
from agenda import db as storage
from agenda.archive import resolutions
from agenda.archive.values import ResolutionInput
from tests.conftest import build_small_council

NOW = dt.datetime(2026, 12, 3, 3, 0)  # UTC: 10:00 in Hà Nội
TODAY = dt.date(2026, 12, 3)


@pytest.fixture
def still() -> Iterator[None]:
    with clock.frozen(NOW):
        yield


def add_resolution(factory: Any, council_id: int, number: str, adopted: dt.date, title: str) -> int:
    with storage.transaction(factory) as db:
        record = resolutions.create_resolution(
            db,
            ResolutionInput.parse(
                {
                    "council_id": council_id,
                    "title": title,
                    "adopted_on": adopted.isoformat(),
                    "normative": "/20" in number,
                    "number": number,
                    "gap_reason": "Số trước cấp trong hệ thống cũ",
                }
            ),
        )
        return record.id


@pytest.fixture
def archive(factory: Any, still: None) -> dict[str, Any]:
    council = build_small_council(factory)
    first = add_resolution(
        factory,
        council["council_id"],
        "05/2026/NQ-HĐND",
        dt.date(2026, 7, 10),
        "Nghị quyết về phát triển giao thông",
    )
    second = add_resolution(
        factory,
        council["council_id"],
        "12/NQ-HĐND",
        dt.date(2026, 8, 1),
        "Nghị quyết về chương trình giám sát",
    )
    return council | {"first": first, "second": second}


@pytest.fixture
def demo_built(factory: Any, still: None) -> tuple[Any, dt.date]:
    """The demo, built on the clock's today."""
    from agenda.demo.build import build_demo

    with storage.transaction(factory) as db:
        build_demo(db, today=TODAY)
    return factory, TODAY

"""The small council (a Ban, a Tổ, five delegates — one whose seat ended on 30/06/2026), the clock standing at
10:00 on 3 December 2026 in Vietnam."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from agenda import clock
from agenda import db as storage
from agenda.activity import activities
from agenda.activity.values import ActivityInput
from agenda.models import Activity, Council
from tests.conftest import build_small_council

NOW = dt.datetime(2026, 12, 3, 3, 0)  # UTC: 10:00 in Hà Nội
TODAY = dt.date(2026, 12, 3)


@pytest.fixture
def still() -> Iterator[None]:
    with clock.frozen(NOW):
        yield


@pytest.fixture
def council(factory: Any, still: None) -> dict[str, Any]:
    return build_small_council(factory)


def supervision(council: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "kind": "supervision",
        "organiser": "committee",
        "organization_id": council["ban_id"],
        "title": "Giám sát việc giải quyết thủ tục hành chính về đất đai",
        "starts_on": "2026-09-14",
        "ends_on": "2026-09-18",
        "completed_on": "2026-09-18",
        "participants": [
            {"person_id": council["person_ids"][0], "role": "lead"},
            council["person_ids"][2],
        ],
    } | extra


def record(db: Any, council: dict[str, Any], data: dict[str, Any]) -> Activity:
    home = db.get(Council, council["council_id"])
    return activities.create_activity(db, home, ActivityInput.parse(data), actor="thuky")


@pytest.fixture
def voter_contact(factory: Any, council: dict[str, Any]) -> int:
    """A Tổ's voter-contact meeting before the year-end session."""
    with storage.transaction(factory) as db:
        return record(
            db,
            council,
            {
                "kind": "voter_contact",
                "organiser": "group",
                "organization_id": council["group_id"],
                "title": "Tiếp xúc cử tri trước kỳ họp thứ 3",
                "place": "Nhà văn hóa phường Đông Thành",
                "starts_on": "2026-11-20",
                "completed_on": "2026-11-20",
                "voters": 120,
                "participants": [council["person_ids"][1], council["person_ids"][3]],
            },
        ).id

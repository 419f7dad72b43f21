"""The extension's VoteEvent and Attendance on a whole session (three days, named and secret votes): the counts,
the result and its legal sentence; who voted how for a named vote, never for a secret one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from agenda import db as storage
from agenda.models import Resolution
from tests.agenda.sitting.minutes_hall import Hall, build
from tests.opendata.oparl_crawler import Crawler
from tests.opendata.oparl_schema import valid
from tests.opendata.test_oparl_api import ENTRY, getter


@pytest.fixture
def hall(factory: Any) -> Hall:
    built = build(factory, delegates=12, motions=2)
    with storage.transaction(factory) as db:  # the adopted resolution published (05/2026/NQ-HĐND)
        for record in db.scalars(select(Resolution)):
            record.published_on = dt.date(2026, 12, 3)
    return built


@pytest.fixture
def client(database_url: str, hall: Hall) -> Iterator[TestClient]:
    from session_server.app import create_app
    from session_server.settings import Settings

    with TestClient(
        create_app(Settings(database_url=database_url, secret_key="test-secret", oparl_refresh_seconds=0))
    ) as client:
        yield client


def test_votes_carry_their_result_and_only_named_ones_who_voted_how(client: TestClient, hall: Hall) -> None:
    objects = Crawler(getter(client), ENTRY).sync().objects.values()
    events = [o for o in objects if valid(o) == "VoteEvent"]
    assert len(events) == 5  # the adopting vote, 2 motions, the secret vote, the confidence rating
    secret = [e for e in events if e["secret"]]
    named = [e for e in events if not e["secret"]]
    assert secret and named
    for event in secret:
        assert "votes" not in event
        assert "person/" not in str(event)  # no delegate named anywhere in a secret vote
    for event in named:
        assert len({v["person"] for v in event["votes"]}) == event["cast"]
        assert all(v["person"].startswith("http://testserver/oparl/v1/body/") for v in event["votes"])
    motion = next(e for e in named if e["kind"] == "motion")
    assert "đại biểu có mặt tán thành" in motion["sentence"] and motion["verdict"] in (
        "Thông qua",
        "Không thông qua",
    )
    assert sum(o["count"] for o in motion["options"]) == motion["cast"]
    days = sorted((o for o in objects if valid(o) == "Attendance"), key=lambda o: o["date"])
    assert [d["date"] for d in days] == ["2026-12-01", "2026-12-02", "2026-12-03"]
    for day in days:
        assert sum(v for k, v in day["counts"].items() if k != "late") == len(day["persons"]) == 12
        assert day["counts"]["present"] >= 9 and day["counts"]["absent"] + day["counts"]["excused"] >= 1
        assert "reason" not in str(day)
    adopted = next(e for e in events if "paper" in e)
    paper = getter(client)(adopted["paper"])
    assert valid(paper) == "Paper" and paper["reference"].endswith("/NQ-HĐND")

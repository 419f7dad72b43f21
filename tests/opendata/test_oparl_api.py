"""OParl 1.1 over HTTP on the demo council: every object of every list validates against the shipped schemas;
lists page by links.next; filters, bad input, tombstones; what is not public never appears."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from agenda import db as storage
from agenda.demo.build import build_demo
from agenda.models import Document, DocumentAccess, Session, SessionStatus
from tests.opendata.oparl_crawler import Crawler
from tests.opendata.oparl_schema import valid

TODAY = dt.date(2026, 12, 3)
ENTRY = "http://testserver/oparl/v1/"


@pytest.fixture
def demo_factory(database_url: str) -> Iterator[Any]:
    engine = storage.make_engine(database_url)
    storage.upgrade(engine)
    factory = storage.session_factory(engine)
    with storage.transaction(factory) as db:
        build_demo(db, today=TODAY)
    yield factory
    engine.dispose()


@pytest.fixture
def client(database_url: str, demo_factory: Any) -> Iterator[TestClient]:
    from session_server.app import create_app
    from session_server.settings import Settings

    with TestClient(
        create_app(Settings(database_url=database_url, secret_key="test-secret", oparl_refresh_seconds=0))
    ) as client:
        yield client


def getter(client: TestClient) -> Any:
    def get(url: str) -> Any:
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.text)
        assert answer.headers["content-type"].startswith("application/json")
        return answer.json()

    return get


def test_every_object_of_the_demo_validates_and_every_type_is_there(client: TestClient) -> None:
    crawl = Crawler(getter(client), ENTRY).sync()
    types = Counter(valid(o) for o in crawl.objects.values())
    for name in (
        "System",
        "Body",
        "LegislativeTerm",
        "Organization",
        "Person",
        "Membership",
        "Meeting",
        "AgendaItem",
        "Paper",
        "Consultation",
        "File",
        "Location",
        "Resolution",
    ):
        assert types[name] > 0, (name, types)
    assert types["Body"] >= 2  # the province and the abolished district council of its archive
    for data in crawl.objects.values():  # each object also at its own address, the same
        if data["type"].endswith(("/File", "/Paper", "/Meeting", "/Resolution")):
            assert getter(client)(data["id"]) == data


def test_lists_page_with_links_and_a_page_past_the_end_is_empty(client: TestClient) -> None:
    get = getter(client)
    first = get("http://testserver/oparl/v1/body/1/membership?limit=10")
    assert first["pagination"]["elementsPerPage"] == 10 and first["pagination"]["currentPage"] == 1
    assert "prev" not in first["links"] and first["links"]["next"].endswith("limit=10&page=2")
    seen, url = [], first["links"]["first"]
    while url:
        page = get(url)
        seen += [o["id"] for o in page["data"]]
        url = page["links"].get("next")
    assert len(seen) == len(set(seen)) == first["pagination"]["totalElements"]
    past = get("http://testserver/oparl/v1/body/1/membership?page=999")
    assert past["data"] == [] and past["pagination"]["currentPage"] == 999


BAD_QUERIES = (
    "modified_since=hom-qua",
    "modified_since=2026-12-04",
    "created_since=2026-13-40T00:00:00Z",
    "modified_until=2026-12-04T25:00:00",
    "page=0",
    "page=-1",
    "page=abc",
    "limit=0",
    "limit=5000",
    "page=²",
    "limit=١٠",
)
UNKNOWN = (
    "/oparl/v1/body/999",
    "/oparl/v1/body/999/paper",
    "/oparl/v1/body/1/paper/r999999",
    "/oparl/v1/body/1/paper/x",
    "/oparl/v1/body/1/meeting/99999999999999999999",
    "/oparl/v1/body/1/person/99999999999999999999",
    "/oparl/v1/body/1/person/²",
    "/oparl/v1/body/1/attendance/99999999999999999999-20261201",
    "/oparl/v1/body/1/paper/r99999999999999999999",
    "/oparl/v1/body/1/organization/t٣",
    "/oparl/v1/body/1/papers",
    "/oparl/v1/body/abc",
    "/oparl/v1/nothing",
)


def test_a_malformed_filter_is_a_400_and_an_unknown_address_a_404(client: TestClient) -> None:
    for query in BAD_QUERIES:
        for page in ("limit=5", "page=2"):
            answer = client.get(f"/oparl/v1/body/1/paper?{page}&{query}")
            assert answer.status_code == 400, (query, answer.text)
            error = answer.json()["error"]
            assert error["message_vi"] and error["message_en"] and error["message_vi"] != error["message_en"]
    for address in UNKNOWN:
        answer = client.get(address)
        assert answer.status_code == 404, (address, answer.text)
        assert answer.json()["error"]["message_en"]


def test_filters_select_by_time_and_the_etag_answers_304(client: TestClient) -> None:
    get = getter(client)
    everything = get("http://testserver/oparl/v1/body/1/paper")
    stamps = sorted(o["modified"] for o in everything["data"])
    later = get(f"http://testserver/oparl/v1/body/1/paper?modified_since={stamps[-1]}&page=2")
    assert later["data"] == []
    none = get("http://testserver/oparl/v1/body/1/paper?page=1&modified_until=2000-01-01T00:00:00%2B07:00")
    assert none["data"] == [] and none["pagination"]["totalElements"] == 0
    created = get(f"http://testserver/oparl/v1/body/1/paper?created_since={stamps[0]}")
    assert created["pagination"]["totalElements"] == everything["pagination"]["totalElements"]
    answer = client.get("/oparl/v1/body/1/paper?page=1")
    again = client.get("/oparl/v1/body/1/paper?page=1", headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304


def _ids(crawl: Any, kind: str) -> set[int]:
    return {int(i.rsplit("/", 1)[1]) for i, o in crawl.objects.items() if o["type"].endswith(f"/{kind}")}


def test_nothing_unpublished_confidential_or_closed_is_shown(client: TestClient, demo_factory: Any) -> None:
    before = Crawler(getter(client), ENTRY).sync()
    with storage.transaction(demo_factory) as db:
        public = list(
            db.scalars(
                select(Document).where(
                    Document.access == DocumentAccess.PUBLIC, Document.published_at.is_not(None)
                )
            )
        )
        assert len(public) >= 2 and {d.id for d in public} <= _ids(before, "File")
        public[0].access = DocumentAccess.CONFIDENTIAL
        public[1].access = DocumentAccess.DELEGATES
        shown = [db.get_one(Session, i) for i in sorted(_ids(before, "Meeting"))]
        others = [s for s in shown if s.id not in {d.session_id for d in public[:2]}] or shown
        assert len(shown) >= 2
        closed, draft = others[0], next(s for s in shown if s.id != others[0].id)
        closed.is_public = False  # a closed sitting (họp kín)
        draft.status = SessionStatus.DRAFT  # withdrawn before it opened
        hidden = {closed.id, draft.id}
        items = [i.id for s in (closed, draft) for i in s.items]
        gone_files = {public[0].id, public[1].id}
    after = Crawler(getter(client), ENTRY).sync()
    assert not _ids(after, "File") & gone_files
    assert not _ids(after, "Meeting") & hidden and _ids(before, "Meeting") - hidden == _ids(after, "Meeting")
    meetings = {f"http://testserver/oparl/v1/body/1/meeting/{i}" for i in hidden}
    everything = " ".join(str(o) for o in after.objects.values())
    for url in meetings:  # nothing of theirs: no agenda item, file, paper, consultation, vote names them
        assert f"'{url}'" not in everything, url
    for item in items:  # nor their drafts (an adopted resolution, public, no longer names its draft)
        assert f"/paper/i{item}'" not in everything and f"/agendaItem/{item}'" not in everything, item
    assert "@" not in everything  # no e-mail address of anyone

"""The crawler written from the spec syncs the whole demo council, then — after changes and deletions — syncs
again with ``modified_since`` and ends with exactly what a fresh full crawl finds, having fetched only what
changed; the tombstones say what went."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from starlette.testclient import TestClient

from agenda import db as storage
from agenda.models import (
    AgendaItem,
    Document,
    DocumentAccess,
    Membership,
    MembershipRole,
    Organization,
    Person,
    Resolution,
    Session,
    SessionStatus,
)
from tests.opendata.oparl_crawler import Crawler
from tests.opendata.oparl_schema import valid
from tests.opendata.test_oparl_api import ENTRY, client, demo_factory, getter

__all__ = ["client", "demo_factory"]  # the fixtures


def _change_and_delete(factory: Any) -> dict[str, str]:
    """A delegate renamed, a document made confidential, an agenda item deleted, a resolution's publication
    withdrawn, a membership added; the keys touched."""
    with storage.transaction(factory) as db:
        person = db.scalars(select(Person).order_by(Person.id)).first()
        assert person is not None
        person.full_name = "Nguyễn Văn Đổi Tên"
        document = db.scalars(
            select(Document).where(
                Document.access == DocumentAccess.PUBLIC, Document.published_at.is_not(None)
            )
        ).first()
        assert document is not None
        document.access = DocumentAccess.CONFIDENTIAL
        item = db.scalars(
            select(AgendaItem)
            .join(Session, Session.id == AgendaItem.session_id)
            .where(Session.status != SessionStatus.DRAFT, Session.is_public.is_(True))
            .order_by(AgendaItem.id.desc())
        ).first()
        assert item is not None
        item_id = item.id
        db.delete(item)
        record = db.scalars(select(Resolution).where(Resolution.published_on.is_not(None))).first()
        assert record is not None
        record.published_on = None
        organization = db.scalars(select(Organization).order_by(Organization.id)).first()
        assert organization is not None
        db.add(
            Membership(
                organization_id=organization.id,
                person_id=person.id,
                role=MembershipRole.MEMBER,
                started_on=organization.term.starts_on,
            )
        )
        return {
            "person": f"/person/{person.id}",
            "file": f"/file/{document.id}",
            "item": f"/agendaItem/{item_id}",
            "paper": f"/paper/r{record.id}",
            "resolution": f"/resolution/{record.id}",
        }


def test_an_incremental_sync_ends_with_exactly_the_servers_objects(
    client: TestClient, demo_factory: Any
) -> None:
    crawler = Crawler(getter(client), ENTRY)
    first = crawler.sync()  # the server's first crawl: the ledger is filled as it goes (all "modified" now)
    again = crawler.sync(first)
    assert again.objects == first.objects and again.fetched == first.fetched
    kept = crawler.sync()  # a client's full sync on a server whose ledger is filled
    full = kept.fetched
    assert full > 200
    touched = _change_and_delete(demo_factory)
    incremental = crawler.sync(kept)
    fresh = Crawler(getter(client), ENTRY).sync()
    assert set(incremental.objects) == set(fresh.objects)
    assert incremental.objects == fresh.objects  # the same content too
    for suffix in ("file", "item", "paper", "resolution"):
        assert not any(i.endswith(touched[suffix]) for i in fresh.objects), suffix
    renamed = next(o for i, o in fresh.objects.items() if i.endswith(touched["person"]))
    assert renamed["name"] == "Nguyễn Văn Đổi Tên"
    # Only what changed came again: the objects changed, those embedding or naming them, and the tombstones.
    assert 5 <= incremental.fetched < full // 4, (incremental.fetched, full)
    for data in fresh.objects.values():
        valid(data)


def test_a_tombstone_is_in_its_list_and_at_its_address(client: TestClient, demo_factory: Any) -> None:
    get = getter(client)
    before = get("http://testserver/oparl/v1/body/1/agendaItem")
    get("http://testserver/oparl/v1/body/1/file")  # (the ledger knows what it has shown)
    touched = _change_and_delete(demo_factory)
    address = "http://testserver/oparl/v1/body/1" + touched["item"]
    after = get("http://testserver/oparl/v1/body/1/agendaItem")
    stone = next(o for o in after["data"] if o["id"] == address)
    assert stone["deleted"] is True and stone["modified"] > stone["created"]
    valid(stone, "AgendaItem")
    assert after["pagination"]["totalElements"] == before["pagination"]["totalElements"]
    assert get(address) == stone
    since = get(f"http://testserver/oparl/v1/body/1/agendaItem?modified_since={stone['modified']}")
    assert [o["id"] for o in since["data"]] == [address]
    file = get("http://testserver/oparl/v1/body/1" + touched["file"])
    assert file["deleted"] is True and "text" not in file


def test_two_first_pages_at_once_both_answer_and_record_each_object_once(
    database_url: str, demo_factory: Any
) -> None:
    import threading

    from sqlalchemy import func

    from agenda.models import OparlEntry
    from agenda.opendata.oparl import service
    from agenda.opendata.oparl.ids import Kind, Urls

    reader = storage.session_factory(storage.make_engine(database_url, read_only=True))
    start = threading.Barrier(2)
    answers: list[int] = []
    failures: list[BaseException] = []

    def first_page() -> None:
        try:
            with reader() as db, db.begin():
                start.wait()
                page = service.list_page(db, demo_factory, Urls("http://x"), 1, Kind.MEMBERSHIP, {})
                answers.append(page["pagination"]["totalElements"])
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=first_page) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    with storage.transaction(demo_factory) as db:
        recorded = db.scalar(
            select(func.count()).select_from(OparlEntry).where(OparlEntry.kind == "membership")
        )
    assert answers == [recorded, recorded] and recorded > 100


def test_first_pages_in_a_burst_rebuild_a_list_once(database_url: str, demo_factory: Any) -> None:
    from session_server.app import create_app
    from session_server.settings import Settings

    settings = Settings(database_url=database_url, secret_key="test-secret", oparl_refresh_seconds=3600)
    with TestClient(create_app(settings)) as burst:
        get = getter(burst)
        people = "http://testserver/oparl/v1/body/1/person"
        before = {o["id"]: o for o in get(people)["data"]}
        touched = _change_and_delete(demo_factory)
        address = "http://testserver/oparl/v1/body/1" + touched["person"]
        assert {o["id"]: o for o in get(people)["data"]} == before  # not rebuilt within the hour
        renamed = get(address)  # an object at its address is compared alone, at once
        assert renamed["name"] == "Nguyễn Văn Đổi Tên" and renamed["modified"] > before[address]["modified"]
        since = get(f"{people}?modified_since={before[address]['modified']}")["data"]
        assert [o["id"] for o in since if o["modified"] > before[address]["modified"]] == [address]

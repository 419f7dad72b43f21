"""A search asked again answers from memory (agenda/archive/search/facet_cache.py): the same page of hits — the
same hits, snippets, marked titles, facets and JSON — without asking the engine, until the archive changes; on
both engines. And the archive's fingerprint, read in one statement, still moves with every change it watched."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from agenda import db as storage
from agenda.archive.links import RelationInput, add_relation, remove_relation
from agenda.archive.relations import RelationKind
from agenda.archive.search import service
from agenda.archive.search.engines import PostgresEngine, SqliteEngine
from agenda.archive.search.status import fingerprint
from agenda.models import Council, Resolution
from session_server.wire.search import result
from tests.agenda.archive.search.test_search import add, archive, ids, run

__all__ = ["archive"]  # (the fixture, used below)


def _no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the engine was asked")

    for engine in (SqliteEngine, PostgresEngine):
        monkeypatch.setattr(engine, "match", refuse)
        monkeypatch.setattr(engine, "best_pages", refuse)


def test_a_search_asked_again_answers_from_memory_the_same(
    factory: Any, archive: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = [
        ("dat dai", {}),
        ("hoa", {"per_page": "1", "page": "2"}),
        ("05/2026", {}),
        ("", {"year": "2026"}),
    ]
    first = [run(factory, q, **params) for q, params in asked]
    with storage.transaction(factory) as db:
        first_json = [result(db, found, public=True) for found in first]
    assert first[0].hits and first[0].hits[0].page is not None  # (a hit with its page and snippet)
    _no_engine(monkeypatch)
    again = [run(factory, q, **params) for q, params in asked]
    assert again == first
    with storage.transaction(factory) as db:
        assert [result(db, found, public=True) for found in again] == first_json
    monkeypatch.undo()
    service.forget()  # computed afresh: the same again
    fresh = [run(factory, q, **params) for q, params in asked]
    assert fresh == first and all(a is not b for a, b in zip(fresh, first, strict=True))
    with storage.transaction(factory) as db:
        assert [result(db, found, public=True) for found in fresh] == first_json


def test_what_is_kept_is_per_page_audience_and_generation(
    factory: Any, archive: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    public = ids(run(factory, "dat dai"))
    assert set(ids(run(factory, "dat dai", public=False))) == {archive["draft"], *public}  # not the public's
    with storage.transaction(factory) as db:
        council = db.get_one(Council, archive["province"])
        made = add(db, council, "09/2026/NQ-HĐND", "Nghị quyết về thuế đất đai", ["Thuế đất đai."]).id
    assert set(ids(run(factory, "dat dai"))) == {made, *public}  # the archive changed: asked afresh
    _no_engine(monkeypatch)
    assert set(ids(run(factory, "dat dai"))) == {made, *public}
    with pytest.raises(AssertionError, match="the engine was asked"):
        run(factory, "dat dai", per_page="1", page="2")  # another page: not kept yet


def test_the_fingerprint_moves_with_each_change_it_watches(factory: Any, archive: dict[str, Any]) -> None:
    def now() -> tuple[object, ...]:
        with factory() as db:
            return fingerprint(db)

    seen = [now()]
    with storage.transaction(factory) as db:
        relation = add_relation(
            db,
            db.get_one(Resolution, archive["commune5"]),
            RelationInput(archive["flower"], RelationKind.REPLACES, dt.date(2026, 9, 1), (), None, None),
        ).id
    seen.append(now())
    with storage.transaction(factory) as db:
        remove_relation(db, relation)
    seen.append(now())
    with storage.transaction(factory) as db:
        council = db.get_one(Council, archive["commune"])
        add(db, council, "08/2026/NQ-HĐND", "Nghị quyết về chợ", ["Chợ."])
    seen.append(now())
    # (each change moves it; the relation taken away again: the archive as it was, and so its fingerprint)
    assert all(a != b for a, b in zip(seen, seen[1:], strict=False)), seen


def test_a_page_of_more_hits_than_kept_is_not_kept(
    factory: Any, archive: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "KEPT_HITS", 1)
    found = run(factory, "", per_page="100", year="2026")
    assert len(found.hits) > 1 and found.key is None
    assert run(factory, "", per_page="100", year="2026") is not found
    assert run(factory, "", per_page="1", year="2026").key is not None

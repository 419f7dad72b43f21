"""The search's JSON names the document and session of a hit on a page of the dossier, so that the hit opens
the reader at that page (``/reader.html?session=&document=&page=``); its facets of councils and terms carry
their names."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from agenda import db as storage
from agenda.archive import resolutions
from agenda.archive.search.request import SearchRequest
from agenda.archive.search.service import search
from agenda.council.terms import term_label
from agenda.models import DocumentVersion, Resolution, Session
from agenda.rules import roman
from session_server.wire.search import result
from tests.agenda.archive.test_records import adopted

__all__ = ["adopted"]  # the fixture: a vote made a record with its dossier


def test_a_hit_on_a_dossier_page_names_its_document_and_session(
    factory: Any, adopted: dict[str, Any]
) -> None:
    with storage.transaction(factory) as db:
        # The close indexed the record's metadata; its dossier's pages come with its number.
        assert search(db, SearchRequest(q="tham tra"), public=False, day=dt.date(2026, 12, 1)).hits == []
        record = db.scalars(select(Resolution)).one()
        resolutions.assign_number(db, record, None, gap_reason=None)
    with storage.transaction(factory) as db:
        found = search(db, SearchRequest(q="tham tra"), public=False, day=dt.date(2026, 12, 1))
        body = result(db, found, public=False)
        page = body["hits"][0]["page"]
        assert page["source"] == "dossier"
        version = db.get(DocumentVersion, page["document_version_id"])
        assert version is not None
        assert (page["document_id"], page["session_id"]) == (version.document_id, adopted["session_id"])
        assert version.document.title.startswith("Báo cáo thẩm tra")


def test_the_facets_of_councils_and_terms_are_labelled_by_name(factory: Any, adopted: dict[str, Any]) -> None:
    with storage.transaction(factory) as db:
        record = db.scalars(select(Resolution)).one()
        resolutions.assign_number(db, record, None, gap_reason=None)
    with storage.transaction(factory) as db:
        record = db.scalars(select(Resolution)).one()
        found = search(db, SearchRequest(q="tham tra"), public=False, day=dt.date(2026, 12, 1))
        facets = result(db, found, public=False)["facets"]
        council = record.council
        term = db.get(Session, record.session_id).term  # type: ignore[union-attr]
        assert facets["council"] == [
            {"value": council.id, "label_vi": council.name, "label_en": council.name, "count": 1}
        ]
        end = term.ends_on.year if term.ends_on else term.starts_on.year + 5
        assert facets["term"] == [
            {
                "value": term.id,
                "label_vi": f"{council.short_name}, {term_label(term)}",
                "label_en": f"{council.short_name}, term {roman(term.number)}, {term.starts_on.year}–{end}",
                "count": 1,
            }
        ]

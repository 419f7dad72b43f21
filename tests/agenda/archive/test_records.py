"""From the vote to the record: a vote that adopts a draft resolution makes its record with the dossier voted
on; the archivist numbers it in its series, relates it to others, and its legal force follows — on SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from agenda import db as storage
from agenda.archive import links, resolutions
from agenda.archive.force import Force
from agenda.archive.links import RelationInput
from agenda.archive.values import ResolutionInput, ResolutionPatch
from agenda.documents import upload
from agenda.errors import DomainError
from agenda.models import (
    AgendaItem,
    AgendaItemKind,
    AuditEntry,
    DocumentType,
    Resolution,
    ResolutionOrigin,
)
from agenda.sitting import votes
from tests.agenda.sitting.test_sitting import act, ballot, build_hall, open_and_check_in, open_motion
from tests.session_server.api.test_documents import sample_pdf


def attach(factory: Any, hall: dict[str, Any], title: str, doc_type: DocumentType) -> int:
    processed = upload.process_upload(upload.Upload("tai-lieu.pdf", "application/pdf", sample_pdf(title)))
    fields = upload.DocumentFields(title=title, doc_type=doc_type, agenda_item_id=hall["item_ids"][1])
    return int(
        act(factory, hall, lambda db, s: upload.add_document(db, s, fields, processed, "t.pdf", None).id)
    )


@pytest.fixture
def adopted(factory: Any) -> dict[str, Any]:
    """A sitting in which the draft resolution on the budget is adopted by 6 of 9."""
    hall = build_hall(factory)
    with storage.transaction(factory) as db:
        db.get(AgendaItem, hall["item_ids"][1]).kind = AgendaItemKind.RESOLUTION
    attach(factory, hall, "Tờ trình về dự toán ngân sách năm 2027", DocumentType.SUBMISSION)
    attach(factory, hall, "Dự thảo Nghị quyết về dự toán ngân sách năm 2027", DocumentType.DRAFT_RESOLUTION)
    attach(factory, hall, "Báo cáo thẩm tra của Ban Kinh tế - Ngân sách", DocumentType.REVIEW_REPORT)
    open_and_check_in(factory, hall, 8)
    vote_id = open_motion(factory, hall)
    for i, person in enumerate(hall["people"][:8]):
        ballot(factory, hall, person, vote_id, "yes" if i < 6 else "no", f"ballot-key-{i:04d}")
    act(factory, hall, votes.close_vote, votes.VoteRef(vote_id), None)
    return hall | {"vote_id": vote_id}


def the_record(factory: Any) -> Resolution:
    with storage.transaction(factory) as db:
        record = db.scalars(select(Resolution)).one()
        db.expunge(record)
        return record


def test_an_adopted_draft_becomes_a_record_with_the_dossier_voted_on(
    factory: Any, adopted: dict[str, Any]
) -> None:
    with storage.transaction(factory) as db:
        record = db.scalars(select(Resolution)).one()
        assert record.origin is ResolutionOrigin.VOTE and record.vote_id == adopted["vote_id"]
        assert record.session_id == adopted["session_id"] and record.number is None
        assert record.title == "Nghị quyết về dự toán ngân sách năm 2027"
        assert [d.doc_type for d in record.documents] == [
            DocumentType.DRAFT_RESOLUTION,
            DocumentType.SUBMISSION,
            DocumentType.REVIEW_REPORT,
        ]
        assert db.scalars(select(AuditEntry.action).where(AuditEntry.action == "resolution.recorded")).all()


def test_a_vote_that_fails_or_is_not_on_a_resolution_item_makes_no_record(factory: Any) -> None:
    hall = build_hall(factory)
    open_and_check_in(factory, hall, 8)
    vote_id = open_motion(factory, hall)  # the item is not marked as a resolution item
    for i, person in enumerate(hall["people"][:8]):
        ballot(factory, hall, person, vote_id, "yes", f"ballot-key-{i:04d}")
    act(factory, hall, votes.close_vote, votes.VoteRef(vote_id), None)
    with storage.transaction(factory) as db:
        db.get(AgendaItem, hall["item_ids"][1]).kind = AgendaItemKind.RESOLUTION
    failed = open_motion(factory, hall)
    ballot(factory, hall, hall["people"][0], failed, "yes", "ballot-key-9999")
    act(factory, hall, votes.close_vote, votes.VoteRef(failed), None)
    with storage.transaction(factory) as db:
        assert db.scalars(select(Resolution)).all() == []


def test_the_archivist_numbers_it_next_in_its_series_and_a_gap_needs_a_reason(
    factory: Any, adopted: dict[str, Any]
) -> None:
    with storage.transaction(factory) as db:
        record = db.scalars(select(Resolution)).one()
        resolutions.update_resolution(db, record, ResolutionPatch.parse({"normative": True}))
        assert record.effective_on == record.adopted_on + dt.timedelta(days=10)
        year = record.year
        assert str(resolutions.proposed_number(db, record)) == f"01/{year}/NQ-HĐND"
        with pytest.raises(DomainError) as caught:
            resolutions.assign_number(db, record, f"03/{year}/NQ-HĐND", gap_reason=None)
        assert caught.value.code == "number_gap"
        resolutions.assign_number(
            db, record, f"3/{year}/NQ-HDND", gap_reason="Số 01, 02 cấp cho nghị quyết phiên trước"
        )
        assert record.number == f"03/{year}/NQ-HĐND"
        with pytest.raises(DomainError):  # numbered: the kind cannot change under its number
            resolutions.update_resolution(db, record, ResolutionPatch.parse({"normative": False}))


def test_a_number_given_twice_is_refused(factory: Any, adopted: dict[str, Any]) -> None:
    with storage.transaction(factory) as db:
        record = db.scalars(select(Resolution)).one()
        resolutions.assign_number(db, record, None, gap_reason=None)
        other = resolutions.create_resolution(
            db,
            ResolutionInput.parse(
                {
                    "council_id": record.council_id,
                    "title": "Nghị quyết khác",
                    "adopted_on": record.adopted_on.isoformat(),
                }
            ),
        )
        with pytest.raises(DomainError) as caught:
            resolutions.assign_number(db, other, record.number, gap_reason=None)
        assert caught.value.status == 409


def test_repealing_article_2_from_a_date_makes_it_partly_out_of_force_from_that_day(
    factory: Any, adopted: dict[str, Any]
) -> None:
    with storage.transaction(factory) as db:
        first = db.scalars(select(Resolution)).one()
        resolutions.assign_number(db, first, None, gap_reason=None)
        second = resolutions.create_resolution(
            db,
            ResolutionInput.parse(
                {
                    "council_id": first.council_id,
                    "title": "Nghị quyết bãi bỏ Điều 2",
                    "adopted_on": (first.adopted_on + dt.timedelta(days=30)).isoformat(),
                    "number": None,
                }
            ),
        )
        resolutions.assign_number(db, second, None, gap_reason=None)
        day = first.adopted_on + dt.timedelta(days=40)
        links.add_relation(
            db,
            second,
            RelationInput.parse(
                {
                    "target_id": first.id,
                    "kind": "repeals",
                    "parts": ["Điều 2"],
                    "effective_on": day.isoformat(),
                }
            ),
        )
        before = links.force_of(db, first, day - dt.timedelta(days=1))
        after = links.force_of(db, first, day + dt.timedelta(days=1))
        assert before.status is Force.IN_FORCE
        assert after.status is Force.PARTLY_ENDED
        assert any(second.number and second.number in (r.act or "") for r in after.why)
        views = links.relations_of(db, first)
        assert [(v.acting, v.other.id) for v in views] == [(False, second.id)]
        with pytest.raises(DomainError) as caught:  # and it cannot go round
            links.add_relation(
                db,
                first,
                RelationInput.parse(
                    {"target_id": second.id, "kind": "replaces", "effective_on": day.isoformat()}
                ),
            )
        assert caught.value.code == "relation_cycle"
        everything = links.forces_of_archive(db, day + dt.timedelta(days=1))
        assert (
            everything[first.id].status is Force.PARTLY_ENDED
            and everything[second.id].status is Force.IN_FORCE
        )
        listed = links.yearly_list(db, first.council_id, day.year)
        assert [e.resolution for e in listed] == [first.id]

"""Activities on SQLite and PostgreSQL: recorded with their participants and term, the organiser matching its
body, no completion in the future, participants in office on the dates, edits checked again, audited."""

from __future__ import annotations

from typing import Any

import pytest

from agenda import db as storage
from agenda.activity import activities
from agenda.activity.activities import ActivityFilter
from agenda.activity.values import ActivityPatch
from agenda.errors import DomainError
from agenda.models import Activity, ActivityKind, AuditEntry, ParticipantRole
from tests.agenda.activity.conftest import record, supervision


def test_a_ban_records_a_supervision(factory: Any, council: dict[str, Any]) -> None:
    with storage.transaction(factory) as db:
        activity = record(db, council, supervision(council))
        assert activity.term_id == council["term_id"]
        assert [(p.person_id, p.role) for p in activity.participants] == [
            (council["person_ids"][0], ParticipantRole.LEAD),
            (council["person_ids"][2], ParticipantRole.MEMBER),
        ]
        actions = [e.action for e in db.query(AuditEntry).order_by(AuditEntry.seq)]
        assert actions[-1] == "activity.created"


@pytest.mark.parametrize(
    ("extra", "field", "code"),
    [
        (
            {"completed_on": "2026-12-04", "ends_on": "2026-12-04", "starts_on": "2026-12-01"},
            "completed_on",
            "completed_in_future",
        ),
        ({"organiser": "group"}, "organization_id", "organiser_mismatch"),
        ({"organiser": "standing"}, "organization_id", "organiser_mismatch"),
        ({"organiser": "delegate"}, "organization_id", "invalid"),
        ({"organiser": "committee", "organization_id": None}, "organization_id", "required"),
        ({"starts_on": "2025-01-10", "ends_on": "2025-01-11", "completed_on": None}, "starts_on", "no_term"),
        ({"ends_on": "2026-09-01"}, "ends_on", "invalid"),
        ({"voters": 30}, "voters", "invalid"),
        ({"cases": 3}, "cases", "invalid"),
    ],
)
def test_bad_activities_are_refused_in_both_languages(
    factory: Any, council: dict[str, Any], extra: dict[str, Any], field: str, code: str
) -> None:
    with storage.transaction(factory) as db:
        with pytest.raises(DomainError) as caught:
            record(db, council, supervision(council, **extra))
        assert (caught.value.field, caught.value.code) == (field, code)
        assert caught.value.vi and caught.value.en and caught.value.vi != caught.value.en
    with storage.transaction(factory) as db:
        assert db.query(Activity).count() == 0


def test_participants_must_be_delegates_in_office_on_its_dates(factory: Any, council: dict[str, Any]) -> None:
    former = council["person_ids"][4]  # seat ended 30/06/2026
    with storage.transaction(factory) as db:
        with pytest.raises(DomainError) as caught:
            record(db, council, supervision(council, participants=[former]))
        assert caught.value.code == "not_in_office"
        assert "Đặng Quốc Đạt" in caught.value.vi
        early = supervision(council, starts_on="2026-06-29", ends_on="2026-07-02", participants=[former])
        assert record(db, council, early).participants[0].person_id == former
        with pytest.raises(DomainError) as caught:
            record(db, council, supervision(council, participants=[council["person_ids"][0]] * 2))
        assert caught.value.code == "duplicate"
        lone = {"organiser": "delegate", "organization_id": None, "lead_person_id": former}
        with pytest.raises(DomainError) as caught:
            record(db, council, supervision(council, **lone))
        assert caught.value.field == "lead_person_id"


def test_an_edit_is_checked_again_and_participants_replaced(factory: Any, council: dict[str, Any]) -> None:
    with storage.transaction(factory) as db:
        activity = record(db, council, supervision(council))
        activities.update_activity(
            db,
            activity,
            ActivityPatch.parse({"participants": [council["person_ids"][3]], "place": "UBND xã"}),
        )
        assert [p.person_id for p in activity.participants] == [council["person_ids"][3]]
        assert activity.place == "UBND xã"
        with pytest.raises(DomainError) as caught:
            activities.update_activity(db, activity, ActivityPatch.parse({"completed_on": "2026-12-25"}))
        assert caught.value.code == "completed_in_future"


def test_codes_are_unique_and_lists_filter(factory: Any, council: dict[str, Any]) -> None:
    with storage.transaction(factory) as db:
        first = record(db, council, supervision(council, external_id="GS-01"))
        with pytest.raises(DomainError) as caught:
            record(db, council, supervision(council, external_id="GS-01"))
        assert caught.value.status == 409
        record(db, council, supervision(council, kind="survey", title="Khảo sát trường học"))
        found = activities.list_activities(
            db, ActivityFilter(council_id=council["council_id"], kind=ActivityKind.SURVEY)
        )
        assert [a.title for a in found] == ["Khảo sát trường học"]
        mine = activities.list_activities(db, ActivityFilter(person_id=council["person_ids"][2], year=2026))
        assert len(mine) == 2
        assert activities.list_activities(db, ActivityFilter(year=2025)) == []
        activities.delete_activity(db, first)
        assert len(activities.list_activities(db, ActivityFilter())) == 1

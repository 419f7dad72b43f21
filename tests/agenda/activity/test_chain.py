"""Recommendations through their chain and petitions against their limits, on SQLite and PostgreSQL; where
each stands is derived from its dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from agenda import db as storage
from agenda.activity import carry, chain, limits, petitions, recommendations
from agenda.activity.chain import Stage
from agenda.activity.followup_values import (
    Answer,
    Feedback,
    Forwarding,
    LimitInput,
    OutcomeInput,
    PetitionForwarding,
    PetitionInput,
    PetitionResolution,
    RecommendationInput,
)
from agenda.council import terms
from agenda.errors import DomainError
from agenda.models import Council, Outcome, PetitionKind, Recommendation, RecommendationKind, Term
from tests.agenda.activity.conftest import TODAY


def raise_one(db: Any, activity_id: int, **extra: Any) -> Recommendation:
    data = {
        "activity_id": activity_id,
        "text": "Sửa đường liên xã bị sạt lở",
        "raised_on": "2026-11-20",
    } | extra
    return recommendations.create_recommendation(db, RecommendationInput.parse(data))


def test_the_chain_answered_is_not_resolved(factory: Any, voter_contact: int) -> None:
    with storage.transaction(factory) as db:
        rec = raise_one(db, voter_contact)
        assert chain.recommendation_stage(rec, TODAY) is Stage.RAISED
        with pytest.raises(DomainError) as caught:
            recommendations.answer(db, rec, Answer(dt.date(2026, 11, 25), "Đã bố trí vốn"))
        assert caught.value.code == "answered_before_forwarded"
        assert rec.answered_on is None
        recommendations.forward(
            db, rec, Forwarding("UBND tỉnh", dt.date(2026, 11, 22), due_on=dt.date(2026, 11, 30))
        )
        assert chain.recommendation_stage(rec, dt.date(2026, 11, 29)) is Stage.FORWARDED
        assert chain.recommendation_stage(rec, TODAY) is Stage.OVERDUE
        assert [r.id for r in recommendations.overdue(db)] == [rec.id]
        recommendations.answer(db, rec, Answer(dt.date(2026, 12, 1), "Đã bố trí vốn năm 2027"))
        assert chain.recommendation_stage(rec, TODAY) is Stage.ANSWERED
        recommendations.set_outcome(db, rec, OutcomeInput(Outcome.UNRESOLVED, dt.date(2026, 12, 2)))
        stage = chain.recommendation_stage(rec, TODAY)
        assert chain.label(stage) == "đã trả lời, chưa giải quyết"
        assert chain.label(stage, "en") == "answered, not resolved"
        assert chain.recommendation_stage(rec, dt.date(2026, 11, 19)) is Stage.NOT_YET
        recommendations.record_feedback(db, rec, Feedback("Cử tri chưa đồng tình", dt.date(2026, 12, 3)))
        recommendations.resupervise(db, rec, dt.date(2026, 12, 3))
        assert recommendations.overdue(db) == []


def test_an_outcome_needs_an_answer(factory: Any, voter_contact: int) -> None:
    with storage.transaction(factory) as db:
        with pytest.raises(DomainError) as caught:
            raise_one(db, voter_contact, outcome="resolved", outcome_on="2026-11-30")
        assert caught.value.code == "outcome_without_answer"
        rec = raise_one(db, voter_contact)
        with pytest.raises(DomainError) as caught:
            recommendations.set_outcome(db, rec, OutcomeInput(Outcome.RESOLVED, dt.date(2026, 11, 30)))
        assert caught.value.code == "outcome_without_answer"
        assert "chưa có trả lời" in caught.value.vi
        assert "without an answer" in caught.value.en


def test_opinions_dates_and_places(factory: Any, council: dict[str, Any], voter_contact: int) -> None:
    with storage.transaction(factory) as db:
        rec = raise_one(db, voter_contact, kind="opinion")
        assert chain.recommendation_stage(rec, TODAY) is Stage.OPINION
        recommendations.classify(db, rec, RecommendationKind.RECOMMENDATION)
        assert chain.recommendation_stage(rec, TODAY) is Stage.RAISED
        with pytest.raises(DomainError) as caught:
            raise_one(db, voter_contact, raised_on="2026-12-05")
        assert caught.value.code == "date_in_future"
        with pytest.raises(DomainError) as caught:
            raise_one(db, voter_contact, raised_on="2026-11-01")
        assert caught.value.field == "raised_on"
        with pytest.raises(DomainError):
            recommendations.create_recommendation(
                db, RecommendationInput.parse({"text": "x", "raised_on": "2026-11-01"})
            )
        loose = recommendations.create_recommendation(
            db,
            RecommendationInput.parse(
                {"term_id": council["term_id"], "text": "Đèn đường", "raised_on": "2026-10-01"}
            ),
        )
        assert loose.council_id == council["council_id"]


def test_carry_over_copies_the_open_ones_once(
    factory: Any, council: dict[str, Any], voter_contact: int
) -> None:
    with storage.transaction(factory) as db:
        term = db.get(Term, council["term_id"])
        open_one = raise_one(db, voter_contact)
        done = raise_one(
            db,
            voter_contact,
            text="Nạo vét kênh",
            forwarded_on="2026-11-21",
            addressee="UBND",
            answered_on="2026-11-25",
            outcome="resolved",
        )
        with pytest.raises(DomainError) as caught:
            carry.carry_over(db, term)
        assert caught.value.code == "term_not_finished"
        term.ends_on = dt.date(2026, 11, 30)
        with pytest.raises(DomainError) as caught:
            carry.carry_over(db, term)
        assert caught.value.code == "no_next_term"
        home = db.get(Council, council["council_id"])
        new_term = terms.create_term(db, home, terms.TermInput(18, dt.date(2026, 12, 1), None))
        result = carry.carry_over(db, term)
        assert [old for old, _ in result.carried] == [open_one.id]
        copy = db.get(Recommendation, result.carried[0][1])
        assert (copy.term_id, copy.carried_from_id, copy.raised_on) == (
            new_term.id,
            open_one.id,
            new_term.starts_on,
        )
        assert open_one.carried_on == new_term.starts_on and done.carried_on is None
        assert chain.recommendation_stage(open_one, TODAY) is Stage.CARRIED
        assert carry.carry_over(db, term).carried == []


def test_petitions_against_the_limits(factory: Any, council: dict[str, Any]) -> None:
    with storage.transaction(factory) as db:
        home = db.get(Council, council["council_id"])
        data = {
            "kind": "complaint",
            "sender": "Ông Nguyễn Văn Hải",
            "subject": "Bồi thường đất",
            "received_on": "2026-11-02",
        }
        late = petitions.receive(db, home, PetitionInput.parse(data))
        assert limits.processing_due(dt.date(2026, 11, 2)) == dt.date(2026, 11, 16)
        assert chain.petition_stage(late, TODAY) is Stage.PROCESSING_LATE
        fresh = petitions.receive(
            db, home, PetitionInput.parse(data | {"received_on": "2026-12-01", "kind": "denunciation"})
        )
        assert chain.petition_stage(fresh, TODAY) is Stage.RECEIVED
        petitions.forward(db, late, PetitionForwarding("Sở Tài nguyên và Môi trường", dt.date(2026, 11, 3)))
        assert late.due_on == dt.date(2026, 12, 3)  # 30 days (Luật Khiếu nại 2011, Điều 28)
        assert chain.petition_stage(late, TODAY) is Stage.FORWARDED
        petitions.forward(
            db,
            late,
            PetitionForwarding("Sở Tài nguyên và Môi trường", dt.date(2026, 10, 1))
            if False
            else PetitionForwarding("Sở TN&MT", dt.date(2026, 11, 3), complex_case=True),
        )
        assert late.due_on == dt.date(2026, 12, 18)  # 45 days for a complex case
        limits.set_limit(db, home, LimitInput(PetitionKind.DENUNCIATION, 20, "Quy chế HĐND"))
        petitions.forward(db, fresh, PetitionForwarding("Thanh tra tỉnh", dt.date(2026, 12, 2)))
        assert fresh.due_on == dt.date(2026, 12, 22)
        assert petitions.overdue(db) == []
        with pytest.raises(DomainError) as caught:
            petitions.resolve(db, fresh, PetitionResolution(dt.date(2026, 12, 1), Outcome.RESOLVED))
        assert caught.value.code == "dates_order"
        petitions.resolve(
            db, fresh, PetitionResolution(dt.date(2026, 12, 3), Outcome.PARTLY, "Kết luận một phần")
        )
        assert chain.petition_stage(fresh, TODAY) is Stage.PARTLY
        old = petitions.receive(db, home, PetitionInput.parse(data | {"received_on": "2026-09-01"}))
        petitions.forward(db, old, PetitionForwarding("UBND huyện", dt.date(2026, 9, 2)))
        assert [p.id for p, _ in petitions.overdue(db)] == [old.id]
        with pytest.raises(DomainError) as caught:
            petitions.receive(db, home, PetitionInput.parse(data | {"received_on": "2026-12-04"}))
        assert caught.value.code == "date_in_future"


def test_an_activity_deleted_takes_its_recommendations_and_frees_its_petitions(
    factory: Any, council: dict[str, Any], voter_contact: int
) -> None:
    from agenda.activity import activities
    from agenda.models import Activity, Petition

    with storage.transaction(factory) as db:
        raise_one(db, voter_contact)
        rec = raise_one(db, voter_contact, text="Đèn đường")
        with pytest.raises(DomainError) as caught:
            recommendations.update_recommendation(
                db, rec, recommendations.RecommendationPatch.parse({"raised_on": "2026-11-01"})
            )
        assert caught.value.field == "raised_on"
        home = db.get(Council, council["council_id"])
        reception = activities.create_activity(
            db,
            home,
            activities.ActivityInput.parse(
                {
                    "kind": "citizen_reception",
                    "organiser": "council",
                    "title": "Tiếp công dân tháng 11",
                    "starts_on": "2026-11-11",
                    "completed_on": "2026-11-11",
                    "citizens": 6,
                    "cases": 2,
                    "participants": [{"person_id": council["person_ids"][0], "role": "on_duty"}],
                }
            ),
        )
        data = {"kind": "reflection", "sender": "Bà Hoa", "subject": "Tiếng ồn", "received_on": "2026-11-11"}
        petition = petitions.receive(db, home, PetitionInput.parse(data | {"activity_id": reception.id}))
        with pytest.raises(DomainError):
            petitions.receive(db, home, PetitionInput.parse(data | {"activity_id": voter_contact}))
        activities.delete_activity(db, db.get(Activity, voter_contact))
        activities.delete_activity(db, reception)
    with storage.transaction(factory) as db:
        assert db.query(Recommendation).count() == 0
        assert db.get(Petition, petition.id).activity_id is None

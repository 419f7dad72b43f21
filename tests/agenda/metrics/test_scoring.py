"""Criteria in versions and the scores they give: the formula, targets per session, the ranking, a version in
use never edited, last year's scores reproduced with last year's criteria."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.errors import DomainError
from agenda.metrics import criteria, scoring
from agenda.metrics.period import year_period
from agenda.models import Activity, ActivityKind, Council, Organiser, UnitType
from tests.agenda.metrics.builder import TERM_START, TODAY, ActivitySpec, Span, World, build

EMPTY = World([[] for _ in range(5)], [], [], [], [], [], {}, [], [], [], [])


def _version(valid_from: dt.date, weight: int = 30, survey_weight: int = 10) -> criteria.VersionInput:
    return criteria.VersionInput.parse(
        {
            "valid_from": valid_from.isoformat(),
            "title": "Tiêu chí thi đua",
            "criteria": [
                {"unit_type": "committee", "measure": "supervisions", "target": 2, "weight": weight},
                {"unit_type": "committee", "measure": "surveys", "target": 1, "weight": survey_weight},
                {
                    "unit_type": "group",
                    "measure": "voter_contacts",
                    "target": 1,
                    "per": "session",
                    "weight": 50,
                },
            ],
        }
    )


def _activity(db: DbSession, ids: dict[str, list[int]], unit: int, kind: ActivityKind, on: dt.date) -> None:
    db.add(
        Activity(
            council_id=ids["council"][0],
            term_id=ids["term"][0],
            kind=kind,
            organiser=Organiser.COMMITTEE,
            organization_id=ids["units"][unit],
            title=f"{kind} {on}",
            starts_on=on,
            ends_on=on,
            completed_on=on,
        )
    )
    db.flush()


def test_the_score_is_the_weighted_share_of_each_target_met(factory: sessionmaker[DbSession]) -> None:
    with factory() as db:
        ids = build(db, EMPTY)
        council = db.get(Council, ids["council"][0])
        assert council is not None
        criteria.create_version(db, council, _version(dt.date(2025, 1, 1)), TODAY, "test")
        _activity(db, ids, 1, ActivityKind.SUPERVISION, dt.date(2026, 3, 1))  # Ban (unit 1): 1 of 2
        _activity(db, ids, 2, ActivityKind.VOTER_CONTACT, dt.date(2026, 6, 1))  # Tổ (unit 2): 1 of 2 sessions
        _activity(db, ids, 3, ActivityKind.VOTER_CONTACT, dt.date(2026, 6, 1))
        _activity(db, ids, 3, ActivityKind.VOTER_CONTACT, dt.date(2026, 11, 1))
        _activity(db, ids, 3, ActivityKind.VOTER_CONTACT, dt.date(2026, 11, 2))  # Tổ (unit 3): 3 of 2
        result = scoring.score(db, council, year_period(council.id, 2026, TODAY))
        by = {(s.unit_type, s.key): s for s in result.scores}
        ban = by[(UnitType.COMMITTEE, ids["units"][1])]
        assert (ban.points, ban.maximum, ban.rank) == (15.0, 40, 1)
        assert [(p.measure, p.count, p.target, p.points) for p in ban.parts] == [
            ("supervisions", 1, 2, 15.0),
            ("surveys", 0, 1, 0.0),
        ]
        first, second = by[(UnitType.GROUP, ids["units"][3])], by[(UnitType.GROUP, ids["units"][2])]
        assert (first.points, first.rank, second.points, second.rank) == (50.0, 1, 25.0, 2)
        db.rollback()


def test_a_version_in_use_is_never_edited_and_last_years_scores_stay(
    factory: sessionmaker[DbSession],
) -> None:
    with factory() as db:
        ids = build(db, EMPTY)
        council = db.get(Council, ids["council"][0])
        assert council is not None
        old = criteria.create_version(db, council, _version(dt.date(2025, 1, 1)), TODAY, "test")
        _activity(db, ids, 1, ActivityKind.SUPERVISION, dt.date(2025, 3, 1))
        _activity(db, ids, 1, ActivityKind.SURVEY, dt.date(2026, 3, 1))
        last_year = year_period(council.id, 2025, TODAY)
        before = scoring.score(db, council, last_year).scores
        with pytest.raises(DomainError) as refused:
            criteria.create_version(db, council, _version(dt.date(2026, 1, 1), weight=90), TODAY, "test")
        assert refused.value.field == "valid_from"
        new = criteria.change_version(
            db, council, old, _version(TODAY + dt.timedelta(days=1), 90, 5), TODAY, "t"
        )
        assert new.id != old.id and [c.weight for c in old.criteria] == [30, 10, 50]
        assert scoring.score(db, council, last_year).scores == before
        this_year = scoring.score(db, council, year_period(council.id, 2026, TODAY))
        assert this_year.version is not None and this_year.version.id == new.id
        with pytest.raises(DomainError):
            criteria.delete_version(db, old, TODAY, "test")
        edited = criteria.change_version(
            db, council, new, _version(TODAY + dt.timedelta(days=2), 80), TODAY, "t"
        )
        assert edited.id == new.id and edited.criteria[0].weight == 80
        copy = criteria.copy_version(db, council, edited, dt.date(2027, 1, 1), TODAY, "t")
        assert [c.weight for c in copy.criteria] == [80, 10, 50]
        db.rollback()


def test_an_unknown_measure_or_a_repeated_criterion_is_refused() -> None:
    with pytest.raises(DomainError) as unknown:
        criteria.CriterionInput.parse({"unit_type": "group", "measure": "golf", "target": 1, "weight": 1})
    assert unknown.value.status == 404 and "golf" in unknown.value.vi
    twice = {"unit_type": "group", "measure": "surveys", "target": 1, "weight": 1}
    with pytest.raises(DomainError):
        criteria.VersionInput.parse({"valid_from": "2026-01-01", "title": "x", "criteria": [twice, twice]})
    with pytest.raises(DomainError):
        criteria.CriterionInput.parse({"unit_type": "group", "measure": "surveys", "target": 0, "weight": 1})


def test_equal_scores_share_a_rank() -> None:
    def s(key: int, points: float, standing: str = "delegate") -> scoring.Score:
        return scoring.Score(UnitType.DELEGATE, key, f"n{key}", standing, points, 10, (), None)

    ranked = scoring.rank([s(1, 5), s(2, 9), s(3, 5), s(4, 10, "standing")])
    assert [(x.key, x.rank) for x in ranked] == [(2, 1), (1, 2), (3, 2), (4, None)]


def test_a_by_election_delegates_target_is_pro_rated_to_days_in_office(
    factory: sessionmaker[DbSession],
) -> None:
    full, late = Span(TERM_START, None), Span(dt.date(2026, 7, 2), None)
    meeting = dt.date(2026, 9, 1)
    acts = [ActivitySpec(ActivityKind.VOTER_CONTACT, None, meeting, {p}, None, 10, None) for p in (0, 1)]
    world = World([[full], [late], [], [], []], [], [], acts, [], [], {}, [], [], [], [])
    with factory() as db:
        ids = build(db, world)
        council = db.get(Council, ids["council"][0])
        assert council is not None
        data = criteria.VersionInput.parse(
            {
                "valid_from": "2026-01-01",
                "title": "Đại biểu",
                "criteria": [
                    {"unit_type": "delegate", "measure": "voter_contacts", "target": 2, "weight": 10}
                ],
            }
        )
        criteria.create_version(db, council, data, TODAY, "test")
        result = scoring.score(db, council, year_period(council.id, 2026, TODAY))
        by = {s.key: s for s in result.scores}
        first, second = by[ids["people"][0]], by[ids["people"][1]]
        assert (first.points, first.rank) == (5.0, 2)  # 1 of 2 over the whole year
        assert (second.points, second.rank) == (10.0, 1)  # 1 of 2 × 156/338 days: met
        assert second.parts[0].target == round(2 * 156 / 338, 4)
        db.rollback()

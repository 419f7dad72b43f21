"""Every figure equals a naive count over the raw rows: random worlds of records (hypothesis), each measure at
each level (delegate, unit, council) for a year and for the term, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.metrics import drill, figures
from agenda.metrics.measures import MEASURES, Level, values
from agenda.metrics.period import Period, days_in_office, term_period, year_period
from tests.agenda.metrics import naive
from tests.agenda.metrics.builder import TODAY, World, build, worlds

EXAMPLES = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _check(db: DbSession, w: World, ids: dict[str, list[int]], p: Period) -> None:
    people, units = ids["people"], ids["units"]
    for m in MEASURES:
        recs = naive.records(w, m.name, p.start, p.end)
        expect = {
            Level.DELEGATE: {people[k]: v for k, v in naive.grouped(recs, "delegate").items()},
            Level.UNIT: {units[k]: v for k, v in naive.grouped(recs, "unit").items()},
            Level.COUNCIL: {0: naive.grouped(recs, "council").get(0, 0)},
        }
        for level, wanted in expect.items():
            got = values(db, m, p, level)
            got = {k: v for k, v in got.items() if v or level is Level.COUNCIL}
            wanted = {k: v for k, v in wanted.items() if v or level is Level.COUNCIL}
            assert got == wanted, (m.name, level, got, wanted)
        council_evidence = drill.evidence(db, p, m.name, Level.COUNCIL)
        assert sum(e.amount for e in council_evidence) == expect[Level.COUNCIL][0], m.name
    wanted_days = {people[k]: d for k, d in naive.days_in_office(w, p.start, p.end).items()}
    assert days_in_office(db, p) == wanted_days


@EXAMPLES
@given(w=worlds())
def test_every_figure_equals_a_naive_count_of_the_raw_rows(
    factory: sessionmaker[DbSession], w: World
) -> None:
    with factory() as db:
        try:
            ids = build(db, w)
            council = ids["council"][0]
            _check(db, w, ids, year_period(council, 2026, TODAY))
            _check(db, w, ids, year_period(council, 2025, TODAY))
            _check(db, w, ids, term_period(db, council, ids["term"][0], TODAY))
        finally:
            db.rollback()


@EXAMPLES
@given(w=worlds())
def test_a_delegates_line_holds_their_own_counts_and_days(factory: sessionmaker[DbSession], w: World) -> None:
    with factory() as db:
        try:
            ids = build(db, w)
            p = year_period(ids["council"][0], 2026, TODAY)
            table = figures.delegate_table(db, p)
            days = naive.days_in_office(w, p.start, p.end)
            assert {line.key for line in table.lines} == {ids["people"][k] for k in days}
            for line in table.lines:
                index = ids["people"].index(line.key)
                for m in MEASURES:
                    recs = naive.records(w, m.name, p.start, p.end)
                    assert line.values[m.name] == naive.grouped(recs, "delegate").get(index, 0)
                    shown = drill.evidence(db, p, m.name, Level.DELEGATE, line.key)
                    assert sum(e.amount for e in shown) == line.values[m.name]
                assert line.days_in_office == days[index]
        finally:
            db.rollback()


@EXAMPLES
@given(w=worlds())
def test_the_unit_and_council_tables_count_each_family_in_one_pass_as_the_naive_rows(
    factory: sessionmaker[DbSession], w: World
) -> None:
    """The tables ask for every measure at once (a family's measures in one statement): the same numbers as
    a naive count, and as each measure asked alone."""
    with factory() as db:
        try:
            ids = build(db, w)
            council = ids["council"][0]
            for p in (year_period(council, 2026, TODAY), term_period(db, council, ids["term"][0], TODAY)):
                units = figures.unit_table(db, p)
                whole = figures.council_table(db, p, "HĐND")
                for m in MEASURES:
                    recs = naive.records(w, m.name, p.start, p.end)
                    per_unit = {ids["units"][k]: v for k, v in naive.grouped(recs, "unit").items()}
                    for line in units.lines:
                        assert line.values[m.name] == per_unit.get(line.key, 0), (m.name, line.key)
                        assert line.values[m.name] == values(db, m, p, Level.UNIT).get(line.key, 0)
                    assert whole.lines[0].values[m.name] == naive.grouped(recs, "council").get(0, 0), m.name
        finally:
            db.rollback()


def test_a_by_election_delegate_is_compared_per_365_days_in_office() -> None:
    line = figures.Line(1, "X", "delegate", 73, {"supervisions": 2})
    assert line.rate("supervisions") == 10.0
    assert figures.Line(1, "X", "delegate", 0, {}).rate("supervisions") is None
    assert dt.date(2026, 12, 4) == TODAY

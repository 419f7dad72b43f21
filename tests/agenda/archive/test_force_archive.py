"""The force of a whole archive at once (``links.forces_of_archive``, ``links.yearly_list``) is the force of each
resolution computed on its own (``links.force_of``), on a random archive — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import gc
import random
from typing import Any

from agenda import db as storage
from agenda.archive import links
from agenda.archive.force import Force, ended_or_suspended_in
from agenda.archive.relations import RelationKind
from agenda.collector import collector_paused
from agenda.models import Council, CouncilLevel, Resolution, ResolutionOrigin, ResolutionRelation

D = dt.date
DAYS = [D(2019, 6, 30), D(2021, 1, 1), D(2022, 7, 15), D(2024, 12, 31)]


def random_archive(factory: Any, rng: random.Random, resolutions: int, relations: int) -> list[int]:
    """Two councils' resolutions, some without a number or an effective date, some for a term; relations of
    every kind between them, some of named parts, suspensions that end, several acts on the same day."""
    with storage.transaction(factory) as db:
        councils = [
            Council(
                name=f"HĐND tỉnh {i}", short_name=f"T{i}", place_name=f"Tỉnh {i}", level=CouncilLevel.PROVINCE
            )
            for i in range(2)
        ]
        db.add_all(councils)
        db.flush()
        records = []
        for n in range(resolutions):
            adopted = D(2018, 1, 1) + dt.timedelta(days=rng.randrange(6 * 365))
            numbered = rng.random() < 0.8
            records.append(
                Resolution(
                    council_id=councils[n % 2].id,
                    origin=ResolutionOrigin.IMPORT,
                    year=adopted.year,
                    normative=False,
                    special_procedure=False,
                    serial=n + 1 if numbered else None,
                    number=f"{n + 1:02d}/NQ-HĐND" if numbered else None,
                    title=f"Nghị quyết về việc thứ {n} " + "rất dài " * rng.randrange(15),
                    adopted_on=adopted,
                    effective_on=adopted + dt.timedelta(days=rng.choice([0, 10, 45]))
                    if rng.random() < 0.7
                    else None,
                    expires_on=adopted + dt.timedelta(days=rng.randrange(300, 2000))
                    if rng.random() < 0.15
                    else None,
                )
            )
        db.add_all(records)
        db.flush()
        seen: set[tuple[int, int, str, str]] = set()
        rows = []
        while len(rows) < relations:
            source, target = rng.sample(records, 2)
            kind = rng.choice(list(RelationKind))
            parts = (
                [f"Điều {rng.randrange(1, 4)}"]
                if kind is not RelationKind.REPLACES and rng.random() < 0.4
                else []
            )
            if (source.id, target.id, kind, "|".join(parts)) in seen:
                continue
            seen.add((source.id, target.id, kind, "|".join(parts)))
            effective = max(source.adopted_on, target.adopted_on) + dt.timedelta(
                days=rng.choice([0, 0, 30, 400])
            )
            until = (
                effective + dt.timedelta(days=rng.randrange(1, 500))
                if kind is RelationKind.SUSPENDS
                else None
            )
            rows.append(
                ResolutionRelation(
                    source_id=source.id,
                    target_id=target.id,
                    kind=kind,
                    effective_on=effective,
                    parts=parts,
                    parts_key="|".join(parts),
                    until_on=until if rng.random() < 0.6 else None,
                )
            )
        db.add_all(rows)
        return [c.id for c in councils]


def test_the_force_of_a_whole_archive_is_each_resolutions_own_on_any_date(factory: Any) -> None:
    rng = random.Random(13)
    councils = random_archive(factory, rng, resolutions=240, relations=320)
    with factory() as db:
        records = list(db.query(Resolution).order_by(Resolution.id))
        seen: set[Force] = set()
        for day in DAYS:
            everything = links.forces_of_archive(db, day)
            one_council = links.forces_of_archive(db, day, council_id=councils[1])
            assert sorted(everything) == [r.id for r in records]
            assert sorted(one_council) == [r.id for r in records if r.council_id == councils[1]]
            for record in records:
                alone = links.force_of(db, record, day)
                assert everything[record.id] == alone, (record.id, day)
                if record.council_id == councils[1]:
                    assert one_council[record.id] == alone
                seen.add(alone.status)
        assert seen == set(Force)  # the random archive has every status on one of the days


def test_the_yearly_list_is_made_of_each_resolutions_own_force_at_the_end_of_the_year(factory: Any) -> None:
    rng = random.Random(2026)
    councils = random_archive(factory, rng, resolutions=120, relations=160)
    with factory() as db:
        # The reference: every relation and every name read through the ORM, one council's own dates.
        records = {r.id: links.own_dates(r) for r in db.query(Resolution) if r.council_id == councils[0]}
        relations = [
            links.as_relation(r) for r in db.query(ResolutionRelation).order_by(ResolutionRelation.id)
        ]
        names = {r.id: links.name_of(r) for r in db.query(Resolution)}
        for year in (2020, 2022):
            listed = links.yearly_list(db, councils[0], year)
            assert listed, year
            assert listed == ended_or_suspended_in(year, records, relations, names)


def test_the_collector_is_paused_while_an_archive_is_computed_and_left_as_it_was() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # another thread in at the same time
            assert not gc.isenabled()
        assert not gc.isenabled()  # still paused: the first one is not out yet
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable()

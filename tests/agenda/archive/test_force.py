from __future__ import annotations

import datetime as dt

from agenda.archive.force import (
    Force,
    Incoming,
    OwnDates,
    ended_or_suspended_in,
    force_on,
    forces_on,
    history,
)
from agenda.archive.relations import Relation, RelationKind

D = dt.date
FIRST = OwnDates(adopted=D(2026, 7, 15), effective=D(2026, 7, 25))
REPEAL_ART_2 = Incoming(
    Relation(2, 1, RelationKind.REPEALS, D(2026, 12, 10), parts=("Điều 2",)), "12/2026/NQ-HĐND"
)


def test_an_article_repealed_from_a_date_is_partly_out_of_force_from_that_day_naming_the_act() -> None:
    before = force_on(D(2026, 12, 9), FIRST, [REPEAL_ART_2])
    assert before.status is Force.IN_FORCE and before.label() == "Còn hiệu lực"
    assert [r.sentence() for r in before.upcoming] == [
        "Điều 2 bị bãi bỏ bởi 12/2026/NQ-HĐND, từ ngày 10/12/2026"
    ]
    assert before.ends_on is None  # only a part goes
    after = force_on(D(2026, 12, 11), FIRST, [REPEAL_ART_2])
    assert after.status is Force.PARTLY_ENDED and after.label() == "Hết hiệu lực một phần"
    assert "12/2026/NQ-HĐND" in [r.act for r in after.why]
    assert after.label("en") == "Partly no longer in force"


def test_before_its_effective_date_a_resolution_is_not_yet_in_force() -> None:
    state = force_on(D(2026, 7, 20), FIRST, [])
    assert state.status is Force.NOT_YET
    assert state.upcoming[0].sentence() == "Có hiệu lực từ ngày 25/07/2026"
    assert force_on(D(2026, 7, 25), FIRST, []).status is Force.IN_FORCE  # from the day itself


def test_without_an_effective_date_it_is_in_force_from_adoption() -> None:
    assert force_on(D(2026, 7, 15), OwnDates(adopted=D(2026, 7, 15)), []).status is Force.IN_FORCE


def test_a_future_replacement_shows_as_will_end_on() -> None:
    replaced = Incoming(Relation(3, 1, RelationKind.REPLACES, D(2027, 1, 1)), "30/2026/NQ-HĐND")
    state = force_on(D(2026, 12, 20), FIRST, [replaced])
    assert state.status is Force.IN_FORCE
    assert state.will_end() == "Sẽ hết hiệu lực từ ngày 01/01/2027"
    assert state.will_end("en") == "Will end on 01/01/2027"
    ended = force_on(D(2027, 1, 1), FIRST, [replaced, REPEAL_ART_2])
    assert ended.status is Force.ENDED and ended.label() == "Hết hiệu lực toàn bộ"
    assert [r.sentence() for r in ended.why] == ["Bị thay thế bởi 30/2026/NQ-HĐND, từ ngày 01/01/2027"]
    assert ended.upcoming == () and ended.ends_on is None


def test_its_own_term_ends_it() -> None:
    dated = OwnDates(adopted=D(2026, 7, 15), expires=D(2027, 1, 1))
    assert force_on(D(2026, 12, 31), dated, []).will_end() == "Sẽ hết hiệu lực từ ngày 01/01/2027"
    state = force_on(D(2027, 1, 1), dated, [])
    assert state.status is Force.ENDED and state.why[0].what == "expires"


def test_a_suspension_holds_until_it_ends_and_a_part_suspended_is_partly_suspended() -> None:
    whole = Incoming(
        Relation(4, 1, RelationKind.SUSPENDS, D(2026, 9, 1), until=D(2026, 10, 1)), "Quyết định 1/QĐ-TTg"
    )
    assert force_on(D(2026, 9, 15), FIRST, [whole]).status is Force.SUSPENDED
    assert force_on(D(2026, 10, 1), FIRST, [whole]).status is Force.IN_FORCE
    part = Incoming(Relation(4, 1, RelationKind.SUSPENDS, D(2026, 9, 1), parts=("khoản 2 Điều 3",)), "Q")
    state = force_on(D(2026, 9, 15), FIRST, [part, REPEAL_ART_2])
    assert state.status is Force.PARTLY_SUSPENDED and state.label() == "Ngưng hiệu lực một phần"


def test_an_amendment_changes_the_text_not_the_force_and_is_listed() -> None:
    amended = Incoming(
        Relation(5, 1, RelationKind.AMENDS, D(2026, 9, 1), parts=("Điều 4",)), "20/2026/NQ-HĐND"
    )
    state = force_on(D(2026, 9, 2), FIRST, [amended])
    assert state.status is Force.IN_FORCE
    assert "Điều 4 bị sửa đổi bởi 20/2026/NQ-HĐND, từ ngày 01/09/2026" in [r.sentence() for r in state.why]


def test_relations_that_do_not_act_change_nothing() -> None:
    cited = Incoming(Relation(6, 1, RelationKind.CITES, D(2026, 9, 1)), "x")
    based = Incoming(Relation(6, 1, RelationKind.BASED_ON, D(2026, 9, 1)), "x")
    state = force_on(D(2026, 9, 2), FIRST, [cited, based])
    assert state.status is Force.IN_FORCE and [r.what for r in state.why] == ["effective"]


def test_every_status_of_an_archive_is_computed_at_once() -> None:
    records = {1: FIRST, 2: OwnDates(adopted=D(2026, 12, 1))}
    relations = [REPEAL_ART_2.relation, Relation(9, 2, RelationKind.REPEALS, D(2026, 12, 5))]
    states = forces_on(D(2026, 12, 31), records, relations, {2: "12/2026/NQ-HĐND", 9: "40/2026/NQ-HĐND"})
    assert states[1].status is Force.PARTLY_ENDED and states[2].status is Force.ENDED
    assert states[2].why[0].act == "40/2026/NQ-HĐND"


def test_the_yearly_list_names_what_ended_or_was_suspended_that_year_in_order() -> None:
    records = {
        1: FIRST,
        2: OwnDates(adopted=D(2026, 12, 1)),
        3: OwnDates(adopted=D(2020, 1, 1), expires=D(2025, 6, 1)),
    }
    relations = [REPEAL_ART_2.relation, Relation(9, 2, RelationKind.REPEALS, D(2026, 12, 5))]
    entries = ended_or_suspended_in(2026, records, relations, {2: "12/2026/NQ-HĐND", 9: "40/2026/NQ-HĐND"})
    assert [(e.resolution, e.status, e.day) for e in entries] == [
        (2, Force.ENDED, D(2026, 12, 5)),
        (1, Force.PARTLY_ENDED, D(2026, 12, 10)),
    ]  # 3 ended in 2025: on last year's list, not this one


def test_the_history_lists_each_change_of_status_once() -> None:
    replaced = Incoming(Relation(3, 1, RelationKind.REPLACES, D(2027, 1, 1)), "30/2026/NQ-HĐND")
    cited = Incoming(Relation(6, 1, RelationKind.CITES, D(2026, 9, 1)), "x")
    steps = history(FIRST, [REPEAL_ART_2, replaced, cited])
    assert [(s.day, s.status) for s in steps] == [
        (D(2026, 7, 25), Force.IN_FORCE),
        (D(2026, 12, 10), Force.PARTLY_ENDED),
        (D(2027, 1, 1), Force.ENDED),
    ]

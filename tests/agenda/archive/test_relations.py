from __future__ import annotations

import datetime as dt

import pytest

from agenda.archive.relations import LABELS, Relation, RelationKind, check_relation, clean_parts
from agenda.errors import DomainError

D = dt.date
ADOPTED = {1: D(2024, 7, 10), 2: D(2025, 12, 9), 3: D(2026, 7, 15)}
NAMES = {1: "10/2024/NQ-HĐND", 2: "25/2025/NQ-HĐND", 3: "05/2026/NQ-HĐND"}


def check(new: Relation, existing: list[Relation] | None = None) -> None:
    check_relation(new, existing or [], ADOPTED, NAMES)


def test_every_kind_has_its_words_both_ways() -> None:
    assert set(LABELS) == set(RelationKind)
    assert LABELS[RelationKind.REPEALS].label("vi", acting=True) == "bãi bỏ"
    assert LABELS[RelationKind.REPEALS].label("vi", acting=False) == "bị bãi bỏ bởi"
    assert LABELS[RelationKind.AMENDS].label("en", acting=False) == "amended by"


def test_a_resolution_cannot_relate_to_itself() -> None:
    with pytest.raises(DomainError) as caught:
        check(Relation(2, 2, RelationKind.CITES, D(2026, 1, 1)))
    assert caught.value.code == "self_relation"


def test_a_circle_of_replacements_and_repeals_is_refused_and_shown() -> None:
    existing = [
        Relation(2, 1, RelationKind.REPLACES, D(2026, 1, 1)),
        Relation(3, 2, RelationKind.REPEALS, D(2026, 8, 1), parts=("Điều 2",)),
    ]
    with pytest.raises(DomainError) as caught:
        check(Relation(1, 3, RelationKind.REPEALS, D(2026, 8, 1)), existing)
    assert caught.value.code == "relation_cycle"
    assert "10/2024/NQ-HĐND → 05/2026/NQ-HĐND → 25/2025/NQ-HĐND → 10/2024/NQ-HĐND" in caught.value.vi


def test_a_circle_through_kinds_that_end_nothing_is_allowed() -> None:
    existing = [Relation(2, 1, RelationKind.REPLACES, D(2026, 1, 1))]
    check(Relation(1, 2, RelationKind.CITES, D(2026, 1, 1)), existing)  # cited back: no circle of repeal


def test_an_act_cannot_act_before_its_own_adoption() -> None:
    with pytest.raises(DomainError) as caught:
        check(Relation(3, 1, RelationKind.REPEALS, D(2026, 7, 1)))
    assert caught.value.field == "effective"


def test_nothing_acts_on_a_resolution_before_it_was_adopted() -> None:
    early = {**ADOPTED, 3: D(2020, 1, 1)}
    with pytest.raises(DomainError):
        check_relation(Relation(3, 2, RelationKind.AMENDS, D(2024, 1, 1)), [], early, NAMES)


def test_a_replacement_is_of_the_whole_act() -> None:
    with pytest.raises(DomainError):
        check(Relation(3, 1, RelationKind.REPLACES, D(2026, 8, 1), parts=("Điều 2",)))


def test_only_a_suspension_ends_and_after_it_begins() -> None:
    with pytest.raises(DomainError):
        check(Relation(3, 1, RelationKind.REPEALS, D(2026, 8, 1), until=D(2026, 9, 1)))
    with pytest.raises(DomainError):
        check(Relation(3, 1, RelationKind.SUSPENDS, D(2026, 8, 1), until=D(2026, 8, 1)))
    check(Relation(3, 1, RelationKind.SUSPENDS, D(2026, 8, 1), until=D(2026, 9, 1)))


def test_the_same_relation_twice_is_refused() -> None:
    first = Relation(3, 1, RelationKind.AMENDS, D(2026, 8, 1), parts=("Điều 2",))
    with pytest.raises(DomainError) as caught:
        check(first, [first])
    assert caught.value.status == 409
    check(Relation(3, 1, RelationKind.AMENDS, D(2026, 8, 1), parts=("Điều 3",)), [first])


def test_a_resolution_of_another_council_may_be_related() -> None:
    # 99: a resolution of the historical district council, adopted long before — no rule against it.
    check_relation(
        Relation(3, 99, RelationKind.REPLACES, D(2026, 8, 1)), [], {**ADOPTED, 99: D(2019, 3, 1)}, NAMES
    )


def test_named_parts_are_cleaned() -> None:
    assert clean_parts([" Điều  2 ", "khoản 3 Điều 4", "Điều 2", ""]) == ("Điều 2", "khoản 3 Điều 4")
    assert clean_parts(["Đie\u0302\u0300u 2"]) == ("Điều 2",)  # decomposed → NFC
    with pytest.raises(DomainError):
        clean_parts([f"Điều {i}" for i in range(60)])

"""The legal rules computed by the software (shared/domain.md)."""

import datetime as dt
from fractions import Fraction

import pytest

from agenda import text
from agenda.council.office import delegates_in_office
from agenda.errors import DomainError
from agenda.rules import agenda_numbers, has_quorum, parse_fraction, quorum_needed, roman


@pytest.mark.parametrize(("total", "needed"), [(50, 34), (48, 32), (3, 2), (1, 1), (0, 0), (95, 64)])
def test_quorum_is_two_thirds_of_total_rounded_up(total: int, needed: int) -> None:
    assert quorum_needed(total) == needed


def test_quorum_with_other_fraction_and_boundaries() -> None:
    assert quorum_needed(50, Fraction(1, 2)) == 25
    assert has_quorum(34, 50) and not has_quorum(33, 50)
    assert not has_quorum(0, 0)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2/3", Fraction(2, 3)),
        ("1/2", Fraction(1, 2)),
        ("60%", Fraction(3, 5)),
        ("0,75", Fraction(3, 4)),
        ("1", Fraction(1)),
    ],
)
def test_parse_fraction(text: str, value: Fraction) -> None:
    assert parse_fraction(text) == value


@pytest.mark.parametrize("text", ["0", "3/2", "abc", "-1/2", "1/0", "150%"])
def test_parse_fraction_refuses_nonsense(text: str) -> None:
    with pytest.raises(DomainError) as info:
        parse_fraction(text)
    assert "không hợp lệ" in info.value.vi


def test_roman_numerals_for_terms() -> None:
    assert [roman(n) for n in (1, 4, 9, 14, 16, 17, 40, 2026)] == [
        "I",
        "IV",
        "IX",
        "XIV",
        "XVI",
        "XVII",
        "XL",
        "MMXXVI",
    ]


def test_agenda_numbers_follow_depth() -> None:
    assert agenda_numbers([0, 0, 1, 1, 0, 1]) == ["1", "2", "2.1", "2.2", "3", "3.1"]
    assert agenda_numbers([1, 1]) == ["1", "1.1"]  # a leading sub-item is promoted
    assert agenda_numbers([]) == []


def test_vietnamese_name_order_sorts_by_given_name() -> None:
    names = ["Trần Văn Đức", "Nguyễn Thị An", "Lê Văn Dũng", "Phạm Ánh", "Đỗ Thị Bích", "Vũ Ân"]
    ordered = sorted(names, key=text.vietnamese_sort_key)
    assert ordered == ["Nguyễn Thị An", "Phạm Ánh", "Vũ Ân", "Đỗ Thị Bích", "Lê Văn Dũng", "Trần Văn Đức"]


def test_delegates_in_office_on_a_date(factory, small_council) -> None:  # type: ignore[no-untyped-def]
    with factory() as db:
        term_id = small_council["term_id"]
        assert delegates_in_office(db, term_id, dt.date(2026, 3, 14)) == 0  # before the term
        assert delegates_in_office(db, term_id, dt.date(2026, 6, 30)) == 5  # last day of the fifth seat
        assert delegates_in_office(db, term_id, dt.date(2026, 7, 1)) == 4


# ---------------------------------------------------------------------------------------------
# What was read moments ago (agenda/recent.py)
# ---------------------------------------------------------------------------------------------


def test_recently_read_answers_are_read_once_kept_moments_and_dropped_on_change() -> None:
    import threading
    import time

    from agenda.recent import RecentlyRead

    now = [0.0]
    recent: RecentlyRead[str] = RecentlyRead(ttl=2.0, clock=lambda: now[0])
    reads: list[str] = []

    def slow_read() -> str:
        reads.append("read")
        time.sleep(0.2)
        return "answer"

    answers: list[str] = []
    askers = [
        threading.Thread(target=lambda: answers.append(recent.get_or_read((1, "pack"), slow_read)))
        for _ in range(8)
    ]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()
    assert answers == ["answer"] * 8 and reads == ["read"]  # eight asked at once: one read

    now[0] = 1.9
    assert recent.get((1, "pack")) == "answer"
    now[0] = 2.1
    assert recent.get((1, "pack")) is None  # too old

    recent.get_or_read((1, "pack"), lambda: "again")
    recent.get_or_read((2, "pack"), lambda: "other session")
    recent.forget(1)
    assert recent.get((1, "pack")) is None and recent.get((2, "pack")) == "other session"
    recent.forget()
    assert len(recent) == 0

    # an answer read while a change was being made is not kept; what a read raises is not kept either
    def read_during_a_change() -> str:
        recent.forget(3)
        return "stale"

    assert recent.get_or_read((3, "pack"), read_during_a_change) == "stale"
    assert recent.get((3, "pack")) is None
    try:
        recent.get_or_read((4, "pack"), lambda: 1 // 0)  # type: ignore[arg-type,return-value]
    except ZeroDivisionError:
        pass
    assert recent.get((4, "pack")) is None

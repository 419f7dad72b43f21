from __future__ import annotations

import pytest

from agenda.archive.numbering import ResolutionNumber, check_assignment, gap_before, next_serial
from agenda.errors import DomainError


def test_a_normative_number_carries_its_year_and_is_zero_padded() -> None:
    assert str(ResolutionNumber(year=2026, normative=True, serial=5)) == "05/2026/NQ-HĐND"
    assert str(ResolutionNumber(year=2026, normative=True, serial=123)) == "123/2026/NQ-HĐND"


def test_a_number_that_is_not_normative_has_no_year() -> None:
    assert str(ResolutionNumber(year=2026, normative=False, serial=12)) == "12/NQ-HĐND"


@pytest.mark.parametrize(
    "typed",
    ["05/2026/NQ-HĐND", "5/2026/NQ-HDND", " 05 / 2026 / nq-hđnd ", "005/2026/NQ–HĐND", "5/2026/NQ-HĐND"],
)
def test_a_number_is_read_however_it_was_typed(typed: str) -> None:
    assert ResolutionNumber.parse(typed, year=2026, normative=True) == ResolutionNumber(2026, True, 5)


def test_a_normative_number_without_its_year_is_refused_with_the_right_form() -> None:
    with pytest.raises(DomainError) as caught:
        ResolutionNumber.parse("05/NQ-HĐND", year=2026, normative=True)
    assert "05/2026/NQ-HĐND" in caught.value.vi


def test_a_number_that_does_not_match_the_year_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        ResolutionNumber.parse("05/2025/NQ-HĐND", year=2026, normative=True)
    assert "2025" in caught.value.vi and "2026" in caught.value.en


def test_a_year_in_the_number_of_a_resolution_that_is_not_normative_is_refused() -> None:
    with pytest.raises(DomainError):
        ResolutionNumber.parse("12/2026/NQ-HĐND", year=2026, normative=False)


@pytest.mark.parametrize(
    "typed", ["", "NQ 12", "12/QĐ-UBND", "0/2026/NQ-HĐND", "05/2026/NQ-HĐND-TP", "12345/NQ-HĐND"]
)
def test_what_is_not_a_council_resolution_number_is_refused(typed: str) -> None:
    with pytest.raises(DomainError):
        ResolutionNumber.parse(typed, year=2026, normative=False if "2026" not in typed else True)


def test_numbers_run_on_from_the_highest_given() -> None:
    assert next_serial([]) == 1
    assert next_serial([1, 2, 3]) == 4
    assert next_serial([1, 2, 5]) == 6  # 3 and 4 were skipped with a reason: not filled by themselves


def test_a_number_already_given_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        check_assignment(ResolutionNumber(2026, True, 2), [1, 2], gap_reason=None)
    assert caught.value.status == 409 and caught.value.code == "duplicate_number"


def test_a_gap_needs_a_reason() -> None:
    number = ResolutionNumber(2026, False, 5)
    assert gap_before(5, [1, 2]) == [3, 4]
    with pytest.raises(DomainError) as caught:
        check_assignment(number, [1, 2], gap_reason="  ")
    assert caught.value.code == "number_gap" and "03–04" in caught.value.vi
    assert check_assignment(number, [1, 2], gap_reason="Số 03, 04 đã cấp cho nghị quyết bị hủy") == [3, 4]


def test_the_next_number_and_filling_a_recorded_gap_need_no_reason() -> None:
    assert check_assignment(ResolutionNumber(2026, False, 3), [1, 2], gap_reason=None) == []
    assert check_assignment(ResolutionNumber(2026, False, 3), [1, 2, 5], gap_reason=None) == []

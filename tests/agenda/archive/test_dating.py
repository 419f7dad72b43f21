from __future__ import annotations

import datetime as dt

import pytest

from agenda.archive.dating import ResolutionDates, earliest_effective
from agenda.errors import DomainError

ADOPTED = dt.date(2026, 7, 15)


def test_a_normative_resolution_takes_effect_ten_days_after_adoption_by_default() -> None:
    dates = ResolutionDates(ADOPTED).checked(normative=True, special_procedure=False)
    assert dates.effective == dt.date(2026, 7, 25)


def test_a_normative_resolution_cannot_take_effect_sooner_unless_by_the_special_procedure() -> None:
    early = ResolutionDates(ADOPTED, effective=dt.date(2026, 7, 24))
    with pytest.raises(DomainError) as caught:
        early.checked(normative=True, special_procedure=False)
    assert caught.value.code == "too_early" and "25/07/2026" in caught.value.vi
    assert early.checked(normative=True, special_procedure=True).effective == dt.date(2026, 7, 24)
    assert earliest_effective(ADOPTED, normative=True, special_procedure=True) == ADOPTED


def test_other_resolutions_take_effect_from_adoption() -> None:
    assert ResolutionDates(ADOPTED).checked(normative=False, special_procedure=False).effective == ADOPTED


def test_an_effective_date_before_adoption_is_refused_for_any_resolution() -> None:
    with pytest.raises(DomainError) as caught:
        ResolutionDates(ADOPTED, effective=dt.date(2026, 7, 1)).checked(
            normative=False, special_procedure=True
        )
    assert caught.value.field == "effective"


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        (ResolutionDates(ADOPTED, signed=dt.date(2026, 7, 14)), "signed"),
        (ResolutionDates(ADOPTED, signed=dt.date(2026, 7, 20), published=dt.date(2026, 7, 19)), "published"),
        (ResolutionDates(ADOPTED, expires=dt.date(2026, 7, 15)), "expires"),
    ],
)
def test_dates_out_of_order_are_refused(dates: ResolutionDates, field: str) -> None:
    with pytest.raises(DomainError) as caught:
        dates.checked(normative=False, special_procedure=False)
    assert caught.value.field == field

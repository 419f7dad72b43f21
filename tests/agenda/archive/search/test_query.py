from __future__ import annotations

import pytest

from agenda.archive.search.query import MAX_LENGTH, NumberLookup, parse
from agenda.errors import DomainError


@pytest.mark.parametrize(
    ("typed", "lookup"),
    [
        ("05/2026/NQ-HĐND", NumberLookup(5, 2026, True)),
        ("5/2026/nq-hdnd", NumberLookup(5, 2026, True)),
        ("  5 / 2026 / NQ–HĐND ", NumberLookup(5, 2026, True)),
        ("12/NQ-HĐND", NumberLookup(12, None, False)),
        ("05/2026", NumberLookup(5, 2026, None)),
        ("nghị quyết 05 năm 2026", NumberLookup(5, 2026, None)),
        ("nghi quyet 5 2026", NumberLookup(5, 2026, None)),
        ("NQ 12", NumberLookup(12, None, None)),
        ("nghị quyết số 12", NumberLookup(12, None, None)),
    ],
)
def test_a_number_in_any_shape_goes_straight_to_the_resolution(typed: str, lookup: NumberLookup) -> None:
    query = parse(typed)
    assert query.numbers == (lookup,)
    assert all(t.common for t in query.terms)  # what is left of "nghị quyết …" decides nothing


def test_words_match_without_diacritics_and_exactly_with_either_tone_placement() -> None:
    query = parse("đất đai hoà bình")
    assert [t.folded for t in query.terms] == ["dat", "dai", "hoa", "binh"]
    assert [t.exact for t in query.terms] == ["đất", "đai", "hòa", "bình"]
    assert parse("HOÀ").terms[0].exact == parse("hòa").terms[0].exact == "hòa"
    assert parse("dat dai").terms[0].exact is None  # typed without marks: folded matches only


def test_hoa_and_hoa_with_a_dot_are_different_words_when_typed_with_marks() -> None:
    assert parse("họa").terms[0].exact != parse("hoa").terms[0].exact
    assert parse("họa").terms[0].folded == parse("hoa").terms[0].folded == "hoa"


def test_phrases_in_quotes_and_the_word_being_typed() -> None:
    query = parse('"đất đai" quy hoạ', typing=True)
    assert [t.folded for t in query.phrases[0].terms] == ["dat", "dai"]
    assert [(t.folded, t.prefix) for t in query.terms] == [("quy", False), ("hoa", True)]
    assert not parse("quy hoạch ", typing=True).terms[-1].prefix


def test_words_every_resolution_carries_are_marked() -> None:
    query = parse("nghị quyết của hội đồng nhân dân về đất đai")
    assert {t.folded for t in query.terms if not t.common} == {"dat", "dai"}
    assert parse("nghị quyết hội đồng nhân dân căn cứ").only_common


@pytest.mark.parametrize("typed", ['"', "*", "NEAR(", "-", "()", "đất AND OR NOT (x*) ^:", ""])
def test_engine_syntax_is_never_syntax(typed: str) -> None:
    query = parse(typed)
    for term in query.terms:
        assert term.folded.isalnum()


def test_a_query_too_long_is_refused_and_empty_is_empty() -> None:
    with pytest.raises(DomainError) as caught:
        parse("đất " * 100)
    assert caught.value.code == "query_too_long" and str(MAX_LENGTH) in caught.value.vi
    assert parse("   ").empty


def test_engine_operators_typed_out_of_habit_are_not_words() -> None:
    assert [t.folded for t in parse("đất AND nhà OR NOT NEAR ở").terms] == ["dat", "nha", "o"]
    assert [t.folded for t in parse("and or").terms] == ["and", "or"]  # (lowercase: words like any other)

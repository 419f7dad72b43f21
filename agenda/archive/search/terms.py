"""A parsed query (:mod:`.query`) as the engines need it: the words that decide the match — each with its
folded form, its exact form when typed with diacritics, whether it is a prefix — and the phrases. Words every
resolution carries are left out (they would match everything and decide nothing); a query of nothing else
matches nothing. The word being typed counts once it has two letters (one letter would match half the
language). Pure."""

from __future__ import annotations

from dataclasses import dataclass

from agenda.archive.search.query import Query, Term


@dataclass(frozen=True)
class Word:
    folded: str
    exact: str | None  # as typed, canonical and lowercased: what ranks first
    prefix: bool


@dataclass(frozen=True)
class Words:
    """What the engines match: every word (AND) and every phrase (its words in order)."""

    words: tuple[Word, ...]
    phrases: tuple[tuple[Word, ...], ...]

    @property
    def empty(self) -> bool:
        return not (self.words or self.phrases)

    def folded(self) -> list[tuple[str, bool]]:
        """Every folded word (with whether it is a prefix), for highlighting."""
        out = [(w.folded, w.prefix) for w in self.words]
        out += [(w.folded, False) for phrase in self.phrases for w in phrase]
        return out


def _word(term: Term) -> Word:
    # Typed without diacritics, a word is still exactly what was typed: "hoa" ranks what says "hoa" above what
    # says "họa" or "hòa", as "họa" ranks "họa" above "hoa".
    return Word(term.folded, term.exact or term.folded, term.prefix)


MIN_PREFIX = 2  # letters of a word being typed before it counts: "đất đ" searches "đất" until "đa…"


def words_of(query: Query) -> Words:
    words = tuple(
        _word(t) for t in query.terms if not t.common and not (t.prefix and len(t.folded) < MIN_PREFIX)
    )
    phrases = tuple(
        tuple(_word(t) for t in phrase.terms)
        for phrase in query.phrases
        if any(not t.common for t in phrase.terms)
    )
    return Words(words, phrases)

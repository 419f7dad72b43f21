"""What someone typed into the archive's search box, read into a typed query — before any engine sees it.

People type as on a phone: without diacritics, with either tone placement, with the number in any shape
("05/2026/NQ-HĐND", "5/2026/nq-hdnd", "05/2026", "nghị quyết 05 năm 2026", "nghi quyet 5 2026", "NQ 12").
A number goes straight to the resolution (:class:`NumberLookup`), above any full-text hit; the rest are words
(:class:`Term`), each with its folded form (no diacritics, đ → d) and — when typed with diacritics — its exact
form (canonical and lowercased, :func:`agenda.text.canonical`, so "hoà" = "hòa"), phrases in quotes, and the last word as a prefix while
typing. Words every resolution carries ("nghị quyết", "hội đồng nhân dân", "căn cứ") are kept but marked, so
that they do not decide the ranking. Nothing an engine would read as syntax (``" * ( ) : ^ -``, NEAR, AND,
OR, NOT) passes through as syntax: the engines get terms, never the typed text. Pure."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from agenda.errors import DomainError
from agenda.text import canonical, fold, has_marks

MAX_LENGTH = 300  # characters kept of what was typed: a longer query is refused, never slow
MAX_TERMS = 16

# Folded phrases every resolution carries: they never decide the ranking.
STOP_PHRASES = (
    "hoi dong nhan dan",
    "nghi quyet",
    "can cu",
    "ve viec",
    "quy dinh",
    "hdnd",
    "nq",
    "so",
    "nam",
    "cua",
    "va",
    "cac",
    "ve",
    "tai",
    "tren",
    "dia ban",
)
_STOP_WORDS = frozenset(word for phrase in STOP_PHRASES for word in phrase.split())

_SYMBOL = r"nq\s*[-–—]?\s*h\s*[dđ]\s*nd"
_NUMBER_PATTERNS = (
    # 05/2026/NQ-HĐND, 5 / 2026 / nq-hdnd: normative, serial and year
    (re.compile(rf"(?<!\d)(\d{{1,4}})\s*/\s*((?:19|20)\d\d)\s*/\s*{_SYMBOL}"), True),
    # 12/NQ-HĐND: not normative
    (re.compile(rf"(?<!\d)(\d{{1,4}})\s*/\s*{_SYMBOL}"), False),
    # 05/2026
    (re.compile(r"(?<![\d/])(\d{1,4})\s*/\s*((?:19|20)\d\d)(?![\d/])"), None),
    # nghị quyết (số) 05 năm 2026, nghi quyet 5 2026, nq 5 2026
    (re.compile(r"(?:nghi\s+quyet|nq)\s+(?:so\s+)?(\d{1,4})\s+(?:nam\s+)?((?:19|20)\d\d)(?!\d)"), None),
    # NQ 12, nghị quyết số 12
    (re.compile(r"(?:nghi\s+quyet\s+so|nq)\s+(\d{1,4})(?![\d/])"), None),
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class NumberLookup:
    """A resolution number in the query: its serial, its year when given, whether it is normative when the
    shape says (a year inside the number: yes; "12/NQ-HĐND": no; "05/2026", "NQ 12": either)."""

    serial: int
    year: int | None
    normative: bool | None


@dataclass(frozen=True)
class Term:
    """One word: ``folded`` (what matches without diacritics), ``exact`` (its letters and tone, when typed with
    diacritics: an exact match ranks above a folded one), ``prefix`` (the word being typed), ``common`` (a
    word every resolution carries)."""

    folded: str
    exact: str | None
    prefix: bool = False
    common: bool = False


@dataclass(frozen=True)
class Phrase:
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Query:
    text: str
    numbers: tuple[NumberLookup, ...]
    terms: tuple[Term, ...]
    phrases: tuple[Phrase, ...]

    @property
    def empty(self) -> bool:
        return not (self.numbers or self.terms or self.phrases)

    @property
    def only_common(self) -> bool:
        """Nothing but words every resolution carries: a search would rank nothing — say so instead."""
        return (
            not self.numbers and not self.phrases and bool(self.terms) and all(t.common for t in self.terms)
        )


# Operators of search engines typed out of habit ("đất AND nhà"): not words of a Vietnamese text.
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


def _terms(text: str, *, typing: bool) -> list[Term]:
    words = [w for w in _WORD.findall(text) if w not in _OPERATORS]
    out = []
    for i, word in enumerate(words):
        folded = fold(word)[0]
        out.append(
            Term(
                folded=folded,
                exact=canonical(word).lower() if has_marks(word) else None,
                prefix=typing and i == len(words) - 1,
                common=folded in _STOP_WORDS,
            )
        )
    return out


def parse(typed: str, *, typing: bool = False) -> Query:
    """The query in what was typed; ``typing``: the box is being typed in (the last word is a prefix unless a
    space follows it). Refused: a query longer than :data:`MAX_LENGTH`."""
    text = unicodedata.normalize("NFC", typed)
    if len(text) > MAX_LENGTH:
        raise DomainError(
            f"Từ khóa tìm kiếm dài quá {MAX_LENGTH} ký tự.",
            f"The search is longer than {MAX_LENGTH} characters.",
            code="query_too_long",
            field="q",
        )
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text).strip()
    numbers: list[NumberLookup] = []
    folded = fold(text)[0]
    rest = folded
    for pattern, normative in _NUMBER_PATTERNS:
        for match in pattern.finditer(rest):
            year = int(match[2]) if match.lastindex and match.lastindex >= 2 else None
            lookup = NumberLookup(int(match[1]), year, True if normative and year else normative)
            if lookup.serial > 0 and lookup not in numbers:
                numbers.append(lookup)
        rest = pattern.sub(" ", rest)
    # Phrases in quotes, from the text with its diacritics (positions are the same as in the folded text only
    # when no number was taken out: a number inside quotes stays a phrase of words).
    phrases = [Phrase(tuple(_terms(p, typing=False))) for p in re.findall(r'"([^"]+)"', text)]
    unquoted = re.sub(r'"[^"]*"?', " ", text)
    words = _terms(unquoted, typing=typing and not typed.endswith((" ", '"')))
    kept = {t.folded for t in _terms(rest, typing=False)}
    terms = [t for t in words if t.folded in kept][:MAX_TERMS]
    return Query(text, tuple(numbers), tuple(terms), tuple(p for p in phrases if p.terms))

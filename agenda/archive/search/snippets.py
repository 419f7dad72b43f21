"""Snippets: the words of a search marked in a text — the trích yếu, or a window of the page that matched —
found as they are in the folded text (:func:`agenda.text.fold_keep_length`: one character for one) and cut from
the original at the same offsets, so "dat dai" marks "đất đai" as it is written. (Found in the original
itself, each folded letter as the class of the letters that fold to it — :func:`agenda.text.spellings` —: the
same places as in the folded text, without folding whole pages; only what matched is folded.) A snippet is a
list of pieces, each marked or not: the page never receives markup to trust. Pure."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from agenda.text import fold_keep_length, spellings

_K1, _B = 1.2, 0.75  # bm25's
WINDOW = 220  # characters of a page around its first match
_SPACES = re.compile(r"\s+")
_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True)
class Piece:
    text: str
    hit: bool


def _letters(chars: str) -> str:
    """Characters as a pattern of one of them."""
    return re.escape(chars) if len(chars) == 1 else "[" + "".join(map(re.escape, chars)) + "]"


def _alternative(word: str, prefix: bool) -> tuple[str, str] | None:
    """``word`` (folded) as it may be written: the letters that fold to its first letter, and the pattern of
    the rest (None: a letter nothing folds to — found nowhere)."""
    letters = [spellings(c) for c in word]
    if not all(letters):
        return None
    return letters[0], "".join(map(_letters, letters[1:])) + (r"\w*" if prefix else "")


@lru_cache(maxsize=1024)
def _compiled(words: tuple[tuple[str, bool], ...]) -> re.Pattern[str] | None:
    # (The longest first, as the folded text's pattern ordered them; each word whole — no word character after.)
    # The first letter of any word, then none before it (the word's start, checked after that letter: the search
    # skips to the letters a word may begin with), then the word whose first letter it is, and the rest of it.
    unique = sorted(
        {(w, prefix) for w, prefix in words if w}, key=lambda wp: len(re.escape(wp[0])) + 3 * wp[1]
    )
    if not unique:
        return None
    alternatives = [a for a in (_alternative(w, prefix) for w, prefix in reversed(unique)) if a is not None]
    if not alternatives:
        return _NEVER
    firsts = "".join(sorted({c for first, _ in alternatives for c in first}))
    if len(alternatives) == 1:
        rest = alternatives[0][1]
    else:
        rest = "(?:" + "|".join(f"(?<={_letters(first)}){tail}" for first, tail in alternatives) + ")"
    return re.compile(_letters(firsts) + r"(?<!\w.)" + rest + r"(?!\w)", re.DOTALL)


def _pattern(words: Sequence[tuple[str, bool]]) -> re.Pattern[str] | None:
    """Where the ``words`` (folded, with whether each is a prefix) are in an original text (None: no word)."""
    return _compiled(tuple(words))


def spans(text: str, words: Sequence[tuple[str, bool]]) -> list[tuple[int, int]]:
    """Where the ``words`` (folded, with whether each is a prefix) are in ``text``: (start, end) offsets."""
    pattern = _pattern(words)
    return [m.span() for m in pattern.finditer(text)] if pattern else []


def _densest(spans: Sequence[tuple[int, int]], text: str, window: int) -> int:
    """Where the window shows the most different words of the search (the first such place)."""
    best, best_count = (spans[0][0] if spans else 0), 0
    reach = window * 2 // 3
    ends = [(b, fold_keep_length(text[a:b])) for a, b in spans]  # (each match's end and its folded word)
    for i, (low, _) in enumerate(spans[:200]):
        seen = set()
        for b, word in ends[i:]:  # (in order, not overlapping: the first beyond the window ends it)
            if b > low + reach:
                break
            seen.add(word)
        if len(seen) > best_count:
            best, best_count = low, len(seen)
    return best


def mark(text: str, words: Sequence[tuple[str, bool]], *, window: int | None = None) -> list[Piece]:
    """``text`` in pieces with the ``words`` (folded, with whether each is a prefix) marked; ``window``: only
    that many characters around the place with the most of them (with "…" where cut)."""
    found = spans(text, words)
    start, end = 0, len(text)
    if window is not None and len(text) > window:
        first = _densest(found, text, window)
        start = max(0, first - window // 3)
        end = min(len(text), start + window)
        while start > 0 and not text[start - 1].isspace():  # (not in the middle of a word)
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
    pieces: list[Piece] = []
    at = start
    for low, high in found:
        if low < start or high > end:
            continue
        if low > at:
            pieces.append(Piece(text[at:low], False))
        pieces.append(Piece(text[low:high], True))
        at = high
    if at < end:
        pieces.append(Piece(text[at:end], False))
    pieces = [Piece(_SPACES.sub(" ", p.text), p.hit) for p in pieces]
    if start > 0:
        pieces.insert(0, Piece("… ", False))
    if end < len(text):
        pieces.append(Piece(" …", False))
    return [p for p in pieces if p.text]


def best_text(texts: Sequence[tuple[int, str]], words: Sequence[tuple[str, bool]]) -> int | None:
    """Of ``(key, text)`` pairs, the key of the text that matches the ``words`` best (the first on a tie): the
    page a hit opens at, of those its engine found — scored as bm25 scores (each word's count saturating,
    a longer text weighing less), with these texts as the collection."""
    pattern = _pattern(words)
    if pattern is None or not texts:
        return None
    counted = [(key, len(body), Counter(map(fold_keep_length, pattern.findall(body)))) for key, body in texts]
    average = sum(length for _, length, _ in counted) / len(counted) or 1.0
    chosen, best = None, -1.0
    for key, length, counts in counted:
        norm = _K1 * (1 - _B + _B * length / average)
        score = sum(n * (_K1 + 1) / (n + norm) for n in counts.values())
        if score > best:
            chosen, best = key, score
    return chosen

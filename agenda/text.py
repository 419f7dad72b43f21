"""Vietnamese text: folding (case, diacritics, đ → d) for search and names, the canonical form of stored
text, and the order of names.

One copy of each: document search, download file names, usernames, imported archives and every sorted list
of people use these functions.

The canonical form (:func:`canonical`) is NFC with the tone mark of an open "oa", "oe", "uy" on its first
vowel — "hòa", "khỏe", "thủy", "Ủy ban" — the placement of the Decree 30/2020 forms ("CỘNG HÒA XÃ HỘI CHỦ
NGHĨA VIỆT NAM") and of most keyboards' default; the other placement ("hoà", "khoẻ", "thuỷ", "uỷ") and
decomposed (NFD) text, common in older files, become it. :func:`fold` folds both placements alike.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

_VI_ORDER = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_VI_LETTER_MARKS = "\u0306\u0302\u031b"  # breve, circumflex, horn: ă â ê ô ơ ư are letters of their own


def nfc(text: str) -> str:
    """Unicode NFC: one code point per Vietnamese letter with its tone (as keyboards produce it)."""
    return unicodedata.normalize("NFC", text)


_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_WORD = re.compile(r"[^\W\d_]+")
# An open syllable ending in "oa", "oe" or "uy" ("qu" + "y" is "quy": its tone is on the "y" either way).
_OPEN_PAIR = re.compile(r"(?:^|[^q])(?:oa|oe|uy)$")


def _canonical_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) != 1:
        return word
    base = nfc("".join(c for c in decomposed if c not in _TONES))
    if len(base) != len(word) or not _OPEN_PAIR.search(base.lower()):
        return word
    at = len(base) - 2
    return base[:at] + nfc(base[at] + tones[0]) + base[at + 1 :]


# A tone on the second vowel of an open "oa", "oe", "uy": what canonical() looks for first (any text without it
# is kept as it is) — then, only where it ends a word (the only words canonical() may change), the whole word
# for _canonical_word to look at (it changes it only when it is such a syllable). A word: letters, as ``\w``
# without digits and "_".
_OTHER_PLACEMENT = re.compile(r"[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ]")
_OTHER_PLACEMENT_AT_END = re.compile(r"(?:[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?![^\W\d_])")
_LETTER = re.compile(r"[^\W\d_]")


def canonical(text: str) -> str:
    """``text`` as stored: NFC, the tone of an open "oa"/"oe"/"uy" on its first vowel ("hoà" → "hòa",
    "thuỷ" → "thủy", "uỷ" → "ủy"); every other character as it was. Keeps the length of NFC text."""
    text = nfc(text)
    if not _OTHER_PLACEMENT.search(text):
        return text  # (the common case: nothing to move — whole documents are made canonical)
    # Only the words that end so, each found from its end back to its first letter: a scan of the text for
    # the pair, not a match tried at every letter ("toàn", "hoàn" … are on every page of Vietnamese prose).
    pieces: list[str] = []
    done = 0
    for found in _OTHER_PLACEMENT_AT_END.finditer(text):
        start, end = found.start(), found.end()
        while start > done and _LETTER.match(text, start - 1):
            start -= 1
        pieces += (text[done:start], _canonical_word(text[start:end]))
        done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def fold_char(ch: str, *, keep_marks: bool = False) -> str:
    """One character (or a letter with its combining marks) lowercased and — unless ``keep_marks`` — without
    diacritics, đ → d."""
    lower = nfc(ch.lower())
    if keep_marks:
        return lower
    lower = lower.replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", lower) if not unicodedata.combining(c))


def fold(text: str, *, keep_marks: bool = False) -> tuple[str, list[int]]:
    """Lowercase, whitespace collapsed, and (unless ``keep_marks``) without diacritics, đ → d — with, for
    each character of the result, its index in ``text`` (to cut snippets from the original). A letter and
    the combining marks after it (decomposed text) fold as one; with ``keep_marks`` the tone placement is
    made canonical ("hoà" and "hòa" fold alike)."""
    out: list[str] = []
    index: list[int] = []
    space = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            if not space and out:
                out.append(" ")
                index.append(i)
            space = True
            i += 1
            continue
        space = False
        end = i + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        for c in fold_char(text[i:end], keep_marks=keep_marks):
            out.append(c)
            index.append(i)
        i = end
    folded = "".join(out)
    return (canonical(folded) if keep_marks else folded), index


def has_marks(query: str) -> bool:
    """Whether ``query`` carries diacritics (or đ): then a search matches them exactly."""
    return fold(query)[0] != fold(query, keep_marks=True)[0]


def ascii_fold(text: str) -> str:
    """'Nguyễn Văn Đức' → 'nguyen van duc': lowercase ASCII without diacritics (đ → d)."""
    return "".join(fold_char(ch) for ch in text).encode("ascii", "ignore").decode()


@functools.lru_cache(maxsize=8192)  # every list of delegates sorts the same names again
def vietnamese_sort_key(full_name: str) -> tuple[Any, ...]:
    """Vietnamese names sort by given name (the last word), then the rest, in Vietnamese letter order."""

    def letters(word: str) -> tuple[tuple[int, str], ...]:
        out = []
        for ch in word.lower():
            base = unicodedata.normalize("NFD", ch)
            root = base[0]
            # keep the letters that are distinct letters in Vietnamese (ă â đ ê ô ơ ư)
            composed = nfc(root + "".join(c for c in base[1:] if c in _VI_LETTER_MARKS))
            if ch == "đ":
                composed = "đ"
            idx = _VI_ORDER.find(composed)
            out.append((idx if idx >= 0 else 100 + ord(composed[0]), base))
        return tuple(out)

    words = full_name.split()
    return (letters(words[-1]) if words else (), tuple(letters(w) for w in words[:-1]))


_TONE_DIGITS = {
    "\u0300": "2",
    "\u0301": "1",
    "\u0303": "4",
    "\u0309": "3",
    "\u0323": "5",
}  # huyền sắc ngã hỏi nặng


@functools.lru_cache(maxsize=65536)
def tone_key(word: str) -> str:
    """A word with its letters and its tone, wherever the tone mark was placed: "hoà" and "hòa" → "hoa2",
    "thuý" and "thúy" → "thuy1", "Đất" → "đât1" (lowercase; ă â ê ô ơ ư đ kept as letters). Two spellings
    of one syllable (old and new tone placement, composed or decomposed) get the same key; different
    syllables do not."""
    tone = ""
    kept: list[str] = []
    for c in unicodedata.normalize("NFD", word.lower()):
        if c in _TONE_DIGITS:
            tone = tone or _TONE_DIGITS[c]
        else:
            kept.append(c)
    return nfc("".join(kept)) + tone


def _keep_length_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in list(range(0x41, 0x5B)) + list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(code)
        lower = ch.lower()
        base = "".join(c for c in unicodedata.normalize("NFD", lower) if not unicodedata.combining(c))
        if len(base) == 1 and base != ch:
            table[code] = base
    table[ord("đ")] = table[ord("Đ")] = "d"
    return table


_KEEP_LENGTH = _keep_length_table()
# As a string indexed by code point (str.translate looks a character up in it faster than in a dict); a
# character past its end (not Latin) stays as it is.
_KEEP_LENGTH_TABLE = "".join(_KEEP_LENGTH.get(code, chr(code)) for code in range(0x1F00))


def fold_keep_length(text: str) -> str:
    """``text`` (NFC) lowercased without diacritics, đ → d, one character for one: "Đất đai" → "dat dai", at
    the same offsets — so that a match found in the folded text is cut from the original at the same place.
    Characters without a one-letter folding are kept as they are. Fast (one ``str.translate``): what the
    archive's search index folds whole documents with; :func:`fold` is for short texts."""
    return text.translate(_KEEP_LENGTH_TABLE)


def _spellings_table() -> dict[str, str]:
    found: dict[str, list[str]] = {}
    for code, folded in enumerate(_KEEP_LENGTH_TABLE):
        found.setdefault(folded, []).append(chr(code))
    return {folded: "".join(chars) for folded, chars in found.items()}


_SPELLINGS = _spellings_table()


def spellings(char: str) -> str:
    """Every character that :func:`fold_keep_length` folds to ``char`` ("a" → "Aa…àáảãạ…"; "A" → "": nothing
    folds to an uppercase Latin letter), in code point order — to find a folded word in the original text
    without folding the text."""
    if ord(char) >= len(_KEEP_LENGTH_TABLE):
        return _SPELLINGS.get(char, "") + char  # (past the table: itself, and what folds to it)
    return _SPELLINGS.get(char, "")

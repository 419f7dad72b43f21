"""The canonical form of stored text — NFC, the tone of an open "oa"/"oe"/"uy" on its first vowel — and
search folding that makes both placements and decomposed text equal."""

from __future__ import annotations

import random
import re
import unicodedata

from agenda.text import canonical, fold


def test_the_other_tone_placement_becomes_the_canonical_one() -> None:
    pairs = {
        "hoà": "hòa",
        "Hoà Bình": "Hòa Bình",
        "CỘNG HOÀ": "CỘNG HÒA",
        "thuỷ lợi": "thủy lợi",
        "khoẻ": "khỏe",
        "cấp uỷ": "cấp ủy",
        "Uỷ ban": "Ủy ban",
        "hoá": "hóa",
    }
    for written, stored in pairs.items():
        assert canonical(written) == stored
        assert canonical(stored) == stored


def test_syllables_whose_tone_has_one_place_are_left_as_they_are() -> None:
    for word in ("quý", "hoàn", "tuyến", "khoái", "quả", "của", "Quảng Ninh", "Ngô Quyền"):
        assert canonical(word) == word


def test_decomposed_text_is_composed_and_keeps_its_length() -> None:
    written = unicodedata.normalize("NFD", "Nghị quyết về thuỷ lợi")
    assert canonical(written) == "Nghị quyết về thủy lợi"
    assert len(canonical("hoà bình")) == len("hoà bình")


def test_search_folding_makes_both_placements_and_decomposed_text_equal() -> None:
    stored = fold("Cộng hòa", keep_marks=True)[0]
    assert fold("Cộng hoà", keep_marks=True)[0] == stored
    assert fold(unicodedata.normalize("NFD", "CỘNG HOÀ"), keep_marks=True)[0] == stored
    folded, index = fold(unicodedata.normalize("NFD", "Hoà"))
    assert folded == "hoa" and index == [0, 1, 2]


_OLD_WORD = re.compile(r"[^\W\d_]*(?:[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?![^\W\d_])")


def _canonical_as_before(text: str) -> str:
    """canonical() as it was written first: one regex tried at every letter (the reference)."""
    text = unicodedata.normalize("NFC", text)
    return _OLD_WORD.sub(lambda m: canonical(m.group()), text)


def test_canonical_finds_the_same_words_as_the_first_regex_on_any_text() -> None:
    rng = random.Random(13)
    alphabet = (
        list("oOuUqQaeyhtn đĐ0123456789_-.,\n\t")
        + list("àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ")
        + [
            "\u0301",
            "\u0323",
            "²",
            "ª",
        ]
    )
    texts = ["", "hoà", "5hoà", "_hoà", "hoà_", "thuỷhoà", "quý", "QUÝ", "hoàhoà bình", "toàn hoà toàn"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(20_000)]
    prose = "Toàn bộ hoà giải, thuỷ lợi và cấp uỷ: quý khách hoàn toàn khoẻ. " * 20
    texts += [prose, unicodedata.normalize("NFD", prose)]
    for text in texts:
        assert canonical(text) == _canonical_as_before(text), text

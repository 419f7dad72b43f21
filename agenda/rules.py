"""Legal arithmetic the software computes (see shared/domain.md): quorum, pass thresholds on the TOTAL
number of delegates, confidence outcomes, late arrival, the written-answer due date, numbering.

Pure functions, no database. Who is in office on a date is :mod:`agenda.council.office`."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from agenda.errors import DomainError

DEFAULT_QUORUM = Fraction(2, 3)  # [check] ≥ 2/3 of the total number of delegates — configurable per session
LATE_AFTER = dt.timedelta(minutes=5)  # [practice] checked in more than this after the sitting opened: late
WRITTEN_ANSWER_DAYS = 20  # NQ 594/NQ-UBTVQH15: answers in writing within 20 days


def parse_fraction(text: str) -> Fraction:
    """'2/3', '1/2', '0.6' or '60%' → a fraction in (0, 1]."""
    raw = text.strip().replace(",", ".")
    try:
        value = Fraction(raw[:-1]) / 100 if raw.endswith("%") else Fraction(raw)
    except (ValueError, ZeroDivisionError):
        value = Fraction(-1)
    if not 0 < value <= 1:
        raise DomainError(
            f"Tỉ lệ “{text}” không hợp lệ (ví dụ 2/3, 1/2, 60%).",
            f"Fraction “{text}” is not valid (e.g. 2/3, 1/2, 60%).",
            field="fraction",
        )
    return value


def quorum_needed(total_in_office: int, fraction: Fraction = DEFAULT_QUORUM) -> int:
    """Smallest number present that reaches ``fraction`` of the total (at least 2/3 → ceil)."""
    needed = total_in_office * fraction
    return int(needed) if needed.denominator == 1 else int(needed) + 1


def has_quorum(present: int, total_in_office: int, fraction: Fraction = DEFAULT_QUORUM) -> bool:
    return total_in_office > 0 and present >= quorum_needed(total_in_office, fraction)


_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def roman(number: int) -> str:
    """17 → 'XVII' (terms are named khóa XVII)."""
    if number <= 0:
        raise ValueError("roman numerals start at 1")
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def agenda_numbers(depths: list[int]) -> list[str]:
    """Numbers of agenda items from their depths in order: [0, 0, 1, 1, 0] → 1, 2, 2.1, 2.2, 3."""
    numbers: list[str] = []
    top = sub = 0
    for depth in depths:
        if depth == 0 or top == 0:
            top, sub = top + 1, 0
            numbers.append(str(top))
        else:
            sub += 1
            numbers.append(f"{top}.{sub}")
    return numbers


# ---------------------------------------------------------------------------------------------
# Votes: pass rules on the TOTAL number of delegates in office (2015 law art. 91(3), 102(3))
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PassRule:
    """``strict``: more than ``fraction`` of the total ("quá nửa"); else at least it ("ít nhất hai phần ba")."""

    fraction: Fraction
    strict: bool

    def needed(self, total: int) -> int:
        share = total * self.fraction
        if self.strict:
            return int(share) + 1 if share.denominator == 1 else math.ceil(share)
        return math.ceil(share)

    def passes(self, yes: int, total: int) -> bool:
        return total > 0 and yes >= self.needed(total)

    def describe(self, total: int) -> str:
        if self.fraction == Fraction(1, 2) and self.strict:
            words = "quá nửa"
        elif self.fraction == Fraction(2, 3) and not self.strict:
            words = "ít nhất hai phần ba"
        else:
            words = (
                "trên " if self.strict else "ít nhất "
            ) + f"{self.fraction.numerator}/{self.fraction.denominator}"
        return f"{words} tổng số đại biểu ({self.needed(total)}/{total})"


MAJORITY = PassRule(Fraction(1, 2), strict=True)
TWO_THIRDS = PassRule(Fraction(2, 3), strict=False)
NAMED_RULES = {"majority": MAJORITY, "two_thirds": TWO_THIRDS}


def percent(part: int, whole: int) -> str:
    """Vietnamese percentage with two decimals and a decimal comma: 45 of 51 → '88,24%'."""
    if whole <= 0:
        return "0%"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{value:.2f}".replace(".", ",")
    if text.endswith(",00"):
        text = text[:-3]
    return text + "%"


def result_sentence(yes: int, present: int, total: int, label: str = "tán thành") -> str:
    """'45/48 đại biểu có mặt tán thành, chiếm 88,24% tổng số đại biểu'."""
    return f"{yes}/{present} đại biểu có mặt {label.lower()}, chiếm {percent(yes, total)} tổng số đại biểu"


@dataclass(frozen=True)
class ConfidenceFlags:
    """Legal outcome flags of a confidence rating or vote (NQ 96/2023/QH15)."""

    over_half: bool  # more than half rate "tín nhiệm thấp" / vote "không tín nhiệm"
    two_thirds: bool  # at least two thirds rate "tín nhiệm thấp"


def confidence_flags(low: int, denominator: int) -> ConfidenceFlags:
    return ConfidenceFlags(
        over_half=MAJORITY.passes(low, denominator), two_thirds=TWO_THIRDS.passes(low, denominator)
    )


def is_late(opened_at: dt.datetime | None, checked_in_at: dt.datetime) -> bool:
    """A delegate checking in more than ``LATE_AFTER`` after the sitting opened arrived late (đến muộn)."""
    return opened_at is not None and checked_in_at > opened_at + LATE_AFTER


def written_answer_due(today: dt.date, session_ends_on: dt.date) -> dt.date:
    """A question answered in writing is due ``WRITTEN_ANSWER_DAYS`` after the session (or today, if later)."""
    return max(today, session_ends_on) + dt.timedelta(days=WRITTEN_ANSWER_DAYS)

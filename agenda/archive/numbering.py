"""Resolution numbers (số, ký hiệu) — Decree 30/2020/NĐ-CP art. 15 and Annex I; the Law on Promulgation of
Legal Documents (Law 64/2025/QH15) for normative acts; shared/domain.md.

- A normative resolution (quy phạm pháp luật): ``05/2026/NQ-HĐND`` — running number / year / type-issuer.
- Any other: ``12/NQ-HĐND``.
- Numbers run per issuing council and calendar year, normative and other resolutions each in their own
  series, from 01 (zero-padded below 10) to the last of the year; unique within a series.
- A number past the next free one leaves a gap, which needs a recorded reason (:func:`check_assignment`).

Pure: the database gives the serials already used (:mod:`agenda.archive.resolutions`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from agenda.errors import DomainError

SYMBOL = "NQ-HĐND"
MAX_SERIAL = 9999

# What people type: "05/2026/NQ-HĐND", "5/2026/NQ-HDND", "05 / 2026 / nq-hđnd", "12/NQ-HĐND", "12/NQ–HĐND"
# (an en dash), "05/2026/NQ-HĐND-TP" is not ours (another issuer's suffix) and is refused.
_NUMBER = re.compile(
    r"^\s*0*(?P<serial>\d{1,4})\s*/\s*(?:(?P<year>\d{4})\s*/\s*)?NQ\s*[-–—]\s*H(?:Đ|D)ND\s*$", re.IGNORECASE
)


@dataclass(frozen=True, order=True)
class ResolutionNumber:
    """One number in a council's series: its ``year`` (the series it belongs to, printed only for a normative
    resolution), its ``serial`` and whether it is ``normative``."""

    year: int
    normative: bool
    serial: int

    def __post_init__(self) -> None:
        if not 1 <= self.serial <= MAX_SERIAL:
            raise DomainError(
                f"Số thứ tự của nghị quyết phải từ 1 đến {MAX_SERIAL}.",
                f"A resolution's serial number must be between 1 and {MAX_SERIAL}.",
                field="number",
            )
        if not 1945 <= self.year <= 9999:
            raise DomainError(
                f"Năm {self.year} không hợp lệ cho số nghị quyết.",
                f"{self.year} is not a valid year for a resolution number.",
                field="number",
            )

    def __str__(self) -> str:
        serial = f"{self.serial:02d}"
        return f"{serial}/{self.year}/{SYMBOL}" if self.normative else f"{serial}/{SYMBOL}"

    @property
    def series(self) -> tuple[int, bool]:
        return (self.year, self.normative)

    @classmethod
    def parse(cls, text: str, *, year: int, normative: bool) -> ResolutionNumber:
        """The number as a person typed it, for a resolution of ``year`` (the year of its adoption) and kind.

        Refused: not a resolution number of a People's Council; a normative number without its year or with
        another year; a year in the number of a resolution that is not normative."""
        cleaned = unicodedata.normalize("NFC", text)
        match = _NUMBER.match(cleaned)
        if match is None:
            raise DomainError(
                f"“{text}” không phải là số, ký hiệu nghị quyết của HĐND (ví dụ 05/{year}/{SYMBOL} hoặc 12/{SYMBOL}).",
                f"“{text}” is not a People's Council resolution number (e.g. 05/{year}/{SYMBOL} or 12/{SYMBOL}).",
                field="number",
            )
        written_year = int(match["year"]) if match["year"] else None
        if normative and written_year is None:
            raise DomainError(
                f"Nghị quyết quy phạm pháp luật ghi năm ban hành trong số: {int(match['serial']):02d}/{year}/{SYMBOL}.",
                f"A normative resolution's number carries its year: {int(match['serial']):02d}/{year}/{SYMBOL}.",
                field="number",
            )
        if not normative and written_year is not None:
            raise DomainError(
                f"Nghị quyết không quy phạm pháp luật không ghi năm trong số: {int(match['serial']):02d}/{SYMBOL}.",
                f"A resolution that is not normative has no year in its number: {int(match['serial']):02d}/{SYMBOL}.",
                field="number",
            )
        if written_year is not None and written_year != year:
            raise DomainError(
                f"Số {text} ghi năm {written_year}, nhưng nghị quyết được thông qua năm {year}.",
                f"The number {text} says {written_year}, but the resolution was adopted in {year}.",
                field="number",
            )
        return cls(year=year, normative=normative, serial=int(match["serial"]))


def next_serial(used: Collection[int]) -> int:
    """The number the next resolution of a series takes: one past the highest used (a gap left earlier is not
    filled by itself — its reason is on record)."""
    return max(used, default=0) + 1


def gap_before(serial: int, used: Collection[int]) -> list[int]:
    """The serials that assigning ``serial`` would skip: those between the highest used and it."""
    return list(range(next_serial(used), serial))


def check_assignment(number: ResolutionNumber, used: Collection[int], *, gap_reason: str | None) -> list[int]:
    """May ``number`` be given, with ``used`` the serials of its series already given? Returns the serials it
    skips (empty when none). Refused: a number already given; a gap without a reason."""
    if number.serial in used:
        raise DomainError(
            f"Số {number} đã được cấp cho một nghị quyết khác.",
            f"The number {number} is already given to another resolution.",
            code="duplicate_number",
            field="number",
            status=409,
        )
    skipped = gap_before(number.serial, used)
    if skipped and not (gap_reason and gap_reason.strip()):
        first, last = skipped[0], skipped[-1]
        span = f"{first:02d}" if first == last else f"{first:02d}–{last:02d}"
        raise DomainError(
            f"Cấp số {number} sẽ bỏ trống số {span}: cần ghi lý do bỏ số.",
            f"Giving {number} would leave {span} unused: a reason for the gap is required.",
            code="number_gap",
            field="gap_reason",
        )
    return skipped

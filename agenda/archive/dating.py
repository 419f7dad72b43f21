"""A resolution's dates and the rules between them — pure.

- Adopted (thông qua) ≤ signed (ký) ≤ published (đăng công báo, công bố).
- In force (có hiệu lực) no earlier than adoption; a normative resolution of a local council no earlier
  than 10 days after it, unless adopted by the special (rút gọn / đặc biệt) procedure **[law, Law 64/2025/QH15
  art. 53, shared/domain.md]** — and that is also its default.
- Its own end (hết hiệu lực từ — the first day it no longer applies), when adopted for a period, after it
  takes effect."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from agenda.errors import DomainError

NORMATIVE_DELAY = dt.timedelta(days=10)


def earliest_effective(adopted: dt.date, *, normative: bool, special_procedure: bool) -> dt.date:
    return adopted + NORMATIVE_DELAY if normative and not special_procedure else adopted


@dataclass(frozen=True)
class ResolutionDates:
    adopted: dt.date
    signed: dt.date | None = None
    published: dt.date | None = None
    effective: dt.date | None = None
    expires: dt.date | None = None

    def checked(self, *, normative: bool, special_procedure: bool) -> ResolutionDates:
        """These dates with the effective date filled in by default; refused when they break a rule."""
        if self.signed is not None and self.signed < self.adopted:
            raise _order("signed", "Ngày ký", "The signing date", "ngày thông qua", "adoption")
        if self.published is not None and self.published < (self.signed or self.adopted):
            raise _order("published", "Ngày công bố", "The publication date", "ngày ký", "signing")
        earliest = earliest_effective(self.adopted, normative=normative, special_procedure=special_procedure)
        effective = self.effective or earliest
        if effective < earliest:
            if effective < self.adopted:
                raise _order(
                    "effective", "Ngày có hiệu lực", "The effective date", "ngày thông qua", "adoption"
                )
            raise DomainError(
                f"Nghị quyết quy phạm pháp luật có hiệu lực không sớm hơn 10 ngày kể từ ngày thông qua "
                f"(từ {earliest:%d/%m/%Y}), trừ khi được thông qua theo trình tự, thủ tục đặc biệt.",
                f"A normative resolution takes effect no earlier than 10 days after adoption ({earliest:%d/%m/%Y}) "
                "unless adopted by the special procedure.",
                code="too_early",
                field="effective",
            )
        if self.expires is not None and self.expires <= effective:
            raise _order(
                "expires",
                "Ngày hết hiệu lực",
                "The end date",
                "ngày có hiệu lực",
                "taking effect",
                strict=True,
            )
        return ResolutionDates(self.adopted, self.signed, self.published, effective, self.expires)


def _order(
    field: str, vi: str, en: str, after_vi: str, after_en: str, *, strict: bool = False
) -> DomainError:
    return DomainError(
        f"{vi} phải {'sau' if strict else 'không trước'} {after_vi}.",
        f"{en} must be {'after' if strict else 'on or after'} {after_en}.",
        field=field,
    )

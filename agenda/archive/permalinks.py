"""A resolution's permanent address, readable and never changing: ``/nq/{council id}/{year}/{number}`` — the
number as printed with its slashes as hyphens and Đ as D (``/nq/1/2026/05-2026-NQ-HDND``, ``/nq/1/2026/12-NQ-HDND``).
The council's id, not its name, so that renaming a council (or a merger of provinces) breaks no link; the year
is the number's series, which a number without a year (12/NQ-HĐND) does not carry.

Who may see it: anyone, once the resolution has its number and has been published (its publication date has
come, on the council's clock) — :func:`is_public`."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.archive.search.hits import HitRecord
from agenda.errors import NotFound
from agenda.models import Resolution

_SLUG = re.compile(r"^0*(?P<serial>\d{1,4})-(?:(?P<year>\d{4})-)?NQ-HDND$", re.IGNORECASE)


def slug(number: str) -> str:
    """ "05/2026/NQ-HĐND" → "05-2026-NQ-HDND"."""
    return number.replace("/", "-").replace("Đ", "D").replace("đ", "d")


def path_of(record: Resolution | HitRecord) -> str | None:
    """The resolution's permanent address (None while it has no number)."""
    if record.number is None:
        return None
    return f"/nq/{record.council_id}/{record.year}/{slug(record.number)}"


def is_public(record: Resolution, today: dt.date) -> bool:
    return record.number is not None and record.published_on is not None and record.published_on <= today


def find(db: DbSession, council_id: int, year: int, text: str) -> Resolution:
    """The resolution at an address; not found (404) for a malformed one, an unknown one, or one whose year in
    the number is not the address's."""
    match = _SLUG.match(text)
    if match is None or (match["year"] is not None and int(match["year"]) != year):
        raise NotFound("nghị quyết", "Resolution")
    record = db.scalar(
        select(Resolution).where(
            Resolution.council_id == council_id,
            Resolution.year == year,
            Resolution.normative.is_(match["year"] is not None),
            Resolution.serial == int(match["serial"]),
        )
    )
    if record is None:
        raise NotFound("nghị quyết", "Resolution")
    return record

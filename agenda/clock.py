"""The one clock of the domain: today's date, the current time in UTC, and how times are written.

Times are stored as naive UTC (``utcnow``) and sent as ISO 8601 with a ``Z``; dates as ``YYYY-MM-DD``.
"Today" — which delegates are in office, which sitting is open — is :func:`today`, everywhere.
"""

from __future__ import annotations

import datetime as dt

from agenda.errors import DomainError

VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")  # no daylight saving


def utcnow() -> dt.datetime:
    """Now, in UTC, without a time zone (as every time is stored)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def today() -> dt.date:
    """Today's date: the day whose delegates are in office, whose sitting is open."""
    return dt.date.today()


def iso(value: dt.date | dt.datetime | None) -> str | None:
    """A date as ``2026-07-15``; a time to the second, in UTC: ``2026-07-15T08:30:00Z``."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat() + "Z"
    return value.isoformat()


def iso_ms(value: dt.datetime | None) -> str | None:
    """A time to the millisecond: for the countdown timers, which screens compute themselves."""
    return value.isoformat(timespec="milliseconds") + "Z" if value else None


def precise(value: dt.datetime) -> str:
    """A server time to resume a sync from (``?since=``): to the microsecond."""
    return value.isoformat(timespec="microseconds") + "Z"


def parse_time(raw: object, field: str, label: tuple[str, str]) -> dt.datetime:
    """An ISO 8601 time from the wire (``Z`` or an offset, or none for UTC) as naive UTC."""
    if isinstance(raw, str):
        try:
            value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
    raise DomainError(
        f"{label[0][:1].upper()}{label[0][1:]} không hợp lệ.", f"{label[1]} is not a valid time.", field=field
    )

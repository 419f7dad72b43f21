"""The one clock of the domain: now (in UTC), the council's today, how a time is shown, how times are written.

Times are stored as naive UTC (``utcnow``) and sent as ISO 8601 with a ``Z``; dates as ``YYYY-MM-DD``.
Whatever the server's zone, every date or time a person reads — the sitting's day, "khai mạc lúc …", a
confidential copy's stamp, the record, a written answer's due date — is in the council's time zone
(``Council.time_zone``, an IANA name, default :data:`DEFAULT_TIME_ZONE`): :func:`local` turns a stored time
into the council's wall clock, and "today" — which delegates are in office, which sitting is open — is
:func:`today` of the council, everywhere. Tests stand the clock still with :func:`frozen`.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from agenda.errors import DomainError

DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh"  # Vietnam: UTC+7 all year, no daylight saving


class Zoned(Protocol):
    """Anything that has a time zone (a council)."""

    @property
    def time_zone(self) -> str: ...


def _system_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_source: Callable[[], dt.datetime] = _system_now


@contextmanager
def frozen(at: dt.datetime) -> Iterator[None]:
    """The clock stands at ``at`` (with its zone, or naive UTC) while the block runs — for tests."""
    global _source
    instant = (at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at).astimezone(dt.UTC)
    before, _source = _source, lambda: instant
    try:
        yield
    finally:
        _source = before


def utcnow() -> dt.datetime:
    """Now, in UTC, without a time zone (as every time is stored)."""
    return _source().astimezone(dt.UTC).replace(tzinfo=None)


@functools.cache
def zone(name: str) -> zoneinfo.ZoneInfo:
    """The IANA zone named ``name`` (checked when a council's zone is set)."""
    return zoneinfo.ZoneInfo(name)


def _zone_of(where: Zoned | str) -> zoneinfo.ZoneInfo:
    return zone(where if isinstance(where, str) else where.time_zone)


def local(at: dt.datetime, where: Zoned | str) -> dt.datetime:
    """A time on the council's wall clock (``at`` naive UTC, as stored, or with its zone)."""
    return (at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at).astimezone(_zone_of(where))


def today(where: Zoned | str) -> dt.date:
    """The council's today: the day whose delegates are in office, whose sitting is open."""
    return local(utcnow(), where).date()


def written_date(value: dt.date) -> str:
    """A date as people read it: ``02/12/2026``."""
    return f"{value:%d/%m/%Y}"


def written_time(at: dt.datetime, where: Zoned | str) -> str:
    """A time as people read it, on the council's clock: ``23:30 02/12/2026``."""
    return f"{local(at, where):%H:%M %d/%m/%Y}"


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

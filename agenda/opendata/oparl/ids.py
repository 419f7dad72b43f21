"""The addresses of OParl objects and lists, and the type URLs (OParl's and our extension's).

Every object lives under its body: ``/oparl/v1/body/{body}/{kind}/{key}``; its list is
``/oparl/v1/body/{body}/{kind}``. ``key`` is our row's id, prefixed where one kind holds two sorts of row
(a Paper is a draft on an agenda item, ``i12``, or an adopted resolution, ``r5``)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from agenda.clock import zone as zone_of

PREFIX = "/oparl/v1"
OPARL = "https://schema.oparl.org/1.1/"
EXTENSION = "https://kyhop.vn/oparl/ext/1.0/"  # our namespace: types and (prefixed "kyhop:") properties


class Kind(enum.StrEnum):
    """The lists of a body (the address's ``{kind}``) and the type of their objects."""

    BODY = "body"
    TERM = "legislativeTerm"
    ORGANIZATION = "organization"
    PERSON = "person"
    MEMBERSHIP = "membership"
    MEETING = "meeting"
    AGENDA_ITEM = "agendaItem"
    PAPER = "paper"
    CONSULTATION = "consultation"
    FILE = "file"
    LOCATION = "location"
    RESOLUTION = "resolution"
    VOTE = "voteEvent"
    ATTENDANCE = "attendance"

    @property
    def type_url(self) -> str:
        if self in EXTENDED:
            return EXTENSION + self.value[0].upper() + self.value[1:]
        return OPARL + self.value[0].upper() + self.value[1:]


EXTENDED = frozenset({Kind.RESOLUTION, Kind.VOTE, Kind.ATTENDANCE})
BODY_LISTS = tuple(k for k in Kind if k is not Kind.BODY)


@dataclass(frozen=True)
class Urls:
    """The absolute addresses, from the server's base (``https://kyhop.example.vn``)."""

    base: str

    @property
    def system(self) -> str:
        return f"{self.base}{PREFIX}/"

    @property
    def bodies(self) -> str:
        return f"{self.base}{PREFIX}/body"

    def body(self, body: int) -> str:
        return f"{self.base}{PREFIX}/body/{body}"

    def list(self, body: int, kind: Kind) -> str:
        return f"{self.base}{PREFIX}/body/{body}/{kind.value}"

    def obj(self, body: int, kind: Kind, key: object) -> str:
        if kind is Kind.BODY:
            return self.body(body)
        return f"{self.base}{PREFIX}/body/{body}/{kind.value}/{key}"

    def web(self, path: str) -> str:
        return self.base + path


def stamp(at: dt.datetime) -> str:
    """A stored (naive UTC) time as OParl's date-time, to the microsecond: a client passes it back as
    ``modified_since`` and must not miss a change made in the same second."""
    return at.isoformat(timespec="microseconds") + "Z"


def day_start(day: dt.date, zone: str) -> str:
    """A day's start on the council's clock as a date-time with its offset (``2026-07-10T00:00:00+07:00``)."""
    return dt.datetime.combine(day, dt.time(), zone_of(zone)).isoformat()


def day_end(day: dt.date, zone: str) -> str:
    return dt.datetime.combine(day, dt.time(23, 59, 59), zone_of(zone)).isoformat()

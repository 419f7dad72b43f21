"""The OParl API's reads: the System, the Bodies, a body's lists and any object by its address — each list's
first page bringing the ledger up to date (:mod:`agenda.opendata.oparl.ledger`), in a short write transaction
of its own (``writer``: the request itself may be a read-only one)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.clock import utcnow
from agenda.db import Writer, write_apart
from agenda.errors import NotFound
from agenda.models import Council, CouncilLevel, OparlEntry
from agenda.opendata.oparl import council as council_objects
from agenda.opendata.oparl import extensions, meetings, papers
from agenda.opendata.oparl.council import Objects, head
from agenda.opendata.oparl.ids import BODY_LISTS, EXTENDED, EXTENSION, Kind, Urls
from agenda.opendata.oparl.ledger import sync
from agenda.opendata.oparl.lists import Filters, page, shown
from agenda.opendata.oparl.scope import Context

Builder = Callable[[Context, Collection[str] | None], Objects]
VERSION = "https://schema.oparl.org/1.1/"
LEVELS = {
    CouncilLevel.PROVINCE: "HĐND cấp tỉnh",
    CouncilLevel.COMMUNE: "HĐND cấp xã",
    CouncilLevel.DISTRICT: "HĐND cấp huyện (đã giải thể)",
}


def body(ctx: Context, keys: Collection[str] | None = None) -> Objects:
    council = ctx.council
    lists: dict[Kind, str] = {k: ctx.urls.list(ctx.body, k) for k in BODY_LISTS}
    data = {
        **head(ctx, Kind.BODY, ctx.body),
        "system": ctx.urls.system,
        "name": council.name,
        "shortName": council.short_name,
        "classification": LEVELS[council.level],
        "organization": lists[Kind.ORGANIZATION],
        "person": lists[Kind.PERSON],
        "meeting": lists[Kind.MEETING],
        "paper": lists[Kind.PAPER],
        "agendaItem": lists[Kind.AGENDA_ITEM],
        "consultation": lists[Kind.CONSULTATION],
        "file": lists[Kind.FILE],
        "locationList": lists[Kind.LOCATION],
        "legislativeTermList": lists[Kind.TERM],
        "membership": lists[Kind.MEMBERSHIP],
        "legislativeTerm": list(council_objects.terms(ctx).values()),
        **{f"kyhop:{k.value}": lists[k] for k in sorted(EXTENDED)},
        **({"kyhop:abolishedOn": council.abolished_on.isoformat()} if council.abolished_on else {}),
        **({"kyhop:parent": ctx.urls.body(council.parent_id)} if council.parent_id else {}),
    }
    return {str(ctx.body): data}


BUILDERS: Mapping[Kind, Builder] = {
    Kind.BODY: body,
    Kind.TERM: council_objects.terms,
    Kind.ORGANIZATION: council_objects.organizations,
    Kind.PERSON: council_objects.persons,
    Kind.MEMBERSHIP: council_objects.memberships,
    Kind.MEETING: meetings.meetings,
    Kind.AGENDA_ITEM: meetings.agenda_items,
    Kind.FILE: meetings.files,
    Kind.LOCATION: meetings.locations,
    Kind.PAPER: papers.papers,
    Kind.CONSULTATION: papers.consultations,
    Kind.RESOLUTION: extensions.resolutions,
    Kind.VOTE: extensions.vote_events,
    Kind.ATTENDANCE: extensions.attendances,
}


def system(db: DbSession, urls: Urls) -> dict[str, Any]:
    first = db.scalar(select(Council.created_at).order_by(Council.created_at).limit(1))
    return {
        "id": urls.system,
        "type": "https://schema.oparl.org/1.1/System",
        "oparlVersion": VERSION,
        "body": urls.bodies,
        "name": "Kỳ họp số — Hội đồng nhân dân",
        "website": urls.web("/"),
        "vendor": "https://kyhop.vn/",
        "product": "https://kyhop.vn/",
        "kyhop:extension": EXTENSION,
        **({"created": first.isoformat(timespec="seconds") + "Z"} if first else {}),
    }


def find_council(db: DbSession, body_id: int) -> Council:
    council = db.get(Council, body_id)
    if council is None:
        raise NotFound("cơ quan (Body)", "Body")
    return council


class Refreshes:
    """When each list was last brought up to date, so that first pages asked for in a burst (a crawler's, or
    anyone's: the API is open) rebuild a list at most once every ``every`` seconds per process. Nothing is lost
    by waiting: a change is "modified" when first shown, so one not yet shown is in the next sync of every
    client (docs/open-data.md “Deletions and incremental sync”)."""

    def __init__(self, every: float) -> None:
        self.every = every
        self._last: dict[tuple[int | None, Kind], float] = {}
        self._lock = threading.Lock()

    def due(self, body: int | None, kind: Kind) -> bool:
        """True (and the list counted as refreshed from now) when its last refresh is ``every`` seconds old."""
        now = time.monotonic()
        with self._lock:
            last = self._last.get((body, kind))
            if last is not None and now - last < self.every:
                return False
            self._last[(body, kind)] = now
            return True


def list_page(
    db: DbSession,
    writer: Writer,
    urls: Urls,
    body_id: int | None,
    kind: Kind,
    query: Mapping[str, str],
    refreshes: Refreshes | None = None,
) -> dict[str, Any]:
    """A page of a body's list (``body_id`` None and ``kind`` BODY: the list of bodies); its first page
    brings the ledger up to date first (unless ``refreshes`` says it was just now)."""
    filters = Filters.parse(query)
    councils = (
        list(db.scalars(select(Council).order_by(Council.id)))
        if body_id is None
        else [find_council(db, body_id)]
    )
    address = urls.bodies if body_id is None else urls.list(body_id, kind)
    if not filters.first_page or (refreshes is not None and not refreshes.due(body_id, kind)):
        return page(db, body_id, kind, filters, address)
    built = {c.id: BUILDERS[kind](Context.of(db, urls, c), None) for c in councils}

    def record(w: DbSession) -> dict[str, Any]:
        now = utcnow()
        for council_id, objects in built.items():
            sync(w, council_id, kind, objects, now)
        return page(w, body_id, kind, filters, address)

    return write_apart(db, writer, record)


def one(db: DbSession, writer: Writer, urls: Urls, body_id: int, kind: Kind, key: str) -> dict[str, Any]:
    """One object by its address — or its tombstone; an address that never held one: not found (404)."""
    council = find_council(db, body_id)
    objects = BUILDERS[kind](Context.of(db, urls, council), [key])

    def record(w: DbSession) -> OparlEntry | None:
        sync(w, body_id, kind, objects, utcnow(), keys=[key])
        return w.get(OparlEntry, (body_id, kind.value, key))

    entry = write_apart(db, writer, record)
    if entry is None:
        raise NotFound("đối tượng OParl", "OParl object")
    return shown(entry)

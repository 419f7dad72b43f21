"""The ledger of what the OParl API has shown (:class:`agenda.models.OparlEntry`): each object's digest, when it
was first seen (``created``) and last changed (``modified``), and a tombstone once it is gone — no longer there,
or no longer public (a session withdrawn, a document made confidential): it stays in its list as
``{"id", "type", "deleted": true}`` with the time it went, so that a client syncing with ``modified_since``
removes it too.

The ledger is brought up to date from the domain, not by each change: :func:`sync` compares what is public now
with what was shown. A list's first page syncs its whole list (:mod:`agenda.opendata.oparl.service`); an
object asked for by its address syncs that object. A change is then "modified" from the time it was first
seen, which is never earlier than the change itself: a client that starts its next sync from the time its
last one started misses nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zlib
from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session as DbSession

from agenda.models import OparlEntry
from agenda.models.base import table_of
from agenda.opendata.oparl.ids import Kind

Objects = Mapping[str, dict[str, Any]]
LOCK = 150014  # the advisory lock's first key: the ledger's (issue 15, migration 0014)


def digest(data: dict[str, Any]) -> str:
    """SHA-256 of the object as canonical JSON: the same content, the same digest."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


# What a type's schema requires beside id and type: a tombstone keeps it (as last shown) to stay valid.
REQUIRED = {
    "AgendaItem": ("order",),
    "File": ("accessUrl",),
    "Body": ("name", "organization", "person", "meeting", "paper", "legislativeTerm"),
}


def tombstone(data: dict[str, Any]) -> dict[str, Any]:
    """What stays of a deleted object: its id and type, ``deleted``, and what its schema requires."""
    kept = REQUIRED.get(str(data["type"]).rsplit("/", 1)[-1], ())
    return {
        "id": data["id"],
        "type": data["type"],
        **{k: data[k] for k in kept if k in data},
        "deleted": True,
    }


class Changes:
    """What one sync did: counts of objects added, changed, deleted (the bench reports them)."""

    def __init__(self) -> None:
        self.added = 0
        self.changed = 0
        self.deleted = 0

    @property
    def total(self) -> int:
        return self.added + self.changed + self.deleted


def _one_at_a_time(db: DbSession, body: int, kind: Kind) -> None:
    """Two syncs of one list wait for each other: on SQLite the write transaction does it (BEGIN IMMEDIATE); on
    PostgreSQL a transaction-scoped advisory lock on (the ledger, body and list) — two first sightings of the same
    object would otherwise both insert it."""
    if db.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(f"{body}/{kind.value}".encode()) - 2**31
        db.execute(text("SELECT pg_advisory_xact_lock(:ledger, :key)"), {"ledger": LOCK, "key": key})


def sync(
    db: DbSession,
    body: int,
    kind: Kind,
    objects: Objects,
    now: dt.datetime,
    *,
    keys: Collection[str] | None = None,
) -> Changes:
    """Record ``objects`` (what is public of ``kind`` now): the whole list when ``keys`` is None — any entry
    not among them is gone —, else only those keys (one absent from ``objects`` is gone)."""
    _one_at_a_time(db, body, kind)
    e = OparlEntry
    mine = (e.body_id == body, e.kind == kind.value)
    query = select(e.key, e.digest, e.deleted).where(*mine)
    if keys is not None:
        query = query.where(e.key.in_(list(keys)))
    known = {key: (sha, deleted) for key, sha, deleted in db.execute(query)}
    changes = Changes()
    added: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for key, data in objects.items():
        sha = digest(data)
        entry = known.get(key)
        if entry is None:
            added.append(
                {"body_id": body, "kind": kind.value, "key": key, "digest": sha, "data": data}
                | {"created_at": now, "modified_at": now, "deleted": False}
            )
        elif entry[0] != sha or entry[1]:
            changed.append({"kind": kind.value, "key": key, "digest": sha, "data": data, "deleted": False})
    gone = [key for key, (_, deleted) in known.items() if not deleted and key not in objects]
    for key, shown in db.execute(select(e.key, e.data).where(*mine, e.key.in_(gone))) if gone else ():
        data = tombstone(shown)
        changed.append(
            {"kind": kind.value, "key": key, "digest": digest(data), "data": data, "deleted": True}
        )
    if added:
        db.execute(insert(table_of(OparlEntry)), added)
    if changed:
        db.execute(
            update(OparlEntry),
            [{"body_id": body, "modified_at": now} | row for row in changed],
        )
    changes.added = len(added)
    changes.deleted = len(gone)
    changes.changed = len(changed) - len(gone)
    return changes

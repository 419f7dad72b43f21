"""The legal force on a date of the resolutions a search found, for its status facet and filter — computed
(:mod:`agenda.archive.force`), never stored.

The whole archive's statuses on that day (:func:`agenda.archive.links.forces_of_archive`) are computed once
and kept in memory until the archive changes: the key is the day and the archive's fingerprint — the latest
resolution made and the latest change to one (a resolution is never deleted), the number of relations and
the latest made (a relation is only ever added or removed: adding one moves the latest, removing one lowers
the count), each read through an index. A fingerprint read from the database holds across server processes. The first search after a change
pays for the whole archive (about a second at 100,000 resolutions: docs/benchmarks.md); every other reads a
dictionary. (On PostgreSQL two edits committed at the same moment, the later-stamped first, could leave the
facet one change behind until the next edit; a resolution's own page computes its force afresh.)"""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from agenda.archive.force import Force
from agenda.archive.links import forces_of_archive
from agenda.models import Resolution, ResolutionRelation

_CACHE: dict[tuple[str, dt.date, tuple[object, ...]], dict[int, Force]] = {}
_GUARD = threading.Lock()


def fingerprint(db: DbSession) -> tuple[object, ...]:
    # (Resolutions are never deleted, so the latest id and change tell any write — without counting 100,000.
    # One statement, each value its own subquery: two max() in one SELECT read the whole table, where one
    # alone reads the end of its index — 1.9 ms a search at 10,000 resolutions, now 0.2.)
    values = (
        select(func.max(Resolution.id)),
        select(func.max(Resolution.updated_at)),
        select(func.count()).select_from(ResolutionRelation),
        select(func.max(ResolutionRelation.created_at)),
        select(func.max(ResolutionRelation.id)),
    )
    return tuple(db.execute(select(*(v.scalar_subquery() for v in values))).one())


def archive_statuses(
    db: DbSession, day: dt.date, generation: tuple[object, ...] | None = None
) -> dict[int, Force]:
    """The status on ``day`` of every resolution (``generation``: the :func:`fingerprint`, when read already)."""
    key = (str(db.get_bind().engine.url), day, generation if generation is not None else fingerprint(db))
    with _GUARD:
        known = _CACHE.get(key)
    if known is None:
        known = {rid: force.status for rid, force in forces_of_archive(db, day).items()}
        with _GUARD:
            for old in [k for k in _CACHE if k[0] == key[0]]:
                del _CACHE[old]
            _CACHE[key] = known
    return known

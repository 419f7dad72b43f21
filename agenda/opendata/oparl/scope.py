"""What of a council is public, decided once for every OParl object: a session published and public (not a
draft, not a closed sitting — :func:`agenda.access.session_visible` for someone not signed in), a document
published, public (never a confidential one, nor one for delegates) and of such a session, a resolution
numbered and published (:func:`agenda.archive.permalinks.is_public`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session as DbSession

from agenda import clock
from agenda.models import Council, Document, DocumentAccess, Resolution, Session, SessionStatus, Term
from agenda.opendata.oparl.ids import Urls


@dataclass(frozen=True)
class Context:
    """One request's reading of one body: the database, the addresses, the council and its today."""

    db: DbSession
    urls: Urls
    council: Council
    today: dt.date

    @classmethod
    def of(cls, db: DbSession, urls: Urls, council: Council) -> Context:
        return cls(db, urls, council, clock.today(council))

    @property
    def body(self) -> int:
        return self.council.id

    @property
    def zone(self) -> str:
        return self.council.time_zone


def public_session() -> ColumnElement[bool]:
    """A session anyone may see (the anonymous case of :func:`agenda.access.session_visible`)."""
    return and_(Session.status != SessionStatus.DRAFT, Session.is_public.is_(True))


def council_sessions(ctx: Context) -> ColumnElement[bool]:
    return and_(
        public_session(),
        Session.term_id.in_(select(Term.id).where(Term.council_id == ctx.body).scalar_subquery()),
    )


def public_document() -> ColumnElement[bool]:
    """A document anyone may read: published and public (of a public session: join it with
    :func:`public_session`)."""
    return and_(Document.published_at.is_not(None), Document.access == DocumentAccess.PUBLIC)


def public_resolution(today: dt.date) -> ColumnElement[bool]:
    """:func:`agenda.archive.permalinks.is_public` as a condition."""
    return and_(
        Resolution.number.is_not(None),
        Resolution.published_on.is_not(None),
        Resolution.published_on <= today,
    )


def chunked(ids: Collection[int], size: int = 900) -> Iterator[list[int]]:
    """``ids`` in lists short enough for one ``IN (…)`` (SQLite takes a bounded number of parameters)."""
    ordered = sorted(ids)
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


_ID = re.compile(r"[0-9]{1,9}")


def row_id(text: str) -> int | None:
    """A key's row id: ASCII digits that fit an integer column, else None (no such object)."""
    return int(text) if _ID.fullmatch(text) else None


def row_ids(keys: Collection[str] | None, prefix: str = "") -> list[int] | None:
    """The row ids of ``keys`` that start with ``prefix`` (None: every row)."""
    if keys is None:
        return None
    found = (row_id(k[len(prefix) :]) for k in keys if k.startswith(prefix))
    return [i for i in found if i is not None]

"""Atom 1.0 (RFC 4287) feeds of resolutions — one writer for the saved search's feed and each council's feed
of new resolutions: the feed's id, title, updated, its ``self`` and ``alternate`` links; each entry's id (its
permalink), title, updated, published, author, link and summary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from agenda.archive import permalinks
from agenda.archive.search.hits import HitRecord
from agenda.models import Resolution

ATOM_TYPE = "application/atom+xml"
EPOCH = dt.datetime(2000, 1, 1)  # a feed with no entry yet: its "updated"
FEED_SIZE = 50


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    updated: dt.datetime  # naive UTC
    published: dt.datetime
    author: str
    summary: str


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    self_url: str
    page_url: str
    entries: Sequence[Entry]

    @property
    def updated(self) -> dt.datetime:
        return max((e.updated for e in self.entries), default=EPOCH)


def stamp(at: dt.datetime) -> str:
    return f"{at:%Y-%m-%dT%H:%M:%SZ}"


def resolution_entry(record: Resolution | HitRecord, base: str) -> Entry:
    """A published resolution as an entry: its permalink, its number and title, updated when its record
    last changed (publishing it too), published on its publication day."""
    link = base + (permalinks.path_of(record) or "")
    published = record.published_on or record.adopted_on
    return Entry(
        id=link,
        title=f"Nghị quyết {record.number} — {record.title}",
        link=link,
        updated=record.updated_at,
        published=dt.datetime.combine(published, dt.time()),
        author=record.council.name,
        summary=f"{record.council.name}. Thông qua ngày {record.adopted_on:%d/%m/%Y}.",
    )


def atom(feed: Feed) -> bytes:
    entries = "".join(
        "<entry>"
        f"<id>{escape(e.id)}</id>"
        f"<title>{escape(e.title)}</title>"
        f'<link rel="alternate" type="text/html" href={quoteattr(e.link)}/>'
        f"<updated>{stamp(e.updated)}</updated>"
        f"<published>{stamp(e.published)}</published>"
        f"<author><name>{escape(e.author)}</name></author>"
        f"<summary>{escape(e.summary)}</summary>"
        "</entry>"
        for e in feed.entries
    )
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">'
        f"<id>{escape(feed.id)}</id>"
        f"<title>{escape(feed.title)}</title>"
        f'<link rel="self" type="{ATOM_TYPE}" href={quoteattr(feed.self_url)}/>'
        f'<link rel="alternate" type="text/html" href={quoteattr(feed.page_url)}/>'
        f"<updated>{stamp(feed.updated)}</updated>" + entries + "</feed>"
    )
    return xml.encode("utf-8")

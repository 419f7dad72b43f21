"""Files and text as served: the original, or for a confidential document a copy stamped with the reader's name
and the time and hidden-marked (recorded, to trace a leak: :mod:`agenda.documents.tracing`), pages rendered as
images, and the text of the pages (a confidential document's: recorded as a copy too)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import filestore
from agenda.clock import utcnow
from agenda.db import Writer
from agenda.documents import tracing
from agenda.documents.search import PageText, page_texts
from agenda.documents.tracing import reader_name
from agenda.errors import DomainError, NotFound
from agenda.filestore import FileCache
from agenda.models import CopyKind, Document, DocumentAccess, DocumentCopy, DocumentVersion, User
from agenda.pdf.jobs import rendered_page
from agenda.pdf.render import render_failed
from agenda.pdf.stamp import stamp_text, watermark
from agenda.text import fold


def copies_view(db: DbSession, document: Document) -> list[dict[str, Any]]:
    """The copies of a document handed out: who, when, the stamp, PDF or text, the SHA-256 and the mark."""
    numbers = {v.id: v.number for v in document.versions}
    copies = db.scalars(
        select(DocumentCopy)
        .where(DocumentCopy.version_id.in_(list(numbers) or [0]))
        .order_by(DocumentCopy.issued_at, DocumentCopy.id)
    )
    return [tracing.copy_view(c, numbers[c.version_id]) for c in copies]


@dataclass(frozen=True)
class Delivery:
    """The bytes a reader gets: their SHA-256 (the ETag), size, a file name, whether personal (stamped)."""

    sha256: str
    size: int
    filename: str
    personal: bool


def download_name(document: Document, version: DocumentVersion) -> str:
    base = re.sub(r"[^\w\-]+", "-", fold(document.title)[0]).strip("-")[:80] or "tai-lieu"
    return f"{base}-v{version.number}.pdf"


def deliver(
    db: DbSession,
    document: Document,
    version: DocumentVersion,
    user: User | None,
    cache: FileCache,
    writer: Writer = None,
) -> Delivery:
    """Make sure the reader's bytes are in ``cache``; what to send."""
    name = download_name(document, version)
    if document.access != DocumentAccess.CONFIDENTIAL:
        cache.ensure(version.sha256, version.size, lambda: filestore.load(db, version.sha256))
        return Delivery(version.sha256, version.size, name, personal=False)
    if user is None:  # cannot happen: confidential documents are never readable anonymously
        raise NotFound("tài liệu", "Document")
    copy = stamped_copy(db, version, user, cache, writer)
    return Delivery(copy.sha256, copy.size, name.replace(".pdf", "-mat.pdf"), personal=True)


def stamped_copy(
    db: DbSession,
    version: DocumentVersion,
    user: User,
    cache: FileCache,
    writer: Writer = None,
    now: dt.datetime | None = None,
) -> DocumentCopy:
    """This reader's stamped copy of ``version``: the one issued in the last ``tracing.COPY_REUSE`` (identical bytes,
    so downloads resume and ETags hold), else a new one stamped with their name and the time and hidden-marked
    with a new mark (recorded and audited)."""
    now = now or utcnow()
    recent = tracing.recent_copy(db, version, user, CopyKind.PDF, now)
    if recent is not None:
        if cache.has(recent.sha256, recent.size):
            return recent
        content = watermark(filestore.load(db, version.sha256), recent.stamp, recent.mark)
        if filestore.sha256(content) == recent.sha256:  # stamping is reproducible: the same copy again
            cache.put(content)
            return recent
    issued = now.replace(second=0, microsecond=0)
    stamp = stamp_text(reader_name(user), issued, version.document.session.term.council)
    mark = tracing.new_mark(db)
    content = watermark(filestore.load(db, version.sha256), stamp, mark)
    digest, _ = cache.put(content)
    copy = DocumentCopy(
        version_id=version.id,
        user_id=user.id,
        person_id=user.person_id,
        kind=CopyKind.PDF,
        stamp=stamp,
        issued_at=issued,
        sha256=digest,
        size=len(content),
        mark=mark,
    )
    return tracing.record_copy(db, writer, copy, version.document.session_id, user)


@dataclass(frozen=True)
class TextDelivery:
    """The text of the pages a reader gets; ``copy``: the record of a confidential document's (else None:
    anyone who may read it may keep it)."""

    pages: list[PageText]
    copy: DocumentCopy | None


def deliver_text(
    db: DbSession,
    document: Document,
    version: DocumentVersion,
    user: User | None,
    page: int | None = None,
    writer: Writer = None,
) -> TextDelivery:
    """The text of every page of ``version`` (or of page ``page``). A confidential document's words are a copy
    like its file: never without a reader, and recorded for them (:func:`tracing.text_copy`)."""
    if document.access != DocumentAccess.CONFIDENTIAL:
        return TextDelivery(page_texts(db, version, page), None)
    if user is None:  # cannot happen: confidential documents are never readable anonymously
        raise NotFound("tài liệu", "Document")
    every = page_texts(db, version)
    copy = tracing.text_copy(db, document, version, user, [p.text for p in every], writer)
    return TextDelivery([p for p in every if page is None or p.number == page], copy)


class PageImage(NamedTuple):
    tag: str  # the ETag: source SHA-256, page, width and format
    path: Path


def page_image(
    db: DbSession,
    document: Document,
    version: DocumentVersion,
    user: User | None,
    page: int,
    width: int,
    fmt: str,
    cache: FileCache,
    writer: Writer = None,
) -> PageImage:
    """The ETag and file of page ``page`` rendered ``width`` px wide; confidential pages come from the reader's
    stamped copy. Cached by (source SHA-256, page, width, format): anyone asking again for the same page gets
    the file, not a new render; a page that cannot be rendered is remembered and refused at once. Rendered in
    a worker process within the pixel budget (:mod:`agenda.pdf.render`)."""
    if not 1 <= page <= version.page_count:
        raise NotFound(f"trang {page}", f"Page {page}")
    source = deliver(db, document, version, user, cache, writer)
    return rendered_image(cache, source.sha256, page, width, fmt)


def rendered_image(cache: FileCache, sha256: str, page: int, width: int, fmt: str) -> PageImage:
    """Page ``page`` of the file ``sha256`` (already in ``cache``) rendered ``width`` px wide: made once per
    page, width and format, in a render worker; a page that failed is refused at once the next time."""
    tag = f"{sha256}-p{page}-w{width}.{fmt}"
    failed = ("render failed", tag)
    if cache.recall(failed):
        raise render_failed()
    try:
        path = cache.make_once(
            cache.derived(f"{sha256[:2]}/{tag}"),
            lambda: rendered_page(cache.path(sha256), page, width, fmt),
        )
    except DomainError as error:
        if error.code == "render_failed":  # (not "busy": that one may render later)
            cache.remember(failed, True)
        raise
    return PageImage(tag, path)

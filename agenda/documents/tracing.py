"""Tracing confidential documents: every copy handed out is recorded (a stamped PDF, or the text of the pages)
with its reader, audited; a leaked file names its copy by its SHA-256 when untouched, else by the mark hidden
in its pages (:mod:`agenda.pdf.mark`), which removing the visible stamp leaves in place.

What this does and does not protect against: ``docs/confidential-documents.md``."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session as DbSession

from agenda import audit, clock
from agenda.clock import utcnow
from agenda.db import Writer, write_apart
from agenda.models import CopyKind, Document, DocumentCopy, DocumentVersion, User
from agenda.pdf.limits import Limits, Refused, check_size
from agenda.pdf.mark import MARK_LIMIT, read_marks
from agenda.pdf.sniff import sniff
from agenda.pdf.stamp import stamp_text

COPY_REUSE = dt.timedelta(hours=12)  # a copy is handed out again (same bytes, same ETag) this long


def reader_name(user: User) -> str:
    return user.person.full_name if user.person is not None else user.display_name


def recent_copy(
    db: DbSession, version: DocumentVersion, user: User, kind: CopyKind, now: dt.datetime
) -> DocumentCopy | None:
    """The copy of this kind ``user`` was handed in the last ``COPY_REUSE``, if any."""
    return db.scalar(
        select(DocumentCopy)
        .where(
            DocumentCopy.version_id == version.id,
            DocumentCopy.user_id == user.id,
            DocumentCopy.kind == kind,
            DocumentCopy.issued_at >= now - COPY_REUSE,
        )
        .order_by(DocumentCopy.issued_at.desc(), DocumentCopy.id.desc())
        .limit(1)
    )


def new_mark(db: DbSession) -> int:
    """A random mark no copy has yet (48 bits: the odds that two copies ever draw the same are nil, and
    the UNIQUE index would refuse it)."""
    while True:
        mark = secrets.randbelow(MARK_LIMIT - 1) + 1
        if db.scalar(select(DocumentCopy.id).where(DocumentCopy.mark == mark)) is None:
            return mark


def record_copy(
    db: DbSession, writer: Writer, copy: DocumentCopy, session_id: int, user: User
) -> DocumentCopy:
    """Store ``copy`` in a short write transaction of its own (``writer``; a GET reads in a read-only one)
    and audit it: ``document.copy_issued``, with the reader as actor."""

    def record(target: DbSession) -> DocumentCopy:
        target.add(copy)
        target.flush()
        audit.append(
            target,
            "document.copy_issued",
            {
                "copy_id": copy.id,
                "version_id": copy.version_id,
                "kind": copy.kind.value,
                "user_id": copy.user_id,
                "stamp": copy.stamp,
                "sha256": copy.sha256,
            },
            actor=user.username,
            session_id=session_id,
        )
        return copy

    return write_apart(db, writer, record)


def text_copy(
    db: DbSession,
    document: Document,
    version: DocumentVersion,
    user: User,
    texts: Sequence[str],
    writer: Writer = None,
    now: dt.datetime | None = None,
) -> DocumentCopy:
    """The record of ``user`` having the text of ``version`` (``texts``: every page's): the one of the last
    ``COPY_REUSE``, else a new one — as a stamped download is recorded."""
    now = now or utcnow()
    recent = recent_copy(db, version, user, CopyKind.TEXT, now)
    if recent is not None:
        return recent
    issued = now.replace(second=0, microsecond=0)
    content = "\f".join(texts).encode()
    copy = DocumentCopy(
        version_id=version.id,
        user_id=user.id,
        person_id=user.person_id,
        kind=CopyKind.TEXT,
        stamp=stamp_text(reader_name(user), issued, document.session.term.council),
        issued_at=issued,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )
    return record_copy(db, writer, copy, document.session_id, user)


def copy_view(copy: DocumentCopy, version_number: int) -> dict[str, Any]:
    return {
        "id": copy.id,
        "kind": copy.kind.value,
        "version": version_number,
        "user_id": copy.user_id,
        "person_id": copy.person_id,
        "stamp": copy.stamp,
        "issued_at": clock.iso(copy.issued_at),
        "sha256": copy.sha256,
        "size": copy.size,
        "mark": f"{copy.mark:012x}" if copy.mark is not None else None,
    }


# ---- A leaked file ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Leak:
    """What a file found outside says of itself: its SHA-256 and the marks in its pages."""

    sha256: str
    size: int
    marks: tuple[int, ...]


def examine_leak(content: bytes, filename: str = "tệp", limits: Limits | None = None) -> Leak:
    """Read a leaked file (CPU-heavy: from a worker thread). Anything but a readable PDF is refused with
    the reason."""
    limits = limits or Limits.from_env()
    if not content:
        raise Refused("Tệp gửi lên rỗng.", "The file sent is empty.", code="file_empty")
    check_size(content, limits)
    if sniff(content) != "pdf":
        raise Refused(
            f"Tệp “{filename}” không phải PDF. Chỉ truy được nguồn của một bản PDF tài liệu mật.",
            f"“{filename}” is not a PDF. Only a PDF copy of a confidential document can be traced.",
            code="not_pdf",
        )
    return Leak(hashlib.sha256(content).hexdigest(), len(content), tuple(read_marks(content, limits)))


@dataclass(frozen=True)
class Traced:
    """A copy a leaked file came from, and how it was recognised: ``sha256`` (the file as handed out) or
    ``mark`` (the hidden mark: the file was altered, e.g. its stamp removed)."""

    copy: DocumentCopy
    by: str


def trace_leak(db: DbSession, leak: Leak, actor: User | None) -> list[Traced]:
    """The copies ``leak`` came from (none: it was never a stamped copy, or its mark was destroyed —
    printed, rendered to images, retyped). Audited, with who asked and what was found."""
    copies = db.scalars(
        select(DocumentCopy)
        .where(
            DocumentCopy.kind == CopyKind.PDF,
            or_(DocumentCopy.sha256 == leak.sha256, DocumentCopy.mark.in_(list(leak.marks) or [0])),
        )
        .order_by(DocumentCopy.issued_at, DocumentCopy.id)
    ).all()
    by_mark = {c.mark: c for c in copies if c.mark is not None}
    found = [Traced(c, "sha256") for c in copies if c.sha256 == leak.sha256]
    seen = {t.copy.id for t in found}
    found += [Traced(by_mark[m], "mark") for m in leak.marks if m in by_mark and by_mark[m].id not in seen]
    audit.append(
        db,
        "document.leak_traced",
        {
            "sha256": leak.sha256,
            "marks": [f"{m:012x}" for m in leak.marks],
            "copy_ids": [t.copy.id for t in found],
        },
        actor=audit.actor_of(actor),
    )
    return found


def traced_view(db: DbSession, traced: Traced) -> dict[str, Any]:
    """A found copy for the staff: the document, the reader, when, and how it was recognised."""
    copy = traced.copy
    version = db.get(DocumentVersion, copy.version_id)
    assert version is not None  # the foreign key
    document = version.document
    reader = db.get(User, copy.user_id)
    return {
        **copy_view(copy, version.number),
        "recognised_by": traced.by,
        "document": {"id": document.id, "title": document.title, "session_id": document.session_id},
        "reader": None
        if reader is None
        else {"user_id": reader.id, "username": reader.username, "name": reader_name(reader)},
    }

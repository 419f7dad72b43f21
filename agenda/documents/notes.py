"""A delegate's private notes, highlights and bookmarks: saved on the tablet first, synced by client id, the
later edit wins, deletions kept as tombstones so the delegate's other tablets learn of them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, NamedTuple, Self

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from agenda import clock
from agenda.clock import utcnow
from agenda.documents.access import readable_document, readable_documents, require_reader
from agenda.documents.listing import current_version
from agenda.errors import Conflict, DomainError, NotFound
from agenda.inputs import Fields
from agenda.models import Document, DocumentNote, NoteKind, Session, User

_CLIENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


def note_view(note: DocumentNote) -> dict[str, Any]:
    return {
        "id": note.id,
        "client_id": note.client_id,
        "document_id": note.document_id,
        "page": note.page,
        "kind": note.kind.value,
        "text": note.text,
        "color": note.color,
        "rects": note.rects,
        "version_number": note.version_number,
        "deleted": note.deleted,
        "created_at": clock.iso(note.created_at),
        "updated_at": clock.iso(note.updated_at),
        "server_updated_at": clock.precise(note.server_updated_at),
    }


def client_time(raw: Any) -> dt.datetime | None:
    """The tablet's time of an edit (``updated_at``, ISO 8601, as naive UTC); None when not sent."""
    if raw in (None, ""):
        return None
    return clock.parse_time(raw, "updated_at", ("thời điểm sửa", "updated_at"))


def _rects(value: Any) -> tuple[tuple[float, ...], ...] | None:
    if value is None:
        return None
    ok = (
        isinstance(value, list)
        and len(value) <= 200
        and all(
            isinstance(r, list)
            and len(r) == 4
            and all(isinstance(x, (int, float)) and not isinstance(x, bool) and -0.01 <= x <= 1.01 for x in r)
            for r in value
        )
    )
    if not ok:
        raise DomainError(
            "Vùng đánh dấu phải là danh sách [x0, y0, x1, y1] theo tỉ lệ trang (0–1).",
            "rects must be a list of [x0, y0, x1, y1] in page fractions (0–1).",
            field="rects",
        )
    return tuple(tuple(round(float(x), 5) for x in r) for r in value)


_NOTE_FIELDS = frozenset({"page", "kind", "text", "color", "rects", "deleted"})


@dataclass(frozen=True)
class NotePatch:
    """An edit of a note as the tablet sends it: ``given`` names the fields it sent (an edit of a stored
    note changes only those; a new note takes the others' defaults); ``updated_at`` is the tablet's time
    of the edit (None: not sent, the server's)."""

    given: frozenset[str]
    updated_at: dt.datetime | None = None
    page: int | None = None
    kind: NoteKind = NoteKind.NOTE
    text: str | None = None
    color: str | None = None
    rects: tuple[tuple[float, ...], ...] | None = None
    deleted: bool = False

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(
            given=_NOTE_FIELDS & set(f.data),
            updated_at=client_time(f.data.get("updated_at")),
            page=f.integer("page", ("trang", "page"), required=f.has("page"), minimum=1, maximum=100_000),
            kind=f.choice("kind", ("loại ghi chú", "kind"), NoteKind, required=False) or NoteKind.NOTE,
            text=f.text("text", ("nội dung ghi chú", "note text"), required=False, max_length=10_000),
            color=f.text("color", ("màu", "color"), required=False, max_length=20),
            rects=_rects(f.data.get("rects")),
            deleted=bool(f.boolean("deleted", ("đã xóa", "deleted"), default=False)),
        )

    @classmethod
    def tombstone(cls, updated_at: dt.datetime | None) -> Self:
        return cls(given=frozenset({"deleted"}), updated_at=updated_at, deleted=True)


@dataclass(frozen=True)
class NoteInput:
    """A note saved by its ``client_id`` (the id the tablet gave it), and what it says."""

    client_id: str
    note: NotePatch

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        client_id = f.text("client_id", ("mã ghi chú trên máy", "client id"), max_length=64)
        if not _CLIENT_ID.match(client_id):
            raise DomainError(
                "Mã ghi chú chỉ gồm chữ, số và - _ . : (tối đa 64 ký tự).",
                "client_id may hold letters, digits and - _ . : (64 at most).",
                field="client_id",
            )
        return cls(client_id, NotePatch.parse(data))


def _apply_note(note: DocumentNote, patch: NotePatch, *, creating: bool) -> None:
    given = _NOTE_FIELDS if creating else patch.given
    if "page" in given:
        if patch.page is None:
            raise DomainError("Vui lòng nhập trang.", "Page is required.", code="required", field="page")
        note.page = patch.page
    if "kind" in given:
        note.kind = patch.kind
    if "text" in given:
        note.text = patch.text
    if "color" in given:
        note.color = patch.color
    if "rects" in given:
        note.rects = None if patch.rects is None else [list(r) for r in patch.rects]
    if "deleted" in patch.given:
        note.deleted = patch.deleted


class SavedNote(NamedTuple):
    note: DocumentNote
    created: bool  # False: the client id was known (the note is the stored one, updated if newer)


def save_note(db: DbSession, document: Document, user: User | None, sent: NoteInput) -> SavedNote:
    """Create a note, or — same ``client_id`` again — apply it to the one already stored if it is newer
    (last writer wins on ``updated_at``)."""
    person_id = require_reader(user)
    client_id = sent.client_id
    now = utcnow()
    when = _edit_time(sent.note, now)
    note = db.scalar(
        select(DocumentNote).where(DocumentNote.person_id == person_id, DocumentNote.client_id == client_id)
    )
    if note is not None:
        if note.document_id != document.id:
            raise Conflict(
                "Mã ghi chú này đã dùng cho tài liệu khác.",
                "This client_id belongs to another document.",
                field="client_id",
            )
        _apply_if_newer(note, sent.note, when, now)
        return SavedNote(note, False)
    note = DocumentNote(
        document_id=document.id,
        person_id=person_id,
        client_id=client_id,
        deleted=False,
        version_number=current_version(document).number,
        created_at=when,
        updated_at=when,
        server_updated_at=now,
    )
    _apply_note(note, sent.note, creating=True)
    try:
        with db.begin_nested():
            db.add(note)
    except IntegrityError:  # the same note arrived twice at once: keep the first
        note = db.scalar(
            select(DocumentNote).where(
                DocumentNote.person_id == person_id, DocumentNote.client_id == client_id
            )
        )
        assert note is not None
        return SavedNote(note, False)
    return SavedNote(note, True)


def _edit_time(patch: NotePatch, now: dt.datetime) -> dt.datetime:
    """The tablet's time of the edit, never later than the server's clock."""
    return now if patch.updated_at is None else min(patch.updated_at, now)


def _apply_if_newer(note: DocumentNote, patch: NotePatch, when: dt.datetime, now: dt.datetime) -> bool:
    if when <= note.updated_at:
        return False  # an older (or the same) edit: the stored note stands
    _apply_note(note, patch, creating=False)
    note.updated_at = when
    note.server_updated_at = now
    return True


def own_note(db: DbSession, note_id: int, user: User | None) -> DocumentNote:
    person_id = require_reader(user)
    note = db.get(DocumentNote, note_id)
    if note is None or note.person_id != person_id:
        raise NotFound("ghi chú", "Note")
    readable_document(db, note.document_id, user)
    return note


def update_note(db: DbSession, note: DocumentNote, patch: NotePatch) -> DocumentNote:
    now = utcnow()
    _apply_if_newer(note, patch, _edit_time(patch, now), now)
    db.flush()
    return note


def delete_note(db: DbSession, note: DocumentNote, updated_at: dt.datetime | None) -> DocumentNote:
    """Deleting leaves a tombstone (``deleted``) so the delegate's other tablets learn of it; ``updated_at``
    is the tablet's time of the deletion."""
    return update_note(db, note, NotePatch.tombstone(updated_at))


def list_notes(
    db: DbSession,
    user: User | None,
    *,
    document: Document | None = None,
    session: Session | None = None,
    since: dt.datetime | None = None,
) -> list[DocumentNote]:
    """My notes on a document or a whole session; with ``since`` (server time) also deletions, for sync."""
    person_id = require_reader(user)
    stmt = select(DocumentNote).where(DocumentNote.person_id == person_id)
    if document is not None:
        stmt = stmt.where(DocumentNote.document_id == document.id)
    if session is not None:
        stmt = stmt.join(Document, Document.id == DocumentNote.document_id).where(
            Document.session_id == session.id
        )
    if since is not None:
        stmt = stmt.where(DocumentNote.server_updated_at > since)
    else:
        stmt = stmt.where(DocumentNote.deleted.is_(False))
    notes = list(db.scalars(stmt.order_by(DocumentNote.document_id, DocumentNote.page, DocumentNote.id)))
    if document is not None:
        return notes
    readable = {d.id for d in readable_documents(db, session, user)} if session is not None else None
    return [n for n in notes if readable is None or n.document_id in readable]


def parse_since(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    return clock.parse_time(value, "since", ("thời điểm “since”", "“since”"))

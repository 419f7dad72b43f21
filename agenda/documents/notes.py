"""A delegate's private notes, highlights and bookmarks: saved on the tablet first, synced by client id, the
later edit wins, deletions kept as tombstones so the delegate's other tablets learn of them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

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


def _client_time(f: Fields, now: dt.datetime) -> dt.datetime:
    """The tablet's time of the edit (``updated_at``), never later than the server's clock."""
    raw = f.data.get("updated_at")
    if raw in (None, ""):
        return now
    if not isinstance(raw, str):
        raise DomainError(
            "Thời điểm sửa không hợp lệ.", "updated_at is not a valid time.", field="updated_at"
        )
    try:
        value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise DomainError(
            "Thời điểm sửa không hợp lệ.", "updated_at is not a valid time.", field="updated_at"
        ) from None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return min(value, now)


def _rects(value: Any) -> list[list[float]] | None:
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
    return [[round(float(x), 5) for x in r] for r in value]


def _apply_note(note: DocumentNote, f: Fields, *, creating: bool) -> None:
    if creating or f.has("page"):
        note.page = f.integer("page", ("trang", "page"), minimum=1, maximum=100_000)
    if creating or f.has("kind"):
        note.kind = f.choice("kind", ("loại ghi chú", "kind"), NoteKind, required=False) or NoteKind.NOTE
    if creating or f.has("text"):
        note.text = f.text("text", ("nội dung ghi chú", "note text"), required=False, max_length=10_000)
    if creating or f.has("color"):
        note.color = f.text("color", ("màu", "color"), required=False, max_length=20)
    if creating or f.has("rects"):
        note.rects = _rects(f.data.get("rects"))
    if f.has("deleted"):
        note.deleted = bool(f.boolean("deleted", ("đã xóa", "deleted"), default=False))


def save_note(db: DbSession, document: Document, user: User | None, data: Any) -> tuple[DocumentNote, bool]:
    """Create a note, or — same ``client_id`` again — apply it to the one already stored if it is newer
    (last writer wins on ``updated_at``); (note, created)."""
    person_id = require_reader(user)
    f = Fields(data)
    client_id = f.text("client_id", ("mã ghi chú trên máy", "client id"), max_length=64)
    if not _CLIENT_ID.match(client_id):
        raise DomainError(
            "Mã ghi chú chỉ gồm chữ, số và - _ . : (tối đa 64 ký tự).",
            "client_id may hold letters, digits and - _ . : (64 at most).",
            field="client_id",
        )
    now = utcnow()
    when = _client_time(f, now)
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
        _apply_if_newer(note, f, when, now)
        return note, False
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
    _apply_note(note, f, creating=True)
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
        return note, False
    return note, True


def _apply_if_newer(note: DocumentNote, f: Fields, when: dt.datetime, now: dt.datetime) -> bool:
    if when <= note.updated_at:
        return False  # an older (or the same) edit: the stored note stands
    _apply_note(note, f, creating=False)
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


def update_note(db: DbSession, note: DocumentNote, data: Any) -> DocumentNote:
    f = Fields(data)
    now = utcnow()
    _apply_if_newer(note, f, _client_time(f, now), now)
    db.flush()
    return note


def delete_note(db: DbSession, note: DocumentNote, updated_at: str | None) -> DocumentNote:
    """Deleting leaves a tombstone (``deleted``) so the delegate's other tablets learn of it."""
    return update_note(db, note, {"deleted": True, "updated_at": updated_at})


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
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise DomainError(
            "Thời điểm “since” không hợp lệ.", "“since” is not a valid time.", field="since"
        ) from None
    return parsed.astimezone(dt.UTC).replace(tzinfo=None) if parsed.tzinfo else parsed

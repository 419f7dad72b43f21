"""A delegate's reading progress and private notes, and the secretary's read receipts."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from agenda import clock
from agenda.access import DELEGATES, RUNNERS
from agenda.council import sessions
from agenda.documents import access, listing, notes, receipts
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import DATETIME, INT, STR, array, obj, patch, reply, with_props
from session_server.wire.documents import NOTE, READING, RECEIPTS

api = Api()
SINCE = {
    "since": {**DATETIME, "description": "A server_time given before: what changed since (deletions too)"}
}
NOTES = reply(notes=array(NOTE), server_time=DATETIME)


NOTE_FIELDS: dict[str, Any] = dict(
    client_id=STR,
    page=INT,
    kind={"enum": ["note", "highlight", "bookmark"]},
    text=STR,
    color=STR,
    rects={"type": "array"},
    deleted={"type": "boolean"},
    updated_at={"type": "string", "format": "date-time"},
)
NOTE_BODY = obj(["client_id", "page"], **NOTE_FIELDS)


@api.endpoint(
    "POST",
    "/api/documents/{document_id}/progress",
    summary="A delegate's reading progress: page (open now), pages_seen (since the last report)",
    roles=DELEGATES,
    tag="documents",
    body=obj(["page"], page=INT, pages_seen={"type": "array", "items": INT}),
    own=True,
    returns=with_props(READING, document_id=INT),
)
def document_progress(call: Call) -> dict[str, Any]:
    document = access.readable_document(call.db, call.path["document_id"], call.user)
    progress = receipts.ReadingProgress.parse(call.body)
    receipt = receipts.record_progress(call.db, document, call.user, progress)
    return {
        "document_id": document.id,
        **receipts.receipt_view(receipt, listing.current_version(document)),
    }


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/read-receipts",
    summary="Who has opened and read each published "
    "document: per delegate in office, first opened, pages seen, đã đọc / chưa đọc",
    roles=RUNNERS,
    tag="documents",
    returns=RECEIPTS,
)
def read_receipts(call: Call) -> dict[str, Any]:
    session = sessions.get_session(call.db, call.path["session_id"])
    return receipts.read_receipts(call.db, session)


def _notes_answer(call: Call, **scope: Any) -> dict[str, Any]:
    """The caller's notes in ``scope`` (a document or a session); with ?since= also deletions, for sync."""
    since = notes.parse_since(call.request.query_params.get("since"))
    found = notes.list_notes(call.db, call.user, since=since, **scope)
    return {
        "notes": [notes.note_view(n) for n in found],
        "server_time": clock.precise(clock.utcnow()),
    }


@api.endpoint(
    "GET",
    "/api/documents/{document_id}/notes",
    summary="My notes, highlights and bookmarks on a document (?since= server time: also deletions)",
    roles=DELEGATES,
    tag="documents",
    query=SINCE,
    returns=NOTES,
)
def list_document_notes(call: Call) -> dict[str, Any]:
    return _notes_answer(
        call, document=access.readable_document(call.db, call.path["document_id"], call.user)
    )


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/notes",
    summary="My notes on every document of a session "
    "(?since= server time: also deletions) — what a tablet syncs",
    roles=DELEGATES,
    tag="documents",
    query=SINCE,
    returns=NOTES,
)
def list_session_notes(call: Call) -> dict[str, Any]:
    return _notes_answer(call, session=sessions.visible_session(call.db, call.path["session_id"], call.user))


@api.endpoint(
    "POST",
    "/api/documents/{document_id}/notes",
    summary="Save a note by its client_id: created once "
    "(201), the same client_id again updates it if its updated_at is newer (200)",
    roles=DELEGATES,
    tag="documents",
    body=NOTE_BODY,
    status=201,
    own=True,
    returns=NOTE,
    also={200: "Updated: a note of this client_id was saved before"},
)
def save_note(call: Call) -> Response | dict[str, Any]:
    document = access.readable_document(call.db, call.path["document_id"], call.user)
    note, created = notes.save_note(call.db, document, call.user, notes.NoteInput.parse(call.body))
    call.db.flush()
    view = notes.note_view(note)
    return view if created else JSONResponse(view, status_code=200)


@api.endpoint(
    "PATCH",
    "/api/notes/{note_id}",
    summary="Edit my note (applied if updated_at is newer than the stored one — last writer wins)",
    roles=DELEGATES,
    tag="documents",
    body=patch(**NOTE_FIELDS),
    own=True,
    returns=NOTE,
)
def update_note(call: Call) -> dict[str, Any]:
    note = notes.own_note(call.db, call.path["note_id"], call.user)
    return notes.note_view(notes.update_note(call.db, note, notes.NotePatch.parse(call.body)))


@api.endpoint(
    "DELETE",
    "/api/notes/{note_id}",
    summary="Delete my note (kept as a tombstone for sync; ?updated_at= the tablet's time of the deletion)",
    roles=DELEGATES,
    tag="documents",
    own=True,
    query={"updated_at": {**DATETIME, "description": "The tablet's time of the deletion"}},
    returns=NOTE,
)
def delete_note(call: Call) -> dict[str, Any]:
    note = notes.own_note(call.db, call.path["note_id"], call.user)
    deleted_at = notes.client_time(call.request.query_params.get("updated_at"))
    return notes.note_view(notes.delete_note(call.db, note, deleted_at))

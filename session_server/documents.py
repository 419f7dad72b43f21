"""The HTTP endpoints of session documents (issue 4): upload and manage, publish, download (ETag, Range),
the session pack, page images and text for the reader, search, notes and read receipts.

The rules live in :mod:`agenda.documents`; handlers pick the function, check the caller may know the
thing exists (else 404), and shape the answer. Files are served from the content-addressed disk cache
(:mod:`agenda.filestore`) by :class:`~session_server.fileserve.FastFileResponse` — ``sendfile(2)`` where
the server allows it — which answers ``Range`` as Starlette's ``FileResponse`` does (206, 416, If-Range);
``If-None-Match`` is answered here with 304 against the strong ETag — the SHA-256 of exactly the bytes
sent (a confidential document's stamped copy has its own, per reader).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from agenda import council, documents, filestore, pdfwork
from agenda.documents import Upload
from agenda.errors import NotFound
from agenda.filestore import FileCache
from agenda.inputs import Fields
from agenda.models import Role
from session_server.actions import RUNNERS
from session_server.api import api
from session_server.fileserve import FastFileResponse
from session_server.http import EDITORS, PUBLIC, Call

DELEGATES = frozenset({Role.DELEGATE})
FORM_LIMIT = pdfwork.Limits.from_env().max_bytes + 2 * pdfwork.MB  # the file and the form's other fields
IMAGE_WIDTHS = (100, 2400)  # rendered widths are rounded up to a multiple of 100 within these bounds

_STR = {"type": "string"}
_INT = {"type": "integer"}
_DOC_TYPES = {"enum": [t.value for t in documents.DocumentType]}
_ACCESS = {"enum": [a.value for a in documents.DocumentAccess]}
_FILE = {"type": "string", "format": "binary"}


def _obj(required: list[str], **props: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": props}


UPLOAD_BODY = _obj(
    ["file"],
    file=_FILE,
    title=_STR,
    doc_type=_DOC_TYPES,
    agenda_item_id=_INT,
    access=_ACCESS,
    position=_INT,
    publish={"type": "boolean"},
)
NOTE_BODY = _obj(
    ["client_id", "page"],
    client_id=_STR,
    page=_INT,
    kind={"enum": ["note", "highlight", "bookmark"]},
    text=_STR,
    color=_STR,
    rects={"type": "array"},
    deleted={"type": "boolean"},
    updated_at={"type": "string", "format": "date-time"},
)


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def _cache(call: Call) -> FileCache:
    state = call.request.app.state
    cache = getattr(state, "file_cache", None)
    if cache is None:
        cache = FileCache(filestore.root_for(call.settings.database_url))
        state.file_cache = cache
    return cache


def _writer(call: Call) -> sessionmaker[DbSession]:
    """GET requests run in a read-only transaction (on SQLite); what they record — a built pack, a stamped
    copy handed out — is written in a short transaction of its own."""
    return call.request.app.state.db


def _numbers(call: Call, document: documents.Document) -> dict[int, str]:
    return {i.id: n for n, i in council.numbered_items(document.session)}


def _view(call: Call, document: documents.Document) -> dict[str, Any]:
    out = documents.document_view(document, _numbers(call, document), staff=call.is_staff)
    progress = documents.my_progress(call.db, document, call.user)
    if progress is not None:
        out["my_progress"] = progress
    return out


def _etag_matches(header: str | None, etag: str) -> bool:
    """If-None-Match uses the weak comparison: W/"x" matches "x"; * matches anything."""
    if not header:
        return False
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == etag:
            return True
    return False


def _serve_file(
    request: Request, path: Path, tag: str, media_type: str, filename: str | None = None
) -> Response:
    etag = f'"{tag}"'
    headers = {"etag": etag, "cache-control": "private, no-cache", "accept-ranges": "bytes"}
    if _etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    response: FileResponse = FastFileResponse(
        path,
        media_type=media_type,
        headers=headers,
        filename=filename,
        content_disposition_type="inline",
        stat_result=path.stat(),
    )
    return response


def _deliver(call: Call, document: documents.Document, version: documents.DocumentVersion) -> Response:
    cache = _cache(call)
    delivery = documents.deliver(call.db, document, version, call.user, cache, _writer(call))
    return _serve_file(
        call.request, cache.path(delivery.sha256), delivery.sha256, "application/pdf", delivery.filename
    )


def _check_upload(body: dict[str, Any]) -> dict[str, Any]:
    """Runs before the transaction (``prepare=``): the file is checked, converted and its text extracted
    while the database is free; the handler gets ``file`` as (file name, :class:`ProcessedFile`)."""
    fields = dict(body)
    upload = Upload.from_form(fields.pop("file", None))
    return {**fields, "file": (upload.filename, documents.process_upload(upload))}


def _processed(call: Call) -> tuple[dict[str, Any], str, documents.ProcessedFile]:
    fields = dict(call.body)
    filename, processed = fields.pop("file")
    return fields, filename, processed


def _query_int(
    call: Call, key: str, label: tuple[str, str], default: int | None = None, **bounds: int
) -> Any:
    raw = call.request.query_params.get(key)
    if raw is None or raw == "":
        return default
    return Fields({key: raw}).integer(key, label, **bounds)


def _version(call: Call, document: documents.Document) -> documents.DocumentVersion:
    number = _query_int(call, "version", ("phiên bản", "version"), minimum=1)
    return (
        documents.current_version(document) if number is None else documents.version_number(document, number)
    )


# ---------------------------------------------------------------------------------------------
# Upload and manage (secretary, admin)
# ---------------------------------------------------------------------------------------------


@api.endpoint(
    "POST",
    "/api/sessions/{session_id}/documents",
    summary="Upload a document (multipart form: file — PDF, "
    "or Word when LibreOffice is installed —, title, doc_type, agenda_item_id, access, position, publish). "
    "Refused with the reason, storing nothing: damaged, encrypted, empty, oversized, not a PDF, "
    "decompression bomb",
    roles=EDITORS,
    tag="documents",
    body=UPLOAD_BODY,
    status=201,
    form=True,
    max_bytes=FORM_LIMIT,
    prepare=_check_upload,
)
def upload_document(call: Call) -> dict[str, Any]:
    session = council.get_session(call.db, call.path["session_id"])
    fields, filename, processed = _processed(call)
    publish = str(fields.pop("publish", "")).lower() in ("1", "true", "yes", "on")
    document = documents.add_document(call.db, session, fields, processed, filename, call.user)
    if publish:
        documents.publish_documents(call.db, session, [document], call.user)
    return _view(call, document)


@api.endpoint(
    "POST",
    "/api/documents/{document_id}/versions",
    summary="Replace a document's file (multipart form: "
    "file); earlier versions are kept; tablets are told if it is published",
    roles=EDITORS,
    tag="documents",
    body=_obj(["file"], file=_FILE),
    status=201,
    form=True,
    max_bytes=FORM_LIMIT,
    prepare=_check_upload,
)
def upload_version(call: Call) -> dict[str, Any]:
    document = documents.get_document(call.db, call.path["document_id"])
    _, filename, processed = _processed(call)
    documents.add_version(call.db, document, processed, filename, call.user)
    return _view(call, document)


@api.endpoint(
    "PATCH",
    "/api/documents/{document_id}",
    summary="Edit a document: title, doc_type, access, "
    "agenda_item_id, position, current_version (go back to an earlier file)",
    roles=EDITORS,
    tag="documents",
    body=_obj(
        [],
        title=_STR,
        doc_type=_DOC_TYPES,
        access=_ACCESS,
        agenda_item_id=_INT,
        position=_INT,
        current_version=_INT,
    ),
)
def update_document(call: Call) -> dict[str, Any]:
    document = documents.get_document(call.db, call.path["document_id"])
    return _view(call, documents.update_document(call.db, document, call.body, call.user))


@api.endpoint(
    "DELETE",
    "/api/documents/{document_id}",
    summary="Delete a document not yet published",
    roles=EDITORS,
    tag="documents",
)
def delete_document(call: Call) -> dict[str, Any]:
    document = documents.get_document(call.db, call.path["document_id"])
    documents.delete_document(call.db, document, call.user)
    return {"deleted": call.path["document_id"]}


@api.endpoint(
    "POST",
    "/api/documents/{document_id}/publish",
    summary="Publish one document; tablets are told over the realtime channel (event `documents`)",
    roles=EDITORS,
    tag="documents",
)
def publish_document(call: Call) -> dict[str, Any]:
    document = documents.get_document(call.db, call.path["document_id"])
    fresh = documents.publish_documents(call.db, document.session, [document], call.user)
    return {**_view(call, document), "newly_published": bool(fresh)}


@api.endpoint(
    "POST",
    "/api/documents/{document_id}/withdraw",
    summary="Withdraw a published document (reason "
    "optional): delegates can no longer open it, tablets are told (event `documents`, change "
    "`withdrawn`) and drop their offline copy; publishing it again gives it back",
    roles=EDITORS,
    tag="documents",
    body=_obj([], reason=_STR),
)
def withdraw_document(call: Call) -> dict[str, Any]:
    document = documents.get_document(call.db, call.path["document_id"])
    reason = call.body.get("reason") if isinstance(call.body, dict) else None
    return _view(call, documents.withdraw_document(call.db, document, reason, call.user))


@api.endpoint(
    "POST",
    "/api/sessions/{session_id}/documents/publish",
    summary="Publish the session's documents "
    "(all not yet published, or `document_ids`); one `documents` event",
    roles=EDITORS,
    tag="documents",
    body=_obj([], document_ids={"type": "array", "items": _INT}),
)
def publish_session_documents(call: Call) -> dict[str, Any]:
    session = council.get_session(call.db, call.path["session_id"])
    chosen = documents.session_documents(call.db, session)
    if isinstance(call.body, dict) and call.body.get("document_ids") is not None:
        ids = set(Fields(call.body).id_list("document_ids", ("danh sách tài liệu", "document ids")))
        unknown = ids - {d.id for d in chosen}
        if unknown:
            raise NotFound("tài liệu trong kỳ họp này", "Document of this session")
        chosen = [d for d in chosen if d.id in ids]
    fresh = documents.publish_documents(call.db, session, chosen, call.user)
    return {"published": [d.id for d in fresh], **documents.documents_view(call.db, session, call.user)}


@api.endpoint(
    "GET",
    "/api/documents/{document_id}/copies",
    summary="Stamped copies of a confidential document "
    "handed out (who, when, SHA-256) — to trace a leaked file",
    roles=EDITORS,
    tag="documents",
)
def document_copies(call: Call) -> dict[str, Any]:
    document = documents.get_document(call.db, call.path["document_id"])
    return {"document_id": document.id, "copies": documents.copies_view(call.db, document)}


# ---------------------------------------------------------------------------------------------
# Reading: lists, files, the pack
# ---------------------------------------------------------------------------------------------


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/documents",
    summary="The session's documents the caller may read, "
    "in agenda order, with their versions (staff: also unpublished ones)",
    roles=PUBLIC,
    tag="documents",
)
def list_documents(call: Call) -> dict[str, Any]:
    session = documents.visible_session(call.db, call.path["session_id"], call.user)
    return documents.documents_view(call.db, session, call.user)


@api.endpoint(
    "GET",
    "/api/documents/{document_id}",
    summary="One document (for a delegate with `my_progress`)",
    roles=PUBLIC,
    tag="documents",
)
def get_document(call: Call) -> dict[str, Any]:
    return _view(call, documents.readable_document(call.db, call.path["document_id"], call.user))


@api.endpoint(
    "GET",
    "/api/documents/{document_id}/file",
    summary="The document's current PDF (confidential: a copy "
    "stamped with the reader's name and the time). Strong ETag, If-None-Match → 304, Range → 206",
    roles=PUBLIC,
    tag="documents",
    response="application/pdf",
)
def document_file(call: Call) -> Response:
    document = documents.readable_document(call.db, call.path["document_id"], call.user)
    return _deliver(call, document, documents.current_version(document))


@api.endpoint(
    "GET",
    "/api/documents/{document_id}/versions/{number}/file",
    summary="One version's PDF (as `…/file`)",
    roles=PUBLIC,
    tag="documents",
    response="application/pdf",
)
def version_file(call: Call) -> Response:
    document = documents.readable_document(call.db, call.path["document_id"], call.user)
    raw = str(call.path["number"])
    if not raw.isdigit():
        raise NotFound("phiên bản", "Version")
    return _deliver(call, document, documents.version_number(document, int(raw)))


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/pack.pdf",
    summary="The session pack: cover with agenda and QR code, "
    "then every published document the caller may read (never confidential ones) in agenda order, "
    "bookmarked per item and document. Rebuilt only when its content changes",
    roles=PUBLIC,
    tag="documents",
    response="application/pdf",
)
def session_pack(call: Call) -> Response:
    plan = documents.plan_pack(
        call.db,
        call.path["session_id"],
        call.user,
        call.settings.base_url(call.request),
        call.request.app.state.pack_plans,
    )
    cache = _cache(call)
    pack = documents.session_pack(call.db, plan, cache, _writer(call))
    return _serve_file(
        call.request,
        cache.path(pack.sha256),
        pack.sha256,
        "application/pdf",
        f"tai-lieu-ky-hop-{plan.session_number}.pdf",
    )


# ---------------------------------------------------------------------------------------------
# The reader: page images, text, search
# ---------------------------------------------------------------------------------------------

_IMAGE_NAME = re.compile(r"^(\d{1,6})\.(png|webp)$")


@api.endpoint(
    "GET",
    "/api/documents/{document_id}/pages/{image}",
    summary="A page as an image: `3.png` or `3.webp`, "
    "?width= pixels (100–2400, rounded up to 100; default 1200), ?version=; confidential pages carry "
    "the reader's stamp",
    roles=PUBLIC,
    tag="documents",
    response="image/png",
)
def page_image(call: Call) -> Response:
    document = documents.readable_document(call.db, call.path["document_id"], call.user)
    match = _IMAGE_NAME.match(str(call.path["image"]))
    if match is None:
        raise NotFound("trang", "Page")
    page, fmt = int(match.group(1)), match.group(2)
    width = _query_int(call, "width", ("độ rộng", "width"), 1200, minimum=1, maximum=10_000)
    width = min(IMAGE_WIDTHS[1], max(IMAGE_WIDTHS[0], -(-width // 100) * 100))
    tag, path = documents.page_image(
        call.db, document, _version(call, document), call.user, page, width, fmt, _cache(call), _writer(call)
    )
    return _serve_file(call.request, path, tag, pdfwork.IMAGE_FORMATS[fmt])


@api.endpoint(
    "GET",
    "/api/documents/{document_id}/text",
    summary="The text of every page, or of ?page=n (?version=)",
    roles=PUBLIC,
    tag="documents",
)
def document_text(call: Call) -> dict[str, Any]:
    document = documents.readable_document(call.db, call.path["document_id"], call.user)
    version = _version(call, document)
    page = _query_int(call, "page", ("trang", "page"), minimum=1, maximum=version.page_count)
    pages = documents.page_texts(call.db, version, page)
    return {
        "document_id": document.id,
        "version": version.number,
        "page_count": version.page_count,
        "pages": [{"page": n, "text": t} for n, t in pages],
    }


@api.endpoint(
    "GET",
    "/api/documents/{document_id}/search",
    summary="Search inside a document (?q=, ?version=): "
    "pages with hits and snippets; case-insensitive, and without diacritics when typed without them",
    roles=PUBLIC,
    tag="documents",
)
def search_document(call: Call) -> dict[str, Any]:
    document = documents.readable_document(call.db, call.path["document_id"], call.user)
    version = _version(call, document)
    query = call.request.query_params.get("q", "")
    mode, hits = documents.search(documents.page_texts(call.db, version), query)
    return {
        "document_id": document.id,
        "version": version.number,
        "query": query,
        "mode": mode,
        "total": sum(h.count for h in hits),
        "pages": [{"page": h.page, "count": h.count, "snippets": h.snippets} for h in hits],
    }


# ---------------------------------------------------------------------------------------------
# Delegates: progress, notes
# ---------------------------------------------------------------------------------------------


@api.endpoint(
    "POST",
    "/api/documents/{document_id}/progress",
    summary="A delegate's reading progress: page (open now), pages_seen (since the last report)",
    roles=DELEGATES,
    tag="documents",
    body=_obj(["page"], page=_INT, pages_seen={"type": "array", "items": _INT}),
    own=True,
)
def document_progress(call: Call) -> dict[str, Any]:
    document = documents.readable_document(call.db, call.path["document_id"], call.user)
    receipt = documents.record_progress(call.db, document, call.user, call.body)
    return {
        "document_id": document.id,
        **documents.receipt_view(receipt, documents.current_version(document)),
    }


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/read-receipts",
    summary="Who has opened and read each published "
    "document: per delegate in office, first opened, pages seen, đã đọc / chưa đọc",
    roles=RUNNERS,
    tag="documents",
)
def read_receipts(call: Call) -> dict[str, Any]:
    session = council.get_session(call.db, call.path["session_id"])
    return documents.read_receipts(call.db, session)


def _notes_answer(call: Call, **scope: Any) -> dict[str, Any]:
    """The caller's notes in ``scope`` (a document or a session); with ?since= also deletions, for sync."""
    since = documents.parse_since(call.request.query_params.get("since"))
    notes = documents.list_notes(call.db, call.user, since=since, **scope)
    return {
        "notes": [documents.note_view(n) for n in notes],
        "server_time": documents.precise_time(documents.utcnow()),
    }


@api.endpoint(
    "GET",
    "/api/documents/{document_id}/notes",
    summary="My notes, highlights and bookmarks on a document (?since= server time: also deletions)",
    roles=DELEGATES,
    tag="documents",
)
def list_document_notes(call: Call) -> dict[str, Any]:
    return _notes_answer(
        call, document=documents.readable_document(call.db, call.path["document_id"], call.user)
    )


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/notes",
    summary="My notes on every document of a session "
    "(?since= server time: also deletions) — what a tablet syncs",
    roles=DELEGATES,
    tag="documents",
)
def list_session_notes(call: Call) -> dict[str, Any]:
    return _notes_answer(call, session=documents.visible_session(call.db, call.path["session_id"], call.user))


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
)
def save_note(call: Call) -> Response | dict[str, Any]:
    document = documents.readable_document(call.db, call.path["document_id"], call.user)
    note, created = documents.save_note(call.db, document, call.user, call.body)
    call.db.flush()
    view = documents.note_view(note)
    return view if created else JSONResponse(view, status_code=200)


@api.endpoint(
    "PATCH",
    "/api/notes/{note_id}",
    summary="Edit my note (applied if updated_at is newer than the stored one — last writer wins)",
    roles=DELEGATES,
    tag="documents",
    body=NOTE_BODY,
    own=True,
)
def update_note(call: Call) -> dict[str, Any]:
    note = documents.own_note(call.db, call.path["note_id"], call.user)
    return documents.note_view(documents.update_note(call.db, note, call.body))


@api.endpoint(
    "DELETE",
    "/api/notes/{note_id}",
    summary="Delete my note (kept as a tombstone for sync; ?updated_at= the tablet's time of the deletion)",
    roles=DELEGATES,
    tag="documents",
    own=True,
)
def delete_note(call: Call) -> dict[str, Any]:
    note = documents.own_note(call.db, call.path["note_id"], call.user)
    return documents.note_view(
        documents.delete_note(call.db, note, call.request.query_params.get("updated_at"))
    )

"""Session documents for the secretary: upload (checked, converted and its text extracted before the
transaction opens), versions, editing, publishing to the tablets, withdrawing, and the stamped copies handed out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from agenda import models
from agenda.access import EDITORS
from agenda.council import sessions
from agenda.documents import access, delivery, publishing, tracing, upload, views
from agenda.inputs import Fields
from agenda.pdf import jobs, limits
from session_server.http.bodies import FORM_FIELDS_BYTES
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import BOOL, DELETED, FILE, INT, STR, array, obj, patch, reply, with_props
from session_server.wire import documents as wire

api = Api()
FORM_LIMIT = limits.Limits.from_env().max_bytes + FORM_FIELDS_BYTES  # the file and the form's other fields
_DOC_TYPES = {"enum": [t.value for t in models.DocumentType]}
_ACCESS = {"enum": [a.value for a in models.DocumentAccess]}


UPLOAD_BODY = obj(
    ["file"],
    file=FILE,
    title=STR,
    doc_type=_DOC_TYPES,
    agenda_item_id=INT,
    access=_ACCESS,
    position=INT,
    publish={"type": "boolean"},
)


@dataclass(frozen=True)
class CheckedFile:
    """An uploaded file as its name and what :func:`~agenda.documents.upload.process_upload` made of it."""

    filename: str
    processed: upload.ProcessedFile


def check_upload(body: dict[str, Any], cancelled: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Runs before the transaction (``prepare=``): the file is checked, converted and its text extracted
    while the database is free — in a worker process under CPU, memory and time limits (past them: 422
    ``too_costly``); the handler gets ``file`` as a :class:`CheckedFile`. ``cancelled()`` true (the client
    has gone): the worker is killed at once — for when ``http/endpoints`` passes it."""
    fields = dict(body)
    sent = upload.Upload.from_form(fields.pop("file", None))
    processed = (
        upload.process_upload(sent) if cancelled is None else upload.process_upload(sent, None, cancelled)
    )
    return {**fields, "file": CheckedFile(sent.filename, processed)}


def checked_file(call: Call) -> CheckedFile:
    checked: CheckedFile = call.body["file"]
    return checked


@api.endpoint(
    "POST",
    "/api/sessions/{session_id}/documents",
    summary="Upload a document (multipart form: file — PDF, "
    "or Word when LibreOffice is installed —, title, doc_type, agenda_item_id, access, position, publish). "
    "Refused with the reason, storing nothing: damaged, encrypted, empty, oversized (over 50 MB), not a PDF, "
    "decompression bomb, too costly to check (422 `too_costly`). Active content (JavaScript, launch "
    "actions, automatic actions) is removed from the stored file",
    roles=EDITORS,
    tag="documents",
    body=UPLOAD_BODY,
    status=201,
    form=True,
    max_bytes=FORM_LIMIT,
    prepare=check_upload,
    returns=wire.DOCUMENT,
)
def upload_document(call: Call) -> dict[str, Any]:
    session = sessions.get_session(call.db, call.path["session_id"])
    fields = upload.DocumentFields.parse(call.body)
    sent = checked_file(call)
    document = upload.add_document(call.db, session, fields, sent.processed, sent.filename, call.user)
    if str(call.body.get("publish", "")).lower() in ("1", "true", "yes", "on"):
        publishing.publish_documents(call.db, session, [document], call.user)
    return wire.document(call.db, call.user, document)


@api.endpoint(
    "POST",
    "/api/documents/{document_id}/versions",
    summary="Replace a document's file (multipart form: "
    "file); earlier versions are kept; tablets are told if it is published",
    roles=EDITORS,
    tag="documents",
    body=obj(["file"], file=FILE),
    status=201,
    form=True,
    max_bytes=FORM_LIMIT,
    prepare=check_upload,
    returns=wire.DOCUMENT,
)
def upload_version(call: Call) -> dict[str, Any]:
    document = access.get_document(call.db, call.path["document_id"])
    sent = checked_file(call)
    upload.add_version(call.db, document, sent.processed, sent.filename, call.user)
    return wire.document(call.db, call.user, document)


@api.endpoint(
    "PATCH",
    "/api/documents/{document_id}",
    summary="Edit a document: title, doc_type, access, "
    "agenda_item_id, position, current_version (go back to an earlier file)",
    roles=EDITORS,
    tag="documents",
    body=patch(
        title=STR,
        doc_type=_DOC_TYPES,
        access=_ACCESS,
        agenda_item_id=INT,
        position=INT,
        current_version=INT,
    ),
    returns=wire.DOCUMENT,
)
def update_document(call: Call) -> dict[str, Any]:
    document = access.get_document(call.db, call.path["document_id"])
    patch = upload.DocumentPatch.parse(call.body)
    return wire.document(call.db, call.user, upload.update_document(call.db, document, patch, call.user))


@api.endpoint(
    "DELETE",
    "/api/documents/{document_id}",
    summary="Delete a document not yet published",
    roles=EDITORS,
    tag="documents",
    returns=DELETED,
)
def delete_document(call: Call) -> dict[str, Any]:
    document = access.get_document(call.db, call.path["document_id"])
    upload.delete_document(call.db, document, call.user)
    return {"deleted": call.path["document_id"]}


@api.endpoint(
    "POST",
    "/api/documents/{document_id}/publish",
    summary="Publish one document; tablets are told over the realtime channel (event `documents`)",
    roles=EDITORS,
    tag="documents",
    returns=with_props(wire.DOCUMENT, newly_published=BOOL),
)
def publish_document(call: Call) -> dict[str, Any]:
    document = access.get_document(call.db, call.path["document_id"])
    fresh = publishing.publish_documents(call.db, document.session, [document], call.user)
    return {**wire.document(call.db, call.user, document), "newly_published": bool(fresh)}


@api.endpoint(
    "POST",
    "/api/documents/{document_id}/withdraw",
    summary="Withdraw a published document (reason "
    "optional): delegates can no longer open it, tablets are told (event `documents`, change "
    "`withdrawn`) and drop their offline copy; publishing it again gives it back",
    roles=EDITORS,
    tag="documents",
    body=obj([], reason=STR),
    returns=wire.DOCUMENT,
)
def withdraw_document(call: Call) -> dict[str, Any]:
    document = access.get_document(call.db, call.path["document_id"])
    reason = call.body.get("reason") if isinstance(call.body, dict) else None
    return wire.document(
        call.db, call.user, publishing.withdraw_document(call.db, document, reason, call.user)
    )


@api.endpoint(
    "POST",
    "/api/sessions/{session_id}/documents/publish",
    summary="Publish the session's documents "
    "(all not yet published, or `document_ids`); one `documents` event",
    roles=EDITORS,
    tag="documents",
    body=obj([], document_ids={"type": "array", "items": INT}),
    returns=with_props(wire.DOCUMENTS, published=array(INT)),
)
def publish_session_documents(call: Call) -> dict[str, Any]:
    session = sessions.get_session(call.db, call.path["session_id"])
    ids = None
    if isinstance(call.body, dict) and call.body.get("document_ids") is not None:
        ids = set(Fields(call.body).id_list("document_ids", ("danh sách tài liệu", "document ids")))
    chosen = publishing.chosen_documents(call.db, session, ids)
    fresh = publishing.publish_documents(call.db, session, chosen, call.user)
    return {"published": [d.id for d in fresh], **views.documents_view(call.db, session, call.user)}


@api.endpoint(
    "GET",
    "/api/documents/{document_id}/copies",
    summary="Stamped copies of a confidential document "
    "handed out (who, when, SHA-256) — to trace a leaked file",
    roles=EDITORS,
    tag="documents",
    returns=reply(document_id=INT, copies=array(wire.COPY)),
)
def document_copies(call: Call) -> dict[str, Any]:
    document = access.get_document(call.db, call.path["document_id"])
    return {"document_id": document.id, "copies": delivery.copies_view(call.db, document)}


def _examine_leak(body: dict[str, Any], cancelled: Callable[[], bool] | None = None) -> dict[str, Any]:
    """Runs before the transaction (``prepare=``): the file's SHA-256 and hidden marks are read while the
    database is free, in a check worker under the limits of an upload (past them: 422 ``too_costly``); the
    handler gets ``leak`` as a :class:`~agenda.documents.tracing.Leak`."""
    sent = upload.Upload.from_form(body.get("file"))
    bounds = limits.Limits.from_env()
    leak = jobs.bounded_check(tracing.examine_leak, (sent.content, sent.filename, bounds), bounds, cancelled)
    return {"leak": leak}


@api.endpoint(
    "POST",
    "/api/documents/trace",
    summary="Trace a leaked file (multipart form: file — a PDF): "
    "which copy of a confidential document it is, whose and when — by its SHA-256 when untouched, by the "
    "mark hidden in its pages when its stamp was removed. `copies` is empty when it carries no mark "
    "(never a stamped copy, or printed, photographed, retyped). Audited",
    roles=EDITORS,
    tag="documents",
    body=obj(["file"], file=FILE),
    form=True,
    max_bytes=FORM_LIMIT,
    prepare=_examine_leak,
    returns=reply(sha256=STR, marks=array(STR), copies=array(wire.TRACED)),
)
def trace_leak(call: Call) -> dict[str, Any]:
    leak: tracing.Leak = call.body["leak"]
    found = tracing.trace_leak(call.db, leak, call.user)
    return {
        "sha256": leak.sha256,
        "marks": [f"{m:012x}" for m in leak.marks],
        "copies": [tracing.traced_view(call.db, t) for t in found],
    }

"""Reading session documents: the lists, the files (ETag, Range), the session pack, page images, text and
search inside a document. Files are sent from the disk cache by :class:`~session_server.http.files.FastFileResponse`."""

from __future__ import annotations

import re
from typing import Any

from starlette.responses import JSONResponse, Response

from agenda import models
from agenda.access import PUBLIC
from agenda.council import sessions
from agenda.documents import access, delivery, listing, pack, search, views
from agenda.errors import NotFound
from agenda.pdf import render
from session_server.api.params import query_int
from session_server.http.endpoints import Api, Call
from session_server.http.files import serve_file
from session_server.http.schemas import INT, STR, array, enum, reply
from session_server.wire import documents as wire

api = Api()
FILE_STATUSES = {
    206: "Part of the file (one range asked for with Range)",
    304: "Not modified (If-None-Match)",
}
VERSION = {**INT, "minimum": 1, "description": "A version's number; the current one when not given"}
VERSION_NUMBER = {**STR, "pattern": "^[0-9]+$", "description": "The version's number"}
STAMP = {**STR, "description": "A confidential document's: the reader's copy is recorded (never cached)"}
TEXT = reply(
    ["stamp"],
    document_id=INT,
    version=INT,
    page_count=INT,
    pages=array(reply(page=INT, text=STR)),
    stamp=STAMP,
)
SEARCH = reply(
    ["stamp"],
    document_id=INT,
    version=INT,
    query=STR,
    mode={**enum(["exact", "folded"]), "description": "folded: the query was typed without diacritics"},
    total=INT,
    pages=array(
        reply(
            page=INT,
            count=INT,
            snippets=array(reply(text=STR, match_start=INT, match_end=INT)),  # the match: text[start:end]
        )
    ),
    stamp=STAMP,
)
IMAGE_WIDTHS = (100, 2400)  # rendered widths are rounded up to a multiple of 100 within these bounds


def _deliver(call: Call, document: models.Document, version: models.DocumentVersion) -> Response:
    cache = call.files
    sent = delivery.deliver(call.db, document, version, call.user, cache, call.writer)
    return serve_file(call.request, cache.path(sent.sha256), sent.sha256, "application/pdf", sent.filename)


def _version(call: Call, document: models.Document) -> models.DocumentVersion:
    number = query_int(call, "version", ("phiên bản", "version"), minimum=1)
    return listing.current_version(document) if number is None else listing.version_number(document, number)


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/documents",
    summary="The session's documents the caller may read, "
    "in agenda order, with their versions (staff: also unpublished ones)",
    roles=PUBLIC,
    tag="documents",
    returns=wire.DOCUMENTS,
)
def list_documents(call: Call) -> dict[str, Any]:
    session = sessions.visible_session(call.db, call.path["session_id"], call.user)
    return views.documents_view(call.db, session, call.user)


@api.endpoint(
    "GET",
    "/api/documents/{document_id}",
    summary="One document (for a delegate with `my_progress`)",
    roles=PUBLIC,
    tag="documents",
    returns=wire.DOCUMENT,
)
def get_document(call: Call) -> dict[str, Any]:
    return wire.document(
        call.db, call.user, access.readable_document(call.db, call.path["document_id"], call.user)
    )


@api.endpoint(
    "GET",
    "/api/documents/{document_id}/file",
    summary="The document's current PDF (confidential: a copy "
    "stamped with the reader's name and the time). Strong ETag, If-None-Match → 304, Range → 206",
    roles=PUBLIC,
    tag="documents",
    response="application/pdf",
    also=FILE_STATUSES,
)
def document_file(call: Call) -> Response:
    document = access.readable_document(call.db, call.path["document_id"], call.user)
    return _deliver(call, document, listing.current_version(document))


@api.endpoint(
    "GET",
    "/api/documents/{document_id}/versions/{number}/file",
    summary="One version's PDF (as `…/file`)",
    roles=PUBLIC,
    tag="documents",
    response="application/pdf",
    also=FILE_STATUSES,
    params={"number": VERSION_NUMBER},
)
def version_file(call: Call) -> Response:
    document = access.readable_document(call.db, call.path["document_id"], call.user)
    raw = str(call.path["number"])
    if not raw.isdigit():
        raise NotFound("phiên bản", "Version")
    return _deliver(call, document, listing.version_number(document, int(raw)))


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/pack.pdf",
    summary="The session pack: cover with agenda and QR code, "
    "then every published document the caller may read (never confidential ones) in agenda order, "
    "bookmarked per item and document. Rebuilt only when its content changes",
    roles=PUBLIC,
    tag="documents",
    response="application/pdf",
    also=FILE_STATUSES,
)
def session_pack(call: Call) -> Response:
    plan = pack.plan_pack(
        call.db,
        call.path["session_id"],
        call.user,
        call.settings.base_url(call.request),
        call.request.app.state.pack_plans,
    )
    cache = call.files
    built = pack.session_pack(call.db, plan, cache, call.writer)
    return serve_file(
        call.request,
        cache.path(built.sha256),
        built.sha256,
        "application/pdf",
        f"tai-lieu-ky-hop-{plan.session_number}.pdf",
    )


IMAGE_NAME = re.compile(r"^(\d{1,6})\.(png|webp)$")


WIDTH_QUERY = {
    "width": {
        **INT,
        "minimum": 1,
        "maximum": 10_000,
        "description": "Pixels, rounded up to a multiple of 100 within 100–2400 (default 1200)",
    }
}


def image_width(call: Call) -> int:
    """The ``?width=`` of a page image, rounded up to a multiple of 100 within :data:`IMAGE_WIDTHS`."""
    width = query_int(call, "width", ("độ rộng", "width"), 1200, minimum=1, maximum=10_000)
    return min(IMAGE_WIDTHS[1], max(IMAGE_WIDTHS[0], -(-width // 100) * 100))


@api.endpoint(
    "GET",
    "/api/documents/{document_id}/pages/{image}",
    summary="A page as an image: `3.png` or `3.webp`, "
    "?width= pixels (100–2400, rounded up to 100; default 1200), ?version=; confidential pages carry "
    "the reader's stamp. At most 8 Mi pixels and 16,000 px a side (an odd-shaped page comes narrower); "
    "rendered once per page, width and format, then served from the cache. A page that cannot be "
    "rendered: 422 `render_failed`; all render workers busy: 503",
    roles=PUBLIC,
    tag="documents",
    response=("image/png", "image/webp"),
    also=FILE_STATUSES,
    params={
        "image": {
            **STR,
            "pattern": IMAGE_NAME.pattern,
            "description": "The page number and format: 3.png, 3.webp",
        }
    },
    query=WIDTH_QUERY | {"version": VERSION},
)
def page_image(call: Call) -> Response:
    document = access.readable_document(call.db, call.path["document_id"], call.user)
    match = IMAGE_NAME.match(str(call.path["image"]))
    if match is None:
        raise NotFound("trang", "Page")
    page, fmt = int(match.group(1)), match.group(2)
    width = image_width(call)
    image = delivery.page_image(
        call.db, document, _version(call, document), call.user, page, width, fmt, call.files, call.writer
    )
    return serve_file(call.request, image.path, image.tag, render.IMAGE_FORMATS[fmt])


def _text_answer(body: dict[str, Any], sent: delivery.TextDelivery) -> dict[str, Any] | Response:
    """A confidential document's words are the reader's recorded copy: said so (``stamp``), and kept by no
    cache — the tablet's service worker included (``Cache-Control: no-store``)."""
    if sent.copy is None:
        return body
    return JSONResponse({**body, "stamp": sent.copy.stamp}, headers={"cache-control": "no-store"})


@api.endpoint(
    "GET",
    "/api/documents/{document_id}/text",
    summary="The text of every page, or of ?page=n (?version=). A confidential document's text is a copy for "
    "the reader, recorded like a stamped download (`…/copies`, kind `text`), never cached (no-store)",
    roles=PUBLIC,
    tag="documents",
    query={"page": {**INT, "minimum": 1}, "version": VERSION},
    returns=TEXT,
)
def document_text(call: Call) -> dict[str, Any] | Response:
    document = access.readable_document(call.db, call.path["document_id"], call.user)
    version = _version(call, document)
    page = query_int(call, "page", ("trang", "page"), minimum=1, maximum=version.page_count)
    sent = delivery.deliver_text(call.db, document, version, call.user, page, call.writer)
    body = {
        "document_id": document.id,
        "version": version.number,
        "page_count": version.page_count,
        "pages": [{"page": p.number, "text": p.text} for p in sent.pages],
    }
    return _text_answer(body, sent)


@api.endpoint(
    "GET",
    "/api/documents/{document_id}/search",
    summary="Search inside a document (?q=, ?version=): "
    "pages with hits and snippets; case-insensitive, and without diacritics when typed without them. "
    "In a confidential document: recorded as the reader's copy of its text (as `…/text`)",
    roles=PUBLIC,
    tag="documents",
    query={"q": {**STR, "description": "What to look for"}, "version": VERSION},
    returns=SEARCH,
)
def search_document(call: Call) -> dict[str, Any] | Response:
    document = access.readable_document(call.db, call.path["document_id"], call.user)
    version = _version(call, document)
    query = call.request.query_params.get("q", "")
    search.search_text(query)  # a bad query is refused before anything is recorded
    sent = delivery.deliver_text(call.db, document, version, call.user, writer=call.writer)
    found = search.search(sent.pages, query)
    body = {
        "document_id": document.id,
        "version": version.number,
        "query": query,
        "mode": found.mode,
        "total": sum(h.count for h in found.hits),
        "pages": [{"page": h.page, "count": h.count, "snippets": h.snippets} for h in found.hits],
    }
    return _text_answer(body, sent)

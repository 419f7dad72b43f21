"""A published resolution's signed copy page by page, for anyone (no sign-in): the page as an image, and where
the words of a search are on it (:mod:`agenda.archive.search.boxes`) — what the public search opens a hit
with, its words highlighted over the page. Only what is public: as its permanent address
(:func:`session_server.api.permalinks.published`), a resolution not yet published is not found."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from starlette.responses import JSONResponse, Response

from agenda import filestore
from agenda.access import PUBLIC
from agenda.archive.search.boxes import read_page, rectangles
from agenda.archive.search.query import MAX_LENGTH, parse
from agenda.documents import delivery
from agenda.errors import NotFound
from agenda.filestore import FileCache
from agenda.models import Resolution, StoredFile
from agenda.pdf import render
from session_server.api.permalinks import PARAMS, published
from session_server.api.reading import FILE_STATUSES, IMAGE_NAME, WIDTH_QUERY, image_width
from session_server.http.endpoints import Api, Call
from session_server.http.files import serve_file
from session_server.http.schemas import INT, NUMBER, STR, array, reply

api = Api()

PAGE = {**STR, "pattern": "^[0-9]{1,6}$", "description": "The page of the signed copy (from 1)"}
MARKS = reply(
    page=INT,
    pages=INT,
    q=STR,
    marks=array(
        reply(
            x=NUMBER,
            y=NUMBER,
            width=NUMBER,
            height=NUMBER,
            text={**STR, "description": "The words as written on the page"},
        )
    ),
)


def _signed(call: Call, page: int) -> tuple[Resolution, str]:
    """The published resolution and its signed copy's SHA-256, with the file in the server's cache; a page it
    does not have: 404."""
    record = published(call)
    if record.signed_sha256 is None:
        raise NotFound("bản đã ký", "Signed copy")
    if not 1 <= page <= (record.signed_pages or 0):
        raise NotFound(f"trang {page}", f"Page {page}")
    cache: FileCache = call.files
    digest = record.signed_sha256
    if not cache.has(digest):
        size = call.db.scalar(select(StoredFile.size).where(StoredFile.sha256 == digest)) or 0
        cache.ensure(digest, size, lambda: filestore.load(call.db, digest))
    return record, digest


def _page_number(value: Any) -> int:
    text = str(value)
    if not text.isdigit() or len(text) > 6:
        raise NotFound("trang", "Page")
    return int(text)


@api.endpoint(
    "GET",
    "/api/public/resolutions/{council_id}/{year}/{number}/pages/{image}",
    summary="A page of the published resolution's signed copy as an image: `3.png` or `3.webp`, ?width= "
    "pixels (100–2400, rounded up to 100; default 1200); rendered once per page, width and format, as the "
    "documents' pages are. A page it does not have, or a resolution not published: 404",
    roles=PUBLIC,
    tag="archive",
    params=PARAMS
    | {"image": {**STR, "pattern": IMAGE_NAME.pattern, "description": "The page and format: 3.png, 3.webp"}},
    query=WIDTH_QUERY,
    response=("image/png", "image/webp"),
    also=FILE_STATUSES,
)
def public_page_image(call: Call) -> Response:
    match = IMAGE_NAME.match(str(call.path["image"]))
    if match is None:
        raise NotFound("trang", "Page")
    page, fmt = int(match.group(1)), match.group(2)
    _, digest = _signed(call, page)
    image = delivery.rendered_image(call.files, digest, page, image_width(call), fmt)
    return serve_file(call.request, image.path, image.tag, render.IMAGE_FORMATS[fmt])


@api.endpoint(
    "GET",
    "/api/public/resolutions/{council_id}/{year}/{number}/pages/{page}/marks",
    summary="Where the words of ?q= are on a page of the published resolution's signed copy: one rectangle "
    "per word and line, as fractions (0–1) of the page's width and height from its top-left corner — to "
    "draw over the page's image at any size. Found as the search finds them: without diacritics, either "
    "tone placement; words every resolution carries are not marked",
    roles=PUBLIC,
    tag="archive",
    params=PARAMS | {"page": PAGE},
    query={"q": {**STR, "maxLength": MAX_LENGTH, "description": "The words of the search"}},
    returns=MARKS,
)
def public_page_marks(call: Call) -> Response:
    q = call.request.query_params.get("q", "")
    parse(q)  # a query the search refuses (too long) is refused here too, before the file is read
    page = _page_number(call.path["page"])
    record, digest = _signed(call, page)
    content = call.files.read(call.files.path(digest))
    found = rectangles(read_page(content, page), q)
    body = {
        "page": page,
        "pages": record.signed_pages or 0,
        "q": q,
        "marks": [{"x": r.x, "y": r.y, "width": r.width, "height": r.height, "text": r.text} for r in found],
    }
    return JSONResponse(body, headers={"cache-control": "public, max-age=300"})

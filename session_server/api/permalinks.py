"""A published resolution at its permanent address, for anyone (no sign-in): what it is, its legal force today
and how it changed, its relations, and its copy for download with a QR code back to this address
(:mod:`agenda.archive.permalinks`). Only what is public: a resolution not yet published is not found; no
confidential document of its dossier is named."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select
from starlette.responses import Response

from agenda import clock, filestore
from agenda.access import PUBLIC
from agenda.archive import links, permalinks
from agenda.archive.force import Incoming, history
from agenda.archive.relations import LABELS
from agenda.errors import NotFound
from agenda.models import Document, DocumentAccess, DocumentVersion, Resolution, Vote
from agenda.pdf.qrstamp import with_qr
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import BOOL, DATE, INT, OPT_DATE, OPT_STR, STR, array, nullable, reply
from session_server.wire import archive as wire

api = Api()

YEAR = {**STR, "pattern": "^[0-9]{4}$", "description": "The number's year (its series)"}
NUMBER = {
    **STR,
    "description": "The number with hyphens for slashes and D for Đ: 05-2026-NQ-HDND, 12-NQ-HDND",
}
PARAMS = {"year": YEAR, "number": NUMBER}
PUBLIC_RESOLUTION = reply(
    permalink=STR,
    council=STR,
    number=STR,
    title=STR,
    normative=BOOL,
    field=OPT_STR,
    signer=OPT_STR,
    adopted_on=DATE,
    signed_on=OPT_DATE,
    published_on=OPT_DATE,
    effective_on=OPT_DATE,
    expires_on=OPT_DATE,
    force=wire.FORCE,
    history=array(reply(day=DATE, status=STR, label_vi=STR, label_en=STR, why=array(wire.REASON))),
    relations=array(
        reply(
            kind=STR,
            acting=BOOL,
            label_vi=STR,
            label_en=STR,
            other=STR,
            permalink=OPT_STR,
            effective_on=DATE,
            parts=array(STR),
        )
    ),
    documents=array(reply(doc_type=STR, title=STR)),
    vote=nullable(reply(title=STR, verdict=STR, sentence=STR, secret=BOOL)),
    signed=nullable(reply(sha256=STR, copy_sha256=STR, pages=INT)),
)


def published(call: Call) -> Resolution:
    year = str(call.path["year"])
    council_id = int(call.path["council_id"])
    record = permalinks.find(
        call.db, council_id, int(year) if year.isdigit() else 0, str(call.path["number"])
    )
    if not permalinks.is_public(record, clock.today(record.council)):
        raise NotFound("nghị quyết", "Resolution")
    return record


def _address(call: Call, record: Resolution) -> str:
    return call.settings.base_url(call.request) + (permalinks.path_of(record) or "")


def _qr_copy(call: Call, record: Resolution) -> bytes:
    """The archived file with the QR code to its address on the first page (reproducible: the same file and
    address give the same bytes)."""
    assert record.signed_sha256 is not None and record.number is not None
    caption = f"Nghị quyết {record.number} — {record.council.short_name} — bản sao từ Lưu trữ"
    return with_qr(filestore.load(call.db, record.signed_sha256), _address(call, record), caption)


_DIGESTS: dict[tuple[str, str], str] = {}  # (archived file, address) → the QR copy's SHA-256
_DIGESTS_KEPT = 1024


def _copy_digest(call: Call, record: Resolution) -> str:
    """The SHA-256 of a resolution's QR copy, remembered per archived file and address (not the copy)."""
    assert record.signed_sha256 is not None
    key = (record.signed_sha256, _address(call, record))
    if key not in _DIGESTS:
        if len(_DIGESTS) >= _DIGESTS_KEPT:
            _DIGESTS.clear()
        _DIGESTS[key] = hashlib.sha256(_qr_copy(call, record)).hexdigest()
    return _DIGESTS[key]


@api.endpoint(
    "GET",
    "/api/public/resolutions/{council_id}/{year}/{number}",
    summary="A published resolution at its permanent address (no sign-in): its legal force today and its "
    "history, its relations, the public documents of its dossier, its vote's result, and the hashes of the "
    "archived file and of its QR copy",
    roles=PUBLIC,
    tag="archive",
    params=PARAMS,
    returns=PUBLIC_RESOLUTION,
)
def public_resolution(call: Call) -> dict[str, Any]:
    record = published(call)
    today = clock.today(record.council)
    views = links.relations_of(call.db, record)
    incoming = [Incoming(links.as_relation(v.row), links.name_of(v.other)) for v in views if not v.acting]
    documents = call.db.execute(
        select(Document.doc_type, Document.title)
        .join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .where(
            DocumentVersion.id.in_([d.document_version_id for d in record.documents]),
            Document.access == DocumentAccess.PUBLIC,
        )
    ).all()
    vote = call.db.get(Vote, record.vote_id) if record.vote_id is not None else None
    signed = None
    if record.signed_sha256 is not None:
        digest = _copy_digest(call, record)
        signed = {"sha256": record.signed_sha256, "copy_sha256": digest, "pages": record.signed_pages or 0}
    return {
        "permalink": _address(call, record),
        "council": record.council.name,
        "number": record.number,
        "title": record.title,
        "normative": record.normative,
        "field": record.field,
        "signer": " ".join(p for p in [record.signer_title, record.signer_name] if p) or None,
        "adopted_on": clock.iso(record.adopted_on),
        "signed_on": clock.iso(record.signed_on),
        "published_on": clock.iso(record.published_on),
        "effective_on": clock.iso(record.effective_on),
        "expires_on": clock.iso(record.expires_on),
        "force": wire.force(links.force_of(call.db, record, today)),
        "history": [
            {
                "day": clock.iso(step.day),
                "status": step.status.value,
                "label_vi": step.label("vi"),
                "label_en": step.label("en"),
                "why": [wire.reason(r) for r in step.why],
            }
            for step in history(links.own_dates(record), incoming)
        ],
        "relations": [
            {
                "kind": v.row.kind.value,
                "acting": v.acting,
                "label_vi": LABELS[v.row.kind].label("vi", acting=v.acting),
                "label_en": LABELS[v.row.kind].label("en", acting=v.acting),
                "other": links.name_of(v.other),
                "permalink": permalinks.path_of(v.other) if permalinks.is_public(v.other, today) else None,
                "effective_on": clock.iso(v.row.effective_on),
                "parts": list(v.row.parts or []),
            }
            for v in views
        ],
        "documents": [{"doc_type": t.value, "title": title} for t, title in documents],
        "vote": (
            {
                "title": vote.title,
                "verdict": str(vote.result.get("verdict", "")),
                "sentence": str(vote.result.get("sentence", "")),
                "secret": vote.secret,
            }
            if vote is not None and vote.result
            else None
        ),
        "signed": signed,
    }


@api.endpoint(
    "GET",
    "/api/public/resolutions/{council_id}/{year}/{number}/copy.pdf",
    summary="The published resolution's signed PDF with a QR code to its permanent address on the first page",
    roles=PUBLIC,
    tag="archive",
    params=PARAMS,
    response="application/pdf",
)
def public_copy(call: Call) -> Response:
    record = published(call)
    if record.signed_sha256 is None:
        raise NotFound("bản đã ký", "Signed copy")
    content = _qr_copy(call, record)
    digest = hashlib.sha256(content).hexdigest()
    name = permalinks.slug(record.number or "nghi-quyet") + ".pdf"
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "ETag": f'"{digest}"'},
    )

"""The archive's objects as JSON for the wire — a resolution (in a list, and with its dossier), a relation seen
from one side, the legal force on a date with its reasons, a line of the yearly list."""

from __future__ import annotations

from typing import Any

from agenda.archive import permalinks
from agenda.archive.force import FORCE_LABELS, Force, ForceOnDate, Reason, YearlyEntry
from agenda.archive.links import RelationView
from agenda.archive.relations import LABELS, RelationKind
from agenda.clock import iso
from agenda.models import DocumentType, Resolution, ResolutionOrigin
from session_server.http.schemas import (
    BOOL,
    DATE,
    DATETIME,
    INT,
    OPT_DATE,
    OPT_INT,
    OPT_STR,
    STR,
    array,
    choices,
    component,
    nullable,
    reply,
)

REASON = component(
    "ForceReason",
    reply(
        what={**STR, "description": "effective, expires, or the kind of relation (repeals, suspends, …)"},
        day=DATE,
        act=OPT_STR,
        parts=array(STR),
        until=OPT_DATE,
        text_vi=STR,
        text_en=STR,
    ),
)


def reason(r: Reason) -> dict[str, Any]:
    return {
        "what": r.what,
        "day": iso(r.day),
        "act": r.act,
        "parts": list(r.parts),
        "until": iso(r.until),
        "text_vi": r.sentence("vi"),
        "text_en": r.sentence("en"),
    }


FORCE = component(
    "LegalForce",
    reply(
        on=DATE,
        status=choices(Force),
        label_vi=STR,
        label_en=STR,
        why=array(REASON),
        upcoming=array(REASON),
        ends_on=OPT_DATE,
        will_end_vi=OPT_STR,
        will_end_en=OPT_STR,
    ),
)


def force(state: ForceOnDate) -> dict[str, Any]:
    return {
        "on": iso(state.day),
        "status": state.status.value,
        "label_vi": FORCE_LABELS[state.status][0],
        "label_en": FORCE_LABELS[state.status][1],
        "why": [reason(r) for r in state.why],
        "upcoming": [reason(r) for r in state.upcoming],
        "ends_on": iso(state.ends_on),
        "will_end_vi": state.will_end("vi"),
        "will_end_en": state.will_end("en"),
    }


RESOLUTION = component(
    "Resolution",
    reply(
        id=INT,
        council_id=INT,
        council=STR,
        origin=choices(ResolutionOrigin),
        number=OPT_STR,
        year=INT,
        normative=BOOL,
        special_procedure=BOOL,
        title=STR,
        field=OPT_STR,
        signer_name=OPT_STR,
        signer_title=OPT_STR,
        adopted_on=DATE,
        signed_on=OPT_DATE,
        published_on=OPT_DATE,
        effective_on=OPT_DATE,
        expires_on=OPT_DATE,
        session_id=OPT_INT,
        vote_id=OPT_INT,
        gap_reason=OPT_STR,
        permalink={**OPT_STR, "description": "Its permanent address, once numbered (public once published)"},
        signed=nullable(reply(sha256=STR, filename=STR, pages=INT)),
        updated_at=DATETIME,
        force=FORCE,
    ),
)


def resolution(record: Resolution, state: ForceOnDate) -> dict[str, Any]:
    return {
        "id": record.id,
        "council_id": record.council_id,
        "council": record.council.short_name,
        "origin": record.origin.value,
        "number": record.number,
        "year": record.year,
        "normative": record.normative,
        "special_procedure": record.special_procedure,
        "title": record.title,
        "field": record.field,
        "signer_name": record.signer_name,
        "signer_title": record.signer_title,
        "adopted_on": iso(record.adopted_on),
        "signed_on": iso(record.signed_on),
        "published_on": iso(record.published_on),
        "effective_on": iso(record.effective_on),
        "expires_on": iso(record.expires_on),
        "session_id": record.session_id,
        "vote_id": record.vote_id,
        "gap_reason": record.gap_reason,
        "permalink": permalinks.path_of(record),
        "signed": (
            {
                "sha256": record.signed_sha256,
                "filename": record.signed_filename or "",
                "pages": record.signed_pages or 0,
            }
            if record.signed_sha256
            else None
        ),
        "updated_at": iso(record.updated_at),
        "force": force(state),
    }


RELATION = component(
    "ResolutionRelation",
    reply(
        id=INT,
        kind=choices(RelationKind),
        acting={
            **BOOL,
            "description": "True: this resolution acts on the other; False: the other acts on it",
        },
        label_vi=STR,
        label_en=STR,
        other=reply(id=INT, number=OPT_STR, title=STR, council=STR),
        effective_on=DATE,
        parts=array(STR),
        until_on=OPT_DATE,
        note=OPT_STR,
    ),
)


def relation(view: RelationView) -> dict[str, Any]:
    row, labels = view.row, LABELS[view.row.kind]
    return {
        "id": row.id,
        "kind": row.kind.value,
        "acting": view.acting,
        "label_vi": labels.label("vi", acting=view.acting),
        "label_en": labels.label("en", acting=view.acting),
        "other": {
            "id": view.other.id,
            "number": view.other.number,
            "title": view.other.title,
            "council": view.other.council.short_name,
        },
        "effective_on": iso(row.effective_on),
        "parts": list(row.parts or []),
        "until_on": iso(row.until_on),
        "note": row.note,
    }


DOSSIER_DOCUMENT = component(
    "DossierDocument",
    reply(document_version_id=INT, doc_type=choices(DocumentType), title=STR, sha256=STR, pages=INT),
)

YEARLY_ENTRY = component(
    "YearlyEntry",
    reply(
        resolution=RESOLUTION,
        status=choices(Force),
        label_vi=STR,
        label_en=STR,
        day=DATE,
        reasons=array(REASON),
    ),
)


def yearly_entry(entry: YearlyEntry, record: Resolution, state: ForceOnDate) -> dict[str, Any]:
    return {
        "resolution": resolution(record, state),
        "status": entry.status.value,
        "label_vi": FORCE_LABELS[entry.status][0],
        "label_en": FORCE_LABELS[entry.status][1],
        "day": iso(entry.day),
        "reasons": [reason(r) for r in entry.reasons],
    }

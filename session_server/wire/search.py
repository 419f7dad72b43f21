"""The archive's search as JSON (:mod:`agenda.archive.search.service`): the hits with their marked pieces, the
facets with their labels in both languages, and the schemas of that JSON."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session as DbSession

from agenda.archive import permalinks
from agenda.archive.force import FORCE_LABELS, Force
from agenda.archive.search.facet_cache import Kept
from agenda.archive.search.hits import Hit
from agenda.archive.search.request import Kind
from agenda.archive.search.service import FACETS, SearchResult
from agenda.archive.search.snippets import Piece
from agenda.clock import iso
from agenda.council.terms import term_end_year, term_label_of
from agenda.models import Council, CouncilLevel, Document, DocumentVersion, Term
from agenda.rules import roman
from session_server.http.schemas import (
    BOOL,
    DATE,
    INT,
    NUMBER,
    OPT_DATE,
    OPT_INT,
    OPT_STR,
    STR,
    array,
    component,
    nullable,
    reply,
)

PIECES = array(component("MarkedText", reply(text=STR, hit=BOOL)))
FACET = array(reply(value={"type": ["string", "integer"]}, label_vi=STR, label_en=STR, count=INT))
HIT = component(
    "SearchHit",
    reply(
        id=INT,
        council_id=INT,
        council=STR,
        number=OPT_STR,
        title=STR,
        title_marked=PIECES,
        normative=BOOL,
        field=OPT_STR,
        signer=OPT_STR,
        adopted_on=DATE,
        published_on=OPT_DATE,
        permalink=OPT_STR,
        status=nullable(reply(value=STR, label_vi=STR, label_en=STR)),
        by_number={**BOOL, "description": "Found by its number (listed above the words' hits)"},
        score=NUMBER,
        page=nullable(
            reply(
                source={**STR, "enum": ["signed", "dossier"]},
                document_version_id=OPT_INT,
                document_id={**OPT_INT, "description": "The dossier's document (a page of the dossier)"},
                session_id={
                    **OPT_INT,
                    "description": "Its session: the reader opens it at ?session=&document=&page=",
                },
                page_number=INT,
                snippet=PIECES,
            )
        ),
    ),
)
RESULT = reply(
    hits=array(HIT),
    total=INT,
    page=INT,
    pages=INT,
    on=DATE,
    scope={**STR, "enum": ["public", "staff"]},
    message=nullable(reply(vi=STR, en=STR)),
    facets=reply(**dict.fromkeys(FACETS, FACET)),
)

_LEVELS = {
    CouncilLevel.PROVINCE.value: ("Cấp tỉnh", "Province"),
    CouncilLevel.COMMUNE.value: ("Cấp xã", "Commune"),
    CouncilLevel.DISTRICT.value: ("Cấp huyện (trước 1/7/2025)", "District (before 1 July 2025)"),
}
_KINDS = {Kind.NORMATIVE.value: ("Quy phạm pháp luật", "Normative"), Kind.OTHER.value: ("Cá biệt", "Other")}
_STATUS_LABELS = {f.value: FORCE_LABELS[f] for f in Force}


def pieces(marked: list[Piece]) -> list[dict[str, Any]]:
    return [{"text": p.text, "hit": p.hit} for p in marked]


def hit(h: Hit, *, public: bool, readers: dict[int, tuple[int, int]] | None = None) -> dict[str, Any]:
    """``readers``: the document and session of each version of a dossier page among the hits."""
    record = h.record
    path = permalinks.path_of(record)
    return {
        "id": record.id,
        "council_id": record.council_id,
        "council": record.council.name,
        "number": record.number,
        "title": record.title,
        "title_marked": pieces(h.title),
        "normative": record.normative,
        "field": record.field,
        "signer": " ".join(p for p in [record.signer_title, record.signer_name] if p) or None,
        "adopted_on": iso(record.adopted_on),
        "published_on": iso(record.published_on),
        "permalink": path if public or record.published_on is not None else None,
        "status": None
        if h.status is None
        else {
            "value": h.status.value,
            "label_vi": FORCE_LABELS[h.status][0],
            "label_en": FORCE_LABELS[h.status][1],
        },
        "by_number": h.by_number,
        "score": round(h.score, 4),
        "page": None
        if h.page is None
        else {
            "source": h.page.source,
            "document_version_id": h.page.document_version_id,
            "document_id": (readers or {}).get(h.page.document_version_id or 0, (None, None))[0],
            "session_id": (readers or {}).get(h.page.document_version_id or 0, (None, None))[1],
            "page_number": h.page.page_number,
            "snippet": pieces(h.page.snippet),
        },
    }


# (Built once: a statement kept is compiled once and its cache key memoised — tens of them a second.)
_COUNCILS = select(Council.id, Council.name).where(Council.id.in_(bindparam("ids", expanding=True)))
_TERMS = (
    select(Term.id, Term.number, Term.starts_on, Term.ends_on, Council.short_name)
    .join(Council, Council.id == Term.council_id)
    .where(Term.id.in_(bindparam("ids", expanding=True)))
)
_READERS = (
    select(DocumentVersion.id, Document.id, Document.session_id)
    .join(Document, Document.id == DocumentVersion.document_id)
    .where(DocumentVersion.id.in_(bindparam("ids", expanding=True)))
)


def _labels(db: DbSession, result: SearchResult) -> dict[str, dict[Any, tuple[str, str]]]:
    councils = [v for v, _ in result.facets.get("council", [])]
    terms = [v for v, _ in result.facets.get("term", [])]
    council_names: dict[Any, tuple[str, str]] = {}
    if councils:
        council_names = {cid: (name, name) for cid, name in db.execute(_COUNCILS, {"ids": councils})}
    term_names: dict[Any, tuple[str, str]] = {}
    for tid, number, starts_on, ends_on, short_name in db.execute(_TERMS, {"ids": terms}) if terms else ():
        term_names[tid] = (
            f"{short_name}, {term_label_of(number, starts_on, ends_on)}",
            f"{short_name}, term {roman(number)}, {starts_on.year}–{term_end_year(starts_on, ends_on)}",
        )
    return {
        "council": council_names,
        "term": term_names,
        "level": _LEVELS,
        "kind": _KINDS,
        "status": _STATUS_LABELS,
    }


# The JSON of the searches kept in memory, with the very result it was written from (SearchResult.key).
_KEPT: Kept[tuple[SearchResult, dict[str, Any]]] = Kept()


def result(db: DbSession, found: SearchResult, *, public: bool) -> dict[str, Any]:
    """The JSON of ``found``; of a search kept in memory, kept with it (the labels of its facets and its hits'
    documents are read with the archive's generation, as its hits are)."""
    if found.key is None:
        return _result(db, found, public=public)
    key = (found.key, public)
    known = _KEPT.get(key)
    if known is None or known[0] is not found:
        known = _KEPT.put(key, (found, _result(db, found, public=public)))
    return dict(known[1])


def _result(db: DbSession, found: SearchResult, *, public: bool) -> dict[str, Any]:
    labels = _labels(db, found)
    facets = {
        name: [
            {
                "value": value,
                "label_vi": labels.get(name, {}).get(value, (str(value), str(value)))[0],
                "label_en": labels.get(name, {}).get(value, (str(value), str(value)))[1],
                "count": count,
            }
            for value, count in found.facets.get(name, [])
        ]
        for name in FACETS
    }
    versions = [h.page.document_version_id for h in found.hits if h.page and h.page.document_version_id]
    readers = {
        version: (document, session)
        for version, document, session in (db.execute(_READERS, {"ids": versions}) if versions else ())
    }
    return {
        "hits": [hit(h, public=public, readers=readers) for h in found.hits],
        "total": found.total,
        "page": found.page,
        "pages": found.pages,
        "on": iso(found.day),
        "scope": "public" if public else "staff",
        "message": None if found.message is None else {"vi": found.message[0], "en": found.message[1]},
        "facets": facets,
    }

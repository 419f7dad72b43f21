"""The resolution archive for archivists (:mod:`agenda.archive`): the records a vote made, waiting for their
number; records typed in for older acts or other councils'; numbers, dates, the signed copy; relations both
ways; the legal force on any date with its reasons (the yearly list: :mod:`session_server.api.yearly`). Staff read;
archivists (and the administrator) change."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from sqlalchemy import func, or_, select
from starlette.responses import Response

from agenda import clock, filestore
from agenda.access import ARCHIVISTS, STAFF
from agenda.archive import links, resolutions
from agenda.archive.relations import RelationKind
from agenda.archive.values import ResolutionInput, ResolutionPatch
from agenda.errors import DomainError
from agenda.inputs import Fields, parse_date
from agenda.models import Council, DocumentVersion, Person, Resolution, Vote
from agenda.sitting.results import vote_view
from agenda.text import vietnamese_sort_key
from session_server.api.documents import FORM_LIMIT, check_upload, checked_file
from session_server.api.params import ON_DATE, on_date, query_int
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import (
    BOOL,
    DATE,
    FILE,
    INT,
    STR,
    array,
    choices,
    nullable,
    obj,
    patch,
    reply,
)
from session_server.wire import archive as wire
from session_server.wire.live import VOTE

api = Api()

RESOLUTION_FIELDS: dict[str, Any] = {
    "title": STR,
    "field": STR,
    "signer_name": STR,
    "signer_title": STR,
    "normative": BOOL,
    "special_procedure": BOOL,
    "adopted_on": DATE,
    "signed_on": DATE,
    "published_on": DATE,
    "effective_on": DATE,
    "expires_on": DATE,
}
DETAIL = reply(
    resolution=wire.RESOLUTION,
    proposed_number=nullable(STR),
    dossier=array(wire.DOSSIER_DOCUMENT),
    vote=nullable(VOTE),
    voters={
        **array(reply(full_name=STR, choice=STR)),
        "description": "A named vote's ballots with the delegates' names (empty for a secret vote)",
    },
    relations=array(wire.RELATION),
)
PAGE_SIZE = 50


def _detail(call: Call, record: Resolution) -> dict[str, Any]:
    day = on_date(call, record.council)
    proposed = None if record.number else str(resolutions.proposed_number(call.db, record))
    versions = {
        v.id: v
        for v in call.db.scalars(
            select(DocumentVersion).where(
                DocumentVersion.id.in_([d.document_version_id for d in record.documents])
            )
        )
    }
    vote, voters = None, []
    found_vote = call.db.get(Vote, record.vote_id) if record.vote_id is not None else None
    if found_vote is not None:
        vote = vote_view(call.db, found_vote)
        labels = {o["key"]: o["label"] for o in found_vote.options}
        ballots = vote.get("ballots", [])
        people = select(Person.id, Person.full_name).where(Person.id.in_([b["person_id"] for b in ballots]))
        names: dict[int, str] = {person_id: name for person_id, name in call.db.execute(people)}
        voters = [
            {"full_name": names.get(b["person_id"], "?"), "choice": labels.get(b["option"], b["option"])}
            for b in ballots
        ]
    return {
        "resolution": wire.resolution(record, links.force_of(call.db, record, day)),
        "proposed_number": proposed,
        "dossier": [
            {
                "document_version_id": d.document_version_id,
                "doc_type": d.doc_type.value,
                "title": d.title,
                "sha256": versions[d.document_version_id].sha256,
                "pages": versions[d.document_version_id].page_count,
            }
            for d in record.documents
        ],
        "vote": vote,
        "voters": sorted(voters, key=lambda v: vietnamese_sort_key(v["full_name"])),
        "relations": [wire.relation(view) for view in links.relations_of(call.db, record)],
    }


@api.endpoint(
    "GET",
    "/api/archive/resolutions",
    summary="Resolutions of the archive, newest first, with their legal force on a date (?on=): filter by "
    "council_id, year, waiting=1 (still without a number), q (words of the number or the summary); "
    f"{PAGE_SIZE} a page (?page=)",
    roles=STAFF,
    tag="archive",
    query={
        "council_id": INT,
        "year": INT,
        "waiting": {**STR, "enum": ["1"]},
        "q": STR,
        "on": ON_DATE,
        "page": {**INT, "minimum": 1},
    },
    returns=reply(resolutions=array(wire.RESOLUTION), total=INT, page=INT, pages=INT),
)
def list_resolutions(call: Call) -> dict[str, Any]:
    params = call.request.query_params
    query = select(Resolution)
    council_id = query_int(call, "council_id", ("Hội đồng nhân dân", "council"))
    if council_id is not None:
        query = query.where(Resolution.council_id == council_id)
    year = query_int(call, "year", ("năm", "year"), minimum=1945, maximum=9999)
    if year is not None:
        query = query.where(Resolution.year == year)
    if params.get("waiting") == "1":
        query = query.where(Resolution.serial.is_(None))
    words = Fields({"q": params.get("q")}).text("q", ("từ khóa", "words"), required=False, max_length=200)
    if words:
        pattern = f"%{words}%"
        query = query.where(or_(Resolution.number.ilike(pattern), Resolution.title.ilike(pattern)))
    total = call.db.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = query_int(call, "page", ("trang", "page"), 1, minimum=1, maximum=pages)
    rows = list(
        call.db.scalars(
            query.order_by(Resolution.adopted_on.desc(), Resolution.serial.desc(), Resolution.id.desc())
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
    )
    home = call.db.scalar(select(Council).where(Council.is_home.is_(True)))
    on = params.get("on")
    day = parse_date(on, "on", ("ngày", "date")) if on else clock.today(home or clock.DEFAULT_TIME_ZONE)
    forces = links.forces_of(call.db, rows, day)
    return {
        "resolutions": [wire.resolution(r, forces[r.id]) for r in rows],
        "total": total,
        "page": page,
        "pages": pages,
    }


@api.endpoint(
    "POST",
    "/api/archive/resolutions",
    summary="Record a resolution by hand: an older one of this council, or one of another council (a "
    "historical district council among them) that a resolution relates to; with its number when given",
    roles=ARCHIVISTS,
    tag="archive",
    body=obj(
        ["council_id", "title", "adopted_on"], council_id=INT, number=STR, gap_reason=STR, **RESOLUTION_FIELDS
    ),
    status=201,
    returns=DETAIL,
)
def create_resolution(call: Call) -> dict[str, Any]:
    record = resolutions.create_resolution(call.db, ResolutionInput.parse(call.body), actor=call.actor)
    return _detail(call, record)


@api.endpoint(
    "GET",
    "/api/archive/resolutions/{resolution_id}",
    summary="One resolution with its dossier (the documents voted on), its vote (who voted how for a named "
    "vote; counts only for a secret one), its relations both ways and its legal force on a date (?on=)",
    roles=STAFF,
    tag="archive",
    query={"on": ON_DATE},
    returns=DETAIL,
)
def get_resolution(call: Call) -> dict[str, Any]:
    return _detail(call, resolutions.get_resolution(call.db, call.path["resolution_id"]))


@api.endpoint(
    "PATCH",
    "/api/archive/resolutions/{resolution_id}",
    summary="Edit a resolution's summary, field, signer, kind and dates (a normative one takes effect no "
    "earlier than 10 days after adoption unless by the special procedure)",
    roles=ARCHIVISTS,
    tag="archive",
    body=patch(**RESOLUTION_FIELDS),
    returns=DETAIL,
)
def update_resolution(call: Call) -> dict[str, Any]:
    record = resolutions.get_resolution(call.db, call.path["resolution_id"])
    resolutions.update_resolution(call.db, record, ResolutionPatch.parse(call.body), actor=call.actor)
    return _detail(call, record)


@api.endpoint(
    "POST",
    "/api/archive/resolutions/{resolution_id}/number",
    summary="Give the resolution its number: the one typed (05/2026/NQ-HĐND, 12/NQ-HĐND) or, without one, the "
    "next of its series; a number that leaves a gap needs gap_reason; a number given twice is refused (409)",
    roles=ARCHIVISTS,
    tag="archive",
    body=obj([], number=STR, gap_reason=STR),
    returns=DETAIL,
)
def number_resolution(call: Call) -> dict[str, Any]:
    record = resolutions.get_resolution(call.db, call.path["resolution_id"])
    f = Fields(call.body)
    typed = f.text("number", ("số, ký hiệu", "number"), required=False, max_length=40)
    reason = f.text("gap_reason", ("lý do bỏ số", "reason for the gap"), required=False, max_length=1000)
    resolutions.assign_number(call.db, record, typed, gap_reason=reason, actor=call.actor)
    return _detail(call, record)


@api.endpoint(
    "DELETE",
    "/api/archive/resolutions/{resolution_id}/number",
    summary="Take a number back (given by mistake; refused once the signed copy is on record)",
    roles=ARCHIVISTS,
    tag="archive",
    returns=DETAIL,
)
def unnumber_resolution(call: Call) -> dict[str, Any]:
    record = resolutions.get_resolution(call.db, call.path["resolution_id"])
    resolutions.clear_number(call.db, record, actor=call.actor)
    return _detail(call, record)


@api.endpoint(
    "POST",
    "/api/archive/resolutions/{resolution_id}/signed",
    summary="Upload the signed final PDF (multipart form: file), through the same checks as every document; "
    "the resolution must have its number",
    roles=ARCHIVISTS,
    tag="archive",
    body=obj(["file"], file=FILE),
    form=True,
    max_bytes=FORM_LIMIT,
    prepare=check_upload,
    returns=DETAIL,
)
def upload_signed(call: Call) -> dict[str, Any]:
    record = resolutions.get_resolution(call.db, call.path["resolution_id"])
    sent = checked_file(call)
    if sent.processed.converted_from is not None:
        raise DomainError(
            "Bản đã ký phải là tệp PDF.", "The signed copy must be a PDF file.", field="file", status=415
        )
    facts = sent.processed.facts
    resolutions.attach_signed(
        call.db,
        record,
        sent.processed.pdf,
        facts.page_count,
        sent.filename,
        texts=facts.texts,
        actor=call.actor,
    )
    return _detail(call, record)


@api.endpoint(
    "GET",
    "/api/archive/resolutions/{resolution_id}/signed.pdf",
    summary="The signed final PDF as archived",
    roles=STAFF,
    tag="archive",
    response="application/pdf",
)
def signed_pdf(call: Call) -> Response:
    record = resolutions.get_resolution(call.db, call.path["resolution_id"])
    if record.signed_sha256 is None:
        raise DomainError(
            "Nghị quyết chưa có bản đã ký.",
            "The resolution has no signed copy yet.",
            code="not_found",
            status=404,
        )
    content = filestore.load(call.db, record.signed_sha256)
    name = (record.number or "nghi-quyet").replace("/", "-") + ".pdf"
    return Response(
        content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
            "ETag": f'"{record.signed_sha256}"',
        },
    )


@api.endpoint(
    "POST",
    "/api/archive/resolutions/{resolution_id}/relations",
    summary="This resolution acts on another (target_id): kind (based_on, guides, amends, supplements, replaces, "
    "repeals, suspends, cites), parts (articles or clauses; none: the whole act), effective_on (default: the "
    "day this one takes effect), until_on (a suspension's end); refused: itself, a circle of replacement or "
    "repeal (409), a date before either was adopted",
    roles=ARCHIVISTS,
    tag="archive",
    body=obj(
        ["target_id", "kind"],
        target_id=INT,
        kind=choices(RelationKind),
        parts=array(STR),
        effective_on=DATE,
        until_on=DATE,
        note=STR,
    ),
    status=201,
    returns=DETAIL,
)
def add_relation(call: Call) -> dict[str, Any]:
    record = resolutions.get_resolution(call.db, call.path["resolution_id"])
    links.add_relation(call.db, record, links.RelationInput.parse(call.body), actor=call.actor)
    return _detail(call, record)


@api.endpoint(
    "DELETE",
    "/api/archive/relations/{relation_id}",
    summary="Remove a relation recorded by mistake",
    roles=ARCHIVISTS,
    tag="archive",
    returns=reply(removed=INT),
)
def remove_relation(call: Call) -> dict[str, Any]:
    links.remove_relation(call.db, call.path["relation_id"], actor=call.actor)
    return {"removed": call.path["relation_id"]}

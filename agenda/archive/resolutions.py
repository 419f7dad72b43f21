"""Resolution records: made when a vote adopts a draft resolution (with its dossier), typed in for an older or
another council's act, edited by the archivist, and numbered in their series.

Rules are in the pure modules — numbers :mod:`agenda.archive.numbering`, dates :mod:`agenda.archive.dating`;
the typed inputs in :mod:`agenda.archive.values`; this module reads and writes the rows, and audits every
change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import audit, clock, filestore
from agenda.archive.dating import ResolutionDates
from agenda.archive.numbering import ResolutionNumber, check_assignment, next_serial
from agenda.archive.search import maintain as search
from agenda.archive.values import ResolutionInput, ResolutionPatch, SignedCopy
from agenda.errors import Conflict, DomainError, found
from agenda.models import (
    AgendaItem,
    AgendaItemKind,
    Council,
    Document,
    DocumentType,
    DossierDocument,
    Resolution,
    ResolutionOrigin,
    Session,
    Vote,
    VoteKind,
)

# The order of a dossier: the draft first, then the submission, the review, the rest.
DOSSIER_ORDER = [
    DocumentType.DRAFT_RESOLUTION,
    DocumentType.SUBMISSION,
    DocumentType.REVIEW_REPORT,
    DocumentType.REPORT,
    DocumentType.REFERENCE,
    DocumentType.OTHER,
]
_DRAFT_PREFIXES = ("dự thảo nghị quyết", "dự thảo")


def get_resolution(db: DbSession, resolution_id: int) -> Resolution:
    return found(db.get(Resolution, resolution_id), "nghị quyết", "Resolution")


def adopts_a_resolution(vote: Vote, item: AgendaItem | None) -> bool:
    """A motion that passed on an agenda item for adopting a resolution (xem xét, thông qua nghị quyết)."""
    return (
        item is not None
        and item.kind is AgendaItemKind.RESOLUTION
        and vote.kind is VoteKind.MOTION
        and bool(vote.result and vote.result.get("passed"))
    )


def title_from(item: AgendaItem, documents: list[Document]) -> str:
    """The trích yếu proposed for an adopted draft: the draft's own title without "Dự thảo", else the item's."""
    for document in documents:
        if document.doc_type is DocumentType.DRAFT_RESOLUTION:
            title = document.title.strip()
            lowered = title.lower()
            for prefix in _DRAFT_PREFIXES:
                if lowered.startswith(prefix):
                    rest = title[len(prefix) :].strip(" :–-")
                    return f"Nghị quyết {rest}" if prefix == "dự thảo nghị quyết" and rest else rest or title
            return title
    return item.title


def record_adoption(db: DbSession, vote: Vote, session: Session) -> Resolution | None:
    """In the transaction that closes ``vote``: if it adopted a draft resolution, the resolution record with its
    dossier — the documents of the item in the versions current now, the ones voted on. A repeated vote on the
    same item moves the record to the later vote. Returns the record (None when the vote adopted none)."""
    item = db.get(AgendaItem, vote.agenda_item_id) if vote.agenda_item_id is not None else None
    if item is None or not adopts_a_resolution(vote, item):
        return None
    council = session.term.council
    assert vote.closed_at is not None
    adopted_on = clock.local(vote.closed_at, council).date()
    documents = list(
        db.scalars(
            select(Document)
            .where(Document.agenda_item_id == item.id, Document.current_version_id.is_not(None))
            .order_by(Document.position, Document.id)
        )
    )
    record = db.scalar(select(Resolution).where(Resolution.agenda_item_id == item.id))
    if record is None:
        record = Resolution(
            council_id=council.id,
            origin=ResolutionOrigin.VOTE,
            session_id=session.id,
            agenda_item_id=item.id,
            year=adopted_on.year,
            title=title_from(item, documents)[:1000],
            adopted_on=adopted_on,
            normative=False,
            special_procedure=False,
        )
        db.add(record)
    elif record.serial is None:
        record.adopted_on, record.year = adopted_on, adopted_on.year
    record.vote_id = vote.id
    record.documents = [
        DossierDocument(
            document_version_id=document.current_version_id,
            doc_type=document.doc_type,
            title=document.title,
            position=position,
        )
        for position, document in enumerate(
            sorted(documents, key=lambda d: (DOSSIER_ORDER.index(d.doc_type), d.position, d.id))
        )
    ]
    db.flush()
    audit.append(
        db,
        "resolution.recorded",
        {"resolution_id": record.id, "vote_id": vote.id, "documents": len(record.documents)},
        session_id=session.id,
    )
    search.refresh(db, record, dossier=False)  # (the dossier's pages with its number: the close stays quick)
    return record


def _check_dates(record: Resolution) -> None:
    """The dates' rules on a record about to be written; the effective date filled in by default."""
    dates = ResolutionDates(
        record.adopted_on, record.signed_on, record.published_on, record.effective_on, record.expires_on
    ).checked(normative=record.normative, special_procedure=record.special_procedure)
    record.effective_on = dates.effective


def create_resolution(
    db: DbSession,
    values: ResolutionInput,
    *,
    actor: str | None = None,
    origin: ResolutionOrigin = ResolutionOrigin.MANUAL,
    signed: SignedCopy | None = None,
) -> Resolution:
    """A record typed in (``origin`` manual) or brought in from a historical file (import, with its
    ``signed`` copy: it needs its number). Written at once — its number checked in its series and its signed
    copy stored before the one INSERT, its audit entries (created, numbered, the signed copy's) in one
    multi-row INSERT, the search index written once — the same rows as making it, numbering it and attaching
    the copy one after the other."""
    council = found(db.get(Council, values.council_id), "Hội đồng nhân dân", "Council")
    record = Resolution(
        council_id=council.id,
        origin=origin,
        year=values.adopted_on.year,
        title=values.title,
        adopted_on=values.adopted_on,
        normative=values.normative,
        special_procedure=values.special_procedure,
        field=values.field,
        signer_name=values.signer_name,
        signer_title=values.signer_title,
        signed_on=values.signed_on,
        published_on=values.published_on,
        effective_on=values.effective_on,
        expires_on=values.expires_on,
    )
    _check_dates(record)
    numbered = None if values.number is None else _give_number(db, record, values.number, values.gap_reason)
    if signed is not None:
        _require_number(record)
        record.signed_sha256 = filestore.put(db, signed.pdf)
        record.signed_filename, record.signed_pages = signed.filename, signed.pages
    db.add(record)
    db.flush()
    created: dict[str, Any] = {"resolution_id": record.id, "council_id": council.id}
    entries: list[tuple[str, dict[str, Any], str | None, int | None]] = [
        ("resolution.created", created, actor, None)
    ]
    if numbered is not None:
        entries.append(("resolution.numbered", _numbered_detail(record, numbered), actor, None))
    if signed is not None:
        entries.append((signed.action, {"resolution_id": record.id, **signed.detail}, actor, None))
    audit.append_many(db, entries)
    search.index_new(db, record, signed_texts=signed.texts if signed is not None else ())
    return record


def update_resolution(
    db: DbSession, record: Resolution, patch: ResolutionPatch, *, actor: str | None = None
) -> Resolution:
    before = {key: getattr(record, key) for key in patch.given}
    with db.no_autoflush:
        for key in patch.given:
            value = getattr(patch, key)
            setattr(record, key, bool(value) if key in ("normative", "special_procedure") else value)
        if record.serial is not None and (
            record.normative != before.get("normative", record.normative)
            or record.adopted_on.year != record.year
        ):
            raise Conflict(
                f"Nghị quyết đã mang số {record.number}: bỏ số trước khi đổi loại hoặc năm thông qua.",
                f"The resolution already has the number {record.number}: remove it before changing its kind or year.",
                field="normative" if "normative" in patch.given else "adopted_on",
            )
        record.year = record.adopted_on.year
        _check_dates(record)
    db.flush()
    changed = sorted(key for key in patch.given if before[key] != getattr(record, key))
    if changed:
        audit.append(
            db,
            "resolution.updated",
            {"resolution_id": record.id, "fields": changed, "before": {k: before[k] for k in changed}},
            actor=actor,
        )
        search.refresh(db, record)
    return record


def used_serials(
    db: DbSession, council_id: int, year: int, normative: bool, *, besides: int | None
) -> set[int]:
    query = select(Resolution.serial).where(
        Resolution.council_id == council_id,
        Resolution.year == year,
        Resolution.normative.is_(normative),
        Resolution.serial.is_not(None),
    )
    if besides is not None:
        query = query.where(Resolution.id != besides)
    return {serial for serial in db.scalars(query) if serial is not None}


def proposed_number(db: DbSession, record: Resolution) -> ResolutionNumber:
    """The number the record would take next in its series."""
    used = used_serials(db, record.council_id, record.year, record.normative, besides=record.id)
    return ResolutionNumber(year=record.year, normative=record.normative, serial=next_serial(used))


class _Numbered(NamedTuple):
    number: ResolutionNumber
    previous: str | None  # the record's number before
    skipped: list[int]  # the serials it leaves unused


def _give_number(db: DbSession, record: Resolution, typed: str | None, gap_reason: str | None) -> _Numbered:
    """Set ``record``'s number — the one typed, or the next of its series (``typed`` None) — checked in its
    series (not yet written)."""
    used = used_serials(db, record.council_id, record.year, record.normative, besides=record.id)
    if typed is None:
        number = ResolutionNumber(year=record.year, normative=record.normative, serial=next_serial(used))
    else:
        number = ResolutionNumber.parse(typed, year=record.year, normative=record.normative)
    skipped = check_assignment(number, used, gap_reason=gap_reason)
    previous = record.number
    record.serial, record.number = number.serial, str(number)
    record.gap_reason = gap_reason.strip() if skipped and gap_reason else None
    return _Numbered(number, previous, skipped)


def _numbered_detail(record: Resolution, numbered: _Numbered) -> dict[str, Any]:
    """The detail of the audit entry "resolution.numbered"."""
    detail: dict[str, Any] = {
        "resolution_id": record.id,
        "number": record.number,
        "previous": numbered.previous,
    }
    detail["skipped"] = numbered.skipped
    return detail | ({"gap_reason": record.gap_reason} if record.gap_reason else {})


def assign_number(
    db: DbSession, record: Resolution, typed: str | None, *, gap_reason: str | None, actor: str | None = None
) -> ResolutionNumber:
    """Give ``record`` its number: the one typed, or the next of its series (``typed`` None). Returns it."""
    numbered = _give_number(db, record, typed, gap_reason)
    db.flush()
    audit.append(db, "resolution.numbered", _numbered_detail(record, numbered), actor=actor)
    search.refresh(db, record)
    return numbered.number


def clear_number(db: DbSession, record: Resolution, *, actor: str | None = None) -> None:
    """Take a number back (given by mistake, before the resolution was signed)."""
    if record.signed_sha256 is not None:
        raise DomainError(
            "Nghị quyết đã có bản ký: không thể bỏ số.",
            "The resolution has its signed copy: its number cannot be taken back.",
            status=409,
        )
    previous, record.serial, record.number, record.gap_reason = record.number, None, None, None
    db.flush()
    audit.append(db, "resolution.unnumbered", {"resolution_id": record.id, "previous": previous}, actor=actor)
    search.refresh(db, record)


def _require_number(record: Resolution) -> None:
    """A signed copy carries the number: the record has it first."""
    if record.number is None:
        raise DomainError(
            "Cấp số cho nghị quyết trước khi tải lên bản đã ký.",
            "Give the resolution its number before uploading the signed copy.",
            code="not_numbered",
            status=409,
        )


def attach_signed(
    db: DbSession,
    record: Resolution,
    pdf: bytes,
    page_count: int,
    filename: str,
    *,
    texts: Sequence[str],
    actor: str | None = None,
) -> Resolution:
    """Keep the signed final PDF (already through the document checks, :mod:`agenda.documents.upload`, which
    read ``texts``, its pages' text, for the search index): only once the record has its number, which the
    signed copy carries."""
    _require_number(record)
    previous = record.signed_sha256
    record.signed_sha256 = filestore.put(db, pdf)
    record.signed_filename, record.signed_pages = filename, page_count
    db.flush()
    audit.append(
        db,
        "resolution.signed_copy",
        {
            "resolution_id": record.id,
            "sha256": record.signed_sha256,
            "previous": previous,
            "pages": page_count,
        },
        actor=actor,
    )
    search.refresh(db, record, signed_texts=texts)
    return record

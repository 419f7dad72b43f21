"""One imported file written as one resolution record, whole or not at all: in the caller's transaction (the
writer's savepoint for this file, inside its batch's transaction: :mod:`agenda.archive.importer.writer`) the
issuing council is found (or an abolished district council created, when allowed), the record made (origin
import) with its number checked in its series, the PDF stored and set as its signed copy, and the import
audited — written at once by :func:`agenda.archive.resolutions.create_resolution` (one INSERT of the record,
one of its three audit entries, its search index once). Any refusal rolls all of it back.

Numbers: an archive arrives in any order and seldom whole, so the numbers it skips are expected: an
imported number that leaves a gap records :data:`IMPORT_GAP_REASON` as the gap's reason (the rules of
:mod:`agenda.archive.numbering` still refuse a number already given, and a year that is not the adoption's)."""

from __future__ import annotations

from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import filestore
from agenda.archive.importer.issuers import Issuers
from agenda.archive.importer.reading import Prepared
from agenda.archive.resolutions import create_resolution
from agenda.archive.values import ResolutionInput, SignedCopy
from agenda.documents.upload import short_name
from agenda.errors import DomainError
from agenda.models import Resolution, ResolutionOrigin

IMPORT_GAP_REASON = "Nhập từ lưu trữ: các số trước chưa có trong các tệp đã nhập."


class AlreadyImported(Exception):
    """The stored copy (after the checks) is already a resolution's signed copy."""

    def __init__(self, resolution_id: int) -> None:
        super().__init__(resolution_id)
        self.resolution_id = resolution_id


def _council_id(db: DbSession, prepared: Prepared, issuers: Issuers, default_id: int | None) -> int:
    values = prepared.values
    if values.council is None:
        if default_id is None:
            raise DomainError(
                "Không biết Hội đồng nhân dân ban hành: trang đầu không ghi, tệp CSV không có; hãy chọn Hội "
                "đồng (--council-id) hoặc ghi vào tệp CSV.",
                "The issuing council is unknown: the first page does not say and no CSV gives it; choose the "
                "council (--council-id) or give it in a CSV file.",
                code="unknown_council",
                field="council",
                status=422,
            )
        return default_id
    if values.council_from_header and default_id is not None:
        named = issuers.find(values.council)
        if named is not None and named != default_id:
            raise DomainError(
                f"Trang đầu ghi cơ quan ban hành “{values.council}”, không phải Hội đồng đã chọn cho lần nhập "
                "này.",
                f"The first page names the issuer “{values.council}”, not the council chosen for this import.",
                code="issuer_mismatch",
                field="council",
                status=422,
            )
        return default_id
    return issuers.resolve(db, values.council)


def write_import(
    db: DbSession,
    prepared: Prepared,
    issuers: Issuers,
    *,
    council_id: int | None = None,
    actor: str | None = None,
) -> Resolution:
    """The record of ``prepared`` in ``db``'s transaction; :class:`AlreadyImported` when its stored copy is
    already a record's, a :class:`DomainError` with the reason when it is refused."""
    pdf = prepared.processed.pdf
    digest = filestore.sha256(pdf)
    existing = db.scalar(select(Resolution.id).where(Resolution.signed_sha256 == digest).limit(1))
    if existing is not None:
        raise AlreadyImported(existing)
    values = prepared.values
    pages = prepared.processed.facts.page_count
    signed = SignedCopy(
        pdf=pdf,
        filename=short_name(PurePath(prepared.name).name, 255),
        pages=pages,
        texts=prepared.processed.facts.texts,
        action="resolution.imported",
        detail={
            "file": prepared.name[:255],
            "sha256": digest,
            "pages": pages,
            "scanned": prepared.scanned,
            "ocr": prepared.ocr,
            **prepared.processed.audit_detail(),
        },
    )
    return create_resolution(
        db,
        ResolutionInput(
            council_id=_council_id(db, prepared, issuers, council_id),
            title=values.title,
            adopted_on=values.adopted_on,
            normative=values.normative,
            number=values.number,
            field=values.field,
            signer_name=values.signer_name,
            signer_title=values.signer_title,
            signed_on=values.signed_on,
            effective_on=values.effective_on,
            gap_reason=IMPORT_GAP_REASON,
        ),
        actor=actor,
        origin=ResolutionOrigin.IMPORT,
        signed=signed,
    )

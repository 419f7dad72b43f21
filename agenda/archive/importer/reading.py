"""One file of an import read, before any write: checked as an upload is (in a check worker: encrypted,
damaged, not a PDF, a bomb … refused with the reason), its first page's header parsed — read by OCR when
the page is a scan and Tesseract can — and merged with its CSV row (the row's values win). Runs in the
importer's threads; the database is not touched."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from agenda.archive.importer.header import Header, is_normative_number, parse_header
from agenda.archive.importer.metadata import Row
from agenda.archive.importer.ocr import has_text_layer, ocr_status, read_scanned
from agenda.documents.upload import ProcessedFile, Upload, process_upload
from agenda.errors import DomainError
from agenda.pdf.limits import Limits
from agenda.pdf.worker import Pool


@dataclass(frozen=True)
class ImportValues:
    """A resolution's details as the file and its CSV row give them. ``council``: as written (a header's
    issuer, a CSV's id or name), None when neither says; ``council_from_header``: it is the header's."""

    number: str
    adopted_on: dt.date
    title: str
    normative: bool
    council: str | None
    council_from_header: bool
    field: str | None = None
    signer_name: str | None = None
    signer_title: str | None = None
    signed_on: dt.date | None = None
    effective_on: dt.date | None = None


@dataclass(frozen=True)
class Prepared:
    """A file ready to be written: what the checks made of it and the details of its record."""

    name: str  # its path under the imported folder
    source_sha256: str
    processed: ProcessedFile
    values: ImportValues
    scanned: bool
    ocr: bool


class ReadRefusal(DomainError):
    """A file refused before any write; ``scanned`` when its first page is a scan without text."""

    def __init__(self, error: DomainError, *, scanned: bool = False) -> None:
        super().__init__(error.vi, error.en, code=error.code, field=error.field, status=error.status)
        self.scanned = scanned


def scanned_without_ocr() -> DomainError:
    status = ocr_status()
    return DomainError(
        f"Tệp là bản quét (trang đầu không có lớp chữ). {status.vi} Hãy ghi thông tin của tệp vào tệp CSV.",
        f"The file is a scan (its first page has no text layer). {status.en} Give the file's details in a CSV "
        "file.",
        code="scanned_no_text",
        field="file",
        status=422,
    )


def merge(header: Header | None, header_error: DomainError | None, row: Row | None) -> ImportValues:
    """The details of the record: the row's values, else the header's; refused with what is missing."""
    given = row or Row(line=0)
    number = given.number or (header.number if header else None)
    adopted_on = given.adopted_on or (header.adopted_on if header else None)
    title = given.title or (header.title if header else None)
    if header_error is not None and not (number and adopted_on and title):
        raise header_error
    missing = [
        (vi, en)
        for value, vi, en in (
            (number, "số, ký hiệu", "number"),
            (adopted_on, "ngày ban hành", "date"),
            (title, "trích yếu", "summary"),
        )
        if not value
    ]
    if missing or number is None or adopted_on is None or title is None:
        raise DomainError(
            "Không đọc được "
            + ", ".join(vi for vi, _ in missing)
            + " của nghị quyết ở trang đầu; hãy ghi vào "
            "tệp CSV.",
            "The resolution's " + ", ".join(en for _, en in missing) + " cannot be read from its first page; "
            "give it in a CSV file.",
            code="missing_details",
            field="file",
        )
    council = given.council or (header.issuer if header else None)
    return ImportValues(
        number=number,
        adopted_on=adopted_on,
        title=title[:1000],
        normative=given.normative if given.normative is not None else is_normative_number(number),
        council=council,
        council_from_header=given.council is None and council is not None,
        field=given.field,
        signer_name=given.signer_name,
        signer_title=given.signer_title,
        signed_on=given.signed_on,
        effective_on=given.effective_on,
    )


def prepare(
    name: str, content: bytes, source_sha256: str, row: Row | None, limits: Limits, pool: Pool | None
) -> Prepared:
    """Check and read one file; :class:`ReadRefusal` with the reason when it cannot be imported."""
    try:
        processed = process_upload(Upload(name, "application/pdf", content), limits, pool=pool)
    except DomainError as error:
        raise ReadRefusal(error) from None
    first = processed.facts.texts[0] if processed.facts.texts else ""  # (made canonical by parse_header)
    scanned = not has_text_layer(first)
    ocr = False
    header: Header | None = None
    header_error: DomainError | None = None
    try:
        if scanned and ocr_status().available:
            first, ocr = read_scanned(processed.pdf, limits), True
        if scanned and not ocr:
            header_error = scanned_without_ocr()
        else:
            header = parse_header(first)
    except DomainError as error:
        header_error = error
    try:
        values = merge(header, header_error, row)
    except DomainError as error:
        raise ReadRefusal(error, scanned=scanned) from None
    return Prepared(name, source_sha256, processed, values, scanned, ocr)

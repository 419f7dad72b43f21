"""Evidence attached to a phiếu chất vấn: a PDF, an image or a Word file of at most 10 MB, whose content
matches its declared type; stored once by its SHA-256 however often it is attached."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session as DbSession

from agenda import filestore
from agenda.errors import DomainError

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAGIC = {
    "application/pdf": b"%PDF",
    "image/jpeg": b"\xff\xd8\xff",
    "image/png": b"\x89PNG",
    DOCX: b"PK\x03\x04",
}
ATTACHMENT_TYPES = frozenset(MAGIC)


@dataclass(frozen=True)
class Attachment:
    """A stored attachment: the name it was sent with, its type and the SHA-256 of its content."""

    name: str
    content_type: str
    sha256: str


def store_attachment(db: DbSession, filename: str, content_type: str, content: bytes) -> Attachment:
    """Check an attached file and store it; refuses a wrong type, an empty or oversized file, or content
    that is not what its type says."""
    if content_type not in ATTACHMENT_TYPES:
        raise DomainError(
            "Tệp đính kèm phải là PDF, JPEG, PNG hoặc DOCX.",
            "The attachment must be a PDF, JPEG, PNG or DOCX file.",
            field="file",
        )
    if not content:
        raise DomainError("Tệp đính kèm rỗng.", "The attachment is empty.", field="file")
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise DomainError(
            "Tệp đính kèm quá 10 MB.", "The attachment is larger than 10 MB.", field="file", status=413
        )
    if not content.startswith(MAGIC[content_type]):
        raise DomainError(
            "Nội dung tệp không đúng với loại tệp.",
            "The file's content does not match its type.",
            field="file",
        )
    return Attachment(filename[:200] or "tep-dinh-kem", content_type, filestore.put(db, content))

"""Read receipts: how far each delegate has read each document (đã đọc = at least 90 % of the pages)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Self

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import clock
from agenda.access import delegate_person
from agenda.clock import utcnow
from agenda.council.office import held_on
from agenda.documents.access import require_reader
from agenda.documents.listing import current_version, item_number, item_numbers, session_documents
from agenda.errors import DomainError
from agenda.inputs import Fields
from agenda.models import Document, DocumentVersion, Mandate, ReadReceipt, Session, User
from agenda.text import vietnamese_sort_key

READ_FRACTION = 0.9  # "đã đọc": at least 90 % of the pages seen, rounded up (every page of a short document)


def pages_needed(page_count: int) -> int:
    return max(1, math.ceil(page_count * READ_FRACTION))


@dataclass(frozen=True)
class ReadingProgress:
    """``{"page": 7, "pages_seen": [1, 2, …]}``: the page now open and the pages seen since the last report
    (a tablet that read offline sends them all at once)."""

    page: int
    pages_seen: tuple[int, ...] = ()

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        page = f.integer("page", ("trang", "page"), minimum=1)
        seen = f.data.get("pages_seen") or []
        if not isinstance(seen, list) or not all(
            isinstance(p, int) and not isinstance(p, bool) for p in seen
        ):
            raise DomainError(
                "Các trang đã xem phải là danh sách số trang.",
                "pages_seen must be a list of page numbers.",
                field="pages_seen",
            )
        return cls(page, tuple(seen))


def delegate_receipt(db: DbSession, document: Document, person_id: int) -> ReadReceipt | None:
    """How far this delegate has read this document (None: never opened)."""
    return db.scalar(
        select(ReadReceipt).where(ReadReceipt.document_id == document.id, ReadReceipt.person_id == person_id)
    )


def delegate_receipts(db: DbSession, person_id: int, documents: Sequence[Document]) -> dict[int, ReadReceipt]:
    """The delegate's receipts for these documents, by document id (one query for all)."""
    receipts = db.scalars(
        select(ReadReceipt).where(
            ReadReceipt.person_id == person_id, ReadReceipt.document_id.in_([d.id for d in documents])
        )
    )
    return {r.document_id: r for r in receipts}


def record_progress(
    db: DbSession, document: Document, user: User | None, progress: ReadingProgress
) -> ReadReceipt:
    """The delegate's reading of the current version: ``progress.page`` now open, ``pages_seen`` added to
    those seen. A new version starts the count again."""
    person_id = require_reader(user)
    version = current_version(document)
    page = progress.page
    if page > version.page_count:
        raise DomainError(
            f"Trang không được lớn hơn {version.page_count}.",
            f"Page must be at most {version.page_count}.",
            field="page",
        )
    seen = {p for p in progress.pages_seen if 1 <= p <= version.page_count} | {page}
    receipt = delegate_receipt(db, document, person_id)
    now = utcnow()
    if receipt is None:
        receipt = ReadReceipt(
            document_id=document.id,
            person_id=person_id,
            version_id=version.id,
            first_opened_at=now,
            pages_seen=[],
            pages_total=version.page_count,
        )
        db.add(receipt)
    elif receipt.version_id != version.id:
        receipt.version_id, receipt.pages_seen, receipt.pages_total = version.id, [], version.page_count
    receipt.pages_seen = sorted(set(receipt.pages_seen or []) | seen)
    receipt.max_page_seen = max(receipt.pages_seen)
    receipt.last_page = page
    receipt.pages_total = version.page_count
    receipt.updated_at = now
    db.flush()
    return receipt


def receipt_view(receipt: ReadReceipt | None, version: DocumentVersion) -> dict[str, Any]:
    if receipt is None:
        return {
            "opened": False,
            "first_opened_at": None,
            "last_page": None,
            "max_page_seen": 0,
            "pages_seen": 0,
            "page_count": version.page_count,
            "read": False,
            "status": "unopened",
            "label": "chưa đọc",
            "status_label": "chưa mở",
        }
    current = receipt.version_id == version.id
    count = len(receipt.pages_seen or []) if current else 0
    read = current and count >= pages_needed(version.page_count)
    status = "read" if read else ("reading" if current else "outdated")
    return {
        "opened": True,
        "first_opened_at": clock.iso(receipt.first_opened_at),
        "last_page": receipt.last_page,
        "max_page_seen": receipt.max_page_seen if current else 0,
        "pages_seen": count,
        "page_count": version.page_count,
        "read": read,
        "status": status,
        "label": "đã đọc" if read else "chưa đọc",
        "status_label": {"read": "đã đọc", "reading": "đang đọc", "outdated": "đã mở bản cũ"}[status],
        "updated_at": clock.iso(receipt.updated_at),
    }


def my_progress(db: DbSession, document: Document, user: User | None) -> dict[str, Any] | None:
    """The signed-in delegate's own receipt (where to resume); None for others."""
    person_id = delegate_person(user)
    if person_id is None:
        return None
    return receipt_view(delegate_receipt(db, document, person_id), current_version(document))


def read_receipts(db: DbSession, session: Session, on: dt.date | None = None) -> dict[str, Any]:
    """Per published document, per delegate in office: opened?, how far, đã đọc / chưa đọc."""
    mandates = list(
        db.scalars(
            select(Mandate).where(
                Mandate.term_id == session.term_id, held_on(Mandate, on or clock.today(session.term.council))
            )
        )
    )
    mandates.sort(key=lambda m: vietnamese_sort_key(m.person.full_name))
    documents = [d for d in session_documents(db, session) if d.published_at is not None]
    receipts = {
        (r.document_id, r.person_id): r
        for r in db.scalars(
            select(ReadReceipt).where(ReadReceipt.document_id.in_([d.id for d in documents] or [0]))
        )
    }
    numbers = item_numbers(session)
    out = []
    for document in documents:
        version = current_version(document)
        rows = [
            {
                "person_id": m.person_id,
                "full_name": m.person.full_name,
                "seat_label": m.seat_label,
                **receipt_view(receipts.get((document.id, m.person_id)), version),
            }
            for m in mandates
        ]
        out.append(
            {
                "id": document.id,
                "title": document.title,
                "access": document.access.value,
                "item_number": item_number(numbers, document),
                "version": version.number,
                "page_count": version.page_count,
                "pages_needed": pages_needed(version.page_count),
                "opened": sum(r["opened"] for r in rows),
                "read": sum(r["read"] for r in rows),
                "delegates": rows,
            }
        )
    return {
        "session_id": session.id,
        "read_rule": f"đã đọc: đã xem ít nhất {round(READ_FRACTION * 100)}% số trang",
        "read_rule_en": f"read: at least {round(READ_FRACTION * 100)}% of the pages seen",
        "delegates": len(mandates),
        "documents": out,
    }

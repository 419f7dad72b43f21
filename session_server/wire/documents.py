"""Documents as JSON for the wire: what the caller may see of one (staff: also file names and uploaders),
and for a delegate how far they have read it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session as DbSession

from agenda.access import is_staff
from agenda.documents.listing import item_numbers
from agenda.documents.receipts import my_progress
from agenda.documents.views import document_view
from agenda.models import Document, User


def document(db: DbSession, user: User | None, doc: Document) -> dict[str, Any]:
    out = document_view(doc, item_numbers(doc.session), staff=is_staff(user))
    progress = my_progress(db, doc, user)
    if progress is not None:
        out["my_progress"] = progress
    return out

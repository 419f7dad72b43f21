"""Documents as JSON for the wire: what the caller may see of one (staff: also file names and uploaders),
and for a delegate how far they have read it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session as DbSession

from agenda.access import is_staff
from agenda.council.sessions import numbered_items
from agenda.documents.receipts import my_progress
from agenda.documents.views import document_view
from agenda.models import Document, User


def document(db: DbSession, user: User | None, doc: Document) -> dict[str, Any]:
    numbers = {i.id: n for n, i in numbered_items(doc.session)}
    out = document_view(doc, numbers, staff=is_staff(user))
    progress = my_progress(db, doc, user)
    if progress is not None:
        out["my_progress"] = progress
    return out

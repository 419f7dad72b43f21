"""Documents as JSON for the wire: what the caller may see of one (staff: also file names and uploaders),
and for a delegate how far they have read it. The shapes :mod:`agenda.documents` gives its views (a
document, its versions, a read receipt, a note, a copy handed out) are declared here, beside the one
serialiser of this module, as components of the OpenAPI document."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session as DbSession

from agenda.access import is_staff
from agenda.documents.listing import item_numbers
from agenda.documents.receipts import my_progress
from agenda.documents.views import document_view
from agenda.models import CopyKind, Document, DocumentAccess, DocumentType, NoteKind, User
from session_server.http.schemas import (
    BOOL,
    DATETIME,
    INT,
    NUMBER,
    OPT_DATETIME,
    OPT_INT,
    OPT_STR,
    STR,
    array,
    choices,
    component,
    enum,
    nullable,
    reply,
)

STAFF_ONLY = "Staff only"
READING = component(
    "ReadingProgress",
    reply(
        ["updated_at"],
        opened=BOOL,
        first_opened_at=OPT_DATETIME,
        last_page=OPT_INT,
        max_page_seen=INT,
        pages_seen=INT,
        page_count=INT,
        read=BOOL,
        status=enum(["unopened", "reading", "read", "outdated"]),
        label=STR,
        status_label=STR,
        updated_at=OPT_DATETIME,
    ),
)
VERSION = component(
    "DocumentVersion",
    reply(
        ["original_filename", "converted_from", "uploaded_by"],
        number=INT,
        sha256=STR,
        size=INT,
        page_count=INT,
        pdf_title=OPT_STR,
        pdf_author=OPT_STR,
        uploaded_at=DATETIME,
        current=BOOL,
        file_url=STR,
        original_filename={**STR, "description": STAFF_ONLY},
        converted_from={**OPT_STR, "description": STAFF_ONLY},
        uploaded_by={**OPT_STR, "description": STAFF_ONLY},
    ),
)
DOCUMENT = component(
    "Document",
    reply(
        ["created_by", "my_progress"],
        id=INT,
        session_id=INT,
        title=STR,
        doc_type=choices(DocumentType),
        doc_type_label=STR,
        access=choices(DocumentAccess),
        access_label=STR,
        agenda_item_id=OPT_INT,
        item_number=OPT_STR,
        position=INT,
        published=BOOL,
        published_at=OPT_DATETIME,
        updated_at=DATETIME,
        stamped={
            **BOOL,
            "description": "Confidential: each reader's download is a copy stamped with their name",
        },
        version=INT,
        sha256=STR,
        size=INT,
        page_count=INT,
        file_url=STR,
        page_image_url=STR,
        text_url=STR,
        versions=array(VERSION),
        created_by={**OPT_STR, "description": STAFF_ONLY},
        my_progress={**READING, "description": "For a delegate: how far they have read it"},
    ),
)
DOCUMENTS = component(
    "SessionDocuments",
    reply(
        session_id=INT,
        documents=array(DOCUMENT),
        pack_url=STR,
        agenda=array(reply(id=INT, number=STR, title=STR, depth=enum([0, 1]))),
    ),
)
RECEIPTS = component(
    "ReadReceipts",
    reply(
        session_id=INT,
        read_rule=STR,
        read_rule_en=STR,
        delegates=INT,
        documents=array(
            reply(
                id=INT,
                title=STR,
                access=choices(DocumentAccess),
                item_number=OPT_STR,
                version=INT,
                page_count=INT,
                pages_needed=INT,
                opened=INT,
                read=INT,
                delegates=array(
                    {"allOf": [READING, reply(person_id=INT, full_name=STR, seat_label=OPT_STR)]}
                ),
            )
        ),
    ),
)
NOTE = component(
    "Note",
    reply(
        id=INT,
        client_id=STR,
        document_id=INT,
        page=INT,
        kind=choices(NoteKind),
        text=OPT_STR,
        color=OPT_STR,
        rects={**nullable(array(array(NUMBER))), "description": "[x0, y0, x1, y1] in page fractions (0–1)"},
        version_number=OPT_INT,
        deleted=BOOL,
        created_at=DATETIME,
        updated_at=DATETIME,
        server_updated_at=DATETIME,
    ),
)
COPY = component(
    "DocumentCopy",
    reply(
        id=INT,
        kind=choices(CopyKind),
        version=INT,
        user_id=INT,
        person_id=OPT_INT,
        stamp=STR,
        issued_at=DATETIME,
        sha256=STR,
        size=INT,
        mark={**OPT_STR, "description": "The mark hidden in its pages (12 hex digits); a PDF's only"},
    ),
)
TRACED = component(
    "TracedCopy",
    {
        "allOf": [
            COPY,
            reply(
                recognised_by=STR,
                document=reply(id=INT, title=STR, session_id=INT),
                reader=nullable(reply(user_id=INT, username=STR, name=STR)),
            ),
        ]
    },
)


def document(db: DbSession, user: User | None, doc: Document) -> dict[str, Any]:
    out = document_view(doc, item_numbers(doc.session), staff=is_staff(user))
    progress = my_progress(db, doc, user)
    if progress is not None:
        out["my_progress"] = progress
    return out

"""Files of an activity (kế hoạch, báo cáo kết quả, biên bản): checked as every uploaded document is
(:func:`agenda.documents.upload.process_upload`, before the transaction) and stored once by SHA-256."""

from __future__ import annotations

from sqlalchemy.orm import Session as DbSession

from agenda import audit, filestore
from agenda.documents.upload import ProcessedFile, short_name
from agenda.errors import found
from agenda.models import Activity, ActivityAttachment


def get_attachment(db: DbSession, attachment_id: int) -> ActivityAttachment:
    return found(db.get(ActivityAttachment, attachment_id), "tệp đính kèm", "Attachment")


def add_attachment(
    db: DbSession, activity: Activity, name: str, processed: ProcessedFile, *, actor: str | None = None
) -> ActivityAttachment:
    attachment = ActivityAttachment(
        activity_id=activity.id,
        sha256=filestore.put(db, processed.pdf),
        name=short_name(name),
        pages=processed.facts.page_count,
        created_by=actor,
    )
    db.add(attachment)
    db.flush()
    audit.append(
        db,
        "activity.attachment_added",
        {"activity_id": activity.id, "attachment_id": attachment.id, "file": attachment.sha256},
        actor=actor,
    )
    return attachment


def delete_attachment(db: DbSession, attachment: ActivityAttachment, *, actor: str | None = None) -> None:
    """The attachment goes (the stored file stays for whoever else refers to it)."""
    detail = {
        "attachment_id": attachment.id,
        "activity_id": attachment.activity_id,
        "file": attachment.sha256,
    }
    db.delete(attachment)
    db.flush()
    audit.append(db, "activity.attachment_deleted", detail, actor=actor)

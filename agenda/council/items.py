"""The agenda of a session: adding, editing, removing and reordering its items (numbers "1", "2.1" follow
from position and depth)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from agenda.clock import utcnow
from agenda.council.sessions import editable, record_change
from agenda.errors import Conflict, DomainError, found
from agenda.inputs import Fields
from agenda.models import AgendaItem, AgendaItemKind, Session, SessionStatus


def _apply_item(item: AgendaItem, f: Fields, *, creating: bool, session: Session) -> None:
    if creating or f.has("title"):
        item.title = f.text("title", ("nội dung", "title"), max_length=500)
    if creating or f.has("kind"):
        item.kind = (
            f.choice("kind", ("loại nội dung", "kind"), AgendaItemKind, required=False)
            or AgendaItemKind.OTHER
        )
    if creating or f.has("presenter"):
        item.presenter = f.text("presenter", ("người trình bày", "presenter"), required=False, max_length=300)
    if creating or f.has("planned_minutes"):
        item.planned_minutes = f.integer(
            "planned_minutes",
            ("thời lượng (phút)", "planned minutes"),
            required=False,
            minimum=1,
            maximum=600,
        )
    if creating or f.has("scheduled_on"):
        item.scheduled_on = f.date("scheduled_on", ("ngày", "day"), required=False)
        if item.scheduled_on and not session.starts_on <= item.scheduled_on <= session.ends_on:
            raise DomainError(
                "Ngày của nội dung phải nằm trong thời gian kỳ họp.",
                "The item's day must fall within the session.",
                field="scheduled_on",
            )
    if creating or f.has("notes"):
        item.notes = f.text("notes", ("ghi chú", "notes"), required=False, max_length=5000)
    if creating or f.has("depth"):
        item.depth = f.integer("depth", ("cấp", "level"), required=False, minimum=0, maximum=1) or 0


def add_agenda_item(
    db: DbSession, session: Session, data: Mapping[str, Any], *, actor: str | None = None
) -> AgendaItem:
    editable(session)
    f = Fields(data)
    item = AgendaItem(session_id=session.id)
    _apply_item(item, f, creating=True, session=session)
    last = db.scalar(select(func.max(AgendaItem.position)).where(AgendaItem.session_id == session.id))
    item.position = (last or 0) + 1
    if item.position == 1:
        item.depth = 0
    session.items.append(item)
    session.updated_at = utcnow()
    db.flush()
    record_change(db, session, "agenda.item_added", actor, {"item_id": item.id, "title": item.title})
    return item


def get_agenda_item(db: DbSession, item_id: int) -> AgendaItem:
    return found(db.get(AgendaItem, item_id), "nội dung chương trình", "Agenda item")


def update_agenda_item(
    db: DbSession, item: AgendaItem, data: Mapping[str, Any], *, actor: str | None = None
) -> AgendaItem:
    editable(item.session)
    _apply_item(item, Fields(data), creating=False, session=item.session)
    if item.position == min(i.position for i in item.session.items):
        item.depth = 0
    item.session.updated_at = utcnow()
    db.flush()
    record_change(
        db,
        item.session,
        "agenda.item_updated",
        actor,
        {"item_id": item.id, "fields": sorted(str(k) for k in data)},
    )
    return item


def delete_agenda_item(db: DbSession, item: AgendaItem, *, actor: str | None = None) -> None:
    session = item.session
    editable(session)
    if session.status != SessionStatus.DRAFT and len(session.items) == 1:
        raise Conflict(
            "Chương trình đã công bố phải còn ít nhất một nội dung.",
            "A published agenda must keep at least one item.",
        )
    detail = {"item_id": item.id, "title": item.title}
    session.items.remove(item)
    session.updated_at = utcnow()
    db.flush()
    _renumber(db, session, [(i.id, i.depth) for i in session.items])
    record_change(db, session, "agenda.item_deleted", actor, detail)


def reorder_agenda(
    db: DbSession, session: Session, data: Mapping[str, Any], *, actor: str | None = None
) -> list[AgendaItem]:
    """Put the items in the order given: ``{"items": [{"id": 3, "depth": 0}, …]}`` naming every item once.
    With ``"current"`` — the order the page showed, in the same form — a reorder that someone else made
    meanwhile is not silently overwritten: the page is told to reload instead."""
    editable(session)
    if isinstance(data, Mapping) and data.get("current") is not None:
        shown = data["current"]
        now = [{"id": i.id, "depth": i.depth} for i in sorted(session.items, key=lambda i: i.position)]
        if (
            not isinstance(shown, list)
            or [
                {"id": e.get("id"), "depth": e.get("depth", 0)} if isinstance(e, Mapping) else None
                for e in shown
            ]
            != now
        ):
            raise Conflict(
                "Chương trình vừa được người khác thay đổi — trang đã tải lại, vui lòng sắp xếp lại.",
                "Someone else has just changed the agenda — the page has reloaded; please reorder again.",
                field="items",
            )
    raw = data.get("items") if isinstance(data, Mapping) else None
    if not isinstance(raw, list) or not all(isinstance(e, Mapping) for e in raw):
        raise DomainError(
            "Thứ tự mới phải là danh sách các nội dung.",
            "The new order must be a list of items.",
            field="items",
        )
    order: list[tuple[int, int]] = []
    for entry in raw:
        ef = Fields(entry)
        order.append(
            (
                ef.integer("id", ("mã nội dung", "item id")),
                ef.integer("depth", ("cấp", "level"), required=False, minimum=0, maximum=1) or 0,
            )
        )
    ids = [i for i, _ in order]
    if sorted(ids) != sorted(i.id for i in session.items) or len(set(ids)) != len(ids):
        raise Conflict(
            "Danh sách phải gồm đúng mỗi nội dung của chương trình một lần (có thể ai đó vừa sửa — tải lại trang).",
            "The list must name every agenda item exactly once (someone may have just edited it — reload).",
            field="items",
        )
    _renumber(db, session, order)
    session.updated_at = utcnow()
    record_change(db, session, "agenda.reordered", actor, {"order": ids})
    return list(session.items)


def _renumber(db: DbSession, session: Session, order: list[tuple[int, int]]) -> None:
    by_id = {i.id: i for i in session.items}
    # Two passes keep UNIQUE(session_id, position) satisfied at every statement.
    for n, (item_id, _) in enumerate(order, start=1):
        by_id[item_id].position = -n
    db.flush()
    for n, (item_id, depth) in enumerate(order, start=1):
        by_id[item_id].position = n
        by_id[item_id].depth = 0 if n == 1 else depth
    db.flush()
    db.expire(session, ["items"])

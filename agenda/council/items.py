"""The agenda of a session: adding, editing, removing and reordering its items (numbers "1", "2.1" follow
from position and depth)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, ClassVar, NamedTuple, Self

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from agenda.clock import utcnow
from agenda.council.sessions import editable, record_change
from agenda.council.values import Patch, Reader
from agenda.errors import Conflict, DomainError, found
from agenda.inputs import Fields
from agenda.models import AgendaItem, AgendaItemKind, Session, SessionStatus

_DEPTH = ("cấp", "level")


def _depth(f: Fields) -> int:
    return f.integer("depth", _DEPTH, required=False, minimum=0, maximum=1) or 0


_READERS: dict[str, Reader] = {
    "title": lambda f: f.text("title", ("nội dung", "title"), max_length=500),
    "kind": lambda f: (
        f.choice("kind", ("loại nội dung", "kind"), AgendaItemKind, required=False) or AgendaItemKind.OTHER
    ),
    "presenter": lambda f: f.text(
        "presenter", ("người trình bày", "presenter"), required=False, max_length=300
    ),
    "planned_minutes": lambda f: f.integer(
        "planned_minutes", ("thời lượng (phút)", "planned minutes"), required=False, minimum=1, maximum=600
    ),
    "scheduled_on": lambda f: f.date("scheduled_on", ("ngày", "day"), required=False),
    "notes": lambda f: f.text("notes", ("ghi chú", "notes"), required=False, max_length=5000),
    "depth": _depth,
}


@dataclass(frozen=True)
class AgendaItemInput:
    title: str
    kind: AgendaItemKind = AgendaItemKind.OTHER
    presenter: str | None = None
    planned_minutes: int | None = None
    scheduled_on: dt.date | None = None  # a day of the session
    notes: str | None = None
    depth: int = 0  # 1: a sub-item ("2.1") of the item above; the first item is always 0

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(**{key: read(f) for key, read in _READERS.items()})


@dataclass(frozen=True)
class AgendaItemPatch(Patch):
    title: str | None = None
    kind: AgendaItemKind | None = None
    presenter: str | None = None
    planned_minutes: int | None = None
    scheduled_on: dt.date | None = None
    notes: str | None = None
    depth: int | None = None
    READERS: ClassVar[Mapping[str, Reader]] = _READERS


def _check_day(item: AgendaItem, session: Session) -> None:
    if item.scheduled_on and not session.starts_on <= item.scheduled_on <= session.ends_on:
        raise DomainError(
            "Ngày của nội dung phải nằm trong thời gian kỳ họp.",
            "The item's day must fall within the session.",
            field="scheduled_on",
        )


def add_agenda_item(
    db: DbSession, session: Session, values: AgendaItemInput, *, actor: str | None = None
) -> AgendaItem:
    editable(session)
    item = AgendaItem(session_id=session.id, **asdict(values))
    _check_day(item, session)
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
    db: DbSession, item: AgendaItem, patch: AgendaItemPatch, *, actor: str | None = None
) -> AgendaItem:
    editable(item.session)
    for key in patch.given:
        setattr(item, key, getattr(patch, key))
    if "scheduled_on" in patch:
        _check_day(item, item.session)
    if item.position == min(i.position for i in item.session.items):
        item.depth = 0
    item.session.updated_at = utcnow()
    db.flush()
    record_change(
        db, item.session, "agenda.item_updated", actor, {"item_id": item.id, "fields": sorted(patch.given)}
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
    _renumber(db, session, [Placement(i.id, i.depth) for i in session.items])
    record_change(db, session, "agenda.item_deleted", actor, detail)


class Placement(NamedTuple):
    """Where an item goes: its id and its depth (0, or 1 under the item above)."""

    id: int
    depth: int


def _changed_meanwhile() -> Conflict:
    return Conflict(
        "Chương trình vừa được người khác thay đổi — trang đã tải lại, vui lòng sắp xếp lại.",
        "Someone else has just changed the agenda — the page has reloaded; please reorder again.",
        field="items",
    )


@dataclass(frozen=True)
class OrderInput:
    """The new order, naming every item once: ``{"items": [{"id": 3, "depth": 0}, …]}``. With ``"current"`` —
    the order the page showed, in the same form (``shown``) — a reorder that someone else made meanwhile is
    not silently overwritten: the page is told to reload instead."""

    items: tuple[Placement, ...]
    shown: tuple[Placement, ...] | None = None

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        current = f.data.get("current")
        shown = None if current is None else _shown(current)
        raw = f.data.get("items")
        if not isinstance(raw, list) or not all(isinstance(e, Mapping) for e in raw):
            raise DomainError(
                "Thứ tự mới phải là danh sách các nội dung.",
                "The new order must be a list of items.",
                field="items",
            )
        placements = []
        for entry in raw:
            ef = Fields(entry)
            placements.append(Placement(ef.integer("id", ("mã nội dung", "item id")), _depth(ef)))
        return cls(tuple(placements), shown)


def _shown(current: Any) -> tuple[Placement, ...]:
    """The order the page showed; one that no agenda can have (not a list of ids and depths) is stale too."""

    def whole(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    if not isinstance(current, list) or not all(
        isinstance(e, Mapping) and whole(e.get("id")) and whole(e.get("depth", 0)) for e in current
    ):
        raise _changed_meanwhile()
    return tuple(Placement(e["id"], e.get("depth", 0)) for e in current)


def reorder_agenda(
    db: DbSession, session: Session, order: OrderInput, *, actor: str | None = None
) -> list[AgendaItem]:
    """Put the items in the order given (:class:`OrderInput`); all or nothing."""
    editable(session)
    if order.shown is not None:
        now = [Placement(i.id, i.depth) for i in sorted(session.items, key=lambda i: i.position)]
        if list(order.shown) != now:
            raise _changed_meanwhile()
    ids = [p.id for p in order.items]
    if sorted(ids) != sorted(i.id for i in session.items) or len(set(ids)) != len(ids):
        raise Conflict(
            "Danh sách phải gồm đúng mỗi nội dung của chương trình một lần (có thể ai đó vừa sửa — tải lại trang).",
            "The list must name every agenda item exactly once (someone may have just edited it — reload).",
            field="items",
        )
    _renumber(db, session, order.items)
    session.updated_at = utcnow()
    record_change(db, session, "agenda.reordered", actor, {"order": ids})
    return list(session.items)


def _renumber(db: DbSession, session: Session, order: Sequence[Placement]) -> None:
    by_id = {i.id: i for i in session.items}
    # Two passes keep UNIQUE(session_id, position) satisfied at every statement.
    for n, placement in enumerate(order, start=1):
        by_id[placement.id].position = -n
    db.flush()
    for n, (item_id, depth) in enumerate(order, start=1):
        by_id[item_id].position = n
        by_id[item_id].depth = 0 if n == 1 else depth
    db.flush()
    db.expire(session, ["items"])

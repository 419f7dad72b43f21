"""Sessions (kỳ họp) of a term: creating, editing, publishing, withdrawing and deleting them; their heading
and their numbered agenda; every change audited, and once the agenda is out, sent to the screens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple, Self

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from agenda import audit, events
from agenda.access import session_visible
from agenda.clock import utcnow
from agenda.council.terms import within_term
from agenda.council.values import Patch, Reader
from agenda.errors import Conflict, DomainError, NotFound, found
from agenda.inputs import Fields
from agenda.models import AgendaItem, Council, Session, SessionStatus, SessionType, Term, User
from agenda.rules import agenda_numbers, parse_fraction, roman

SESSION_TYPE_LABELS = {
    SessionType.REGULAR: "thường lệ",
    SessionType.THEMATIC: "chuyên đề",
    SessionType.URGENT: "giải quyết công việc phát sinh đột xuất",
}


def session_heading(session: Session, council: Council) -> str:
    """'Kỳ họp thứ 3 (kỳ họp chuyên đề) HĐND tỉnh Quảng Ninh khóa XVII'."""
    return heading(session.number, session.session_type, council.short_name, session.term.number)


def heading(number: int, session_type: SessionType, council_short_name: str, term_number: int) -> str:
    kind = "" if session_type == SessionType.REGULAR else f" (kỳ họp {SESSION_TYPE_LABELS[session_type]})"
    return f"Kỳ họp thứ {number}{kind} {council_short_name} khóa {roman(term_number)}"


def next_session_number(db: DbSession, term: Term) -> int:
    return (
        int(
            db.scalar(select(func.coalesce(func.max(Session.number), 0)).where(Session.term_id == term.id))
            or 0
        )
        + 1
    )


def _quorum_fraction(f: Fields) -> Any:
    text = f.text("quorum_fraction", ("tỉ lệ túc số", "quorum fraction"), max_length=10)
    parse_fraction(text)
    return text


def _seconds(key: str, label: tuple[str, str]) -> Reader:
    return lambda f: f.integer(key, label, minimum=30, maximum=3600)


_NUMBER = ("số kỳ họp", "session number")
_READERS: dict[str, Reader] = {
    "session_type": lambda f: f.choice(
        "session_type", ("loại kỳ họp", "session type"), SessionType, required=False
    ),
    "title": lambda f: f.text("title", ("tên kỳ họp", "title"), required=False, max_length=300),
    "starts_on": lambda f: f.date("starts_on", ("ngày khai mạc", "opening date")),
    "ends_on": lambda f: f.date("ends_on", ("ngày bế mạc", "closing date"), required=False),
    "place": lambda f: f.text("place", ("địa điểm", "place"), required=False, max_length=300),
    "is_public": lambda f: f.boolean("is_public", ("họp công khai", "public sitting")),
    "quorum_fraction": _quorum_fraction,
    "speech_seconds": _seconds("speech_seconds", ("thời gian phát biểu (giây)", "speech time (s)")),
    "question_seconds": _seconds("question_seconds", ("thời gian chất vấn (giây)", "question time (s)")),
}
_ALWAYS_READ = ("session_type", "title", "starts_on", "ends_on", "place")  # the others only when given


@dataclass(frozen=True)
class SessionInput:
    """A new session (a draft). What is left out takes the default named beside it."""

    starts_on: dt.date
    ends_on: dt.date | None = None  # default: the opening day
    number: int | None = None  # default: the next number of the term
    session_type: SessionType = SessionType.REGULAR
    title: str | None = None
    place: str | None = None
    is_public: bool = True
    quorum_fraction: str | None = None  # default "2/3"
    speech_seconds: int | None = None  # default 420
    question_seconds: int | None = None  # default 180

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        values = {
            "number": f.integer("number", _NUMBER, required=False, minimum=1, maximum=200),
            **{key: read(f) for key, read in _READERS.items() if key in _ALWAYS_READ or f.has(key)},
        }
        return cls(**{key: value for key, value in values.items() if value is not None})


@dataclass(frozen=True)
class SessionPatch(Patch):
    """Changes to a session's details; a null ``session_type`` or ``is_public`` changes nothing, a null
    ``ends_on`` makes it a one-day session."""

    number: int | None = None
    session_type: SessionType | None = None
    title: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    place: str | None = None
    is_public: bool | None = None
    quorum_fraction: str | None = None
    speech_seconds: int | None = None
    question_seconds: int | None = None
    READERS: ClassVar[Mapping[str, Reader]] = {
        "number": lambda f: f.integer("number", _NUMBER, minimum=1, maximum=200),
        **_READERS,
    }


def create_session(db: DbSession, term: Term, values: SessionInput, *, actor: str | None = None) -> Session:
    session = Session(
        term_id=term.id,
        term=term,
        status=SessionStatus.DRAFT,
        number=values.number or next_session_number(db, term),
        session_type=values.session_type,
        title=values.title,
        starts_on=values.starts_on,
        ends_on=values.ends_on or values.starts_on,
        place=values.place,
        is_public=values.is_public,
    )
    for key in ("quorum_fraction", "speech_seconds", "question_seconds"):
        if getattr(values, key) is not None:
            setattr(session, key, getattr(values, key))
    _check_session(db, session)
    db.add(session)
    db.flush()
    record_change(db, session, "session.created", actor, {"number": session.number})
    return session


def update_session(
    db: DbSession, session: Session, patch: SessionPatch, *, actor: str | None = None
) -> Session:
    editable(session)
    for key in patch.given - {"ends_on"}:
        if getattr(patch, key) is not None or key in ("title", "place"):
            setattr(session, key, getattr(patch, key))
    if "ends_on" in patch:
        session.ends_on = patch.ends_on or session.starts_on
    _check_session(db, session)
    session.updated_at = utcnow()
    db.flush()
    record_change(db, session, "session.updated", actor, {"fields": sorted(patch.given)})
    return session


def _check_session(db: DbSession, session: Session) -> None:
    if session.ends_on < session.starts_on:
        raise DomainError(
            "Ngày bế mạc không được trước ngày khai mạc.",
            "The session cannot close before it opens.",
            field="ends_on",
        )
    if (session.ends_on - session.starts_on).days > 30:
        raise DomainError(
            "Một kỳ họp không kéo dài quá 30 ngày.",
            "A session cannot last more than 30 days.",
            field="ends_on",
        )
    within_term(session.term, session.starts_on, "starts_on")
    within_term(session.term, session.ends_on, "ends_on")
    clash = db.scalar(
        select(Session.id).where(
            Session.term_id == session.term_id,
            Session.number == session.number,
            Session.id != (session.id or 0),
        )
    )
    if clash:
        raise Conflict(
            f"Khóa này đã có kỳ họp thứ {session.number}.",
            f"This term already has session number {session.number}.",
            field="number",
        )


def editable(session: Session) -> None:
    if session.status == SessionStatus.CLOSED:
        raise Conflict("Kỳ họp đã bế mạc, không thể sửa.", "The session is closed and cannot be changed.")


def get_session(db: DbSession, session_id: int) -> Session:
    return found(db.get(Session, session_id), "kỳ họp", "Session")


def visible_session(db: DbSession, session_id: int, user: User | None) -> Session:
    """The session if ``user`` may see it (:func:`agenda.access.session_visible`); "not found" otherwise, not
    revealing that an unpublished session exists. One primary-key read: every tablet of a hall asks this
    when it connects and for each action, and most need nothing else of the session (its term and council
    load when a heading asks for them)."""
    session = db.get(Session, session_id)
    if session is None or not session_visible(session, user):
        raise NotFound("kỳ họp", "Session")
    return session


def list_sessions(
    db: DbSession, term: Term, *, published_only: bool = False, public_only: bool = False
) -> list[Session]:
    stmt = select(Session).where(Session.term_id == term.id).order_by(Session.number.desc())
    if published_only:
        stmt = stmt.where(Session.status != SessionStatus.DRAFT)
    if public_only:
        stmt = stmt.where(Session.is_public.is_(True))
    return list(db.scalars(stmt))


def delete_session(db: DbSession, session: Session, *, actor: str | None = None) -> None:
    if session.status != SessionStatus.DRAFT:
        raise Conflict(
            "Chỉ xóa được kỳ họp đang soạn thảo (chưa công bố).",
            "Only a draft session (not yet published) can be deleted.",
        )
    record_change(db, session, "session.deleted", actor, {"number": session.number})
    db.delete(session)
    db.flush()


def publish_session(db: DbSession, session: Session, *, actor: str | None = None) -> Session:
    if session.status != SessionStatus.DRAFT:
        raise Conflict("Chương trình kỳ họp đã được công bố.", "The agenda is already published.")
    if not session.items:
        raise DomainError(
            "Chương trình kỳ họp chưa có nội dung nào.", "The agenda has no items yet.", code="empty_agenda"
        )
    session.status = SessionStatus.PUBLISHED
    session.published_at = utcnow()
    db.flush()
    record_change(db, session, "session.published", actor, {})
    return session


def unpublish_session(db: DbSession, session: Session, *, actor: str | None = None) -> Session:
    if session.status != SessionStatus.PUBLISHED:
        raise Conflict(
            "Chỉ rút lại được chương trình đã công bố và chưa khai mạc.",
            "Only a published session that has not opened can be withdrawn.",
        )
    session.status = SessionStatus.DRAFT
    session.published_at = None
    db.flush()
    record_change(db, session, "session.unpublished", actor, {})
    return session


def agenda_view(session: Session) -> list[dict[str, Any]]:
    """The numbered agenda as screens show it."""
    return [
        {
            "id": i.id,
            "number": n,
            "title": i.title,
            "kind": i.kind.value,
            "depth": i.depth,
            "presenter": i.presenter,
        }
        for n, i in numbered_items(session)
    ]


def record_change(
    db: DbSession, session: Session, action: str, actor: str | None, detail: dict[str, Any]
) -> None:
    """Every change of a session goes into the audit trail; once the agenda is out (published or live),
    it is also an event, so the screens that follow the session update their agenda."""
    if session.status == SessionStatus.DRAFT:
        audit.append(db, action, detail, actor=actor, session_id=session.id)
    else:
        db.refresh(session, ["items"])
        events.emit(
            db,
            session.id,
            "agenda",
            {"status": session.status.value, "agenda": agenda_view(session)},
            actor=actor,
            audit_detail={"change": action, **detail},
        )


class NumberedItem(NamedTuple):
    number: str  # "2", "2.1"
    item: AgendaItem


def numbered_items(session: Session) -> list[NumberedItem]:
    """The session's items in order, each with its number."""
    items = sorted(session.items, key=lambda i: i.position)
    return [NumberedItem(n, i) for n, i in zip(agenda_numbers([i.depth for i in items]), items, strict=True)]

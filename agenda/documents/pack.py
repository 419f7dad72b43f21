"""The session pack: one PDF of the published documents a reader may have, built once per content."""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from agenda import filestore
from agenda.access import is_staff, roles_of, session_visible
from agenda.council.sessions import heading
from agenda.db import Writer, write_apart
from agenda.documents.listing import TYPE_LABELS, agenda_order
from agenda.errors import NotFound
from agenda.filestore import FileCache
from agenda.models import (
    AgendaItem,
    Council,
    Document,
    DocumentAccess,
    DocumentVersion,
    Role,
    Session,
    SessionPack,
    SessionStatus,
    Term,
    User,
)
from agenda.pdf.pack import AgendaLine, Cover, PackDocument, PackSection, build_pack
from agenda.recent import RecentlyRead
from agenda.rules import agenda_numbers, roman

PACK_PUBLIC, PACK_DELEGATES = "public", "delegates"


def pack_audience(user: User | None) -> str:
    return PACK_DELEGATES if is_staff(user) or Role.DELEGATE in roles_of(user) else PACK_PUBLIC


@dataclass(frozen=True)
class PlannedDocument:
    id: int
    label: str  # "Tờ trình"
    title: str
    sha256: str  # of its current version
    page_count: int


@dataclass(frozen=True)
class PlannedSection:
    """An agenda item of the pack and its documents; ``number`` empty for the documents of no item."""

    number: str
    title: str
    documents: tuple[PlannedDocument, ...]


@dataclass(frozen=True)
class PackPlan:
    """What one reader's session pack is made of — the cover's data and, in agenda order, the sections and
    their documents — and the content key naming that state. Every tablet asks for the pack at the same
    moment, so it is read in three plain statements (the session with its term and council, the agenda, the
    published documents with their current file) without loading ORM objects (bench/download.py)."""

    session_id: int
    session_number: int
    status: SessionStatus  # with ``is_public``: who may see the session (``session_visible``)
    is_public: bool
    audience: str
    cover: Cover
    sections: tuple[PlannedSection, ...]

    @functools.cached_property
    def key(self) -> str:
        """The content key: a pack is built once per key and kept by it."""
        cover = self.cover
        parts = {
            "format": 1,
            "audience": self.audience,
            "cover": [
                cover.council,
                cover.term,
                cover.heading,
                cover.title,
                cover.dates,
                cover.place,
                list(cover.agenda),
                cover.url,
            ],
            "sections": [
                [
                    section.number,
                    section.title,
                    [[d.id, d.label, d.title, d.sha256] for d in section.documents],
                ]
                for section in self.sections
            ],
        }
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


_PACK_SESSION = (
    select(
        Session.id,
        Session.status,
        Session.is_public,
        Session.number,
        Session.session_type,
        Session.title,
        Session.starts_on,
        Session.ends_on,
        Session.place,
        Term.number.label("term_number"),
        Term.starts_on.label("term_starts_on"),
        Term.ends_on.label("term_ends_on"),
        Council.name.label("council_name"),
        Council.short_name.label("council_short_name"),
    )
    .join(Term, Term.id == Session.term_id)
    .join(Council, Council.id == Term.council_id)
    .where(Session.id == bindparam("session_id"))
)


_PACK_AGENDA = (
    select(AgendaItem.id, AgendaItem.depth, AgendaItem.title)
    .where(AgendaItem.session_id == bindparam("session_id"))
    .order_by(AgendaItem.position, AgendaItem.id)
)


_PACK_DOCUMENTS = {
    audience: select(
        Document.id,
        Document.agenda_item_id,
        Document.position,
        Document.doc_type,
        Document.title,
        DocumentVersion.sha256,
        DocumentVersion.page_count,
    )
    .join(DocumentVersion, DocumentVersion.id == Document.current_version_id)
    .where(
        Document.session_id == bindparam("session_id"),
        Document.published_at.is_not(None),
        Document.access.in_(allowed),
    )
    for audience, allowed in (
        (PACK_PUBLIC, [DocumentAccess.PUBLIC]),
        (PACK_DELEGATES, [DocumentAccess.PUBLIC, DocumentAccess.DELEGATES]),
    )
}


def plan_pack(
    db: DbSession,
    session_id: int,
    user: User | None,
    base_url: str,
    recent: RecentlyRead[PackPlan] | None = None,
) -> PackPlan:
    """The pack ``user`` may have of the session: published documents, public ones for everybody, delegates'
    ones too for delegates and staff; confidential documents never (each is served stamped, on its own).
    Not found when the session is not visible to ``user``. With ``recent``, a plan read moments ago for the
    same audience and address is used again (who may see the session is checked again against it: a staff
    member's plan of a draft session is not a delegate's)."""
    if recent is None:
        return _read_plan(db, session_id, user, base_url)
    plan = recent.get_or_read(
        (session_id, pack_audience(user), base_url), lambda: _read_plan(db, session_id, user, base_url)
    )
    if not session_visible(plan, user):
        raise NotFound("kỳ họp", "Session")
    return plan


def _read_plan(db: DbSession, session_id: int, user: User | None, base_url: str) -> PackPlan:
    conn = db.connection()  # plain statements, built once: no ORM objects, no statement to build
    facts = conn.execute(_PACK_SESSION, {"session_id": session_id}).one_or_none()
    if facts is None or not session_visible(facts, user):
        raise NotFound("kỳ họp", "Session")
    items = conn.execute(_PACK_AGENDA, {"session_id": session_id}).all()
    audience = pack_audience(user)
    documents = conn.execute(_PACK_DOCUMENTS[audience], {"session_id": session_id}).all()
    numbers = dict(zip((i.id for i in items), agenda_numbers([i.depth for i in items]), strict=True))
    ranks = {item.id: index for index, item in enumerate(items)}
    titles = {i.id: i.title for i in items}
    sections: dict[int | None, list[PlannedDocument]] = {}
    for d in sorted(documents, key=lambda d: agenda_order(ranks, d.agenda_item_id, d.position, d.id)):
        key = d.agenda_item_id if d.agenda_item_id in numbers else None
        sections.setdefault(key, []).append(
            PlannedDocument(d.id, TYPE_LABELS[d.doc_type], d.title, d.sha256, d.page_count)
        )
    dates = (
        f"Ngày {facts.starts_on:%d/%m/%Y}"
        if facts.starts_on == facts.ends_on
        else f"Từ ngày {facts.starts_on:%d/%m/%Y} đến ngày {facts.ends_on:%d/%m/%Y}"
    )
    term_end = facts.term_ends_on.year if facts.term_ends_on else facts.term_starts_on.year + 5
    cover = Cover(
        council=facts.council_name.upper(),
        term=f"KHÓA {roman(facts.term_number)}, NHIỆM KỲ {facts.term_starts_on.year}–{term_end}",
        heading=heading(facts.number, facts.session_type, facts.council_short_name, facts.term_number),
        title=facts.title,
        dates=dates,
        place=facts.place,
        agenda=tuple(AgendaLine(numbers[i.id], i.depth, i.title) for i in items),
        url=f"{base_url.rstrip('/')}/session.html?id={facts.id}",
    )
    return PackPlan(
        facts.id,
        facts.number,
        facts.status,
        facts.is_public,
        audience,
        cover,
        tuple(
            PlannedSection(numbers[key], titles[key], tuple(docs))
            if key is not None
            else PlannedSection("", "Tài liệu khác", tuple(docs))
            for key, docs in sections.items()
        ),
    )


@dataclass(frozen=True)
class PackFile:
    sha256: str
    size: int


def session_pack(db: DbSession, plan: PackPlan, cache: FileCache, writer: Writer = None) -> PackFile:
    """The file of the pack ``plan`` describes, built only when its content key is new (and kept by it).
    Which file holds which key is remembered by ``cache`` too, so the pack asked for again needs no query.
    The build runs outside any write transaction; only storing it takes ``writer`` (see ``write_apart``)."""
    key = plan.key
    known = cache.recall(("pack", plan.session_id, key))
    if isinstance(known, PackFile) and cache.has(known.sha256, known.size):
        return known
    existing = _find_pack(db, plan.session_id, key)
    if existing is not None:
        cache.ensure(existing.sha256, existing.size, lambda: filestore.load(db, existing.sha256))
        return _remember(cache, plan, key, existing)
    parts = [
        PackSection(
            section.number,
            section.title,
            tuple(
                PackDocument(d.title, filestore.load(db, d.sha256), d.page_count, d.label)
                for d in section.documents
            ),
        )
        for section in plan.sections
    ]
    content, pages = build_pack(plan.cover, parts)
    cache.put(content)

    def store(target: DbSession) -> SessionPack:
        pack = SessionPack(
            session_id=plan.session_id,
            audience=plan.audience,
            content_key=key,
            sha256=filestore.put(target, content),
            size=len(content),
            page_count=pages,
        )
        target.add(pack)
        target.flush()
        return pack

    try:
        return _remember(cache, plan, key, write_apart(db, writer, store))
    except IntegrityError:  # built at the same moment by another request: theirs is the same pack
        pack = write_apart(db, writer, lambda target: _find_pack(target, plan.session_id, key))
        assert pack is not None
        return _remember(cache, plan, key, pack)


def _find_pack(db: DbSession, session_id: int, key: str) -> SessionPack | None:
    return db.scalar(
        select(SessionPack).where(SessionPack.session_id == session_id, SessionPack.content_key == key)
    )


def _remember(cache: FileCache, plan: PackPlan, key: str, pack: SessionPack) -> PackFile:
    built = PackFile(pack.sha256, pack.size)
    cache.remember(("pack", plan.session_id, key), built)
    return built

"""A published public session (kỳ họp) is a Meeting: its sitting days are not objects of their own (nothing is
decided per day but attendance — the Attendance extension), so one Meeting spans ``starts_on`` to ``ends_on`` on
the council's clock. Its agenda items are AgendaItems (numbered "3", "3.1"), its place a Location (``key`` the
session's id), its public documents Files: the current version's PDF, its size, SHA-1 / SHA-512 as OParl
names them and SHA-256 as the archive keeps it, and the text of its pages."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from agenda import filestore
from agenda.council.sessions import numbered_items, session_heading
from agenda.models import (
    AgendaItem,
    AgendaItemKind,
    Document,
    DocumentPage,
    DocumentVersion,
    Session,
    Vote,
    VoteStatus,
)
from agenda.opendata.oparl.council import Objects, head, wanted
from agenda.opendata.oparl.ids import Kind, day_end, day_start
from agenda.opendata.oparl.scope import Context, council_sessions, public_document, row_ids

CONSIDERED = frozenset({AgendaItemKind.RESOLUTION, AgendaItemKind.ELECTION, AgendaItemKind.CONFIDENCE})


def _ids(keys: Collection[str] | None) -> list[int] | None:
    return row_ids(keys)


def _sessions(ctx: Context, ids: Sequence[int] | None) -> list[Session]:
    query = (
        select(Session)
        .where(council_sessions(ctx))
        .options(selectinload(Session.items), selectinload(Session.term))
        .order_by(Session.id)
    )
    if ids is not None:
        query = query.where(Session.id.in_(ids))
    return list(ctx.db.scalars(query))


def locations(ctx: Context, keys: Collection[str] | None = None) -> Objects:
    return {
        str(s.id): location(ctx, s) for s in _sessions(ctx, _ids(keys)) if s.place and wanted(keys, str(s.id))
    }


def location(ctx: Context, session: Session) -> dict[str, Any]:
    return {
        **head(ctx, Kind.LOCATION, session.id),
        "description": session.place or "",
        "meetings": [ctx.urls.obj(ctx.body, Kind.MEETING, session.id)],
    }


def _verdicts(ctx: Context, item_ids: Collection[int]) -> dict[int, str]:
    """The result of the last closed vote on each item ("Thông qua", "Không thông qua")."""
    votes = ctx.db.scalars(
        select(Vote)
        .where(Vote.agenda_item_id.in_(item_ids), Vote.status == VoteStatus.CLOSED)
        .order_by(Vote.number)
    )
    found: dict[int, str] = {}
    for vote in votes:
        verdict = (vote.result or {}).get("verdict")
        if vote.agenda_item_id is not None and isinstance(verdict, str):
            found[vote.agenda_item_id] = verdict
    return found


def _agenda(ctx: Context, session: Session, verdicts: dict[int, str]) -> list[tuple[int, dict[str, Any]]]:
    meeting = ctx.urls.obj(ctx.body, Kind.MEETING, session.id)
    found = []
    for number, item in numbered_items(session):
        day = item.scheduled_on
        found.append(
            (
                item.id,
                {
                    **head(ctx, Kind.AGENDA_ITEM, item.id),
                    "meeting": meeting,
                    "number": number,
                    "order": item.position,
                    "name": item.title,
                    "public": True,
                    **(
                        {"consultation": ctx.urls.obj(ctx.body, Kind.CONSULTATION, item.id)}
                        if item.kind in CONSIDERED
                        else {}
                    ),
                    **({"result": verdicts[item.id]} if item.id in verdicts else {}),
                    **({"start": day_start(day, ctx.zone)} if day else {}),
                    "keyword": [item.kind.value],
                },
            )
        )
    return found


def meetings(ctx: Context, keys: Collection[str] | None = None) -> Objects:
    sessions = _sessions(ctx, _ids(keys))
    verdicts = _verdicts(ctx, [i.id for s in sessions for i in s.items])
    found: Objects = {}
    for session in sessions:
        found[str(session.id)] = {
            **head(ctx, Kind.MEETING, session.id),
            "name": session.title or session_heading(session, ctx.council),
            "meetingState": session.status.value,
            "cancelled": False,
            "start": day_start(session.starts_on, ctx.zone),
            "end": day_end(session.ends_on, ctx.zone),
            **({"location": location(ctx, session)} if session.place else {}),
            "organization": [ctx.urls.obj(ctx.body, Kind.ORGANIZATION, f"t{session.term_id}")],
            "agendaItem": [item for _, item in _agenda(ctx, session, verdicts)],
            "kyhop:heading": session_heading(session, ctx.council),
            "kyhop:sessionType": session.session_type.value,
        }
    return found


def agenda_items(ctx: Context, keys: Collection[str] | None = None) -> Objects:
    ids = _ids(keys)
    if ids is None:
        sessions = _sessions(ctx, None)
    else:
        held = ctx.db.scalars(select(AgendaItem.session_id).where(AgendaItem.id.in_(ids))).all()
        sessions = _sessions(ctx, sorted(set(held)))
    verdicts = _verdicts(ctx, [i.id for s in sessions for i in s.items])
    return {
        str(key): item
        for session in sessions
        for key, item in _agenda(ctx, session, verdicts)
        if wanted(keys, str(key))
    }


def files(ctx: Context, keys: Collection[str] | None = None) -> Objects:
    """The public documents of public sessions, each its current version."""
    query = (
        select(Document, DocumentVersion)
        .join(DocumentVersion, DocumentVersion.id == Document.current_version_id)
        .join(Session, Session.id == Document.session_id)
        .where(council_sessions(ctx), public_document())
        .order_by(Document.id)
    )
    ids = _ids(keys)
    if ids is not None:
        query = query.where(Document.id.in_(ids))
    rows = ctx.db.execute(query).all()
    texts: dict[int, list[str]] = {}
    for version_id, text in ctx.db.execute(
        select(DocumentPage.version_id, DocumentPage.text)
        .where(DocumentPage.version_id.in_([v.id for _, v in rows]))
        .order_by(DocumentPage.version_id, DocumentPage.page_number)
    ):
        texts.setdefault(version_id, []).append(text)
    return {str(d.id): file_object(ctx, d, v, "\n\f".join(texts.get(v.id, []))) for d, v in rows}


_CHECKSUMS: dict[str, tuple[str, str]] = {}  # SHA-256 → (SHA-1, SHA-512): a stored file never changes


def checksums(ctx: Context, sha256: str) -> tuple[str, str]:
    if sha256 not in _CHECKSUMS:
        content = filestore.load(ctx.db, sha256)
        if len(_CHECKSUMS) > 4096:
            _CHECKSUMS.clear()
        _CHECKSUMS[sha256] = (hashlib.sha1(content).hexdigest(), hashlib.sha512(content).hexdigest())
    return _CHECKSUMS[sha256]


def file_object(ctx: Context, document: Document, version: DocumentVersion, text: str) -> dict[str, Any]:
    sha1, sha512 = checksums(ctx, version.sha256)
    address = ctx.urls.web(f"/api/documents/{document.id}/file")
    return {
        **head(ctx, Kind.FILE, document.id),
        "name": document.title,
        "fileName": version.original_filename
        if version.original_filename.lower().endswith(".pdf")
        else f"{version.original_filename.rsplit('.', 1)[0]}.pdf",
        "mimeType": "application/pdf",
        "date": version.uploaded_at.date().isoformat(),
        "size": version.size,
        "sha1Checksum": sha1,
        "sha512Checksum": sha512,
        "kyhop:sha256Checksum": version.sha256,
        "kyhop:documentType": document.doc_type.value,
        "kyhop:pages": version.page_count,
        "text": text,
        "accessUrl": address,
        "downloadUrl": address,
        "meeting": [ctx.urls.obj(ctx.body, Kind.MEETING, document.session_id)],
        **(
            {"agendaItem": [ctx.urls.obj(ctx.body, Kind.AGENDA_ITEM, document.agenda_item_id)]}
            if document.agenda_item_id is not None
            else {}
        ),
    }

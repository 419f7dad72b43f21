"""Papers: the draft before the council (``i{item}``: an agenda item that considers a resolution, an election or
a confidence vote, with the public documents filed on it — tờ trình, dự thảo, báo cáo thẩm tra) and the
adopted resolution (``r{id}``: once numbered and published, with the public documents of its dossier and its
relations to other resolutions as ``relatedPaper``). Consultation ``{item}``: the draft considered by the
council at that agenda item of that meeting. A File embedded in a Paper carries no ``text`` (its own address
does: :func:`agenda.opendata.oparl.meetings.files`)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from agenda.archive import permalinks
from agenda.models import (
    AgendaItem,
    Document,
    DocumentVersion,
    Resolution,
    ResolutionRelation,
    Session,
)
from agenda.opendata.oparl.council import Objects, head, wanted
from agenda.opendata.oparl.ids import Kind
from agenda.opendata.oparl.meetings import CONSIDERED, file_object
from agenda.opendata.oparl.scope import (
    Context,
    chunked,
    council_sessions,
    public_document,
    public_resolution,
    row_ids,
)


def _split(keys: Collection[str] | None, prefix: str) -> list[int] | None:
    return row_ids(keys, prefix)


def _items(ctx: Context, ids: Sequence[int] | None) -> list[AgendaItem]:
    query = (
        select(AgendaItem)
        .join(Session, Session.id == AgendaItem.session_id)
        .where(council_sessions(ctx), AgendaItem.kind.in_(sorted(CONSIDERED)))
        .order_by(AgendaItem.id)
    )
    if ids is not None:
        query = query.where(AgendaItem.id.in_(ids))
    return list(ctx.db.scalars(query))


def _item_files(ctx: Context, item_ids: Collection[int]) -> dict[int, list[dict[str, Any]]]:
    rows = ctx.db.execute(
        select(Document, DocumentVersion)
        .join(DocumentVersion, DocumentVersion.id == Document.current_version_id)
        .join(Session, Session.id == Document.session_id)
        .where(Document.agenda_item_id.in_(item_ids), council_sessions(ctx), public_document())
        .order_by(Document.position, Document.id)
    ).all()
    found: dict[int, list[dict[str, Any]]] = {}
    for document, version in rows:
        assert document.agenda_item_id is not None
        found.setdefault(document.agenda_item_id, []).append(_embedded(ctx, document, version))
    return found


def _embedded(ctx: Context, document: Document, version: DocumentVersion) -> dict[str, Any]:
    whole = file_object(ctx, document, version, "")
    del whole["text"]
    return whole


def _adopted(ctx: Context, item_ids: Collection[int]) -> dict[int, int]:
    """The public resolution adopted on each item (item → resolution id)."""
    rows = [
        row
        for part in chunked(item_ids)
        for row in ctx.db.execute(
            select(Resolution.agenda_item_id, Resolution.id).where(
                Resolution.agenda_item_id.in_(part), public_resolution(ctx.today)
            )
        ).all()
    ]
    return {item: rid for item, rid in rows if item is not None}


def consultation(ctx: Context, item: AgendaItem) -> dict[str, Any]:
    return {
        **head(ctx, Kind.CONSULTATION, item.id),
        "paper": ctx.urls.obj(ctx.body, Kind.PAPER, f"i{item.id}"),
        "agendaItem": ctx.urls.obj(ctx.body, Kind.AGENDA_ITEM, item.id),
        "meeting": ctx.urls.obj(ctx.body, Kind.MEETING, item.session_id),
        "authoritative": True,
        "role": "Xem xét, quyết định",
    }


def consultations(ctx: Context, keys: Collection[str] | None = None) -> Objects:
    ids = row_ids(keys)
    return {str(item.id): consultation(ctx, item) for item in _items(ctx, ids)}


def _drafts(ctx: Context, ids: Sequence[int] | None) -> Objects:
    items = _items(ctx, ids)
    files = _item_files(ctx, [i.id for i in items])
    adopted = _adopted(ctx, [i.id for i in items])
    found: Objects = {}
    for item in items:
        attached = files.get(item.id, [])
        key = f"i{item.id}"
        found[key] = {
            **head(ctx, Kind.PAPER, key),
            "body": ctx.urls.body(ctx.body),
            "name": item.title,
            "paperType": "Dự thảo nghị quyết",
            **({"date": item.scheduled_on.isoformat()} if item.scheduled_on else {}),
            **(
                {"subordinatedPaper": [ctx.urls.obj(ctx.body, Kind.PAPER, f"r{adopted[item.id]}")]}
                if item.id in adopted
                else {}
            ),
            **({"auxiliaryFile": attached} if attached else {}),
            "consultation": [consultation(ctx, item)],
        }
    return found


def public_resolutions(ctx: Context, ids: Sequence[int] | None) -> list[Resolution]:
    query = (
        select(Resolution)
        .where(Resolution.council_id == ctx.body, public_resolution(ctx.today))
        .options(selectinload(Resolution.documents))
        .order_by(Resolution.id)
    )
    if ids is not None:
        query = query.where(Resolution.id.in_(ids))
    return list(ctx.db.scalars(query))


def related(ctx: Context, ids: Collection[int]) -> dict[int, list[tuple[ResolutionRelation, Resolution]]]:
    """Each resolution's relations both ways with the other resolution, only where that one is public."""
    r = ResolutionRelation
    rows: dict[int, ResolutionRelation] = {}
    for part in chunked(ids):
        query = select(r).where(or_(r.source_id.in_(part), r.target_id.in_(part)))
        rows.update((row.id, row) for row in ctx.db.scalars(query))
    others: dict[int, Resolution] = {}
    for part in chunked({x for row in rows.values() for x in (row.source_id, row.target_id)}):
        public = select(Resolution).where(Resolution.id.in_(part), public_resolution(ctx.today))
        others.update((o.id, o) for o in ctx.db.scalars(public))
    found: dict[int, list[tuple[ResolutionRelation, Resolution]]] = {}
    for _, row in sorted(rows.items()):
        for mine, other in ((row.source_id, row.target_id), (row.target_id, row.source_id)):
            if mine in ids and other in others:
                found.setdefault(mine, []).append((row, others[other]))
    return found


def _dossiers(ctx: Context, records: Sequence[Resolution]) -> dict[int, list[dict[str, Any]]]:
    versions = {d.document_version_id: d.resolution_id for r in records for d in r.documents}
    rows = [
        row
        for part in chunked(versions)
        for row in ctx.db.execute(
            select(Document, DocumentVersion)
            .join(Document, Document.id == DocumentVersion.document_id)
            .join(Session, Session.id == Document.session_id)
            .where(DocumentVersion.id.in_(part), council_sessions(ctx), public_document())
            .order_by(Document.position, Document.id)
        ).all()
    ]
    found: dict[int, list[dict[str, Any]]] = {}
    for document, version in rows:
        found.setdefault(versions[version.id], []).append(_embedded(ctx, document, version))
    return found


def paper_of(ctx: Context, record: Resolution) -> str:
    return ctx.urls.obj(record.council_id, Kind.PAPER, f"r{record.id}")


def _resolutions(ctx: Context, ids: Sequence[int] | None) -> Objects:
    records = public_resolutions(ctx, ids)
    relations = related(ctx, {r.id for r in records})
    dossiers = _dossiers(ctx, records)
    considered = {r.agenda_item_id for r in records if r.agenda_item_id is not None}
    drafts = {item.id for part in chunked(considered) for item in _items(ctx, part)}  # of public sessions
    found: Objects = {}
    for record in records:
        key = f"r{record.id}"
        draft = (
            [ctx.urls.obj(ctx.body, Kind.PAPER, f"i{record.agenda_item_id}")]
            if record.agenda_item_id in drafts
            else []
        )
        others = sorted({paper_of(ctx, other) for _, other in relations.get(record.id, [])})
        attached = dossiers.get(record.id, [])
        found[key] = {
            **head(ctx, Kind.PAPER, key),
            "body": ctx.urls.body(ctx.body),
            "name": record.title,
            "reference": record.number,
            "date": record.adopted_on.isoformat(),
            "paperType": "Nghị quyết",
            **({"relatedPaper": others} if others else {}),
            **({"superordinatedPaper": draft} if draft else {}),
            **({"auxiliaryFile": attached} if attached else {}),
            "web": ctx.urls.web(permalinks.path_of(record) or ""),
            "kyhop:resolution": ctx.urls.obj(ctx.body, Kind.RESOLUTION, record.id),
        }
    return found


def papers(ctx: Context, keys: Collection[str] | None = None) -> Objects:
    drafts = _split(keys, "i")
    adopted = _split(keys, "r")
    found: Objects = {}
    if drafts is None or drafts:
        found.update(_drafts(ctx, drafts))
    if adopted is None or adopted:
        found.update(_resolutions(ctx, adopted))
    return {k: v for k, v in found.items() if wanted(keys, k)}

"""Our extension (namespace :data:`~agenda.opendata.oparl.ids.EXTENSION`; properties prefixed ``kyhop:`` on
OParl's own objects): what OParl has no object for.

- Resolution ``{id}``: a published resolution's number, dates, legal force on the council's today
  (:mod:`agenda.archive.force`, with the acts behind it) and its relations both ways to public resolutions.
- VoteEvent ``{id}``: a closed vote of a public session: the counts, the result, the legal sentence ("45/48 đại
  biểu có mặt tán thành, chiếm 88,24% tổng số đại biểu"); who voted how only for a named vote — never for a
  secret ballot, whose choices are not kept by name (agenda/sitting/secrecy.py) and are never read here.
- Attendance ``{session}-{yyyymmdd}``: who was present, absent, excused or left on one sitting day (no reasons:
  they may be personal)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import select

from agenda.archive import links
from agenda.archive.force import ForceOnDate
from agenda.archive.relations import LABELS
from agenda.models import Attendance, NamedChoice, Resolution, Session, Vote, VoteStatus
from agenda.opendata.oparl.council import Objects, head, wanted
from agenda.opendata.oparl.ids import Kind
from agenda.opendata.oparl.papers import paper_of, public_resolutions, related
from agenda.opendata.oparl.scope import (
    Context,
    chunked,
    council_sessions,
    public_resolution,
    row_id,
    row_ids,
)


def _ids(keys: Collection[str] | None) -> list[int] | None:
    return row_ids(keys)


def _force(force: ForceOnDate) -> dict[str, Any]:
    return {
        "date": force.day.isoformat(),
        "status": force.status.value,
        "label": force.label("vi"),
        "labelEn": force.label("en"),
        "reasons": [reason.sentence("vi") for reason in force.why],
        **({"endsOn": force.ends_on.isoformat()} if force.ends_on else {}),
    }


def resolutions(ctx: Context, keys: Collection[str] | None = None) -> Objects:
    records = public_resolutions(ctx, _ids(keys))
    if keys is None:
        forces = links.forces_of_archive(ctx.db, ctx.today, council_id=ctx.body)
    else:
        forces = links.forces_of(ctx.db, records, ctx.today)
    relations = related(ctx, {r.id for r in records})
    found: Objects = {}
    for record in records:
        found[str(record.id)] = {
            **head(ctx, Kind.RESOLUTION, record.id),
            "body": ctx.urls.body(ctx.body),
            "paper": paper_of(ctx, record),
            "number": record.number,
            "name": record.title,
            "normative": record.normative,
            **({"field": record.field} if record.field else {}),
            "adoptedOn": record.adopted_on.isoformat(),
            **_dates(record),
            "force": _force(forces[record.id]),
            "relations": [
                {
                    "kind": row.kind.value,
                    "acting": row.source_id == record.id,
                    "label": LABELS[row.kind].label("vi", acting=row.source_id == record.id),
                    "labelEn": LABELS[row.kind].label("en", acting=row.source_id == record.id),
                    "resolution": ctx.urls.obj(other.council_id, Kind.RESOLUTION, other.id),
                    "paper": paper_of(ctx, other),
                    "number": other.number,
                    "effectiveOn": row.effective_on.isoformat(),
                    **({"until": row.until_on.isoformat()} if row.until_on else {}),
                    "parts": [str(p) for p in row.parts or []],
                }
                for row, other in relations.get(record.id, [])
            ],
        }
    return found


def _dates(record: Resolution) -> dict[str, str]:
    named = {
        "signedOn": record.signed_on,
        "publishedOn": record.published_on,
        "effectiveOn": record.effective_on,
        "expiresOn": record.expires_on,
    }
    return {k: v.isoformat() for k, v in named.items() if v is not None}


def _votes(ctx: Context, ids: Sequence[int] | None) -> list[Vote]:
    query = (
        select(Vote)
        .join(Session, Session.id == Vote.session_id)
        .where(council_sessions(ctx), Vote.status == VoteStatus.CLOSED)
        .order_by(Vote.id)
    )
    if ids is not None:
        query = query.where(Vote.id.in_(ids))
    return list(ctx.db.scalars(query))


def _named(ctx: Context, votes: Sequence[Vote]) -> dict[int, list[dict[str, Any]]]:
    """Who chose what, for the named votes only: a secret vote's id is never asked for."""
    named = [v.id for v in votes if not v.secret]
    found: dict[int, list[dict[str, Any]]] = {}
    for part in chunked(named):
        rows = ctx.db.scalars(
            select(NamedChoice).where(NamedChoice.vote_id.in_(part)).order_by(NamedChoice.id)
        )
        for choice in rows:
            found.setdefault(choice.vote_id, []).append(
                {
                    "person": ctx.urls.obj(ctx.body, Kind.PERSON, choice.person_id),
                    "subject": choice.subject,
                    "option": choice.option,
                }
            )
    return found


def _papers(ctx: Context, votes: Sequence[Vote]) -> dict[int, Resolution]:
    found: dict[int, Resolution] = {}
    for part in chunked([v.id for v in votes]):
        query = select(Resolution).where(Resolution.vote_id.in_(part), public_resolution(ctx.today))
        found.update((r.vote_id, r) for r in ctx.db.scalars(query) if r.vote_id is not None)
    return found


def _counts(result: dict[str, Any]) -> dict[str, Any]:
    keep = ("total", "present", "cast", "not_voted", "needed", "passed", "sentence", "verdict", "rule_text")
    names = {"not_voted": "notVoted", "rule_text": "rule"}
    counts = {names.get(k, k): result[k] for k in keep if k in result}
    if "options" in result:
        counts["options"] = [
            {"option": o["option"], "label": o["label"], "count": o["count"]} for o in result["options"]
        ]
    if "subjects" in result:
        counts["subjects"] = [
            {
                "subject": s["key"],
                "label": s["label"],
                "verdict": s["verdict"],
                "options": [
                    {"option": o["option"], "label": o["label"], "count": o["count"]} for o in s["options"]
                ],
            }
            for s in result["subjects"]
        ]
    return counts


def vote_events(ctx: Context, keys: Collection[str] | None = None) -> Objects:
    votes = _votes(ctx, _ids(keys))
    named = _named(ctx, votes)
    adopted = _papers(ctx, votes)
    found: Objects = {}
    for vote in votes:
        found[str(vote.id)] = {
            **head(ctx, Kind.VOTE, vote.id),
            "meeting": ctx.urls.obj(ctx.body, Kind.MEETING, vote.session_id),
            **(
                {"agendaItem": ctx.urls.obj(ctx.body, Kind.AGENDA_ITEM, vote.agenda_item_id)}
                if vote.agenda_item_id is not None
                else {}
            ),
            **({"paper": paper_of(ctx, adopted[vote.id])} if vote.id in adopted else {}),
            "number": vote.number,
            "name": vote.title,
            "kind": vote.kind.value,
            "secret": vote.secret,
            **({"closed": vote.closed_at.isoformat(timespec="seconds") + "Z"} if vote.closed_at else {}),
            **_counts(vote.result or {}),
            **({} if vote.secret else {"votes": named.get(vote.id, [])}),
        }
    return found


def _attendance_key(session_id: int, day: dt.date) -> str:
    return f"{session_id}-{day:%Y%m%d}"


def attendances(ctx: Context, keys: Collection[str] | None = None) -> Objects:
    query = (
        select(Attendance)
        .join(Session, Session.id == Attendance.session_id)
        .where(council_sessions(ctx))
        .order_by(Attendance.session_id, Attendance.day, Attendance.person_id)
    )
    if keys is not None:
        sessions = {i for i in (row_id(k.split("-")[0]) for k in keys) if i is not None}
        query = query.where(Attendance.session_id.in_(sessions))
    found: Objects = {}
    for row in ctx.db.scalars(query):
        key = _attendance_key(row.session_id, row.day)
        if not wanted(keys, key):
            continue
        day = found.setdefault(
            key,
            {
                **head(ctx, Kind.ATTENDANCE, key),
                "meeting": ctx.urls.obj(ctx.body, Kind.MEETING, row.session_id),
                "date": row.day.isoformat(),
                "counts": {"present": 0, "absent": 0, "excused": 0, "left": 0, "late": 0},
                "persons": [],
            },
        )
        day["counts"][row.status.value] += 1
        day["counts"]["late"] += 1 if row.late else 0
        day["persons"].append(
            {
                "person": ctx.urls.obj(ctx.body, Kind.PERSON, row.person_id),
                "status": row.status.value,
                "late": row.late,
            }
        )
    return found

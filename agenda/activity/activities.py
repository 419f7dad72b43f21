"""Activities in the database: record one with its participants, edit it (checked again as a whole), delete
it, get it, list them by kind, organiser, body, year and term. The rules are :mod:`agenda.activity.rules`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from agenda import audit
from agenda.activity.rules import check
from agenda.activity.values import ActivityInput, ActivityPatch, ParticipantInput
from agenda.errors import Conflict, found
from agenda.models import Activity, ActivityKind, ActivityParticipant, Council, Organiser

FIELDS = (
    "kind",
    "organiser",
    "title",
    "starts_on",
    "thematic",
    "organization_id",
    "lead_person_id",
    "session_id",
    "external_id",
    "subjects",
    "plan",
    "place",
    "completed_on",
    "conclusions",
    "voters",
    "citizens",
    "cases",
)


def get_activity(db: DbSession, activity_id: int) -> Activity:
    return found(db.get(Activity, activity_id), "hoạt động", "Activity")


def get_council(db: DbSession, council_id: int) -> Council:
    return found(db.get(Council, council_id), "Hội đồng nhân dân", "Council")


def _check_external_id(
    db: DbSession, council: Council, external_id: str | None, activity_id: int | None
) -> None:
    if external_id is None:
        return
    other = db.scalar(
        select(Activity.id).where(Activity.council_id == council.id, Activity.external_id == external_id)
    )
    if other is not None and other != activity_id:
        raise Conflict(
            f"Mã hoạt động “{external_id}” đã có.",
            f"The activity code “{external_id}” is already used.",
            field="external_id",
        )


def _set_participants(activity: Activity, participants: Sequence[ParticipantInput]) -> None:
    kept = {p.person_id: p for p in activity.participants}
    wanted = {p.person_id: p for p in participants}
    for person_id, row in kept.items():
        if person_id not in wanted:
            activity.participants.remove(row)
    for person_id, given in wanted.items():
        if person_id in kept:
            kept[person_id].role = given.role
        else:
            activity.participants.append(ActivityParticipant(person_id=person_id, role=given.role))


def _write(activity: Activity, values: ActivityInput, ends_on: dt.date, term_id: int) -> None:
    for key in FIELDS:
        setattr(activity, key, getattr(values, key))
    activity.ends_on, activity.term_id = ends_on, term_id
    _set_participants(activity, values.participants)


def create_activity(
    db: DbSession, council: Council, values: ActivityInput, *, actor: str | None = None
) -> Activity:
    """An activity of ``council``, checked (:func:`agenda.activity.rules.check`), with its participants."""
    checked = check(db, council, values)
    _check_external_id(db, council, values.external_id, None)
    activity = Activity(council_id=council.id, created_by=actor)
    _write(activity, values, checked.ends_on, checked.term.id)
    db.add(activity)
    db.flush()
    audit.append(
        db,
        "activity.created",
        {
            "activity_id": activity.id,
            "council_id": council.id,
            "kind": str(values.kind),
            "participants": [p.person_id for p in values.participants],
        },
        actor=actor,
    )
    return activity


def as_input(activity: Activity) -> ActivityInput:
    """The activity as it stands, as an input (to merge a patch into and check again)."""
    return ActivityInput(
        **{key: getattr(activity, key) for key in FIELDS},
        ends_on=activity.ends_on,
        participants=tuple(ParticipantInput(p.person_id, p.role) for p in activity.participants),
    )


def update_activity(
    db: DbSession, activity: Activity, patch: ActivityPatch, *, actor: str | None = None
) -> Activity:
    """The given fields change; the whole activity is checked again (a new date must still hold its
    participants in office, a completion date still not in the future)."""
    council = get_council(db, activity.council_id)
    current = as_input(activity)
    changes = {key: getattr(patch, key) for key in patch.given}
    if changes.get("participants") is None and "participants" in changes:
        changes["participants"] = ()
    for key in ("kind", "organiser", "title", "starts_on", "thematic"):
        if key in changes and changes[key] is None:
            changes.pop(key)  # required fields are not cleared by a null
    merged = dataclasses.replace(current, **changes)
    checked = check(db, council, merged)
    _check_external_id(db, council, merged.external_id, activity.id)
    _write(activity, merged, checked.ends_on, checked.term.id)
    db.flush()
    audit.append(
        db, "activity.updated", {"activity_id": activity.id, "fields": sorted(patch.given)}, actor=actor
    )
    return activity


def delete_activity(db: DbSession, activity: Activity, *, actor: str | None = None) -> None:
    """The activity goes with its participants, attachments and the recommendations raised at it."""
    detail = {
        "activity_id": activity.id,
        "council_id": activity.council_id,
        "external_id": activity.external_id,
    }
    db.delete(activity)
    db.flush()
    audit.append(db, "activity.deleted", detail, actor=actor)


@dataclass(frozen=True)
class ActivityFilter:
    council_id: int | None = None
    kind: ActivityKind | None = None
    organiser: Organiser | None = None
    organization_id: int | None = None
    person_id: int | None = None  # took part in it or led it
    year: int | None = None  # the year it started in
    term_id: int | None = None


def query(wanted: ActivityFilter) -> Select[Activity]:
    stmt = select(Activity)
    for key in ("council_id", "kind", "organiser", "organization_id", "term_id"):
        value = getattr(wanted, key)
        if value is not None:
            stmt = stmt.where(getattr(Activity, key) == value)
    if wanted.year is not None:
        stmt = stmt.where(
            Activity.starts_on >= dt.date(wanted.year, 1, 1),
            Activity.starts_on <= dt.date(wanted.year, 12, 31),
        )
    if wanted.person_id is not None:
        took_part = select(ActivityParticipant.activity_id).where(
            ActivityParticipant.person_id == wanted.person_id
        )
        stmt = stmt.where(Activity.id.in_(took_part) | (Activity.lead_person_id == wanted.person_id))
    return stmt


def list_activities(
    db: DbSession, wanted: ActivityFilter, *, limit: int = 500, offset: int = 0
) -> list[Activity]:
    """The activities matching ``wanted``, the latest first, with their participants loaded."""
    stmt = (
        query(wanted)
        .options(selectinload(Activity.participants), selectinload(Activity.attachments))
        .order_by(Activity.starts_on.desc(), Activity.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(db.scalars(stmt))

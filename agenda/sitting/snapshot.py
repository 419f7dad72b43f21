"""The full state of a live session as one JSON-able object — what a screen gets on connect.

Events (``agenda.events``) then carry the changed parts; a client applies them in version order. The shared
part is read and encoded once per version for every screen, so it holds only what everyone may see: a
question not yet taken up only as id, status and position (staff and its author fetch the rest,
``GET /api/sessions/{id}/questions``).
"""

from __future__ import annotations

from typing import Any, TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import clock, events
from agenda.clock import iso_ms, utcnow
from agenda.council.officials import list_officials
from agenda.council.sessions import agenda_view, session_heading
from agenda.models import Session, Vote, VoteParticipation, VoteStatus
from agenda.sitting.attendance import attendance_view, quorum
from agenda.sitting.floor import floor_view
from agenda.sitting.questions import questions_view
from agenda.sitting.results import votes_view
from agenda.sitting.state import sitting, timer_view


def snapshot(db: DbSession, session: Session, *, viewer_person_id: int | None = None) -> dict[str, Any]:
    out = shared_state(db, session)
    out["server_time"] = iso_ms(utcnow())
    if viewer_person_id is not None:
        out["me"] = viewer_state(db, session, viewer_person_id)
    return out


def shared_state(db: DbSession, session: Session) -> dict[str, Any]:
    """The part of the snapshot that is the same for every screen (all but ``server_time`` and ``me``): what
    the public may see of the session."""
    state = events.live_state(db, session.id)
    home = session.term.council
    return {
        "version": state.version,
        "session": {
            "id": session.id,
            "number": session.number,
            "heading": session_heading(session, home),
            "title": session.title,
            "status": session.status.value,
            "place": session.place,
            "session_type": session.session_type.value,
            "starts_on": session.starts_on.isoformat(),
            "ends_on": session.ends_on.isoformat(),
            "is_public": session.is_public,
            "speech_seconds": session.speech_seconds,
            "question_seconds": session.question_seconds,
            "quorum_fraction": session.quorum_fraction,
        },
        "council": {"name": home.name, "short_name": home.short_name, "time_zone": home.time_zone},
        "agenda": agenda_view(session),
        "sitting": sitting(state),
        "quorum": quorum(db, session),
        "attendance": attendance_view(db, session),
        "floor": floor_view(db, session),
        "timer": timer_view(state),
        "speaker_request_id": state.speaker_request_id,
        "question_id": state.question_id,
        "questions": questions_view(db, session),
        "votes": votes_view(db, session),
        "officials": [
            {"id": o.id, "full_name": o.person.full_name, "position": o.position}
            for o in list_officials(db, home, clock.today(home))
        ],
    }


class ViewerState(TypedDict):
    """A delegate's own part of the snapshot (``me``)."""

    person_id: int
    voted: list[int]
    can_vote: list[int]


def viewer_state(db: DbSession, session: Session, person_id: int) -> ViewerState:
    """A delegate's own part: the votes they have voted in and those they can still vote in."""
    voted = set(
        db.scalars(
            select(VoteParticipation.vote_id)
            .join(Vote)
            .where(Vote.session_id == session.id, VoteParticipation.person_id == person_id)
        )
    )
    open_votes = set(
        db.scalars(select(Vote.id).where(Vote.session_id == session.id, Vote.status == VoteStatus.OPEN))
    )
    return {"person_id": person_id, "voted": sorted(voted), "can_vote": sorted(open_votes - voted)}

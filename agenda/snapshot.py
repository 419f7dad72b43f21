"""The full state of a live session as one JSON-able object — what a screen gets on connect.

Events (``agenda.events``) then carry the changed parts; a client applies them in version order.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import council, events, live, voting
from agenda.models import Session, Vote, VoteParticipation, VoteStatus, utcnow


def snapshot(db: DbSession, session: Session, *, viewer_person_id: int | None = None) -> dict[str, Any]:
    state = events.live_state(db, session.id)
    home = session.term.council
    out: dict[str, Any] = {
        "version": state.version,
        "server_time": live._iso_ms(utcnow()),
        "session": {"id": session.id, "number": session.number, "heading": council.session_heading(session, home),
                    "title": session.title, "status": session.status.value, "place": session.place,
                    "session_type": session.session_type.value,
                    "starts_on": session.starts_on.isoformat(), "ends_on": session.ends_on.isoformat(),
                    "is_public": session.is_public, "speech_seconds": session.speech_seconds,
                    "question_seconds": session.question_seconds, "quorum_fraction": session.quorum_fraction},
        "council": {"name": home.name, "short_name": home.short_name},
        "agenda": council.agenda_view(session),
        "sitting": live.sitting(state),
        "quorum": live.quorum(db, session),
        "attendance": live.attendance_view(db, session),
        "floor": live.floor_view(db, session),
        "timer": live.timer_view(state),
        "speaker_request_id": state.speaker_request_id,
        "question_id": state.question_id,
        "questions": live.questions_view(db, session),
        "votes": voting.votes_view(db, session),
        "officials": [{"id": o.id, "full_name": o.person.full_name, "position": o.position}
                      for o in council.list_officials(db, home, live.today())],
    }
    if viewer_person_id is not None:
        voted = set(db.scalars(select(VoteParticipation.vote_id).join(Vote).where(
            Vote.session_id == session.id, VoteParticipation.person_id == viewer_person_id)))
        open_votes = set(db.scalars(select(Vote.id).where(Vote.session_id == session.id,
                                                          Vote.status == VoteStatus.OPEN)))
        out["me"] = {"person_id": viewer_person_id, "voted": sorted(voted),
                     "can_vote": sorted(open_votes - voted)}
    return out



"""The actions of a live session — one table used by the websocket and by the HTTP API alike.

Each action names the roles that may take it and the ``agenda`` function that does it. ``perform``
runs one action in one transaction and returns its result and the events to fan out after commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.access import DELEGATES, RUNNERS, require, require_signed_in
from agenda.council import sessions
from agenda.errors import DomainError
from agenda.models import Role, Session, User
from agenda.sitting import attendance, ballots, floor, opening, questions, votes
from session_server.commit import Committed, commit


@dataclass(frozen=True)
class Context:
    db: DbSession
    session: Session
    user: User
    data: Any

    @property
    def person_id(self) -> int | None:
        return self.user.person_id


Handler = Callable[[Context], Any]


@dataclass(frozen=True)
class Action:
    roles: frozenset[Role]
    run: Handler
    summary: str


def _check_in_self(ctx: Context) -> dict[str, Any]:
    changed = attendance.check_in(ctx.db, ctx.session, ctx.person_id, method="tablet", actor=ctx.user)
    return {"person_id": ctx.person_id, "already_present": not changed}


def _ballot(ctx: Context) -> dict[str, Any]:
    return ballots.cast_ballot(
        ctx.db, ctx.session, ctx.person_id, ballots.Ballot.parse(ctx.data), ctx.user
    ).as_dict()


def _vote_open(ctx: Context) -> dict[str, Any]:
    return {"vote_id": votes.open_vote(ctx.db, ctx.session, votes.VoteOpening.parse(ctx.data), ctx.user).id}


ACTIONS: dict[str, Action] = {
    "sitting.open": Action(
        RUNNERS, lambda c: opening.open_sitting(c.db, c.session, c.user), "Khai mạc / open today's sitting"
    ),
    "session.close": Action(
        RUNNERS, lambda c: opening.close_session(c.db, c.session, c.user), "Bế mạc / close the session"
    ),
    "sitting.options": Action(
        RUNNERS,
        lambda c: opening.set_options(c.db, c.session, opening.SittingOptions.parse(c.data), c.user),
        "Options: allow_absent_voting",
    ),
    "item.current": Action(
        RUNNERS,
        lambda c: opening.set_current_item(c.db, c.session, opening.CurrentItem.parse(c.data), c.user),
        "Move to an agenda item: item_id",
    ),
    "attendance.check_in": Action(DELEGATES, _check_in_self, "A delegate checks in from their tablet"),
    "attendance.card": Action(
        RUNNERS,
        lambda c: attendance.check_in_by_card(c.db, c.session, attendance.CardScan.parse(c.data), c.user),
        "Check a delegate in by scanning their card: card",
    ),
    "attendance.mark": Action(
        RUNNERS,
        lambda c: attendance.mark_attendance(
            c.db, c.session, attendance.AttendanceMark.parse(c.data), c.user
        ),
        "Mark attendance: person_id, status (present/absent/excused/left), reason, late",
    ),
    "floor.request": Action(
        DELEGATES,
        lambda c: floor.request_floor(c.db, c.session, c.person_id, floor.FloorRequest.parse(c.data), c.user),
        "Register to speak: kind (speak/rebut), item_id",
    ),
    "floor.withdraw": Action(
        DELEGATES | RUNNERS,
        lambda c: floor.withdraw_floor(
            c.db,
            c.session,
            c.person_id,
            floor.FloorWithdrawal.parse(c.data),
            c.user,
            by_secretary=bool(c.user.roles & RUNNERS),
        ),
        "Withdraw a request to speak: request_id",
    ),
    "floor.give": Action(
        RUNNERS,
        lambda c: floor.give_floor(c.db, c.session, floor.GiveFloor.parse(c.data), c.user),
        "Give the floor: request_id, seconds",
    ),
    "floor.end": Action(
        RUNNERS, lambda c: floor.end_floor(c.db, c.session, c.user), "End the current speech"
    ),
    "timer.start": Action(
        RUNNERS,
        lambda c: floor.start_timer(c.db, c.session, floor.TimerStart.parse(c.data), c.user),
        "Start the timer: seconds, label",
    ),
    "question.file": Action(
        DELEGATES,
        lambda c: {
            "question_id": questions.file_question(
                c.db, c.session, c.person_id, questions.QuestionFiling.parse(c.data), c.user
            ).id
        },
        "File a question: official_id, text",
    ),
    "question.withdraw": Action(
        DELEGATES,
        lambda c: questions.withdraw_question(
            c.db, c.session, c.person_id, questions.QuestionRef.parse(c.data), c.user
        ),
        "Withdraw my question",
    ),
    "questions.arrange": Action(
        RUNNERS,
        lambda c: questions.arrange_questions(
            c.db, c.session, questions.QuestionArrangement.parse(c.data), c.user
        ),
        "Group, order and select questions: order, groups, selected",
    ),
    "question.answer_start": Action(
        RUNNERS,
        lambda c: questions.start_answer(c.db, c.session, questions.QuestionRef.parse(c.data), c.user),
        "Give the floor to the official questioned: question_id",
    ),
    "question.answer": Action(
        RUNNERS,
        lambda c: questions.record_answer(c.db, c.session, questions.Answer.parse(c.data), c.user),
        "Record the answer given: question_id, answer",
    ),
    "question.written": Action(
        RUNNERS,
        lambda c: questions.mark_for_written_answer(
            c.db, c.session, questions.QuestionRef.parse(c.data), c.user
        ),
        "Mark for a written answer within 20 days: question_id",
    ),
    "question.written_answer": Action(
        RUNNERS,
        lambda c: questions.record_written_answer(
            c.db, c.session, questions.Answer.parse_written(c.data), c.user
        ),
        "Record a written answer: question_id, answer",
    ),
    "vote.open": Action(
        RUNNERS,
        _vote_open,
        "Open a vote: title, kind, secret, options, rule, fraction, "
        "strict, agenda_item_id, official_ids, repeat_of_id",
    ),
    "vote.close": Action(
        RUNNERS,
        lambda c: {"vote_id": votes.close_vote(c.db, c.session, votes.VoteRef.parse(c.data), c.user).id},
        "Close a vote and compute the result: vote_id",
    ),
    "vote.cancel": Action(
        RUNNERS,
        lambda c: {"vote_id": votes.cancel_vote(c.db, c.session, votes.VoteRef.parse(c.data), c.user).id},
        "Cancel an open vote (no result): vote_id",
    ),
    "ballot.cast": Action(DELEGATES, _ballot, "Cast a ballot: vote_id, ballot_id (client-generated), choice"),
}


def run_action(db: DbSession, session_id: int, user: User | None, name: Any, data: Any) -> Any:
    """Check the caller may take action ``name`` on this session, and take it (inside the caller's transaction)."""
    action = ACTIONS.get(name) if isinstance(name, str) else None
    if action is None:
        raise DomainError(
            "Thao tác không tồn tại.", f"Unknown action: {str(name)[:40]}.", code="unknown_action", status=404
        )
    require_signed_in(user)
    session = sessions.visible_session(db, session_id, user)
    signed_in = require(user, action.roles)
    assert signed_in is not None
    return action.run(Context(db, session, signed_in, data if data is not None else {}))


def socket_user(db: DbSession, user_id: int | None, auth_version: int | None) -> User | None:
    """The user a websocket signed in as, unless signed out or their password changed since it connected."""
    user = db.get(User, user_id) if user_id is not None else None
    return user if user is not None and user.auth_version == auth_version else None


def perform(
    factory: sessionmaker[DbSession],
    session_id: int,
    user_id: int | None,
    auth_version: int | None,
    name: Any,
    data: Any,
) -> tuple[Any, Committed]:
    """Run one action from a websocket as one unit of work: (result, encoded events) once committed."""
    return commit(
        factory, lambda db: run_action(db, session_id, socket_user(db, user_id, auth_version), name, data)
    )

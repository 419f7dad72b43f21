"""The actions of a live session — one table used by the websocket and by the HTTP API alike.

Each action names the roles that may take it, the parser that reads its data into a typed value (the
``parse`` of an input of ``agenda.sitting``), the ``agenda`` function that does it, its summary, and the
schemas of its data and its result (``data=``, ``result=``: what the OpenAPI document says of it — and
a field of the data the schema does not name is refused, 400 ``unknown_field``, on either channel).
``perform`` runs one action in one transaction and returns its result and the events to fan out after
commit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.access import DELEGATES, RUNNERS, require, require_signed_in
from agenda.accounts import cards, signins
from agenda.council import sessions
from agenda.errors import DomainError
from agenda.inputs import Fields
from agenda.models import AttendanceStatus, Role, Session, SpeechKind, User, VoteKind
from agenda.sitting import answers, attendance, ballots, floor, opening, questions, undo, votes
from session_server.commit import Committed, commit
from session_server.http.schemas import (
    BOOL,
    INT,
    NULL,
    STR,
    Schema,
    accepted_fields,
    array,
    check_fields,
    choices,
    enum,
    mapping,
    nullable,
    obj,
    reply,
)
from session_server.wire.live import BALLOT_ACK, CARD_CHECK_IN

NO_DATA = obj([])  # an action that reads nothing: any field sent is refused
IDS = array({"type": "integer", "minimum": 0})


@dataclass(frozen=True)
class Context:
    """Who takes an action on which session, in which transaction."""

    db: DbSession
    session: Session
    user: User

    @property
    def person_id(self) -> int | None:
        return self.user.person_id


T = TypeVar("T")


@dataclass(frozen=True)
class Action(Generic[T]):
    """Who may take an action, how its data is read (into a typed value, or refused with a message naming
    the field), what it does with that value, and what the API documentation says of it."""

    roles: frozenset[Role]
    parse: Callable[[object], T]
    run: Callable[[Context, T], object]
    summary: str
    data: Schema = field(default_factory=lambda: NO_DATA)
    result: Schema = field(default_factory=lambda: NULL)
    accepts: frozenset[str] | None = None  # the data's fields (from ``data``)

    @classmethod
    def of(
        cls,
        roles: frozenset[Role],
        parse: Callable[[object], T],
        run: Callable[[Context, T], object],
        summary: str,
        *,
        data: Schema = NO_DATA,
        result: Schema = NULL,
    ) -> Action[Any]:
        """An entry of the table, its ``run`` checked (by mypy) against what its ``parse`` returns — which
        ``Action(...)`` in a table of ``Action[Any]`` would not be. ``data``: the schema of what it reads
        (:func:`~session_server.http.schemas.obj`; none: it reads nothing); ``result``: of what it returns
        (none: null)."""
        return cls(roles, parse, run, summary, data, result, accepted_fields(data))

    def read(self, data: object) -> T:
        """The action's data as its typed value: a field its schema does not name is refused first."""
        check_fields(Fields(data).data, self.accepts)  # an object, naming only the fields it takes
        return self.parse(data)


def no_data(data: object) -> None:
    """The parser of an action that reads nothing (its schema, :data:`NO_DATA`, refuses any field)."""
    return None


def _check_in_self(ctx: Context, _: None) -> dict[str, Any]:
    changed = attendance.check_in(ctx.db, ctx.session, ctx.person_id, method="tablet", actor=ctx.user)
    return {"person_id": ctx.person_id, "already_present": not changed}


def _withdraw_floor(ctx: Context, withdrawal: floor.FloorWithdrawal) -> None:
    by_secretary = bool(ctx.user.roles & RUNNERS)
    floor.withdraw_floor(ctx.db, ctx.session, ctx.person_id, withdrawal, ctx.user, by_secretary=by_secretary)


def _file_question(ctx: Context, filing: questions.QuestionFiling) -> dict[str, int]:
    return {"question_id": questions.file_question(ctx.db, ctx.session, ctx.person_id, filing, ctx.user).id}


def _ballot(ctx: Context, ballot: ballots.Ballot) -> dict[str, Any]:
    return ballots.cast_ballot(ctx.db, ctx.session, ctx.person_id, ballot, ctx.user).as_dict()


SECONDS = {"type": "integer", "minimum": 10, "maximum": 3600, "description": "10 s to 1 h"}
VOTE_ID = reply(vote_id=INT)
VOTE_REF = obj(["vote_id"], vote_id=INT)
QUESTION_REF = obj(["question_id"], question_id=INT)
ANSWER = obj(["question_id", "answer"], question_id=INT, answer=STR)
CHOICE = {
    "anyOf": [STR, mapping(STR)],
    "description": "An option key (a motion), or {subject: option} (a confidence rating or vote)",
}

ACTIONS: dict[str, Action[Any]] = {
    "sitting.open": Action.of(
        RUNNERS,
        opening.SittingOpening.parse,
        lambda c, value: opening.open_sitting(c.db, c.session, c.user, value),
        "Khai mạc / open today's sitting: confirm (true to open on a day outside the session's dates)",
        data=obj([], confirm=BOOL),
    ),
    "sitting.undo_opening": Action.of(
        RUNNERS,
        no_data,
        lambda c, _: undo.undo_opening(c.db, c.session, c.user),
        "Hủy khai mạc / undo an opening made by mistake, while nothing has happened in the sitting",
    ),
    "session.close": Action.of(
        RUNNERS,
        no_data,
        lambda c, _: opening.close_session(c.db, c.session, c.user),
        "Bế mạc / close the session",
    ),
    "sitting.options": Action.of(
        RUNNERS,
        opening.SittingOptions.parse,
        lambda c, options: opening.set_options(c.db, c.session, options, c.user),
        "Options: allow_absent_voting",
        data=obj(["allow_absent_voting"], allow_absent_voting=BOOL),
    ),
    "item.current": Action.of(
        RUNNERS,
        opening.CurrentItem.parse,
        lambda c, item: opening.set_current_item(c.db, c.session, item, c.user),
        "Move to an agenda item: item_id",
        data=obj(["item_id"], item_id=INT),
    ),
    "attendance.check_in": Action.of(
        DELEGATES,
        no_data,
        _check_in_self,
        "A delegate checks in from their tablet",
        result=reply(person_id=INT, already_present=BOOL),
    ),
    "attendance.card": Action.of(
        RUNNERS,
        attendance.CardScan.parse,
        lambda c, scan: attendance.check_in_by_card(
            c.db, c.session, cards.user_for_card(c.db, scan.token), c.user
        ),
        "Check a delegate in by scanning their card: card",
        data=obj(["card"], card={**STR, "description": "The card's sign-in address, or its token"}),
        result=CARD_CHECK_IN,
    ),
    "attendance.mark": Action.of(
        RUNNERS,
        attendance.AttendanceMark.parse,
        lambda c, mark: attendance.mark_attendance(c.db, c.session, mark, c.user),
        "Mark attendance: person_id, status (present/absent/excused/left), reason, late",
        data=obj(
            ["person_id", "status"],
            person_id=INT,
            status=choices(AttendanceStatus),
            reason=STR,
            late=BOOL,
        ),
    ),
    "floor.request": Action.of(
        DELEGATES,
        floor.FloorRequest.parse,
        lambda c, request: floor.request_floor(c.db, c.session, c.person_id, request, c.user),
        "Register to speak: kind (speak/rebut), item_id",
        data=obj([], kind=choices(SpeechKind), item_id=INT),
    ),
    "floor.withdraw": Action.of(
        DELEGATES | RUNNERS,
        floor.FloorWithdrawal.parse,
        _withdraw_floor,
        "Withdraw a request to speak: request_id",
        data=obj(["request_id"], request_id=INT),
    ),
    "floor.give": Action.of(
        RUNNERS,
        floor.GiveFloor.parse,
        lambda c, give: floor.give_floor(c.db, c.session, give, c.user),
        "Give the floor: request_id, seconds",
        data=obj(["request_id"], request_id=INT, seconds=SECONDS),
    ),
    "floor.end": Action.of(
        RUNNERS,
        no_data,
        lambda c, _: floor.end_floor(c.db, c.session, c.user),
        "End the current speech",
    ),
    "timer.start": Action.of(
        RUNNERS,
        floor.TimerStart.parse,
        lambda c, timer: floor.start_timer(c.db, c.session, timer, c.user),
        "Start the timer: seconds, label",
        data=obj(["seconds"], seconds=SECONDS, label=STR),
    ),
    "question.file": Action.of(
        DELEGATES,
        questions.QuestionFiling.parse,
        _file_question,
        "File a question: official_id, text",
        data=obj(["official_id", "text"], official_id=INT, text=STR),
        result=reply(question_id=INT),
    ),
    "question.withdraw": Action.of(
        DELEGATES,
        questions.QuestionRef.parse,
        lambda c, ref: questions.withdraw_question(c.db, c.session, c.person_id, ref, c.user),
        "Withdraw my question",
        data=QUESTION_REF,
    ),
    "questions.arrange": Action.of(
        RUNNERS,
        questions.QuestionArrangement.parse,
        lambda c, arrangement: questions.arrange_questions(c.db, c.session, arrangement, c.user),
        "Group, order and select questions: order, groups, selected",
        data=obj(
            [],
            order={**IDS, "description": "Every question's id, in the new order"},
            groups={**mapping(nullable(STR)), "description": "{question id: group label, or null}"},
            selected={**IDS, "description": "The questions selected for the sitting"},
        ),
    ),
    "question.answer_start": Action.of(
        RUNNERS,
        questions.QuestionRef.parse,
        lambda c, ref: answers.start_answer(c.db, c.session, ref, c.user),
        "Give the floor to the official questioned: question_id",
        data=QUESTION_REF,
    ),
    "question.answer": Action.of(
        RUNNERS,
        answers.Answer.parse,
        lambda c, answer: answers.record_answer(c.db, c.session, answer, c.user),
        "Record the answer given: question_id, answer",
        data=ANSWER,
    ),
    "question.written": Action.of(
        RUNNERS,
        questions.QuestionRef.parse,
        lambda c, ref: answers.mark_for_written_answer(c.db, c.session, ref, c.user),
        "Mark for a written answer within 20 days: question_id",
        data=QUESTION_REF,
    ),
    "question.written_answer": Action.of(
        RUNNERS,
        answers.Answer.parse_written,
        lambda c, answer: answers.record_written_answer(c.db, c.session, answer, c.user),
        "Record a written answer: question_id, answer",
        data=ANSWER,
    ),
    "vote.open": Action.of(
        RUNNERS,
        votes.VoteOpening.parse,
        lambda c, opening: {"vote_id": votes.open_vote(c.db, c.session, opening, c.user).id},
        "Open a vote: title, kind, secret, options, rule, fraction, "
        "strict, agenda_item_id, official_ids, repeat_of_id",
        data=obj(
            ["title"],
            title=STR,
            kind=choices(VoteKind),
            secret=BOOL,
            options={**array(STR), "description": "A motion's 2 to 5 labels, the first meaning “yes”"},
            rule=enum(["majority", "two_thirds", "custom"]),
            fraction={**STR, "description": "The custom rule's share, “3/4”"},
            strict={**BOOL, "description": "The custom rule: strictly more than the share"},
            agenda_item_id=INT,
            official_ids={**IDS, "description": "A confidence rating or vote: the officials (1 to 60)"},
            repeat_of_id=INT,
        ),
        result=VOTE_ID,
    ),
    "vote.close": Action.of(
        RUNNERS,
        votes.VoteRef.parse,
        lambda c, ref: {"vote_id": votes.close_vote(c.db, c.session, ref, c.user).id},
        "Close a vote and compute the result: vote_id",
        data=VOTE_REF,
        result=VOTE_ID,
    ),
    "vote.cancel": Action.of(
        RUNNERS,
        votes.VoteRef.parse,
        lambda c, ref: {"vote_id": votes.cancel_vote(c.db, c.session, ref, c.user).id},
        "Cancel an open vote (no result): vote_id",
        data=VOTE_REF,
        result=VOTE_ID,
    ),
    "ballot.cast": Action.of(
        DELEGATES,
        ballots.Ballot.parse,
        _ballot,
        "Cast a ballot: vote_id, ballot_id (client-generated), choice",
        data=obj(
            ["vote_id", "ballot_id", "choice"],
            vote_id=INT,
            ballot_id={"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$"},
            choice=CHOICE,
        ),
        result=BALLOT_ACK,
    ),
}


def run_action(db: DbSession, session_id: int, user: User | None, name: Any, data: Any) -> Any:
    """Check the caller may take action ``name`` on this session, read its data, and take it (inside the
    caller's transaction). Who may comes first: a 401, 403 or 404 before a complaint about the data."""
    action = ACTIONS.get(name) if isinstance(name, str) else None
    if action is None:
        raise DomainError(
            "Thao tác không tồn tại.", f"Unknown action: {str(name)[:40]}.", code="unknown_action", status=404
        )
    require_signed_in(user)
    session = sessions.visible_session(db, session_id, user)
    signed_in = require(user, action.roles)
    assert signed_in is not None
    value = action.read(data if data is not None else {})
    return action.run(Context(db, session, signed_in), value)


def socket_user(db: DbSession, signin_id: int | None) -> User | None:
    """The user a websocket signed in as, while its sign-in session is live (it ends when the browser signs
    out, its card is revoked, the account is disabled, its password or roles change)."""
    return signins.live_user(db, signin_id)


def perform(
    factory: sessionmaker[DbSession],
    session_id: int,
    signin_id: int | None,
    name: Any,
    data: Any,
) -> tuple[Any, Committed]:
    """Run one action from a websocket as one unit of work: (result, encoded events) once committed."""
    return commit(factory, lambda db: run_action(db, session_id, socket_user(db, signin_id), name, data))

"""Answers to questions (chất vấn): the official questioned answers at the sitting, the floor and its timer
theirs; or — asked for then, or not reached by the end of the session — in writing within 20 days
(NQ 594/NQ-UBTVQH15; ``agenda.rules.written_answer_due``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Self

from sqlalchemy.orm import Session as DbSession

from agenda import clock, events
from agenda.clock import utcnow
from agenda.errors import Conflict
from agenda.inputs import Fields
from agenda.models import Question, QuestionStatus, Session, User
from agenda.rules import written_answer_due
from agenda.sitting.floor import finish_speaker
from agenda.sitting.questions import PENDING, QuestionRef, emit_questions, question_id_of, session_question
from agenda.sitting.state import clear_timer, require_running, set_timer

UNANSWERED = (*PENDING, QuestionStatus.ANSWERING)
"""A question in one of these is still to be answered: at the sitting, or else in writing."""


def due_in_writing(questions: Iterable[Question], session: Session) -> None:
    """These questions are to be answered in writing, by the due date counted from today."""
    due = written_answer_due(clock.today(session.term.council), session.ends_on)
    for q in questions:
        q.status = QuestionStatus.WRITTEN_DUE
        q.written_due_on = due


def start_answer(db: DbSession, session: Session, ref: QuestionRef, actor: User | None) -> None:
    """The chair gives the floor to the official questioned; the question timer starts."""
    state = require_running(session)
    q = session_question(db, session, ref.question_id)
    if q.status not in PENDING:
        raise Conflict("Phiếu chất vấn này đã được xử lý.", "This question has already been dealt with.")
    if state.question_id is not None:
        current = db.get(Question, state.question_id)
        if current is not None and current.status == QuestionStatus.ANSWERING:
            raise Conflict("Đang trả lời một phiếu chất vấn khác.", "Another question is being answered.")
    finish_speaker(db, state)
    q.status = QuestionStatus.ANSWERING
    state.question_id = q.id
    set_timer(state, session.question_seconds, f"Trả lời chất vấn: {q.official.person.full_name}")
    db.flush()
    emit_questions(db, session, actor, {"question_id": q.id, "action": "answering"})


@dataclass(frozen=True)
class Answer:
    """The answer to a question: at the sitting, as the secretary sums it up (``parse``), or in writing
    (``parse_written``)."""

    question_id: int
    answer: str

    @classmethod
    def parse(cls, data: object) -> Self:
        """``{"question_id": 8, "answer": "…"}``: the summary of an answer given at the sitting."""
        return cls._parse(data, ("tóm tắt trả lời", "answer summary"))

    @classmethod
    def parse_written(cls, data: object) -> Self:
        """``{"question_id": 8, "answer": "…"}``: an answer given in writing."""
        return cls._parse(data, ("nội dung trả lời", "answer"))

    @classmethod
    def _parse(cls, data: object, label: tuple[str, str]) -> Self:
        f = Fields(data)
        return cls(question_id_of(f), f.text("answer", label, max_length=20000))


def _record(
    db: DbSession,
    session: Session,
    answer: Answer,
    *,
    awaiting: QuestionStatus,
    refusal: Conflict,
    answered: QuestionStatus,
) -> Question:
    """Record ``answer`` to its question if the question is ``awaiting`` it (else ``refusal``)."""
    q = session_question(db, session, answer.question_id)
    if q.status != awaiting:
        raise refusal
    q.answer = answer.answer
    q.status = answered
    q.answered_at = utcnow()
    return q


def record_answer(db: DbSession, session: Session, answer: Answer, actor: User | None) -> None:
    state = require_running(session)
    q = _record(
        db,
        session,
        answer,
        awaiting=QuestionStatus.ANSWERING,
        refusal=Conflict(
            "Phiếu chất vấn này chưa được trả lời tại phiên họp.", "This question is not being answered."
        ),
        answered=QuestionStatus.ANSWERED,
    )
    state.question_id = None
    clear_timer(state)
    db.flush()
    emit_questions(db, session, actor, {"question_id": q.id, "action": "answered"})


def mark_for_written_answer(db: DbSession, session: Session, ref: QuestionRef, actor: User | None) -> None:
    q = session_question(db, session, ref.question_id)
    if q.status not in UNANSWERED:
        raise Conflict("Phiếu chất vấn này đã được xử lý.", "This question has already been dealt with.")
    state = events.live_state(db, session.id)
    if state.question_id == q.id:
        state.question_id = None
        clear_timer(state)
    due_in_writing([q], session)
    db.flush()
    emit_questions(db, session, actor, {"question_id": q.id, "action": "written_due"})


def record_written_answer(db: DbSession, session: Session, answer: Answer, actor: User | None) -> None:
    q = _record(
        db,
        session,
        answer,
        awaiting=QuestionStatus.WRITTEN_DUE,
        refusal=Conflict(
            "Phiếu này không chờ trả lời bằng văn bản.", "This question is not awaiting a written answer."
        ),
        answered=QuestionStatus.ANSWERED_IN_WRITING,
    )
    db.flush()
    emit_questions(db, session, actor, {"question_id": q.id, "action": "answered_in_writing"})

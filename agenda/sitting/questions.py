"""Questioning (chất vấn): delegates file phiếu chất vấn, the secretary groups, orders and selects them, the
official answers at the sitting or in writing within 20 days (NQ 594/NQ-UBTVQH15)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from agenda import clock, events
from agenda.audit import actor_of
from agenda.clock import utcnow
from agenda.errors import Conflict, DomainError, Forbidden, NotFound
from agenda.inputs import Fields
from agenda.models import Official, Question, QuestionStatus, Session, SessionStatus, User
from agenda.rules import written_answer_due
from agenda.sitting.attachments import Attachment
from agenda.sitting.attendance import require_delegate
from agenda.sitting.floor import finish_speaker
from agenda.sitting.state import clear_timer, of_session, require_running, set_timer, timer_view

MAX_QUESTION_CHARS = 4000


def question_row(q: Question) -> dict[str, Any]:
    return {
        "id": q.id,
        "person_id": q.person_id,
        "full_name": q.person.full_name,
        "official_id": q.official_id,
        "official_name": q.official.person.full_name,
        "official_position": q.official.position,
        "text": q.text,
        "group_label": q.group_label,
        "position": q.position,
        "status": q.status.value,
        "filed_at": clock.iso(q.filed_at),
        "answer": q.answer,
        "answered_at": clock.iso(q.answered_at),
        "written_due_on": q.written_due_on.isoformat() if q.written_due_on else None,
        "attachment": (
            {"name": q.attachment_name, "type": q.attachment_type, "sha256": q.attachment_sha256}
            if q.attachment_sha256
            else None
        ),
    }


def questions_view(db: DbSession, session: Session) -> list[dict[str, Any]]:
    rows = db.scalars(select(Question).where(Question.session_id == session.id).order_by(Question.position))
    return [question_row(q) for q in rows]


def _emit_questions(db: DbSession, session: Session, actor: User | None, audit: dict[str, Any]) -> None:
    state = events.live_state(db, session.id)
    events.emit(
        db,
        session.id,
        "questions",
        {
            "questions": questions_view(db, session),
            "timer": timer_view(state),
            "question_id": state.question_id,
        },
        actor=actor_of(actor),
        audit_detail=audit,
    )


@dataclass(frozen=True)
class QuestionFiling:
    """A phiếu chất vấn as a delegate fills it in: the official questioned and the question."""

    official_id: int
    text: str

    @classmethod
    def parse(cls, data: object) -> Self:
        """``{"official_id": 3, "text": "…"}`` (at most 4,000 characters)."""
        f = Fields(data)
        official_id = f.integer("official_id", ("người bị chất vấn", "official questioned"))
        return cls(
            official_id, f.text("text", ("nội dung chất vấn", "question"), max_length=MAX_QUESTION_CHARS)
        )


def file_question(
    db: DbSession,
    session: Session,
    person_id: int | None,
    filing: QuestionFiling,
    actor: User | None,
    attachment: Attachment | None = None,
) -> Question:
    """A delegate files a phiếu chất vấn — before the session (once published) or during it."""
    if session.status not in (SessionStatus.PUBLISHED, SessionStatus.IN_PROGRESS):
        raise Conflict(
            "Chỉ gửi chất vấn cho kỳ họp đã công bố và chưa bế mạc.",
            "Questions go to a published session that has not closed.",
        )
    mandate = require_delegate(db, session, person_id)
    official = db.get(Official, filing.official_id)
    council_id = session.term.council_id
    if official is None or official.council_id != council_id:
        raise NotFound("người bị chất vấn", "Official")
    if official.ended_on is not None and official.ended_on < clock.today():
        raise DomainError(
            "Người này đã thôi giữ chức vụ.", "This official no longer holds the post.", field="official_id"
        )
    last = db.scalar(select(func.max(Question.position)).where(Question.session_id == session.id)) or 0
    question = Question(
        session_id=session.id,
        person_id=mandate.person_id,
        official_id=official.id,
        text=filing.text,
        position=last + 1,
    )
    if attachment is not None:
        question.attachment_name = attachment.name
        question.attachment_type = attachment.content_type
        question.attachment_sha256 = attachment.sha256
    db.add(question)
    db.flush()
    _emit_questions(db, session, actor, {"question_id": question.id, "action": "filed"})
    return question


def _question_id(f: Fields) -> int:
    question_id: int = f.integer("question_id", ("phiếu chất vấn", "question"))
    return question_id


@dataclass(frozen=True)
class QuestionRef:
    """The phiếu chất vấn an action is about."""

    question_id: int

    @classmethod
    def parse(cls, data: object) -> Self:
        """``{"question_id": 8}``."""
        return cls(_question_id(Fields(data)))


def _question(db: DbSession, session: Session, question_id: int) -> Question:
    return of_session(db.get(Question, question_id), session, "phiếu chất vấn", "Question")


def _invalid_group() -> DomainError:
    return DomainError("Nhóm vấn đề không hợp lệ.", "Invalid group.", field="groups")


@dataclass(frozen=True)
class QuestionArrangement:
    """How the secretary arranges the questions; each part optional: the ``order`` of every question, the
    group label (vấn đề) of some — ``None`` clears it — and the questions ``selected`` for the sitting."""

    order: list[int] | None = None
    groups: dict[int, str | None] | None = None
    selected: list[int] | None = None

    @classmethod
    def parse(cls, data: object) -> Self:
        """``{"order": [ids…], "groups": {"id": "label"}, "selected": [ids…]}``."""
        f = Fields(data)
        order = f.id_list("order", ("thứ tự", "order")) if f.has("order") else None
        raw_groups = f.data.get("groups")
        groups: dict[int, str | None] | None = None
        if raw_groups is not None:
            if not isinstance(raw_groups, Mapping):
                raise DomainError("Nhóm vấn đề không hợp lệ.", "Groups must be an object.", field="groups")
            groups = {}
            for key, label in raw_groups.items():
                if not str(key).isdigit() or not (
                    label is None or (isinstance(label, str) and len(label) <= 200)
                ):
                    raise _invalid_group()
                groups[int(key)] = label.strip() if isinstance(label, str) and label.strip() else None
        raw_selected = f.data.get("selected")
        selected = None
        if raw_selected is not None:
            selected = Fields({"selected": raw_selected}).id_list(
                "selected", ("phiếu được chọn", "selected questions")
            )
        return cls(order, groups, selected)


def arrange_questions(
    db: DbSession, session: Session, arrangement: QuestionArrangement, actor: User | None
) -> None:
    """The secretary groups, orders and selects questions."""
    if session.status == SessionStatus.CLOSED:
        raise Conflict("Kỳ họp đã bế mạc.", "The session is closed.")
    questions = {q.id: q for q in db.scalars(select(Question).where(Question.session_id == session.id))}
    order = arrangement.order
    if order is not None:
        if sorted(order) != sorted(questions):
            raise Conflict(
                "Thứ tự phải gồm đúng mỗi phiếu chất vấn một lần (tải lại trang).",
                "The order must name every question exactly once (reload).",
                field="order",
            )
        for n, qid in enumerate(order, start=1):
            questions[qid].position = -n
        db.flush()
        for n, qid in enumerate(order, start=1):
            questions[qid].position = n
    for qid, label in (arrangement.groups or {}).items():
        if qid not in questions:
            raise _invalid_group()
        questions[qid].group_label = label
    for qid in arrangement.selected or []:
        if qid not in questions:
            raise NotFound("phiếu chất vấn", "Question")
        if questions[qid].status == QuestionStatus.FILED:
            questions[qid].status = QuestionStatus.SELECTED
    db.flush()
    _emit_questions(db, session, actor, {"action": "arranged"})


def start_answer(db: DbSession, session: Session, ref: QuestionRef, actor: User | None) -> None:
    """The chair gives the floor to the official questioned; the question timer starts."""
    state = require_running(session)
    q = _question(db, session, ref.question_id)
    if q.status not in (QuestionStatus.FILED, QuestionStatus.SELECTED):
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
    _emit_questions(db, session, actor, {"question_id": q.id, "action": "answering"})


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
        return cls(_question_id(f), f.text("answer", label, max_length=20000))


def record_answer(db: DbSession, session: Session, answer: Answer, actor: User | None) -> None:
    state = require_running(session)
    q = _question(db, session, answer.question_id)
    if q.status != QuestionStatus.ANSWERING:
        raise Conflict(
            "Phiếu chất vấn này chưa được trả lời tại phiên họp.", "This question is not being answered."
        )
    q.answer = answer.answer
    q.status = QuestionStatus.ANSWERED
    q.answered_at = utcnow()
    state.question_id = None
    clear_timer(state)
    db.flush()
    _emit_questions(db, session, actor, {"question_id": q.id, "action": "answered"})


def mark_for_written_answer(db: DbSession, session: Session, ref: QuestionRef, actor: User | None) -> None:
    q = _question(db, session, ref.question_id)
    if q.status not in (QuestionStatus.FILED, QuestionStatus.SELECTED, QuestionStatus.ANSWERING):
        raise Conflict("Phiếu chất vấn này đã được xử lý.", "This question has already been dealt with.")
    state = events.live_state(db, session.id)
    if state.question_id == q.id:
        state.question_id = None
        clear_timer(state)
    q.status = QuestionStatus.WRITTEN_DUE
    q.written_due_on = written_answer_due(clock.today(), session.ends_on)
    db.flush()
    _emit_questions(db, session, actor, {"question_id": q.id, "action": "written_due"})


def record_written_answer(db: DbSession, session: Session, answer: Answer, actor: User | None) -> None:
    q = _question(db, session, answer.question_id)
    if q.status != QuestionStatus.WRITTEN_DUE:
        raise Conflict(
            "Phiếu này không chờ trả lời bằng văn bản.", "This question is not awaiting a written answer."
        )
    q.answer = answer.answer
    q.status = QuestionStatus.ANSWERED_IN_WRITING
    q.answered_at = utcnow()
    db.flush()
    _emit_questions(db, session, actor, {"question_id": q.id, "action": "answered_in_writing"})


def withdraw_question(
    db: DbSession, session: Session, person_id: int | None, ref: QuestionRef, actor: User | None
) -> None:
    q = _question(db, session, ref.question_id)
    if q.person_id != person_id:
        raise Forbidden()
    if q.status not in (QuestionStatus.FILED, QuestionStatus.SELECTED):
        raise Conflict(
            "Không thể rút phiếu chất vấn đã được xử lý.",
            "A question already dealt with cannot be withdrawn.",
        )
    q.status = QuestionStatus.WITHDRAWN
    db.flush()
    _emit_questions(db, session, actor, {"question_id": q.id, "action": "withdrawn"})

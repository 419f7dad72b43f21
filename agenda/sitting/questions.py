"""Questioning (chất vấn): delegates file phiếu chất vấn (or withdraw them), the secretary groups, orders and
selects them (NQ 594/NQ-UBTVQH15); who sees how much of each (:func:`sight`) and how screens get them. The
answers are :mod:`agenda.sitting.answers`."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from agenda import clock, events
from agenda.access import delegate_person, is_staff, roles_of
from agenda.audit import actor_of
from agenda.council.sessions import visible_session
from agenda.errors import Conflict, DomainError, Forbidden, NotFound
from agenda.inputs import Fields
from agenda.models import Official, Question, QuestionStatus, Role, Session, SessionStatus, User
from agenda.sitting.attachments import Attachment
from agenda.sitting.attendance import require_delegate
from agenda.sitting.state import of_session, timer_view

MAX_QUESTION_CHARS = 4000

PENDING = (QuestionStatus.FILED, QuestionStatus.SELECTED)
"""A question filed and not yet taken up: it may still be withdrawn, or given the floor."""


TAKEN_UP = frozenset(
    {
        QuestionStatus.SELECTED,
        QuestionStatus.ANSWERING,
        QuestionStatus.ANSWERED,
        QuestionStatus.WRITTEN_DUE,
        QuestionStatus.ANSWERED_IN_WRITING,
    }
)
"""Taken up — selected for the sitting by the Thường trực, answered, or left for a written answer: from then
on the question is public, as questioning at the sitting is."""


class Sight(enum.IntEnum):
    """How much of a phiếu chất vấn a viewer sees."""

    STUB = 0  # that there is one: id, status, position — not who asks, whom, or what
    PUBLIC = 1  # who asks whom, the question, its group, the answer; not the attachment
    FULL = 2  # and the attachment


def sight(viewer: User | None, q: Question) -> Sight:
    """Staff and the delegate who filed it see a question in full from the start. Everyone else sees it once
    it is taken up (a withdrawn one never): delegates with its attachment, the public without — evidence
    sent to the Thường trực may name citizens, and a delegate may file what they would not yet say aloud."""
    if is_staff(viewer) or delegate_person(viewer) == q.person_id:
        return Sight.FULL
    if q.status not in TAKEN_UP:
        return Sight.STUB
    return Sight.FULL if Role.DELEGATE in roles_of(viewer) else Sight.PUBLIC


def question_row(q: Question, seen: Sight) -> dict[str, Any]:
    """The question as a viewer who has this ``sight`` of it may see it."""
    row: dict[str, Any] = {"id": q.id, "status": q.status.value, "position": q.position}
    if seen is Sight.STUB:
        return row
    row |= {
        "person_id": q.person_id,
        "full_name": q.person.full_name,
        "official_id": q.official_id,
        "official_name": q.official.person.full_name,
        "official_position": q.official.position,
        "text": q.text,
        "group_label": q.group_label,
        "filed_at": clock.iso(q.filed_at),
        "answer": q.answer,
        "answered_at": clock.iso(q.answered_at),
        "written_due_on": q.written_due_on.isoformat() if q.written_due_on else None,
    }
    if seen is Sight.FULL:
        row["attachment"] = (
            {"name": q.attachment_name, "type": q.attachment_type, "sha256": q.attachment_sha256}
            if q.attachment_sha256
            else None
        )
    return row


def _questions(db: DbSession, session: Session) -> list[Question]:
    return list(
        db.scalars(select(Question).where(Question.session_id == session.id).order_by(Question.position))
    )


def questions_view(db: DbSession, session: Session) -> list[dict[str, Any]]:
    """Every question as everyone may see it — what the snapshot and the ``questions`` event carry to every
    screen alike (read and encoded once): a question not taken up only as id, status and position."""
    return [question_row(q, sight(None, q)) for q in _questions(db, session)]


def questions_seen_by(db: DbSession, session: Session, viewer: User | None) -> list[dict[str, Any]]:
    """The same questions in the same order, each as much as ``viewer`` may see of it (``GET …/questions``)."""
    return [question_row(q, sight(viewer, q)) for q in _questions(db, session)]


def taken_up_view(db: DbSession, session: Session) -> list[dict[str, Any]]:
    """The questions taken up, as the public sees them: what the session's record lists."""
    return [question_row(q, Sight.PUBLIC) for q in _questions(db, session) if q.status in TAKEN_UP]


def attachment_of(db: DbSession, question_id: int, viewer: User | None) -> Attachment:
    """The attachment of question ``question_id`` that ``viewer`` asks for — refused unless they may see its
    session and the question in full (:func:`sight`)."""
    question = db.get(Question, question_id)
    if question is None or question.attachment_sha256 is None:
        raise NotFound("tệp đính kèm", "Attachment")
    visible_session(db, question.session_id, viewer)
    if sight(viewer, question) is not Sight.FULL:
        raise Forbidden(
            "Tài liệu kèm theo của phiếu chất vấn này chỉ người gửi phiếu và Thường trực, thư ký xem được "
            "(các đại biểu khác: khi phiếu đã được chọn chất vấn).",
            "Only the question's author and the staff may open this attachment (other delegates: once the "
            "question is taken up).",
        )
    name, content_type = question.attachment_name, question.attachment_type
    return Attachment(
        name or "tep-dinh-kem", content_type or "application/octet-stream", question.attachment_sha256
    )


def emit_questions(db: DbSession, session: Session, actor: User | None, audit: dict[str, Any]) -> None:
    """Tell every screen the questions changed (with the timer and the question being answered)."""
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
    if official.ended_on is not None and official.ended_on < clock.today(session.term.council):
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
    emit_questions(db, session, actor, {"question_id": question.id, "action": "filed"})
    return question


def question_id_of(f: Fields) -> int:
    """The ``question_id`` of an action's data (required)."""
    question_id: int = f.integer("question_id", ("phiếu chất vấn", "question"))
    return question_id


@dataclass(frozen=True)
class QuestionRef:
    """The phiếu chất vấn an action is about."""

    question_id: int

    @classmethod
    def parse(cls, data: object) -> Self:
        """``{"question_id": 8}``."""
        return cls(question_id_of(Fields(data)))


def session_question(db: DbSession, session: Session, question_id: int) -> Question:
    """The phiếu chất vấn ``question_id`` of this session, or "not found"."""
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
    emit_questions(db, session, actor, {"action": "arranged"})


def withdraw_question(
    db: DbSession, session: Session, person_id: int | None, ref: QuestionRef, actor: User | None
) -> None:
    q = session_question(db, session, ref.question_id)
    if q.person_id != person_id:
        raise Forbidden()
    if q.status not in PENDING:
        raise Conflict(
            "Không thể rút phiếu chất vấn đã được xử lý.",
            "A question already dealt with cannot be withdrawn.",
        )
    q.status = QuestionStatus.WITHDRAWN
    db.flush()
    emit_questions(db, session, actor, {"question_id": q.id, "action": "withdrawn"})

"""Running a sitting: opening, attendance and quorum, the current item, the floor, the timer, questions.

Every change goes through :func:`agenda.events.emit`, so it is versioned, stored for replay, audited and
(after commit) fanned out. The functions return nothing secret: event data is the same for every viewer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from agenda import council, events
from agenda.errors import Conflict, DomainError, Forbidden, NotFound
from agenda.inputs import Fields
from agenda.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    LiveState,
    Mandate,
    Official,
    Question,
    QuestionStatus,
    Session,
    SessionStatus,
    SpeechKind,
    SpeechRequest,
    SpeechStatus,
    User,
    utcnow,
)
from agenda.rules import delegates_in_office, in_office_filter, parse_fraction, quorum_needed

WRITTEN_ANSWER_DAYS = 20  # NQ 594/NQ-UBTVQH15: answers in writing within 20 days
MAX_QUESTION_CHARS = 4000


def _actor(user: User | None) -> str | None:
    return user.username if user is not None else None


def today() -> dt.date:
    return dt.date.today()


def _require_running(session: Session) -> LiveState:
    if session.status != SessionStatus.IN_PROGRESS:
        raise Conflict("Kỳ họp chưa khai mạc (hoặc đã bế mạc).", "The session is not in progress.")
    state = session_state(session)
    return state


def session_state(session: Session) -> LiveState:
    from sqlalchemy.orm import object_session

    db = object_session(session)
    assert db is not None
    return events.live_state(db, session.id)


# ---------------------------------------------------------------------------------------------
# Opening and closing
# ---------------------------------------------------------------------------------------------


def open_sitting(db: DbSession, session: Session, actor: User | None) -> None:
    """Khai mạc (or the next sitting day of a running session)."""
    if session.status == SessionStatus.DRAFT:
        raise Conflict("Chương trình kỳ họp chưa được công bố.", "The agenda has not been published yet.")
    if session.status == SessionStatus.CLOSED:
        raise Conflict("Kỳ họp đã bế mạc.", "The session is closed.")
    state = events.live_state(db, session.id, lock=True)
    day = today()
    if session.status == SessionStatus.IN_PROGRESS and state.sitting_day == day:
        raise Conflict("Phiên họp hôm nay đã khai mạc.", "Today's sitting is already open.")
    session.status = SessionStatus.IN_PROGRESS
    state.sitting_day = day
    state.opened_at = utcnow()
    if state.current_item_id is None and session.items:
        state.current_item_id = min(session.items, key=lambda i: i.position).id
    db.flush()
    events.emit(
        db,
        session.id,
        "sitting.opened",
        {"sitting": sitting(state), "status": session.status.value},
        actor=_actor(actor),
    )


def close_session(db: DbSession, session: Session, actor: User | None) -> None:
    """Bế mạc: questions not reached are marked for a written answer with their due date."""
    from agenda.models import Vote, VoteStatus

    _require_running(session)
    if db.scalar(select(Vote.id).where(Vote.session_id == session.id, Vote.status == VoteStatus.OPEN)):
        raise Conflict(
            "Còn một cuộc biểu quyết đang mở — hãy kết thúc trước khi bế mạc.",
            "A vote is still open — close it before closing the session.",
        )
    due = max(today(), session.ends_on) + dt.timedelta(days=WRITTEN_ANSWER_DAYS)
    for q in db.scalars(
        select(Question).where(
            Question.session_id == session.id,
            Question.status.in_([QuestionStatus.FILED, QuestionStatus.SELECTED, QuestionStatus.ANSWERING]),
        )
    ):
        q.status = QuestionStatus.WRITTEN_DUE
        q.written_due_on = due
    state = events.live_state(db, session.id, lock=True)
    state.timer_started_at = state.timer_seconds = state.timer_label = None
    state.speaker_request_id = state.question_id = None
    session.status = SessionStatus.CLOSED
    db.flush()
    events.emit(
        db,
        session.id,
        "session.closed",
        {
            "status": session.status.value,
            "questions": questions_view(db, session),
            "timer": None,
            "speaker_request_id": None,
            "question_id": None,
            "floor": floor_view(db, session),
        },
        actor=_actor(actor),
    )


def sitting(state: LiveState) -> dict[str, Any]:
    return {
        "day": state.sitting_day.isoformat() if state.sitting_day else None,
        "opened_at": _iso(state.opened_at),
        "current_item_id": state.current_item_id,
        "allow_absent_voting": state.allow_absent_voting,
    }


def _iso(value: dt.datetime | None) -> str | None:
    return value.replace(microsecond=0).isoformat() + "Z" if value else None


def _iso_ms(value: dt.datetime | None) -> str | None:
    """With milliseconds: for the countdown timers, which screens compute themselves."""
    return value.isoformat(timespec="milliseconds") + "Z" if value else None


def set_current_item(db: DbSession, session: Session, data: Mapping[str, Any], actor: User | None) -> None:
    state = _require_running(session)
    item_id = Fields(data).integer("item_id", ("nội dung", "agenda item"))
    item = db.get(AgendaItem, item_id)
    if item is None or item.session_id != session.id:
        raise NotFound("nội dung chương trình", "Agenda item")
    state.current_item_id = item.id
    db.flush()
    events.emit(db, session.id, "item.current", {"sitting": sitting(state)}, actor=_actor(actor))


def set_options(db: DbSession, session: Session, data: Mapping[str, Any], actor: User | None) -> None:
    state = events.live_state(db, session.id, lock=True)
    allow = Fields(data).boolean(
        "allow_absent_voting",
        ("cho phép đại biểu chưa điểm danh biểu quyết", "allow absent delegates to vote"),
    )
    if allow is None:
        raise DomainError("Thiếu tùy chọn.", "No option given.", field="allow_absent_voting")
    state.allow_absent_voting = allow
    db.flush()
    events.emit(db, session.id, "sitting.options", {"sitting": sitting(state)}, actor=_actor(actor))


# ---------------------------------------------------------------------------------------------
# Attendance and quorum
# ---------------------------------------------------------------------------------------------


def delegate_mandate(
    db: DbSession, session: Session, person_id: int, on: dt.date | None = None
) -> Mandate | None:
    return db.scalar(
        select(Mandate).where(
            Mandate.term_id == session.term_id,
            Mandate.person_id == person_id,
            in_office_filter(on or today()),
        )
    )


def _require_delegate(db: DbSession, session: Session, person_id: int | None) -> Mandate:
    mandate = delegate_mandate(db, session, person_id) if person_id is not None else None
    if mandate is None:
        raise Forbidden(
            "Chỉ đại biểu đang làm nhiệm vụ mới thực hiện được thao tác này.",
            "Only a delegate in office can do this.",
        )
    return mandate


def quorum(db: DbSession, session: Session) -> dict[str, Any]:
    state = events.live_state(db, session.id)
    day = state.sitting_day or today()
    total = delegates_in_office(db, session.term_id, day)
    present = int(
        db.scalar(
            select(func.count(Attendance.id)).where(
                Attendance.session_id == session.id,
                Attendance.day == day,
                Attendance.status == AttendanceStatus.PRESENT,
            )
        )
        or 0
    )
    fraction = parse_fraction(session.quorum_fraction)
    needed = quorum_needed(total, fraction)
    return {
        "present": present,
        "total": total,
        "needed": needed,
        "fraction": session.quorum_fraction,
        "has_quorum": total > 0 and present >= needed,
    }


def present_person_ids(db: DbSession, session: Session) -> set[int]:
    state = events.live_state(db, session.id)
    day = state.sitting_day or today()
    return set(
        db.scalars(
            select(Attendance.person_id).where(
                Attendance.session_id == session.id,
                Attendance.day == day,
                Attendance.status == AttendanceStatus.PRESENT,
            )
        )
    )


def attendance_row(a: Attendance) -> dict[str, Any]:
    return {
        "person_id": a.person_id,
        "status": a.status.value,
        "reason": a.reason,
        "late": a.late,
        "checked_in_at": _iso(a.checked_in_at),
        "left_at": _iso(a.left_at),
        "method": a.method,
    }


def _attendance(db: DbSession, session: Session, person_id: int, day: dt.date) -> Attendance | None:
    return db.scalar(
        select(Attendance).where(
            Attendance.session_id == session.id, Attendance.person_id == person_id, Attendance.day == day
        )
    )


def check_in(
    db: DbSession, session: Session, person_id: int | None, *, method: str, actor: User | None
) -> bool:
    """A delegate is present. Returns False when they already were (nothing changes, nothing is emitted)."""
    state = _require_running(session)
    mandate = _require_delegate(db, session, person_id)
    assert state.sitting_day is not None
    row = _attendance(db, session, mandate.person_id, state.sitting_day)
    if row is not None and row.status == AttendanceStatus.PRESENT:
        return False
    now = utcnow()
    if row is None:
        row = Attendance(session_id=session.id, person_id=mandate.person_id, day=state.sitting_day)
        db.add(row)
    row.status = AttendanceStatus.PRESENT
    row.checked_in_at = row.checked_in_at or now
    row.left_at = None
    row.reason = None
    row.method = method
    row.late = state.opened_at is not None and now > state.opened_at + dt.timedelta(minutes=5)
    db.flush()
    _emit_attendance(db, session, row, actor)
    return True


def check_in_on_sign_in(db: DbSession, user: User) -> Session | None:
    """A delegate who signs a tablet in with their card while a sitting of their term is open is present."""
    if user.person_id is None:
        return None
    open_today = db.scalars(
        select(Session)
        .join(LiveState, LiveState.session_id == Session.id)
        .where(Session.status == SessionStatus.IN_PROGRESS, LiveState.sitting_day == today())
    )
    for session in open_today:
        if delegate_mandate(db, session, user.person_id) is not None:
            check_in(db, session, user.person_id, method="card", actor=user)
            return session
    return None


def mark_attendance(db: DbSession, session: Session, data: Mapping[str, Any], actor: User | None) -> None:
    """The secretary marks a delegate present, absent (with or without reason), late, or leaving early."""
    state = _require_running(session)
    f = Fields(data)
    person_id = f.integer("person_id", ("đại biểu", "delegate"))
    status = f.choice("status", ("trạng thái", "status"), AttendanceStatus)
    reason = f.text("reason", ("lý do", "reason"), required=False, max_length=300)
    late = f.boolean("late", ("đến muộn", "late"))
    mandate = _require_delegate(db, session, person_id)
    assert state.sitting_day is not None
    if status == AttendanceStatus.EXCUSED and not reason:
        raise DomainError(
            "Vắng có lý do cần ghi lý do.", "An excused absence needs a reason.", field="reason"
        )
    row = _attendance(db, session, mandate.person_id, state.sitting_day)
    now = utcnow()
    if row is None:
        if status == AttendanceStatus.LEFT:
            raise Conflict(
                "Đại biểu chưa điểm danh nên không thể ghi về sớm.",
                "The delegate has not checked in, so cannot leave early.",
                field="status",
            )
        row = Attendance(session_id=session.id, person_id=mandate.person_id, day=state.sitting_day)
        db.add(row)
    elif status == AttendanceStatus.LEFT and row.status != AttendanceStatus.PRESENT:
        raise Conflict(
            "Chỉ đại biểu đang có mặt mới có thể về sớm.",
            "Only a present delegate can leave early.",
            field="status",
        )
    row.status = status
    row.reason = reason
    row.method = "secretary"
    if status == AttendanceStatus.PRESENT:
        row.checked_in_at = row.checked_in_at or now
        row.left_at = None
        row.late = (
            late
            if late is not None
            else (state.opened_at is not None and now > state.opened_at + dt.timedelta(minutes=5))
        )
    elif status == AttendanceStatus.LEFT:
        row.left_at = now
    db.flush()
    _emit_attendance(db, session, row, actor)


def _emit_attendance(db: DbSession, session: Session, row: Attendance, actor: User | None) -> None:
    events.emit(
        db,
        session.id,
        "attendance",
        {"row": attendance_row(row), "quorum": quorum(db, session)},
        actor=_actor(actor),
    )


def attendance_view(db: DbSession, session: Session) -> list[dict[str, Any]]:
    """Every delegate in office with today's attendance (absent when not recorded) and their seat."""
    state = events.live_state(db, session.id)
    day = state.sitting_day or today()
    rows = {
        a.person_id: a
        for a in db.scalars(
            select(Attendance).where(Attendance.session_id == session.id, Attendance.day == day)
        )
    }
    out = []
    for m in council.list_delegates(db, session.term, day):
        a = rows.get(m.person_id)
        entry = (
            attendance_row(a)
            if a
            else {
                "person_id": m.person_id,
                "status": None,
                "reason": None,
                "late": False,
                "checked_in_at": None,
                "left_at": None,
                "method": None,
            }
        )
        entry.update({"full_name": m.person.full_name, "seat_label": m.seat_label})
        out.append(entry)
    return out


# ---------------------------------------------------------------------------------------------
# The floor and the timer
# ---------------------------------------------------------------------------------------------


def floor_view(db: DbSession, session: Session) -> list[dict[str, Any]]:
    rows = db.scalars(
        select(SpeechRequest)
        .where(
            SpeechRequest.session_id == session.id,
            SpeechRequest.status.in_([SpeechStatus.WAITING, SpeechStatus.SPEAKING]),
        )
        .order_by(SpeechRequest.position)
    )
    return [
        {
            "id": r.id,
            "person_id": r.person_id,
            "full_name": r.person.full_name,
            "kind": r.kind.value,
            "status": r.status.value,
            "agenda_item_id": r.agenda_item_id,
            "requested_at": _iso(r.requested_at),
            "started_at": _iso(r.started_at),
            "seconds_allowed": r.seconds_allowed,
        }
        for r in rows
    ]


def timer_view(state: LiveState) -> dict[str, Any] | None:
    if state.timer_started_at is None or state.timer_seconds is None:
        return None
    return {
        "started_at": _iso_ms(state.timer_started_at),
        "seconds": state.timer_seconds,
        "label": state.timer_label,
        "warning_seconds": min(60, max(10, state.timer_seconds // 6)),
    }


def _emit_floor(db: DbSession, session: Session, actor: User | None) -> None:
    state = events.live_state(db, session.id)
    events.emit(
        db,
        session.id,
        "floor",
        {
            "floor": floor_view(db, session),
            "timer": timer_view(state),
            "speaker_request_id": state.speaker_request_id,
        },
        actor=_actor(actor),
    )


def request_floor(
    db: DbSession, session: Session, person_id: int | None, data: Mapping[str, Any], actor: User | None
) -> None:
    state = _require_running(session)
    mandate = _require_delegate(db, session, person_id)
    f = Fields(data)
    kind = f.choice("kind", ("loại", "kind"), SpeechKind, required=False) or SpeechKind.SPEAK
    item_id = f.integer("item_id", ("nội dung", "agenda item"), required=False) or state.current_item_id
    if item_id is not None:
        item = db.get(AgendaItem, item_id)
        if item is None or item.session_id != session.id:
            raise NotFound("nội dung chương trình", "Agenda item")
    waiting = db.scalar(
        select(SpeechRequest.id).where(
            SpeechRequest.session_id == session.id,
            SpeechRequest.person_id == mandate.person_id,
            SpeechRequest.kind == kind,
            SpeechRequest.status.in_([SpeechStatus.WAITING, SpeechStatus.SPEAKING]),
        )
    )
    if waiting:
        raise Conflict(
            "Đại biểu đã đăng ký và đang chờ đến lượt.", "You are already on the list of speakers."
        )
    last = (
        db.scalar(select(func.max(SpeechRequest.position)).where(SpeechRequest.session_id == session.id)) or 0
    )
    seconds = session.speech_seconds if kind == SpeechKind.SPEAK else max(60, session.speech_seconds // 2)
    db.add(
        SpeechRequest(
            session_id=session.id,
            agenda_item_id=item_id,
            person_id=mandate.person_id,
            kind=kind,
            position=last + 1,
            seconds_allowed=seconds,
        )
    )
    db.flush()
    _emit_floor(db, session, actor)


def _speech(db: DbSession, session: Session, data: Mapping[str, Any]) -> SpeechRequest:
    request_id = Fields(data).integer("request_id", ("lượt đăng ký", "speaker request"))
    request = db.get(SpeechRequest, request_id)
    if request is None or request.session_id != session.id:
        raise NotFound("lượt đăng ký phát biểu", "Speaker request")
    return request


def withdraw_floor(
    db: DbSession,
    session: Session,
    person_id: int | None,
    data: Mapping[str, Any],
    actor: User | None,
    *,
    by_secretary: bool,
) -> None:
    _require_running(session)
    request = _speech(db, session, data)
    if not by_secretary and request.person_id != person_id:
        raise Forbidden()
    if request.status != SpeechStatus.WAITING:
        raise Conflict("Chỉ rút được lượt đang chờ.", "Only a waiting request can be withdrawn.")
    request.status = SpeechStatus.WITHDRAWN
    db.flush()
    _emit_floor(db, session, actor)


def give_floor(db: DbSession, session: Session, data: Mapping[str, Any], actor: User | None) -> None:
    """The chair gives the floor: the speaker's timer starts (any current speaker is finished)."""
    state = _require_running(session)
    request = _speech(db, session, data)
    if request.status != SpeechStatus.WAITING:
        raise Conflict("Lượt này không còn chờ.", "This request is no longer waiting.")
    _finish_speaker(db, state)
    now = utcnow()
    request.status = SpeechStatus.SPEAKING
    request.started_at = now
    seconds = Fields(data).integer(
        "seconds", ("thời gian (giây)", "seconds"), required=False, minimum=10, maximum=3600
    )
    if seconds:
        request.seconds_allowed = seconds
    state.speaker_request_id = request.id
    state.question_id = None
    state.timer_started_at = now
    state.timer_seconds = request.seconds_allowed
    label = "Tranh luận" if request.kind == SpeechKind.REBUT else "Phát biểu"
    state.timer_label = f"{label}: {request.person.full_name}"
    db.flush()
    _emit_floor(db, session, actor)


def _finish_speaker(db: DbSession, state: LiveState) -> None:
    if state.speaker_request_id is not None:
        current = db.get(SpeechRequest, state.speaker_request_id)
        if current is not None and current.status == SpeechStatus.SPEAKING:
            current.status = SpeechStatus.DONE
            current.ended_at = utcnow()
    state.speaker_request_id = None


def end_floor(db: DbSession, session: Session, actor: User | None) -> None:
    state = _require_running(session)
    if state.speaker_request_id is None and state.timer_started_at is None:
        raise Conflict("Không có ai đang phát biểu.", "Nobody has the floor.")
    _finish_speaker(db, state)
    state.timer_started_at = state.timer_seconds = state.timer_label = None
    db.flush()
    _emit_floor(db, session, actor)


def start_timer(db: DbSession, session: Session, data: Mapping[str, Any], actor: User | None) -> None:
    state = _require_running(session)
    f = Fields(data)
    state.timer_seconds = f.integer("seconds", ("thời gian (giây)", "seconds"), minimum=10, maximum=3600)
    state.timer_label = f.text("label", ("nhãn", "label"), required=False, max_length=200)
    state.timer_started_at = utcnow()
    db.flush()
    _emit_floor(db, session, actor)


# ---------------------------------------------------------------------------------------------
# Questions (chất vấn)
# ---------------------------------------------------------------------------------------------


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
        "filed_at": _iso(q.filed_at),
        "answer": q.answer,
        "answered_at": _iso(q.answered_at),
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
        actor=_actor(actor),
        audit_detail=audit,
    )


def file_question(
    db: DbSession,
    session: Session,
    person_id: int | None,
    data: Mapping[str, Any],
    actor: User | None,
    attachment: tuple[str, str, str] | None = None,
) -> Question:
    """A delegate files a phiếu chất vấn — before the session (once published) or during it."""
    if session.status not in (SessionStatus.PUBLISHED, SessionStatus.IN_PROGRESS):
        raise Conflict(
            "Chỉ gửi chất vấn cho kỳ họp đã công bố và chưa bế mạc.",
            "Questions go to a published session that has not closed.",
        )
    mandate = _require_delegate(db, session, person_id)
    f = Fields(data)
    official = db.get(Official, f.integer("official_id", ("người bị chất vấn", "official questioned")))
    council_id = session.term.council_id
    if official is None or official.council_id != council_id:
        raise NotFound("người bị chất vấn", "Official")
    if official.ended_on is not None and official.ended_on < today():
        raise DomainError(
            "Người này đã thôi giữ chức vụ.", "This official no longer holds the post.", field="official_id"
        )
    text = f.text("text", ("nội dung chất vấn", "question"), max_length=MAX_QUESTION_CHARS)
    last = db.scalar(select(func.max(Question.position)).where(Question.session_id == session.id)) or 0
    question = Question(
        session_id=session.id,
        person_id=mandate.person_id,
        official_id=official.id,
        text=text,
        position=last + 1,
    )
    if attachment is not None:
        question.attachment_name, question.attachment_type, question.attachment_sha256 = attachment
    db.add(question)
    db.flush()
    _emit_questions(db, session, actor, {"question_id": question.id, "action": "filed"})
    return question


def _question(db: DbSession, session: Session, data: Mapping[str, Any]) -> Question:
    q = db.get(Question, Fields(data).integer("question_id", ("phiếu chất vấn", "question")))
    if q is None or q.session_id != session.id:
        raise NotFound("phiếu chất vấn", "Question")
    return q


def arrange_questions(db: DbSession, session: Session, data: Mapping[str, Any], actor: User | None) -> None:
    """The secretary groups and orders questions: ``{"order": [ids…], "groups": {"id": "label"}}``."""
    if session.status == SessionStatus.CLOSED:
        raise Conflict("Kỳ họp đã bế mạc.", "The session is closed.")
    f = Fields(data)
    questions = {q.id: q for q in db.scalars(select(Question).where(Question.session_id == session.id))}
    if f.has("order"):
        order = f.id_list("order", ("thứ tự", "order"))
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
    groups = data.get("groups") if isinstance(data, Mapping) else None
    if groups is not None:
        if not isinstance(groups, Mapping):
            raise DomainError("Nhóm vấn đề không hợp lệ.", "Groups must be an object.", field="groups")
        for key, label in groups.items():
            qid = int(key) if str(key).isdigit() else -1
            if qid not in questions or not (label is None or (isinstance(label, str) and len(label) <= 200)):
                raise DomainError("Nhóm vấn đề không hợp lệ.", "Invalid group.", field="groups")
            questions[qid].group_label = label.strip() if isinstance(label, str) and label.strip() else None
    selected = data.get("selected") if isinstance(data, Mapping) else None
    if selected is not None:
        ids = Fields({"selected": selected}).id_list("selected", ("phiếu được chọn", "selected questions"))
        for qid in ids:
            if qid not in questions:
                raise NotFound("phiếu chất vấn", "Question")
            if questions[qid].status == QuestionStatus.FILED:
                questions[qid].status = QuestionStatus.SELECTED
    db.flush()
    _emit_questions(db, session, actor, {"action": "arranged"})


def start_answer(db: DbSession, session: Session, data: Mapping[str, Any], actor: User | None) -> None:
    """The chair gives the floor to the official questioned; the question timer starts."""
    state = _require_running(session)
    q = _question(db, session, data)
    if q.status not in (QuestionStatus.FILED, QuestionStatus.SELECTED):
        raise Conflict("Phiếu chất vấn này đã được xử lý.", "This question has already been dealt with.")
    if state.question_id is not None:
        current = db.get(Question, state.question_id)
        if current is not None and current.status == QuestionStatus.ANSWERING:
            raise Conflict("Đang trả lời một phiếu chất vấn khác.", "Another question is being answered.")
    _finish_speaker(db, state)
    q.status = QuestionStatus.ANSWERING
    state.question_id = q.id
    state.timer_started_at = utcnow()
    state.timer_seconds = session.question_seconds
    state.timer_label = f"Trả lời chất vấn: {q.official.person.full_name}"
    db.flush()
    _emit_questions(db, session, actor, {"question_id": q.id, "action": "answering"})


def record_answer(db: DbSession, session: Session, data: Mapping[str, Any], actor: User | None) -> None:
    state = _require_running(session)
    q = _question(db, session, data)
    if q.status != QuestionStatus.ANSWERING:
        raise Conflict(
            "Phiếu chất vấn này chưa được trả lời tại phiên họp.", "This question is not being answered."
        )
    q.answer = Fields(data).text("answer", ("tóm tắt trả lời", "answer summary"), max_length=20000)
    q.status = QuestionStatus.ANSWERED
    q.answered_at = utcnow()
    state.question_id = None
    state.timer_started_at = state.timer_seconds = state.timer_label = None
    db.flush()
    _emit_questions(db, session, actor, {"question_id": q.id, "action": "answered"})


def mark_for_written_answer(
    db: DbSession, session: Session, data: Mapping[str, Any], actor: User | None
) -> None:
    q = _question(db, session, data)
    if q.status not in (QuestionStatus.FILED, QuestionStatus.SELECTED, QuestionStatus.ANSWERING):
        raise Conflict("Phiếu chất vấn này đã được xử lý.", "This question has already been dealt with.")
    state = events.live_state(db, session.id)
    if state.question_id == q.id:
        state.question_id = None
        state.timer_started_at = state.timer_seconds = state.timer_label = None
    q.status = QuestionStatus.WRITTEN_DUE
    q.written_due_on = max(today(), session.ends_on) + dt.timedelta(days=WRITTEN_ANSWER_DAYS)
    db.flush()
    _emit_questions(db, session, actor, {"question_id": q.id, "action": "written_due"})


def record_written_answer(
    db: DbSession, session: Session, data: Mapping[str, Any], actor: User | None
) -> None:
    q = _question(db, session, data)
    if q.status != QuestionStatus.WRITTEN_DUE:
        raise Conflict(
            "Phiếu này không chờ trả lời bằng văn bản.", "This question is not awaiting a written answer."
        )
    q.answer = Fields(data).text("answer", ("nội dung trả lời", "answer"), max_length=20000)
    q.status = QuestionStatus.ANSWERED_IN_WRITING
    q.answered_at = utcnow()
    db.flush()
    _emit_questions(db, session, actor, {"question_id": q.id, "action": "answered_in_writing"})


def withdraw_question(
    db: DbSession, session: Session, person_id: int | None, data: Mapping[str, Any], actor: User | None
) -> None:
    q = _question(db, session, data)
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

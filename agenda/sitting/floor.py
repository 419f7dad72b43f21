"""The floor: requests to speak and to rebut (tranh luận), giving and ending the floor, and the timer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from agenda import clock, events
from agenda.audit import actor_of
from agenda.clock import utcnow
from agenda.errors import Conflict, Forbidden
from agenda.inputs import Fields
from agenda.models import LiveState, Session, SpeechKind, SpeechRequest, SpeechStatus, User
from agenda.sitting.attendance import require_delegate
from agenda.sitting.state import clear_timer, of_session, require_running, session_item, set_timer, timer_view


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
            "requested_at": clock.iso(r.requested_at),
            "started_at": clock.iso(r.started_at),
            "seconds_allowed": r.seconds_allowed,
        }
        for r in rows
    ]


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
        actor=actor_of(actor),
    )


@dataclass(frozen=True)
class FloorRequest:
    """A delegate's request to speak (phát biểu) or to rebut (tranh luận), on an agenda item (by default the
    current one)."""

    kind: SpeechKind = SpeechKind.SPEAK
    item_id: int | None = None

    @classmethod
    def parse(cls, data: object) -> Self:
        """``{"kind": "rebut", "item_id": 12}``, both optional."""
        f = Fields(data)
        kind = f.choice("kind", ("loại", "kind"), SpeechKind, required=False) or SpeechKind.SPEAK
        return cls(kind, f.integer("item_id", ("nội dung", "agenda item"), required=False))


def request_floor(
    db: DbSession, session: Session, person_id: int | None, request: FloorRequest, actor: User | None
) -> None:
    state = require_running(session)
    mandate = require_delegate(db, session, person_id)
    kind = request.kind
    item_id = request.item_id or state.current_item_id
    if item_id is not None:
        session_item(db, session, item_id)
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


def _request_id(f: Fields) -> int:
    request_id: int = f.integer("request_id", ("lượt đăng ký", "speaker request"))
    return request_id


def _seconds(f: Fields, *, required: bool) -> int | None:
    seconds: int | None = f.integer(
        "seconds", ("thời gian (giây)", "seconds"), required=required, minimum=10, maximum=3600
    )
    return seconds


def _speech(db: DbSession, session: Session, request_id: int) -> SpeechRequest:
    return of_session(db.get(SpeechRequest, request_id), session, "lượt đăng ký phát biểu", "Speaker request")


@dataclass(frozen=True)
class FloorWithdrawal:
    """A request to speak withdrawn — by the delegate who made it, or by the secretary."""

    request_id: int

    @classmethod
    def parse(cls, data: object) -> Self:
        """``{"request_id": 31}``."""
        return cls(_request_id(Fields(data)))


def withdraw_floor(
    db: DbSession,
    session: Session,
    person_id: int | None,
    withdrawal: FloorWithdrawal,
    actor: User | None,
    *,
    by_secretary: bool,
) -> None:
    require_running(session)
    request = _speech(db, session, withdrawal.request_id)
    if not by_secretary and request.person_id != person_id:
        raise Forbidden()
    if request.status != SpeechStatus.WAITING:
        raise Conflict("Chỉ rút được lượt đang chờ.", "Only a waiting request can be withdrawn.")
    request.status = SpeechStatus.WITHDRAWN
    db.flush()
    _emit_floor(db, session, actor)


@dataclass(frozen=True)
class GiveFloor:
    """The chair gives the floor to a waiting request, for its time or for ``seconds`` (10 s to 1 h)."""

    request_id: int
    seconds: int | None = None

    @classmethod
    def parse(cls, data: object) -> Self:
        """``{"request_id": 31, "seconds": 300}``; ``seconds`` optional."""
        f = Fields(data)
        return cls(_request_id(f), _seconds(f, required=False))


def give_floor(db: DbSession, session: Session, give: GiveFloor, actor: User | None) -> None:
    """The chair gives the floor: the speaker's timer starts (any current speaker is finished)."""
    state = require_running(session)
    request = _speech(db, session, give.request_id)
    if request.status != SpeechStatus.WAITING:
        raise Conflict("Lượt này không còn chờ.", "This request is no longer waiting.")
    finish_speaker(db, state)
    now = utcnow()
    request.status = SpeechStatus.SPEAKING
    request.started_at = now
    if give.seconds:
        request.seconds_allowed = give.seconds
    state.speaker_request_id = request.id
    state.question_id = None
    label = "Tranh luận" if request.kind == SpeechKind.REBUT else "Phát biểu"
    set_timer(state, request.seconds_allowed, f"{label}: {request.person.full_name}", now)
    db.flush()
    _emit_floor(db, session, actor)


def finish_speaker(db: DbSession, state: LiveState) -> None:
    if state.speaker_request_id is not None:
        current = db.get(SpeechRequest, state.speaker_request_id)
        if current is not None and current.status == SpeechStatus.SPEAKING:
            current.status = SpeechStatus.DONE
            current.ended_at = utcnow()
    state.speaker_request_id = None


def end_floor(db: DbSession, session: Session, actor: User | None) -> None:
    state = require_running(session)
    if state.speaker_request_id is None and state.timer_started_at is None:
        raise Conflict("Không có ai đang phát biểu.", "Nobody has the floor.")
    finish_speaker(db, state)
    clear_timer(state)
    db.flush()
    _emit_floor(db, session, actor)


@dataclass(frozen=True)
class TimerStart:
    """A countdown the chair starts by hand: ``seconds`` (10 s to 1 h), under an optional label."""

    seconds: int
    label: str | None = None

    @classmethod
    def parse(cls, data: object) -> Self:
        """``{"seconds": 120, "label": "Giải lao"}``."""
        f = Fields(data)
        seconds = _seconds(f, required=True)
        assert seconds is not None
        return cls(seconds, f.text("label", ("nhãn", "label"), required=False, max_length=200))


def start_timer(db: DbSession, session: Session, timer: TimerStart, actor: User | None) -> None:
    state = require_running(session)
    set_timer(state, timer.seconds, timer.label)
    db.flush()
    _emit_floor(db, session, actor)

"""Reading a session's minutes (biên bản kỳ họp) from the database: :func:`session_minutes`.

What the public may see of the session, no more — the minutes are served to whoever may see the session:
questions only once taken up (a question still filed or withdrawn is not in them, no attachment is), named
ballots only of named votes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import audit
from agenda.clock import utcnow
from agenda.council.sessions import numbered_items, session_heading
from agenda.models import (
    AuditEntry,
    Question,
    QuestionStatus,
    Resolution,
    Session,
    SessionStatus,
    SpeechKind,
    SpeechRequest,
    SpeechStatus,
    Vote,
)
from agenda.sitting.minutes.attendance import attendance_days
from agenda.sitting.minutes.values import (
    AgendaLine,
    Answered,
    Heading,
    Minutes,
    QuestionLine,
    ResolutionLine,
    Seal,
    SpeechLine,
)
from agenda.sitting.minutes.votes import vote_lines
from agenda.sitting.questions import TAKEN_UP

TERM_YEARS = 5  # a term lasts five years (Constitution art. 113): the end year printed before a term has one

ANSWERED = {
    QuestionStatus.ANSWERED: Answered.IN_PERSON,
    QuestionStatus.ANSWERED_IN_WRITING: Answered.IN_WRITING,
    QuestionStatus.WRITTEN_DUE: Answered.WRITING_DUE,
    QuestionStatus.SELECTED: Answered.AT_SITTING,
    QuestionStatus.ANSWERING: Answered.AT_SITTING,
}


def heading(session: Session) -> Heading:
    term, council = session.term, session.term.council
    ends = term.ends_on.year if term.ends_on else term.starts_on.year + TERM_YEARS
    return Heading(
        council=council.name,
        place_name=council.place_name,
        term_number=term.number,
        term_years=f"{term.starts_on.year}–{ends}",
        session_number=session.number,
        session_heading=session_heading(session, council),
        title=session.title,
        place=session.place,
        starts_on=session.starts_on,
        ends_on=session.ends_on,
        closed=session.status == SessionStatus.CLOSED,
        time_zone=council.time_zone,
    )


def _speeches(db: DbSession, session: Session, items: dict[int, str]) -> tuple[SpeechLine, ...]:
    """Everyone who had the floor, in the order they spoke (a request withdrawn or never given is not here)."""
    rows = db.scalars(
        select(SpeechRequest)
        .where(
            SpeechRequest.session_id == session.id,
            SpeechRequest.status.in_((SpeechStatus.DONE, SpeechStatus.SPEAKING)),
            SpeechRequest.started_at.is_not(None),
        )
        .order_by(SpeechRequest.started_at, SpeechRequest.id)
    )
    out = []
    for order, r in enumerate(rows, start=1):
        assert r.started_at is not None
        out.append(
            SpeechLine(
                order=order,
                full_name=r.person.full_name,
                rebuttal=r.kind == SpeechKind.REBUT,
                agenda_item=items.get(r.agenda_item_id) if r.agenda_item_id is not None else None,
                started_at=r.started_at,
                ended_at=r.ended_at,
            )
        )
    return tuple(out)


def _questions(db: DbSession, session: Session) -> tuple[QuestionLine, ...]:
    rows = db.scalars(
        select(Question)
        .where(Question.session_id == session.id, Question.status.in_(TAKEN_UP))
        .order_by(Question.position)
    )
    return tuple(
        QuestionLine(
            order=order,
            asker=q.person.full_name,
            official=q.official.person.full_name,
            position=q.official.position,
            group=q.group_label,
            text=q.text,
            answered=ANSWERED[q.status],
            answer=q.answer,
            answered_at=q.answered_at,
            due_on=q.written_due_on,
        )
        for order, q in enumerate(rows, start=1)
    )


def _resolutions(db: DbSession, session: Session, items: dict[int, str]) -> tuple[ResolutionLine, ...]:
    """The resolutions the session's votes adopted (``archive.resolutions.record_adoption``), numbered ones
    first in the order of their numbers."""
    query = (
        select(Resolution, Vote.number)
        .outerjoin(Vote, Vote.id == Resolution.vote_id)
        .where(Resolution.session_id == session.id)
    )
    rows: list[tuple[Resolution, int | None]] = [(r, n) for r, n in db.execute(query)]
    rows.sort(key=lambda r: (r[0].serial is None, r[0].normative, r[0].serial or 0, r[1] or 0, r[0].id))
    return tuple(
        ResolutionLine(
            number=r.number,
            title=r.title,
            adopted_on=r.adopted_on,
            normative=r.normative,
            vote_number=vote_number,
            agenda_item=items.get(r.agenda_item_id) if r.agenda_item_id is not None else None,
        )
        for r, vote_number in rows
    )


def _seal(db: DbSession, session: Session) -> Seal:
    head = db.scalar(
        select(AuditEntry).where(AuditEntry.session_id == session.id).order_by(AuditEntry.seq.desc()).limit(1)
    )
    verdict = audit.verify_session(db, session.id)
    return Seal(verdict.entries, verdict.ok, head.seq if head else None, head.hash if head else None)


def session_minutes(db: DbSession, session: Session) -> Minutes:
    numbered = numbered_items(session)
    items = {i.id: f"{n}. {i.title}" for n, i in numbered}
    return Minutes(
        heading=heading(session),
        agenda=tuple(AgendaLine(n, i.title, i.depth) for n, i in numbered),
        days=attendance_days(db, session),
        votes=vote_lines(db, session, items),
        speeches=_speeches(db, session, items),
        questions=_questions(db, session),
        resolutions=_resolutions(db, session, items),
        seal=_seal(db, session),
        generated_at=utcnow(),
    )

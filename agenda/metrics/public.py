"""What a delegate did in a term, for anyone (the public delegate page): days in office, attendance, the
questions they asked and the answers, how they voted in NAMED ballots only — a secret ballot's choices are
never stored against a name, and its participation is not shown either — and the voter-contact meetings
they took part in. Only the council's public sessions that have been published."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.errors import NotFound
from agenda.metrics import drill
from agenda.metrics.figures import Line, delegate_table
from agenda.metrics.measures import BY_NAME, Level
from agenda.metrics.period import Period, term_period
from agenda.models import (
    Mandate,
    NamedChoice,
    Official,
    Person,
    Question,
    Session,
    SessionStatus,
    Term,
    Vote,
    VoteStatus,
)

SHOWN = (
    "sittings_held",
    "sittings_present",
    "absences_excused",
    "absences_unexcused",
    "speeches",
    "questions_asked",
    "questions_answered_in_person",
    "questions_answered_in_writing",
    "voter_contacts",
    "voters_met",
    "votes_taken_part",
)
OPEN = (SessionStatus.PUBLISHED, SessionStatus.IN_PROGRESS, SessionStatus.CLOSED)


@dataclass(frozen=True)
class AskedQuestion:
    id: int
    session: int
    on: dt.date
    text: str
    to: str
    status: str


@dataclass(frozen=True)
class NamedVote:
    vote_id: int
    session: int
    on: dt.date
    title: str
    choices: tuple[tuple[str, str], ...]  # (subject label, option label)


@dataclass(frozen=True)
class DelegateRecord:
    person: Person
    term: Term
    period: Period
    line: Line
    questions: tuple[AskedQuestion, ...]
    votes: tuple[NamedVote, ...]
    meetings: tuple[drill.Evidence, ...]


def term_of(db: DbSession, person_id: int, term_id: int | None) -> Term:
    """The term asked for, or the latest in which the person held a seat."""
    stmt = select(Term).join(Mandate, Mandate.term_id == Term.id).where(Mandate.person_id == person_id)
    if term_id is not None:
        stmt = stmt.where(Term.id == term_id)
    term = db.scalars(stmt.order_by(Term.starts_on.desc()).limit(1)).first()
    if term is None:
        raise NotFound("đại biểu trong khóa này", "Delegate in this term")
    return term


def _label(items: list[dict[str, str]], key: str) -> str:
    return next((i.get("label", key) for i in items if i.get("key") == key), key)


def delegate_record(db: DbSession, person_id: int, term_id: int | None, today: dt.date) -> DelegateRecord:
    term = term_of(db, person_id, term_id)
    person = db.get(Person, person_id)
    assert person is not None
    p = term_period(db, term.council_id, term.id, today)
    shown = tuple(BY_NAME[n] for n in SHOWN)
    lines = [line for line in delegate_table(db, p, measures=shown).lines if line.key == person_id]
    if not lines:
        raise NotFound("đại biểu trong khóa này", "Delegate in this term")
    public = (Session.term_id == term.id, Session.is_public.is_(True), Session.status.in_(OPEN))
    asked = db.execute(
        select(Question, Session, Official)
        .join(Session, Session.id == Question.session_id)
        .join(Official, Official.id == Question.official_id)
        .where(Question.person_id == person_id, Question.status != "withdrawn", *public)
        .order_by(Session.starts_on, Question.position)
    )
    questions = tuple(
        AskedQuestion(q.id, s.number, s.starts_on, q.text, o.position, q.status.value) for q, s, o in asked
    )
    chosen = db.execute(
        select(Vote, Session, NamedChoice)
        .join(Session, Session.id == Vote.session_id)
        .join(NamedChoice, NamedChoice.vote_id == Vote.id)
        .where(
            NamedChoice.person_id == person_id,
            Vote.secret.is_(False),
            Vote.status == VoteStatus.CLOSED,
            *public,
        )
        .order_by(Session.starts_on, Vote.number, NamedChoice.subject)
    )
    votes: dict[int, NamedVote] = {}
    for vote, session, choice in chosen:
        pair = (_label(vote.subjects, choice.subject), _label(vote.options, choice.option))
        before = votes.get(vote.id)
        choices = (before.choices if before else ()) + (pair,)
        votes[vote.id] = NamedVote(vote.id, session.number, session.starts_on, vote.title, choices)
    meetings = tuple(drill.evidence(db, p, "voter_contacts", Level.DELEGATE, person_id))
    return DelegateRecord(person, term, p, lines[0], questions, tuple(votes.values()), meetings)

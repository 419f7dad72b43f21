"""The named votes (biểu quyết công khai) of the demo's past sessions, as the hall would have recorded them: on
the first morning the vote adopting the session's agenda, and on each resolution item (xem xét, thông qua nghị
quyết) in the afternoon of its day the vote adopting it — each with one ballot (a participation and its choice)
per delegate in the hall at that hour: present that day (a delegate excused or absent does not vote) and, in the
afternoon, not gone (one who left in the morning has not voted). Most approve, a few disagree or abstain; the
result is counted as the live code counts it, on the TOTAL number of delegates in office that day, so every
vote passes as the past sessions' adoptions did. The elections of the first session were secret ballots whose
counts the demo does not keep: no vote is recorded for them (nor, ever, a per-person row of a secret ballot).
Deterministic (a seeded generator)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import clock
from agenda.council.office import delegates_in_office
from agenda.demo.record import held_sessions
from agenda.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceStatus,
    Council,
    NamedChoice,
    Session,
    Term,
    Vote,
    VoteKind,
    VoteParticipation,
    VoteStatus,
)
from agenda.rules import NAMED_RULES
from agenda.sitting.results import MOTION_SUBJECT, compute_result
from agenda.sitting.votes import DEFAULT_OPTIONS

AGENDA_VOTE = "Biểu quyết thông qua chương trình kỳ họp"
ADOPTING = "Xem xét, thông qua "
MORNING = dt.time(8, 10)  # before anyone leaves (record.py: those who leave early go after 10:00)
AFTERNOON = dt.time(15, 30)


@dataclass(frozen=True)
class _Planned:
    title: str
    item: AgendaItem | None
    day: dt.date
    at: dt.time


def _at(council: Council, day: dt.date, at: dt.time, minutes: int = 0) -> dt.datetime:
    """A local time of the council, stored as every time is (UTC, no zone)."""
    local = dt.datetime.combine(day, at, clock.zone(council.time_zone)) + dt.timedelta(minutes=minutes)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _plan(session: Session, items: list[AgendaItem]) -> list[_Planned]:
    planned = [_Planned(AGENDA_VOTE, None, session.starts_on, MORNING)]
    for item in items:
        if item.kind is AgendaItemKind.RESOLUTION:
            title = item.title.removeprefix(ADOPTING)
            day = item.scheduled_on or session.ends_on
            planned.append(_Planned(f"Biểu quyết thông qua {title}", item, day, AFTERNOON))
    return planned


def _in_hall(db: DbSession, session: Session, day: dt.date, at: dt.datetime) -> list[int]:
    """Who was in the hall at ``at``: present that day, and not gone before it."""
    rows = db.scalars(
        select(Attendance)
        .where(
            Attendance.session_id == session.id,
            Attendance.day == day,
            Attendance.status.in_((AttendanceStatus.PRESENT, AttendanceStatus.LEFT)),
        )
        .order_by(Attendance.person_id)
    )
    return [a.person_id for a in rows if a.left_at is None or a.left_at > at]


def _choices(voters: list[int], needed: int, rng: random.Random) -> dict[int, str]:
    """Each voter's option: most "yes", a few "no" or "abstain" — never so many that the motion would fail."""
    chosen = {}
    for person in voters:
        draw = rng.random()
        chosen[person] = "no" if draw < 0.03 else "abstain" if draw < 0.07 else "yes"
    others = [p for p in voters if chosen[p] != "yes"]
    while sum(o == "yes" for o in chosen.values()) < needed and others:
        chosen[others.pop()] = "yes"
    return chosen


def _record(
    db: DbSession, council: Council, session: Session, number: int, plan: _Planned, rng: random.Random
) -> Vote:
    opened = _at(council, plan.day, plan.at, 5 * (number - 1))
    voters = _in_hall(db, session, plan.day, opened)
    rule = NAMED_RULES["majority"]
    total = delegates_in_office(db, session.term_id, plan.day)
    vote = Vote(
        session_id=session.id,
        number=number,
        agenda_item_id=plan.item.id if plan.item else None,
        kind=VoteKind.MOTION,
        title=plan.title,
        secret=False,
        options=[{"key": k, "label": v} for k, v in DEFAULT_OPTIONS],
        subjects=[{"key": MOTION_SUBJECT, "label": plan.title}],
        rule="majority",
        fraction=f"{rule.fraction.numerator}/{rule.fraction.denominator}",
        strict=rule.strict,
        present_only=True,
        status=VoteStatus.CLOSED,
        total_in_office=total,
        opened_at=opened,
        closed_at=opened + dt.timedelta(seconds=60 + rng.randrange(60)),
        present_at_close=len(voters),
    )
    db.add(vote)
    db.flush()
    chosen = _choices(voters, rule.needed(total), rng)
    arrival = rng.sample(voters, len(voters))  # the order the ballots came in
    db.add_all(
        VoteParticipation(vote_id=vote.id, person_id=p, ballot_key=f"{rng.getrandbits(64):016x}")
        for p in arrival
    )
    db.add_all(
        NamedChoice(vote_id=vote.id, person_id=p, subject=MOTION_SUBJECT, option=chosen[p]) for p in arrival
    )
    tally = {MOTION_SUBJECT: {k: 0 for k, _ in DEFAULT_OPTIONS}}
    for option in chosen.values():
        tally[MOTION_SUBJECT][option] += 1
    vote.result = compute_result(vote, tally, len(voters))
    return vote


def add_past_votes(db: DbSession, council: Council, term: Term, today: dt.date) -> int:
    """The named votes of the term's sessions held before ``today`` (after their attendance); how many."""
    rng = random.Random(2907)
    held = held_sessions(db, term, today)
    made = 0
    for session in held:
        items = list(
            db.scalars(
                select(AgendaItem).where(AgendaItem.session_id == session.id).order_by(AgendaItem.position)
            )
        )
        for number, plan in enumerate(_plan(session, items), start=1):
            _record(db, council, session, number, plan, rng)
            made += 1
    db.flush()
    return made

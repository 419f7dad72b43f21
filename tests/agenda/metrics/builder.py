"""A small world of raw records for the metrics tests, written with the models directly: a council, a term,
delegates with their seats, units and memberships, sessions, and random activities, recommendations,
petitions, attendance, speeches, questions, votes and read receipts (drawn by hypothesis strategies)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hypothesis import strategies as st
from sqlalchemy.orm import Session as DbSession

from agenda.models import (
    Activity,
    ActivityKind,
    ActivityParticipant,
    Attendance,
    AttendanceStatus,
    Council,
    CouncilLevel,
    Document,
    DocumentType,
    Mandate,
    Membership,
    MembershipRole,
    Official,
    Organiser,
    Organization,
    OrganizationKind,
    Outcome,
    ParticipantRole,
    Person,
    Petition,
    PetitionKind,
    Question,
    QuestionStatus,
    ReadReceipt,
    Recommendation,
    RecommendationKind,
    Session,
    SessionType,
    SpeechKind,
    SpeechRequest,
    SpeechStatus,
    Term,
    Vote,
    VoteKind,
    VoteParticipation,
    VoteStatus,
)

PEOPLE = 5
UNITS = (
    OrganizationKind.STANDING,
    OrganizationKind.COMMITTEE,
    OrganizationKind.GROUP,
    OrganizationKind.GROUP,
)
TODAY = dt.date(2026, 12, 4)
FIRST, LAST = dt.date(2025, 11, 1), dt.date(2026, 12, 31)
TERM_START = dt.date(2021, 7, 1)
SESSION_DAYS = ((dt.date(2025, 12, 8), 3), (dt.date(2026, 7, 6), 2), (dt.date(2026, 12, 2), 3))

days = st.dates(FIRST, LAST)
maybe_days = st.none() | days
people = st.integers(0, PEOPLE - 1)


@dataclass
class Span:
    start: dt.date
    end: dt.date | None


@st.composite
def spans(draw: st.DrawFn) -> Span:
    start = draw(st.sampled_from([TERM_START, dt.date(2026, 7, 6), dt.date(2026, 3, 1)]) | days)
    end = draw(st.none() | st.dates(start, LAST + dt.timedelta(days=30)))
    return Span(start, end)


@dataclass
class ActivitySpec:
    kind: ActivityKind
    unit: int | None
    completed: dt.date | None
    participants: set[int]
    lead: int | None
    voters: int | None
    citizens: int | None


@dataclass
class RecSpec:
    activity: int | None
    kind: RecommendationKind
    raised: dt.date
    forwarded: dt.date | None
    due: dt.date | None
    answered: dt.date | None
    outcome: Outcome | None
    outcome_on: dt.date | None


@dataclass
class PetitionSpec:
    activity: int | None
    handler: int | None
    received: dt.date
    due: dt.date | None
    resolved: dt.date | None


@dataclass
class World:
    mandates: list[list[Span]]  # per person
    memberships: list[tuple[int, int, Span]]  # (person, unit index, span)
    officials: list[tuple[int, Span]]
    activities: list[ActivitySpec]
    recommendations: list[RecSpec]
    petitions: list[PetitionSpec]
    attendance: dict[tuple[int, dt.date, int], AttendanceStatus]  # (session index, day, person)
    speeches: list[tuple[int, int, SpeechStatus]]  # (session, person, status)
    questions: list[tuple[int, int, QuestionStatus, dt.date | None, dt.date | None]]
    votes: list[tuple[int, bool, VoteStatus, set[int]]]  # (session, secret, status, voters)
    reads: list[tuple[int, set[int]]]  # (session of the document, readers)
    ids: dict[str, list[int]] = field(default_factory=dict)


@st.composite
def activities(draw: st.DrawFn) -> ActivitySpec:
    completed = draw(maybe_days)
    return ActivitySpec(
        draw(st.sampled_from(list(ActivityKind))),
        draw(st.none() | st.integers(0, len(UNITS) - 1)),
        completed,
        draw(st.sets(people, max_size=3)),
        draw(st.none() | people),
        draw(st.none() | st.integers(0, 500)),
        draw(st.none() | st.integers(0, 50)),
    )


@st.composite
def recommendations(draw: st.DrawFn, activities: int) -> RecSpec:
    raised = draw(days)
    forwarded = draw(st.none() | st.dates(raised, LAST))
    due = draw(st.none() | st.dates(raised, LAST)) if forwarded else None
    answered = draw(st.none() | st.dates(forwarded, LAST)) if forwarded else None
    outcome = draw(st.none() | st.sampled_from(list(Outcome))) if answered else None
    return RecSpec(
        draw(st.none() | st.integers(0, activities - 1)) if activities else None,
        draw(st.sampled_from(list(RecommendationKind))),
        raised,
        forwarded,
        due,
        answered,
        outcome,
        draw(st.none() | st.dates(answered, LAST)) if outcome and answered else None,
    )


@st.composite
def petitions(draw: st.DrawFn, activities: int) -> PetitionSpec:
    received = draw(days)
    return PetitionSpec(
        draw(st.none() | st.integers(0, activities - 1)) if activities else None,
        draw(st.none() | people),
        received,
        draw(st.none() | st.dates(received, LAST)),
        draw(st.none() | st.dates(received, LAST)),
    )


def sitting_days() -> list[tuple[int, dt.date]]:
    return [(s, start + dt.timedelta(days=d)) for s, (start, n) in enumerate(SESSION_DAYS) for d in range(n)]


@st.composite
def worlds(draw: st.DrawFn) -> World:
    acts = draw(st.lists(activities(), max_size=8))
    marks = draw(
        st.dictionaries(
            st.tuples(st.sampled_from(sitting_days()), people).map(lambda t: (t[0][0], t[0][1], t[1])),
            st.sampled_from(list(AttendanceStatus)),
            max_size=20,
        )
    )
    sessions = st.integers(0, len(SESSION_DAYS) - 1)
    return World(
        mandates=[draw(st.lists(spans(), min_size=0, max_size=2)) for _ in range(PEOPLE)],
        memberships=draw(st.lists(st.tuples(people, st.integers(0, len(UNITS) - 1), spans()), max_size=6)),
        officials=draw(st.lists(st.tuples(people, spans()), max_size=2)),
        activities=acts,
        recommendations=draw(st.lists(recommendations(len(acts)), max_size=6)),
        petitions=draw(st.lists(petitions(len(acts)), max_size=5)),
        attendance=marks,
        speeches=draw(st.lists(st.tuples(sessions, people, st.sampled_from(list(SpeechStatus))), max_size=6)),
        questions=draw(
            st.lists(
                st.tuples(sessions, people, st.sampled_from(list(QuestionStatus)), maybe_days, maybe_days),
                max_size=6,
            )
        ),
        votes=draw(
            st.lists(
                st.tuples(sessions, st.booleans(), st.sampled_from(list(VoteStatus)), st.sets(people)),
                max_size=4,
            )
        ),
        reads=draw(st.lists(st.tuples(sessions, st.sets(people)), max_size=4)),
    )


def build(db: DbSession, w: World) -> dict[str, list[int]]:
    """Write the world; returns the ids of what was made: council, term, people, units, sessions,
    activities."""
    council = Council(
        name="HĐND xã Thử", short_name="HĐND xã Thử", place_name="Thử", level=CouncilLevel.COMMUNE
    )
    db.add(council)
    db.flush()
    term = Term(council_id=council.id, number=1, starts_on=TERM_START)
    db.add(term)
    db.flush()
    persons = [Person(full_name=f"Đại biểu {i}") for i in range(PEOPLE)]
    db.add_all(persons)
    db.flush()
    pid = [p.id for p in persons]
    for i, spans_ in enumerate(w.mandates):
        for s in _disjoint(spans_):
            db.add(Mandate(term_id=term.id, person_id=pid[i], started_on=s.start, ended_on=s.end))
    units = [Organization(term_id=term.id, kind=k, name=f"{k.value} {i}") for i, k in enumerate(UNITS)]
    db.add_all(units)
    db.flush()
    uid = [u.id for u in units]
    for person, unit, s in w.memberships:
        db.add(
            Membership(
                organization_id=uid[unit],
                person_id=pid[person],
                role=MembershipRole.MEMBER,
                started_on=s.start,
                ended_on=s.end,
            )
        )
    officials = []
    for person, s in w.officials:
        official = Official(
            council_id=council.id,
            person_id=pid[person],
            position="Giám đốc Sở",
            agency="Sở",
            started_on=s.start,
            ended_on=s.end,
        )
        db.add(official)
        officials.append(official)
    if not officials:
        officials.append(
            Official(
                council_id=council.id,
                person_id=pid[0],
                position="x",
                agency="x",
                started_on=dt.date(1990, 1, 1),
                ended_on=dt.date(1990, 1, 2),
            )
        )
        db.add(officials[0])
    sessions = [
        Session(
            term_id=term.id,
            number=i + 1,
            session_type=SessionType.REGULAR,
            title=f"Kỳ họp thứ {i + 1}",
            starts_on=start,
            ends_on=start + dt.timedelta(days=n - 1),
        )
        for i, (start, n) in enumerate(SESSION_DAYS)
    ]
    db.add_all(sessions)
    db.flush()
    sid = [s.id for s in sessions]
    acts = []
    for i, a in enumerate(w.activities):
        start = a.completed or dt.date(2026, 1, 1)
        act = Activity(
            council_id=council.id,
            term_id=term.id,
            kind=a.kind,
            organiser=Organiser.GROUP,
            organization_id=None if a.unit is None else uid[a.unit],
            lead_person_id=None if a.lead is None else pid[a.lead],
            title=f"Hoạt động {i}",
            starts_on=start,
            ends_on=start,
            completed_on=a.completed,
            voters=a.voters,
            citizens=a.citizens,
        )
        act.participants = [
            ActivityParticipant(person_id=pid[p], role=ParticipantRole.MEMBER) for p in a.participants
        ]
        db.add(act)
        acts.append(act)
    db.flush()
    aid = [a.id for a in acts]
    for i, r in enumerate(w.recommendations):
        db.add(
            Recommendation(
                council_id=council.id,
                term_id=term.id,
                activity_id=None if r.activity is None else aid[r.activity],
                kind=r.kind,
                text=f"Kiến nghị {i}",
                raised_on=r.raised,
                forwarded_on=r.forwarded,
                due_on=r.due,
                answered_on=r.answered,
                outcome=r.outcome,
                outcome_on=r.outcome_on,
            )
        )
    for i, p in enumerate(w.petitions):
        db.add(
            Petition(
                council_id=council.id,
                term_id=term.id,
                activity_id=None if p.activity is None else aid[p.activity],
                handler_person_id=None if p.handler is None else pid[p.handler],
                kind=PetitionKind.COMPLAINT,
                sender="Công dân",
                subject=f"Đơn {i}",
                received_on=p.received,
                due_on=p.due,
                resolved_on=p.resolved,
            )
        )
    for (s, day, person), status in w.attendance.items():
        db.add(Attendance(session_id=sid[s], person_id=pid[person], day=day, status=status))
    for n, (s, person, status) in enumerate(w.speeches):
        db.add(
            SpeechRequest(
                session_id=sid[s],
                person_id=pid[person],
                kind=SpeechKind.SPEAK,
                status=status,
                position=n,
                seconds_allowed=300,
            )
        )
    db.flush()
    for n, (s, person, status, due, answered) in enumerate(w.questions):
        db.add(
            Question(
                session_id=sid[s],
                person_id=pid[person],
                official_id=officials[0].id,
                text=f"Câu hỏi {n}",
                position=n,
                status=status,
                written_due_on=due,
                answered_at=None if answered is None else dt.datetime.combine(answered, dt.time(10)),
            )
        )
    for n, (s, secret, status, voters) in enumerate(w.votes):
        vote = Vote(
            session_id=sid[s],
            number=n + 1,
            kind=VoteKind.MOTION,
            title=f"Biểu quyết {n}",
            secret=secret,
            options=[],
            subjects=[],
            rule="majority",
            fraction="1/2",
            strict=True,
            status=status,
            total_in_office=5,
        )
        db.add(vote)
        db.flush()
        for person in voters:
            db.add(
                VoteParticipation(vote_id=vote.id, person_id=pid[person], ballot_key=f"{vote.id}-{person}")
            )
    for n, (s, readers) in enumerate(w.reads):
        doc = Document(session_id=sid[s], doc_type=DocumentType.REPORT, title=f"Tài liệu {n}")
        db.add(doc)
        db.flush()
        for person in readers:
            db.add(ReadReceipt(document_id=doc.id, person_id=pid[person], pages_total=3))
    db.flush()
    return {
        "council": [council.id],
        "term": [term.id],
        "people": pid,
        "units": uid,
        "sessions": sid,
        "activities": aid,
    }


def _disjoint(spans_: list[Span]) -> list[Span]:
    """Keep the seats that do not overlap an earlier one (a delegate holds one seat at a time)."""
    kept: list[Span] = []
    for s in sorted(spans_, key=lambda s: s.start):
        if kept and (kept[-1].end is None or kept[-1].end >= s.start):
            continue
        kept.append(s)
    return kept

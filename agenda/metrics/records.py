"""The raw records each measure counts, as one SQL shape: a row per (record, person it is credited to,
unit it is credited to) with the columns

- ``kind`` and ``ref``: what the record is and its id (an activity, a recommendation, a speech …);
- ``on``: the day that puts it in a period; ``title``: what the drill-down shows;
- ``amount``: what the record adds (1, or the voters met at a meeting, the citizens received);
- ``person_id``: a delegate it is credited to (a participant or the lead of the activity, the asker …);
- ``org_id``: a unit (Thường trực, Ban, Tổ) it is credited to — the organiser of an activity, or for a
  delegate's own record (a speech, a question) each unit the delegate was a member of on that day;
- ``owner``: the person a record belongs to by nature (a speech is one delegate's; an activity is not):
  the council's total counts each (kind, ref, on, owner) once.

Measures (:mod:`.measures`) build these; the figures and the drill-down read the same rows, so a number
and the records behind it cannot disagree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Integer,
    Select,
    and_,
    literal,
    null,
    or_,
    select,
    union,
)

from agenda.metrics.period import Period, Span
from agenda.models import (
    Activity,
    ActivityKind,
    ActivityParticipant,
    Attendance,
    Document,
    Mandate,
    Membership,
    Organization,
    Petition,
    Question,
    ReadReceipt,
    Recommendation,
    Session,
    SpeechRequest,
    Term,
    Vote,
    VoteParticipation,
)

Rows = Select[Any] | CompoundSelect[Any]
Builder = Callable[[Period], Rows]
NO_ONE = null().cast(Integer)


def people_of_activities(ids: Select[Any]) -> Any:
    """Who the activities ``ids`` (a select of activity ids) are credited to: their participants and leads —
    only those, so the participants of other councils and years are never read."""
    return union(
        select(ActivityParticipant.activity_id.label("activity_id"), ActivityParticipant.person_id).where(
            ActivityParticipant.activity_id.in_(ids)
        ),
        select(Activity.id.label("activity_id"), Activity.lead_person_id.label("person_id")).where(
            Activity.id.in_(ids), Activity.lead_person_id.is_not(None)
        ),
    ).subquery("activity_people")


def activities(kind: ActivityKind, amount: Any = None) -> Builder:
    """Completed activities of a kind, on their completion day."""

    def build(p: Period) -> Rows:
        counted = (
            Activity.council_id == p.council_id,
            Activity.kind == kind,
            Activity.completed_on.between(p.start, p.end),
        )
        people = people_of_activities(select(Activity.id).where(*counted))
        return (
            select(
                literal("activity").label("kind"),
                Activity.id.label("ref"),
                Activity.completed_on.label("on"),
                Activity.title.label("title"),
                (literal(1) if amount is None else amount).label("amount"),
                people.c.person_id.label("person_id"),
                Activity.organization_id.label("org_id"),
                NO_ONE.label("owner"),
            )
            .select_from(Activity)
            .outerjoin(people, people.c.activity_id == Activity.id)
            .where(*counted)
        )

    return build


def recommendations_counted(
    p: Period, on: Any, where: tuple[Callable[[], ColumnElement[bool]], ...]
) -> tuple[ColumnElement[bool], ...]:
    return (Recommendation.council_id == p.council_id, on.between(p.start, p.end), *(w() for w in where))


def recommendations(day: Callable[[], Any], *where: Callable[[], ColumnElement[bool]]) -> Builder:
    """Recommendations whose ``day()`` falls in the period (and ``where``), credited to the people and the
    organiser of the activity that raised them."""

    def build(p: Period) -> Rows:
        on = day()
        counted = recommendations_counted(p, on, where)
        people = people_of_activities(select(Recommendation.activity_id).where(*counted))
        return (
            select(
                literal("recommendation").label("kind"),
                Recommendation.id.label("ref"),
                on.label("on"),
                Recommendation.text.label("title"),
                literal(1).label("amount"),
                people.c.person_id.label("person_id"),
                Activity.organization_id.label("org_id"),
                NO_ONE.label("owner"),
            )
            .select_from(Recommendation)
            .outerjoin(Activity, Activity.id == Recommendation.activity_id)
            .outerjoin(people, people.c.activity_id == Recommendation.activity_id)
            .where(*counted)
        )

    return build


def petitions(day: Callable[[], Any], *where: Callable[[], ColumnElement[bool]]) -> Builder:
    """Petitions whose ``day()`` falls in the period, credited to the delegate handling them and to the
    organiser of the reception that received them."""

    def build(p: Period) -> Rows:
        on = day()
        return (
            select(
                literal("petition").label("kind"),
                Petition.id.label("ref"),
                on.label("on"),
                Petition.subject.label("title"),
                literal(1).label("amount"),
                Petition.handler_person_id.label("person_id"),
                Activity.organization_id.label("org_id"),
                NO_ONE.label("owner"),
            )
            .select_from(Petition)
            .outerjoin(Activity, Activity.id == Petition.activity_id)
            .where(*petitions_counted(p, on, where))
        )

    return build


def petitions_counted(
    p: Period, on: Any, where: tuple[Callable[[], ColumnElement[bool]], ...]
) -> tuple[ColumnElement[bool], ...]:
    return (Petition.council_id == p.council_id, on.between(p.start, p.end), *(w() for w in where))


def memberships(p: Span) -> Any:
    """Memberships of the council's units (to credit a delegate's own records to their units)."""
    return (
        select(Membership.person_id, Membership.organization_id, Membership.started_on, Membership.ended_on)
        .join(Organization, Organization.id == Membership.organization_id)
        .join(Term, Term.id == Organization.term_id)
        .where(Term.council_id == p.council_id)
        .subquery("unit_members")
    )


def personal(
    kind: str,
    model: Any,
    title: Callable[[], Any],
    *where: Callable[[], ColumnElement[bool]],
    join: Callable[[Select[Any]], Select[Any]] = lambda s: s,
) -> Builder:
    """A delegate's own records at the council's sessions (``model`` has ``person_id`` and, directly or
    through ``join``, a session), on the session's first day, credited to the delegate's units that day."""

    def build(p: Period) -> Rows:
        units = memberships(p)
        on = Session.starts_on
        stmt = select(
            literal(kind).label("kind"),
            model.id.label("ref"),
            on.label("on"),
            title().label("title"),
            literal(1).label("amount"),
            model.person_id.label("person_id"),
            units.c.organization_id.label("org_id"),
            model.person_id.label("owner"),
        ).select_from(model)
        stmt = join(stmt)
        return (
            stmt.join(Term, Term.id == Session.term_id)
            .outerjoin(units, member_on(units, model.person_id, on))
            .where(Term.council_id == p.council_id, on.between(p.start, p.end), *(w() for w in where))
        )

    return build


def member_on(units: Any, person: Any, day: Any) -> ColumnElement[bool]:
    """``person`` was a member of a unit of ``units`` (:func:`memberships`) on ``day``."""
    return and_(
        units.c.person_id == person,
        units.c.started_on <= day,
        or_(units.c.ended_on.is_(None), units.c.ended_on >= day),
    )


def in_session(model: Any) -> Callable[[Select[Any]], Select[Any]]:
    return lambda s: s.join(Session, Session.id == model.session_id)


def vote_counts() -> ColumnElement[bool]:
    """A vote a delegate took part in counts unless it was cancelled."""
    return Vote.status != "cancelled"


def speech_counts() -> ColumnElement[bool]:
    """A request to speak counts once the delegate has spoken."""
    return SpeechRequest.status == "done"


def votes(p: Period) -> Rows:
    return personal(
        "vote",
        VoteParticipation,
        lambda: Vote.title,
        vote_counts,
        join=lambda s: s.join(Vote, Vote.id == VoteParticipation.vote_id).join(
            Session, Session.id == Vote.session_id
        ),
    )(p)


def reads(p: Period) -> Rows:
    return personal(
        "document",
        ReadReceipt,
        lambda: Document.title,
        join=lambda s: s.join(Document, Document.id == ReadReceipt.document_id).join(
            Session, Session.id == Document.session_id
        ),
    )(p)


def speeches(p: Period) -> Rows:
    return personal(
        "speech",
        SpeechRequest,
        lambda: Session.title,
        speech_counts,
        join=in_session(SpeechRequest),
    )(p)


def questions(*where: Callable[[], ColumnElement[bool]]) -> Builder:
    return personal("question", Question, lambda: Question.text, *where, join=in_session(Question))


def attendance(*statuses: str) -> Builder:
    """A delegate's attendance rows of a status, on the sitting day itself, while in office."""

    def build(p: Period) -> Rows:
        units = memberships(p)
        seat = Mandate.__table__.alias("seat")
        return (
            select(
                literal("sitting").label("kind"),
                Attendance.session_id.label("ref"),
                Attendance.day.label("on"),
                Session.title.label("title"),
                literal(1).label("amount"),
                Attendance.person_id.label("person_id"),
                units.c.organization_id.label("org_id"),
                Attendance.person_id.label("owner"),
            )
            .select_from(Attendance)
            .join(Session, Session.id == Attendance.session_id)
            .join(Term, Term.id == Session.term_id)
            .join(seat, holds_seat(seat, Session.term_id, Attendance.person_id, Attendance.day))
            .outerjoin(units, member_on(units, Attendance.person_id, Attendance.day))
            .where(
                Term.council_id == p.council_id,
                Attendance.day.between(p.start, p.end),
                Attendance.status.in_(statuses),
            )
        )

    return build


def holds_seat(seat: Any, term: Any, person: Any, day: Any) -> ColumnElement[bool]:
    """``person`` held a seat (a row of ``seat``, the mandates) of ``term`` on ``day``."""
    return and_(
        seat.c.term_id == term,
        seat.c.person_id == person,
        seat.c.started_on <= day,
        or_(seat.c.ended_on.is_(None), seat.c.ended_on >= day),
    )


def sittings_held(p: Period) -> Rows:
    """The sitting days held (a day with any attendance recorded) times the delegates in office that day:
    what each delegate was expected at."""
    units = memberships(p)
    days = (
        select(Attendance.session_id, Attendance.day)
        .distinct()
        .join(Session, Session.id == Attendance.session_id)
        .join(Term, Term.id == Session.term_id)
        .where(Term.council_id == p.council_id, Attendance.day.between(p.start, p.end))
        .subquery("sitting_days")
    )
    return (
        select(
            literal("sitting").label("kind"),
            days.c.session_id.label("ref"),
            days.c.day.label("on"),
            Session.title.label("title"),
            literal(1).label("amount"),
            Mandate.person_id.label("person_id"),
            units.c.organization_id.label("org_id"),
            Mandate.person_id.label("owner"),
        )
        .select_from(days)
        .join(Session, Session.id == days.c.session_id)
        .join(
            Mandate,
            and_(
                Mandate.term_id == Session.term_id,
                Mandate.started_on <= days.c.day,
                or_(Mandate.ended_on.is_(None), Mandate.ended_on >= days.c.day),
            ),
        )
        .outerjoin(units, member_on(units, Mandate.person_id, days.c.day))
    )

"""The demo's past sessions carry what the hall recorded: attendance of every delegate holding a seat on each
sitting day, speeches, and questions at the regular session (agenda/demo/record.py), the named votes with a
ballot per delegate in the hall (agenda/demo/votes.py), and the documents with who read them before the session
(agenda/demo/reading.py) — so the dashboard and the delegate pages show a record. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda import clock
from agenda.council.office import delegates_in_office, holds_on
from agenda.db import make_engine, session_factory, transaction, upgrade
from agenda.demo.build import build_demo
from agenda.metrics import figures, public
from agenda.metrics.period import term_period
from agenda.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceStatus,
    Council,
    Document,
    DocumentAccess,
    Mandate,
    NamedChoice,
    Question,
    QuestionStatus,
    ReadReceipt,
    Role,
    Session,
    SessionStatus,
    SpeechRequest,
    SpeechStatus,
    Term,
    User,
    Vote,
    VoteParticipation,
    VoteStatus,
)
from agenda.sitting.results import (
    MOTION_SUBJECT,
    cast_count,
    compute_result,
    counts,
    named_ballots,
    voted_person_ids,
)
from tests.conftest import _postgres_schema_url as postgres_schema

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def factory(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[sessionmaker[DbSession]]:
    if request.param == "sqlite":
        urls: Iterator[str] = iter([str(tmp_path_factory.mktemp("demo-record") / "t.sqlite")])
    else:
        urls = postgres_schema(request.getfixturevalue("postgres_base_url"))
    engine = make_engine(next(urls))
    upgrade(engine)
    made = session_factory(engine)
    with transaction(made) as db:
        build_demo(db, today=TODAY)
    yield made
    engine.dispose()
    next(urls, None)  # (PostgreSQL: the schema dropped)


def test_every_seated_delegate_has_one_attendance_row_per_past_sitting_day(
    factory: sessionmaker[DbSession],
) -> None:
    with factory() as db:
        held = db.scalars(select(Session).where(Session.status == SessionStatus.CLOSED)).all()
        assert held and all(s.ends_on < TODAY for s in held)
        seats = db.scalars(select(Mandate)).all()
        for session in held:
            day = session.starts_on
            while day <= session.ends_on:
                rows = db.scalars(
                    select(Attendance).where(Attendance.session_id == session.id, Attendance.day == day)
                )
                got = {a.person_id: a for a in rows}
                assert set(got) == {
                    m.person_id for m in seats if m.term_id == session.term_id and holds_on(m, day)
                }
                for row in got.values():
                    assert (row.checked_in_at is not None) == (
                        row.status in (AttendanceStatus.PRESENT, AttendanceStatus.LEFT)
                    )
                    assert (row.reason is not None) == (row.status is AttendanceStatus.EXCUSED)
                day += dt.timedelta(days=1)
        upcoming = db.scalars(select(Session).where(Session.status != SessionStatus.CLOSED)).all()
        assert not db.scalar(
            select(func.count())
            .select_from(Attendance)
            .where(Attendance.session_id.in_([s.id for s in upcoming]))
        )


def test_speeches_are_by_delegates_present_and_questions_cover_each_outcome(
    factory: sessionmaker[DbSession],
) -> None:
    with factory() as db:
        present = {
            (a.session_id, a.day, a.person_id)
            for a in db.scalars(select(Attendance).where(Attendance.status.in_(("present", "left"))))
        }
        speeches = db.scalars(select(SpeechRequest)).all()
        assert speeches and all(s.status is SpeechStatus.DONE for s in speeches)
        for speech in speeches:
            assert speech.started_at is not None and speech.ended_at is not None
            assert speech.ended_at > speech.started_at
        questions = db.scalars(select(Question)).all()
        assert {q.status for q in questions} == {
            QuestionStatus.ANSWERED,
            QuestionStatus.ANSWERED_IN_WRITING,
            QuestionStatus.WRITTEN_DUE,
        }
        for q in questions:
            session = db.get(Session, q.session_id)
            assert session is not None and (q.session_id, session.ends_on, q.person_id) in present
            if q.status is QuestionStatus.WRITTEN_DUE:
                assert q.written_due_on is not None and q.written_due_on < TODAY and q.answer is None


def test_the_dashboard_counts_the_past_sittings(factory: sessionmaker[DbSession]) -> None:
    with factory() as db:
        council = db.scalars(select(Council).where(Council.is_home)).one()
        term = db.scalars(select(Term).where(Term.council_id == council.id)).one()
        line = figures.council_table(db, term_period(db, council.id, term.id, TODAY), council.name).lines[0]
        rows = db.scalar(select(func.count()).select_from(Attendance))
        assert line.values["sittings_held"] == rows > 200
        assert (
            line.values["sittings_present"]
            + line.values["absences_excused"]
            + line.values["absences_unexcused"]
            == rows
        )
        assert line.values["absences_excused"] > 0 and line.values["absences_unexcused"] > 0
        assert line.values["speeches"] > 0 and line.values["questions_written_overdue"] == 1


def _in_hall(db: DbSession, vote: Vote) -> set[int]:
    """Who was in the hall when ``vote`` opened: present that day and not gone before."""
    assert vote.closed_at is not None
    council = db.scalars(select(Council).where(Council.is_home)).one()
    day = clock.local(vote.opened_at, council).date()
    rows = db.scalars(
        select(Attendance).where(Attendance.session_id == vote.session_id, Attendance.day == day)
    )
    return {
        a.person_id
        for a in rows
        if a.status in (AttendanceStatus.PRESENT, AttendanceStatus.LEFT)
        and (a.left_at is None or a.left_at > vote.opened_at)
    }


def test_each_past_named_vote_has_a_ballot_per_delegate_in_the_hall_matching_its_counts(
    factory: sessionmaker[DbSession],
) -> None:
    with factory() as db:
        council = db.scalars(select(Council).where(Council.is_home)).one()
        votes = db.scalars(select(Vote).order_by(Vote.id)).all()
        held = {s.id for s in db.scalars(select(Session).where(Session.status == SessionStatus.CLOSED))}
        assert votes and {v.session_id for v in votes} == held  # every past session voted, no other
        resolutions = db.scalars(
            select(AgendaItem).where(
                AgendaItem.session_id.in_(held), AgendaItem.kind == AgendaItemKind.RESOLUTION
            )
        ).all()
        assert {v.agenda_item_id for v in votes} >= {i.id for i in resolutions}
        for vote in votes:
            assert vote.status is VoteStatus.CLOSED and not vote.secret and vote.result is not None
            voters = set(voted_person_ids(db, vote))
            assert voters == _in_hall(db, vote) and vote.present_at_close == len(voters)
            tally = counts(db, vote)[MOTION_SUBJECT]
            assert sum(tally.values()) == len(voters) == cast_count(db, vote)
            chosen = {b["person_id"] for b in named_ballots(db, vote)}
            assert chosen == voters  # one choice per participation, and the reverse
            day = clock.local(vote.opened_at, council).date()
            session = db.get(Session, vote.session_id)
            assert session is not None
            assert vote.total_in_office == delegates_in_office(db, session.term_id, day)
            assert vote.result == compute_result(vote, counts(db, vote), len(voters))
            assert vote.result["passed"] and tally["yes"] > vote.total_in_office / 2
        # Who left in the morning has not voted in the afternoon.
        left = db.scalars(select(Attendance).where(Attendance.status == AttendanceStatus.LEFT)).all()
        for vote in (v for v in votes if v.agenda_item_id is not None):
            voters = voted_person_ids(db, vote)
            day = clock.local(vote.opened_at, council).date()
            assert (
                not {a.person_id for a in left if a.session_id == vote.session_id and a.day == day} & voters
            )


def test_no_secret_vote_names_a_delegate(factory: sessionmaker[DbSession]) -> None:
    with factory() as db:
        secret = [v.id for v in db.scalars(select(Vote).where(Vote.secret))]
        for model in (VoteParticipation, NamedChoice):
            assert not db.scalar(
                select(func.count()).select_from(model).where(model.vote_id.in_(secret or [0]))
            )


def test_past_documents_were_read_before_the_session_by_delegates_seated(
    factory: sessionmaker[DbSession],
) -> None:
    with factory() as db:
        council = db.scalars(select(Council).where(Council.is_home)).one()
        held = db.scalars(select(Session).where(Session.status == SessionStatus.CLOSED)).all()
        seats = db.scalars(select(Mandate)).all()
        for session in held:
            documents = db.scalars(select(Document).where(Document.session_id == session.id)).all()
            assert documents and all(d.published_at is not None for d in documents)
            for document in documents:
                assert document.published_at is not None
                receipts = db.scalars(select(ReadReceipt).where(ReadReceipt.document_id == document.id)).all()
                seated = {
                    m.person_id
                    for m in seats
                    if m.term_id == session.term_id and holds_on(m, session.starts_on - dt.timedelta(days=1))
                }
                assert len(receipts) >= 0.75 * len(seated)
                opened = session.starts_on
                for receipt in receipts:
                    day = clock.local(receipt.first_opened_at, council).date()
                    seat = [m for m in seats if m.person_id == receipt.person_id and holds_on(m, day)]
                    assert seat, "a receipt of a delegate not seated that day"
                    assert document.published_at < receipt.first_opened_at <= receipt.updated_at
                    assert clock.local(receipt.updated_at, council).date() < opened
                    assert receipt.version_id == document.current_version_id
                    assert receipt.pages_seen == list(range(1, receipt.max_page_seen + 1))
        assert any(d.access is DocumentAccess.CONFIDENTIAL for d in db.scalars(select(Document)))
        upcoming = db.scalars(select(Session).where(Session.status != SessionStatus.CLOSED)).all()
        assert not db.scalar(
            select(func.count())
            .select_from(ReadReceipt)
            .join(Document, Document.id == ReadReceipt.document_id)
            .where(Document.session_id.in_([s.id for s in upcoming]))
        )


def test_the_demo_delegate_has_taken_part_in_votes_and_read_documents(
    factory: sessionmaker[DbSession],
) -> None:
    with factory() as db:
        council = db.scalars(select(Council).where(Council.is_home)).one()
        term = db.scalars(select(Term).where(Term.council_id == council.id)).one()
        period = term_period(db, council.id, term.id, TODAY)
        users = db.scalars(select(User).where(User.password_hash.is_not(None), User.person_id.is_not(None)))
        demo = next(u for u in users if u.roles == {Role.DELEGATE})
        line = next(ln for ln in figures.delegate_table(db, period).lines if ln.key == demo.person_id)
        assert line.values["votes_taken_part"] > 0 and line.values["documents_read"] > 0
        assert line.values["votes_taken_part"] == db.scalar(
            select(func.count())
            .select_from(VoteParticipation)
            .where(VoteParticipation.person_id == demo.person_id)
        )
        # The public delegate page (issue 16, "votes of named ballots") lists each with the delegate's choice.
        record = public.delegate_record(db, demo.person_id, term.id, TODAY)
        assert len(record.votes) == line.values["votes_taken_part"]
        assert all(
            choice in {"Tán thành", "Không tán thành", "Không biểu quyết"}
            for v in record.votes
            for _, choice in v.choices
        )
        whole = figures.council_table(db, period, council.name).lines[0].values
        assert whole["votes_taken_part"] == db.scalar(select(func.count()).select_from(VoteParticipation))
        assert whole["documents_read"] == db.scalar(select(func.count()).select_from(ReadReceipt))

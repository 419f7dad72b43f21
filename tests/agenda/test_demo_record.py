"""The demo's past sessions carry what the hall recorded: attendance of every delegate holding a seat on each
sitting day, speeches, and questions at the regular session — so the dashboard and the delegate pages show a
record (agenda/demo/record.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda.council.office import holds_on
from agenda.db import make_engine, session_factory, transaction, upgrade
from agenda.demo.build import build_demo
from agenda.metrics import figures
from agenda.metrics.period import term_period
from agenda.models import (
    Attendance,
    AttendanceStatus,
    Council,
    Mandate,
    Question,
    QuestionStatus,
    Session,
    SessionStatus,
    SpeechRequest,
    SpeechStatus,
    Term,
)

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sessionmaker[DbSession]]:
    engine = make_engine(str(tmp_path_factory.mktemp("demo-record") / "t.sqlite"))
    upgrade(engine)
    made = session_factory(engine)
    with transaction(made) as db:
        build_demo(db, today=TODAY)
    yield made
    engine.dispose()


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

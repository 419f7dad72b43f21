"""A live sitting in the domain layer: attendance and quorum, floor, questions, votes, events, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from agenda import audit, clock, events
from agenda import db as storage
from agenda.council import items, officials, sessions, terms
from agenda.council.delegates import DelegateInput, add_delegate
from agenda.council.officials import OfficialInput
from agenda.council.people import PersonInput
from agenda.errors import DomainError
from agenda.models import (
    AuditEntry,
    CouncilLevel,
    NamedChoice,
    Question,
    SecretTally,
    Session,
    SessionEvent,
    User,
    VoteParticipation,
)
from agenda.sitting import answers, attendance, ballots, floor, opening, questions, results, votes
from agenda.sitting.snapshot import snapshot


def build_hall(factory: Any, delegates: int = 9) -> dict[str, Any]:
    """A council of ``delegates`` in office today, a published session starting today, an official."""
    today = clock.today(clock.DEFAULT_TIME_ZONE)
    with storage.transaction(factory) as db:
        home = terms.create_council(
            db,
            terms.CouncilInput(
                "Hội đồng nhân dân xã Tân Lập", "HĐND xã Tân Lập", "Tân Lập", CouncilLevel.COMMUNE
            ),
            is_home=True,
        )
        term = terms.create_term(db, home, terms.TermInput(1, today - dt.timedelta(days=200)))
        people = [
            add_delegate(
                db, term, DelegateInput(PersonInput(f"Đại biểu {i + 1:02d}"), seat_label=f"A{i + 1:02d}")
            ).person_id
            for i in range(delegates)
        ]
        started = dt.date(2026, 1, 1)
        official = officials.add_official(
            db, home, OfficialInput(PersonInput("Trần Văn Sở"), "Chủ tịch UBND xã", "UBND xã", started)
        )
        official2 = officials.add_official(
            db, home, OfficialInput(PersonInput("Lê Thị Phó"), "Phó Chủ tịch UBND xã", "UBND xã", started)
        )
        session = sessions.create_session(
            db, term, sessions.SessionInput(today, today + dt.timedelta(days=1))
        )
        for title in ["Khai mạc", "Nghị quyết dự toán ngân sách", "Chất vấn"]:
            items.add_agenda_item(db, session, items.AgendaItemInput(title))
        sessions.publish_session(db, session)
        secretary = User(username="thuky", display_name="Thư ký")
        db.add(secretary)
        db.flush()
        return {
            "session_id": session.id,
            "people": people,
            "official_ids": [official.id, official2.id],
            "item_ids": [i.id for i in session.items],
            "term_id": term.id,
        }


def act(factory: Any, hall: dict[str, Any], fn: Any, *args: Any) -> Any:
    with storage.transaction(factory) as db:
        session = db.get(Session, hall["session_id"])
        return fn(db, session, *args)


def refused(factory: Any, hall: dict[str, Any], fn: Any, *args: Any) -> DomainError:
    with pytest.raises(DomainError) as info:
        act(factory, hall, fn, *args)
    return info.value


@pytest.fixture
def hall(factory: Any) -> dict[str, Any]:
    return build_hall(factory)


def open_and_check_in(factory: Any, hall: dict[str, Any], n: int) -> None:
    act(factory, hall, opening.open_sitting, None)
    for person in hall["people"][:n]:
        act(factory, hall, lambda db, s, p=person: attendance.check_in(db, s, p, method="card", actor=None))


mark = attendance.AttendanceMark.parse


def test_quorum_follows_check_ins(factory: Any, hall: dict[str, Any]) -> None:
    assert (
        refused(
            factory,
            hall,
            lambda db, s: attendance.check_in(db, s, hall["people"][0], method="card", actor=None),
        ).status
        == 409
    )  # not opened yet
    open_and_check_in(factory, hall, 5)
    with factory() as db:
        q = attendance.quorum(db, db.get(Session, hall["session_id"]))
    assert q == {"present": 5, "total": 9, "needed": 6, "fraction": "2/3", "has_quorum": False}
    act(
        factory,
        hall,
        lambda db, s: attendance.check_in(db, s, hall["people"][5], method="tablet", actor=None),
    )
    assert not act(
        factory,
        hall,
        lambda db, s: attendance.check_in(db, s, hall["people"][5], method="tablet", actor=None),
    )
    act(
        factory,
        hall,
        attendance.mark_attendance,
        mark({"person_id": hall["people"][0], "status": "left"}),
        None,
    )
    act(
        factory,
        hall,
        attendance.mark_attendance,
        mark({"person_id": hall["people"][8], "status": "excused", "reason": "Đi công tác"}),
        None,
    )
    with factory() as db:
        session = db.get(Session, hall["session_id"])
        assert attendance.quorum(db, session)["present"] == 5
        rows = {r["person_id"]: r for r in attendance.attendance_view(db, session)}
    assert rows[hall["people"][0]]["status"] == "left" and rows[hall["people"][0]]["left_at"]
    assert rows[hall["people"][8]]["reason"] == "Đi công tác" and rows[hall["people"][7]]["status"] is None
    assert (
        refused(
            factory,
            hall,
            attendance.mark_attendance,
            mark({"person_id": hall["people"][7], "status": "excused"}),
            None,
        ).field
        == "reason"
    )
    assert (
        refused(
            factory, hall, attendance.mark_attendance, mark({"person_id": 99999, "status": "present"}), None
        ).status
        == 403
    )


def test_the_floor_and_the_timer(factory: Any, hall: dict[str, Any]) -> None:
    open_and_check_in(factory, hall, 6)
    a, b = hall["people"][:2]
    act(factory, hall, lambda db, s: floor.request_floor(db, s, a, floor.FloorRequest.parse({}), None))
    act(
        factory,
        hall,
        lambda db, s: floor.request_floor(db, s, b, floor.FloorRequest.parse({"kind": "rebut"}), None),
    )
    assert (
        "đã đăng ký"
        in refused(
            factory, hall, lambda db, s: floor.request_floor(db, s, a, floor.FloorRequest.parse({}), None)
        ).vi
    )
    with factory() as db:
        speakers = floor.floor_view(db, db.get(Session, hall["session_id"]))
    assert [(f["person_id"], f["kind"]) for f in speakers] == [(a, "speak"), (b, "rebut")]
    act(factory, hall, floor.give_floor, floor.GiveFloor.parse({"request_id": speakers[0]["id"]}), None)
    with factory() as db:
        state = events.live_state(db, hall["session_id"])
        assert state.timer_seconds == 420 and state.timer_label == "Phát biểu: Đại biểu 01"
    act(
        factory, hall, floor.give_floor, floor.GiveFloor.parse({"request_id": speakers[1]["id"]}), None
    )  # the first speaker is finished
    with factory() as db:
        speakers = floor.floor_view(db, db.get(Session, hall["session_id"]))
    assert [(f["person_id"], f["status"]) for f in speakers] == [(b, "speaking")]
    act(factory, hall, floor.end_floor, None)
    assert refused(factory, hall, floor.end_floor, None).status == 409


def test_questions_from_filing_to_written_answer(factory: Any, hall: dict[str, Any]) -> None:
    asker = hall["people"][2]
    official = hall["official_ids"][0]
    before = act(
        factory,
        hall,
        lambda db, s: questions.file_question(  # filed before the sitting opens
            db,
            s,
            asker,
            questions.QuestionFiling.parse(
                {"official_id": official, "text": "Tiến độ giải phóng mặt bằng dự án đường tỉnh?"}
            ),
            None,
        ),
    ).id
    open_and_check_in(factory, hall, 6)
    during = act(
        factory,
        hall,
        lambda db, s: questions.file_question(
            db,
            s,
            asker,
            questions.QuestionFiling.parse({"official_id": official, "text": "Kế hoạch xây trường mầm non?"}),
            None,
        ),
    ).id
    assert (
        refused(
            factory,
            hall,
            lambda db, s: questions.file_question(
                db, s, asker, questions.QuestionFiling.parse({"official_id": official, "text": ""}), None
            ),
        ).field
        == "text"
    )
    assert (
        refused(
            factory,
            hall,
            lambda db, s: questions.file_question(
                db, s, asker, questions.QuestionFiling.parse({"official_id": 999, "text": "x"}), None
            ),
        ).status
        == 404
    )
    act(
        factory,
        hall,
        questions.arrange_questions,
        questions.QuestionArrangement.parse(
            {"order": [during, before], "groups": {str(during): "Giáo dục"}, "selected": [during]}
        ),
        None,
    )
    act(factory, hall, answers.start_answer, questions.QuestionRef(during), None)
    assert refused(factory, hall, answers.start_answer, questions.QuestionRef(before), None).status == 409
    act(
        factory,
        hall,
        answers.record_answer,
        answers.Answer.parse({"question_id": during, "answer": "Khởi công quý II."}),
        None,
    )
    act(factory, hall, opening.close_session, None)
    with factory() as db:
        q_before, q_during = db.get(Question, before), db.get(Question, during)
        session = db.get(Session, hall["session_id"])
        assert (q_during.status.value, q_during.group_label, q_during.position) == ("answered", "Giáo dục", 1)
        assert q_before.status.value == "written_due"
        assert q_before.written_due_on == max(
            clock.today(clock.DEFAULT_TIME_ZONE), session.ends_on
        ) + dt.timedelta(days=20)


def open_motion(factory: Any, hall: dict[str, Any], **extra: Any) -> int:
    return act(
        factory,
        hall,
        votes.open_vote,
        votes.VoteOpening.parse(
            {
                "title": "Thông qua Nghị quyết dự toán ngân sách năm 2027",
                "agenda_item_id": hall["item_ids"][1],
                **extra,
            }
        ),
        None,
    ).id


def ballot(factory: Any, hall: dict[str, Any], person: int, vote_id: int, choice: Any, key: str) -> Any:
    return act(
        factory,
        hall,
        lambda db, s: ballots.cast_ballot(
            db,
            s,
            person,
            ballots.Ballot.parse({"vote_id": vote_id, "ballot_id": key, "choice": choice}),
            None,
        ),
    )


def test_named_vote_counts_on_the_total_and_says_so(factory: Any, hall: dict[str, Any]) -> None:
    open_and_check_in(factory, hall, 8)
    vote_id = open_motion(factory, hall)
    assert (
        refused(factory, hall, votes.open_vote, votes.VoteOpening.parse({"title": "Khác"}), None).status
        == 409
    )  # one open vote at a time
    people = hall["people"]
    for i, choice in enumerate(["yes"] * 5 + ["no", "abstain"]):
        ack = ballot(factory, hall, people[i], vote_id, choice, f"ballot-{i:04d}")
        assert ack.as_dict() == {
            "vote_id": vote_id,
            "ballot_id": f"ballot-{i:04d}",
            "recorded": True,
            "duplicate": False,
        }
    again = ballot(factory, hall, people[0], vote_id, "yes", "ballot-0000")  # a resend after a lost ack
    assert again.duplicate
    assert act(factory, hall, ballots.report_progress, vote_id)  # one report for the seven ballots
    assert not act(factory, hall, ballots.report_progress, vote_id)  # nothing new: nothing sent
    with factory() as db:
        report = events.since(db, hall["session_id"], 0)[-1]
        assert report.type == "vote.progress" and report.data["cast"] == 7
        assert report.data["counts"]["motion"] == {"yes": 5, "no": 1, "abstain": 1}
        assert [b["person_id"] for b in report.data["ballots"]] == people[:7]
    assert (
        "đã biểu quyết"
        in refused(
            factory,
            hall,
            lambda db, s: ballots.cast_ballot(
                db,
                s,
                people[0],
                ballots.Ballot.parse({"vote_id": vote_id, "ballot_id": "another-key", "choice": "no"}),
                None,
            ),
        ).vi
    )
    assert (
        refused(
            factory,
            hall,
            lambda db, s: ballots.cast_ballot(  # someone else's ballot id
                db,
                s,
                people[7],
                ballots.Ballot.parse({"vote_id": vote_id, "ballot_id": "ballot-0000", "choice": "no"}),
                None,
            ),
        ).status
        == 409
    )
    assert (
        refused(
            factory,
            hall,
            lambda db, s: ballots.cast_ballot(  # absent: not checked in
                db,
                s,
                people[8],
                ballots.Ballot.parse({"vote_id": vote_id, "ballot_id": "absent-0001", "choice": "yes"}),
                None,
            ),
        ).status
        == 403
    )
    assert (
        refused(
            factory,
            hall,
            lambda db, s: ballots.cast_ballot(
                db,
                s,
                people[7],
                ballots.Ballot.parse({"vote_id": vote_id, "ballot_id": "badoption1", "choice": "maybe"}),
                None,
            ),
        ).field
        == "choice"
    )
    assert (
        refused(
            factory,
            hall,
            lambda db, s: ballots.cast_ballot(
                db,
                s,
                people[7],
                ballots.Ballot.parse({"vote_id": vote_id, "ballot_id": "x", "choice": "yes"}),
                None,
            ),
        ).field
        == "ballot_id"
    )
    act(factory, hall, votes.close_vote, votes.VoteRef(vote_id), None)
    assert refused(factory, hall, votes.close_vote, votes.VoteRef(vote_id), None).status == 409
    assert (
        refused(
            factory,
            hall,
            lambda db, s: ballots.cast_ballot(  # after close
                db,
                s,
                people[7],
                ballots.Ballot.parse({"vote_id": vote_id, "ballot_id": "late-00001", "choice": "yes"}),
                None,
            ),
        ).status
        == 409
    )
    with factory() as db:
        vote = votes.get_vote(db, db.get(Session, hall["session_id"]), vote_id)
        result = vote.result
        assert db.scalar(select(func.count(NamedChoice.id)).where(NamedChoice.vote_id == vote_id)) == 7
    # 5 of 9 in office: more than half of the TOTAL → passed
    assert result["sentence"] == "5/8 đại biểu có mặt tán thành, chiếm 55,56% tổng số đại biểu"
    assert result["passed"] and result["needed"] == 5 and result["not_voted"] == 1
    assert result["rule_text"] == "quá nửa tổng số đại biểu (5/9)"


def test_a_majority_of_those_present_is_not_enough(factory: Any, hall: dict[str, Any]) -> None:
    open_and_check_in(factory, hall, 6)
    vote_id = open_motion(factory, hall)
    for i, choice in enumerate(["yes"] * 4 + ["no"] * 2):
        ballot(factory, hall, hall["people"][i], vote_id, choice, f"k-{i:06d}")
    vote = act(factory, hall, votes.close_vote, votes.VoteRef(vote_id), None)
    assert (
        not vote.result["passed"] and vote.result["verdict"] == "Không thông qua"
    )  # 4/6 present, but 4/9 of total


def test_two_thirds_and_custom_rules(factory: Any, hall: dict[str, Any]) -> None:
    open_and_check_in(factory, hall, 9)
    vote_id = open_motion(factory, hall, rule="two_thirds", options=["Đồng ý", "Không đồng ý", "Phiếu trắng"])
    for i in range(6):
        ballot(factory, hall, hall["people"][i], vote_id, "yes", f"t-{i:06d}")
    vote = act(factory, hall, votes.close_vote, votes.VoteRef(vote_id), None)
    assert vote.result["passed"] and vote.result["needed"] == 6
    assert vote.result["sentence"] == "6/9 đại biểu có mặt đồng ý, chiếm 66,67% tổng số đại biểu"
    custom = open_motion(factory, hall, rule="custom", fraction="3/4", strict=True, repeat_of_id=vote_id)
    with factory() as db:
        v = votes.get_vote(db, db.get(Session, hall["session_id"]), custom)
        assert (v.fraction, v.strict, v.repeat_of_id, v.number) == ("3/4", True, vote_id, 2)
    assert refused(factory, hall, votes.cancel_vote, votes.VoteRef(vote_id), None).status == 409
    act(factory, hall, votes.cancel_vote, votes.VoteRef(custom), None)
    assert (
        refused(
            factory,
            hall,
            lambda db, s: votes.open_vote(
                db, s, votes.VoteOpening.parse({"title": "X", "rule": "custom", "fraction": "7/5"}), None
            ),
        ).field
        == "fraction"
    )
    assert (
        refused(
            factory,
            hall,
            lambda db, s: votes.open_vote(
                db, s, votes.VoteOpening.parse({"title": "X", "options": ["Có"]}), None
            ),
        ).field
        == "options"
    )


def test_secret_confidence_rating_links_nobody_to_a_choice(factory: Any, hall: dict[str, Any]) -> None:
    open_and_check_in(factory, hall, 9)
    first, second = hall["official_ids"]
    vote_id = act(
        factory,
        hall,
        votes.open_vote,
        votes.VoteOpening.parse(
            {"kind": "confidence_rating", "title": "Lấy phiếu tín nhiệm", "official_ids": [first, second]}
        ),
        None,
    ).id
    sa, sb = f"official-{first}", f"official-{second}"
    for i in range(9):
        choice = {sa: "low" if i < 6 else "normal", sb: "high" if i < 5 else "low"}
        ballot(factory, hall, hall["people"][i], vote_id, choice, f"secret-{i:04d}")
        if i % 4 == 0:
            assert act(factory, hall, ballots.report_progress, vote_id)
    assert not act(factory, hall, ballots.report_progress, 999)
    with factory() as db:  # while open, the screens learn how many voted, not how
        view = results.vote_view(db, votes.get_vote(db, db.get(Session, hall["session_id"]), vote_id))
        assert view["cast"] == 9 and "counts" not in view and view["result"] is None
    vote = act(factory, hall, votes.close_vote, votes.VoteRef(vote_id), None)
    subjects = {s["key"]: s for s in vote.result["subjects"]}
    assert subjects[sa]["two_thirds"] and subjects[sa]["over_half"]
    assert not subjects[sb]["over_half"] and "Không thuộc" in subjects[sb]["verdict"]
    with factory() as db:
        # nothing stored names a delegate next to a choice
        assert db.scalar(select(func.count(NamedChoice.id)).where(NamedChoice.vote_id == vote_id)) == 0
        assert db.scalar(select(func.sum(SecretTally.count)).where(SecretTally.vote_id == vote_id)) == 18
        progress = list(db.scalars(select(SessionEvent).where(SessionEvent.type == "vote.progress")))
        assert [e.data for e in progress] == [{"vote_id": vote_id, "cast": n} for n in (1, 5, 9)]
        cast = list(db.scalars(select(AuditEntry).where(AuditEntry.action == "ballot.cast")))
        assert len(cast) == 9 and all(set(entry.detail) == {"vote_id", "person_id"} for entry in cast)
        assert db.scalar(select(func.count(VoteParticipation.id))) == 9
        assert set(SecretTally.__table__.columns.keys()) == {"vote_id", "subject", "option", "count"}


def test_confidence_vote(factory: Any, hall: dict[str, Any]) -> None:
    open_and_check_in(factory, hall, 9)
    official = hall["official_ids"][0]
    vote_id = act(
        factory,
        hall,
        votes.open_vote,
        votes.VoteOpening.parse(
            {
                "kind": "confidence_vote",
                "title": "Bỏ phiếu tín nhiệm",
                "official_ids": [official],
                "secret": False,
            }
        ),
        None,
    ).id
    for i in range(9):
        ballot(
            factory,
            hall,
            hall["people"][i],
            vote_id,
            "no_confidence" if i < 5 else "confidence",
            f"cv-{i:05d}",
        )
    vote = act(factory, hall, votes.close_vote, votes.VoteRef(vote_id), None)
    assert vote.secret  # always secret, whatever was asked
    assert (
        vote.result["subjects"][0]["over_half"]
        and "Không được tín nhiệm" in vote.result["subjects"][0]["verdict"]
    )


def test_absent_voting_when_the_session_allows_it(factory: Any, hall: dict[str, Any]) -> None:
    open_and_check_in(factory, hall, 6)
    act(factory, hall, opening.set_options, opening.SittingOptions.parse({"allow_absent_voting": True}), None)
    vote_id = open_motion(factory, hall)
    ballot(factory, hall, hall["people"][8], vote_id, "yes", "remote-0001")
    assert (
        "delegate"
        in refused(
            factory,
            hall,
            lambda db, s: ballots.cast_ballot(  # still only delegates
                db,
                s,
                None,
                ballots.Ballot.parse({"vote_id": vote_id, "ballot_id": "guest-0001", "choice": "yes"}),
                None,
            ),
        ).en
    )


def test_events_are_versioned_and_replayable(factory: Any, hall: dict[str, Any]) -> None:
    open_and_check_in(factory, hall, 3)
    with factory() as db:
        all_events = events.since(db, hall["session_id"], 0)
        assert [e.version for e in all_events] == [1, 2, 3, 4, 5]
        assert [e.type for e in all_events] == [
            "agenda",
            "sitting.opened",
            "attendance",
            "attendance",
            "attendance",
        ]
        assert all_events[0].data["status"] == "published"  # publishing announced the agenda
        assert [e.version for e in events.since(db, hall["session_id"], 3)] == [4, 5]
        snap = snapshot(db, db.get(Session, hall["session_id"]), viewer_person_id=hall["people"][0])
    assert snap["version"] == 5 and snap["quorum"]["present"] == 3 and snap["me"]["can_vote"] == []
    assert [a["seat_label"] for a in snap["attendance"]][:2] == ["A01", "A02"]


def disable_append_only(db: Any) -> None:
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("DROP TRIGGER audit_entry_append_only ON audit_entry"))
    else:
        db.execute(text("DROP TRIGGER audit_entry_no_update"))
        db.execute(text("DROP TRIGGER audit_entry_no_delete"))


def test_audit_chain_verifies_and_names_the_first_broken_link(factory: Any, hall: dict[str, Any]) -> None:
    open_and_check_in(factory, hall, 6)
    vote_id = open_motion(factory, hall)
    ballot(factory, hall, hall["people"][0], vote_id, "yes", "audit-0001")
    with factory() as db:
        verdict = audit.verify(db)
        # 13 setting up the council (council, term, 9 delegates, 2 officials), 5 preparing the session, 9 sitting
        assert verdict.ok and verdict.entries == 27
    with pytest.raises(DBAPIError, match="append-only"), storage.transaction(factory) as db:
        db.get(AuditEntry, 4).actor = "ke-gian"  # the database itself refuses
    with pytest.raises(DBAPIError, match="append-only"), storage.transaction(factory) as db:
        db.delete(db.get(AuditEntry, 9))
    with storage.transaction(factory) as db:  # someone with the database owner's rights goes further
        disable_append_only(db)
    with storage.transaction(factory) as db:
        entry = db.get(AuditEntry, 4)
        entry.detail = {**entry.detail, "forged": True}
    with factory() as db:
        verdict = audit.verify(db)
        assert not verdict.ok and verdict.broken_at == 4 and "hash" in verdict.reason
    with storage.transaction(factory) as db:
        db.delete(db.get(AuditEntry, 4))
    with factory() as db:
        assert audit.verify(db).broken_at == 4


def test_a_session_record_checks_its_own_entries_and_their_links(factory: Any, hall: dict[str, Any]) -> None:
    """The record's seal reads only the session's entries (and the hashes just before them), however long
    the council's trail; a forged or removed entry of the session still shows."""
    open_and_check_in(factory, hall, 6)
    vote_id = open_motion(factory, hall)
    ballot(factory, hall, hall["people"][0], vote_id, "yes", "audit-0002")
    sid = hall["session_id"]
    with storage.transaction(factory) as db:  # entries of the council between the session's own
        audit.append(db, "council.note", {"n": 1})
    ballot(factory, hall, hall["people"][1], vote_id, "no", "audit-0003")
    with factory() as db:
        mine = list(
            db.scalars(select(AuditEntry.seq).where(AuditEntry.session_id == sid).order_by(AuditEntry.seq))
        )
        verdict = audit.verify_session(db, sid)
        assert verdict.ok and verdict.entries == len(mine) and len(mine) < audit.verify(db).entries
    with storage.transaction(factory) as db:
        disable_append_only(db)
    with storage.transaction(factory) as db:  # the council's entry in between is forged: not this record's
        other = db.scalar(select(AuditEntry).where(AuditEntry.action == "council.note"))
        other.detail = {"n": 2}
    with factory() as db:
        assert audit.verify_session(db, sid).ok and not audit.verify(db).ok
    with storage.transaction(factory) as db:  # one of the session's own entries is forged
        entry = db.get(AuditEntry, mine[-1])
        entry.actor = "ke-gian"
    with factory() as db:
        verdict = audit.verify_session(db, sid)
        assert verdict.broken_at == mine[-1] and "hash" in verdict.reason
    with storage.transaction(factory) as db:  # … or removed: the next one no longer links
        db.delete(db.get(AuditEntry, mine[-1]))
        db.delete(db.get(AuditEntry, mine[2]))
    with factory() as db:
        verdict = audit.verify_session(db, sid)
        assert verdict.broken_at == mine[3] and "missing" in verdict.reason

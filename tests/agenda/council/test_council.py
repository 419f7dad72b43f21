"""Setting up a term and preparing a session, on SQLite and PostgreSQL: the rules and their refusals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from agenda import db as storage
from agenda.council import delegates, items, memberships, organizations, sessions, terms
from agenda.council.delegates import DelegateInput, DelegatePatch
from agenda.council.items import AgendaItemInput, AgendaItemPatch, OrderInput
from agenda.council.memberships import MembershipInput, MembershipPatch
from agenda.council.sessions import SessionInput
from agenda.errors import Conflict, DomainError
from agenda.models import AgendaItem, Mandate, Person, Session, SessionStatus, Term


def refused(factory: Any, fn: Any, *args: Any) -> DomainError:
    """Run ``fn(db, *args)`` in a transaction that must fail; returns the error (the transaction rolled back)."""
    with pytest.raises(DomainError) as info, storage.transaction(factory) as db:
        fn(db, *args)
    return info.value


def test_term_numbers_are_unique_per_council_and_dates_ordered(factory: Any, small_council: dict) -> None:
    def dup(db: Any) -> None:
        terms.create_term(
            db, terms.home_council(db), terms.TermInput.parse({"number": 17, "starts_on": "2031-03-15"})
        )

    assert isinstance(refused(factory, dup), Conflict)

    def backwards(db: Any) -> None:
        terms.create_term(
            db,
            terms.home_council(db),
            terms.TermInput.parse({"number": 18, "starts_on": "2031-03-15", "ends_on": "2030-01-01"}),
        )

    assert refused(factory, backwards).field == "ends_on"


def test_a_seat_cannot_hold_two_delegates_and_nothing_is_half_written(
    factory: Any, small_council: dict
) -> None:
    with factory() as db:
        persons_before = db.scalar(select(func.count(Person.id)))

    def clash(db: Any) -> None:
        delegates.add_delegate(
            db,
            db.get(Term, small_council["term_id"]),
            DelegateInput.parse({"full_name": "Bùi Văn Mới", "seat_label": "a01"}),
        )

    error = refused(factory, clash)
    assert error.field == "seat_label" and "A01" in error.vi
    with factory() as db:  # the Person row created before the clash was found is rolled back too
        assert db.scalar(select(func.count(Person.id))) == persons_before


def test_the_seat_of_a_former_delegate_can_be_reused(factory: Any, small_council: dict) -> None:
    with storage.transaction(factory) as db:  # A05 ended 2026-06-30
        mandate = delegates.add_delegate(
            db,
            db.get(Term, small_council["term_id"]),
            DelegateInput.parse({"full_name": "Hồ Thị Lan", "seat_label": "A05", "started_on": "2026-09-01"}),
        )
        assert mandate.seat_label == "A05"

    def early(db: Any) -> None:  # but not while the former delegate still held it
        delegates.add_delegate(
            db,
            db.get(Term, small_council["term_id"]),
            DelegateInput.parse(
                {"full_name": "Ngô Văn Hải", "seat_label": "A05", "started_on": "2026-05-01"}
            ),
        )

    assert refused(factory, early).field == "seat_label"


def test_a_delegate_does_not_hold_two_seats_at_once(factory: Any, small_council: dict) -> None:
    def second_seat(db: Any) -> None:
        delegates.add_delegate(
            db,
            db.get(Term, small_council["term_id"]),
            DelegateInput.parse({"person_id": small_council["person_ids"][0], "seat_label": "B01"}),
        )

    assert "đã giữ một ghế" in refused(factory, second_seat).vi

    with storage.transaction(factory) as db:  # after the seat ended, a new mandate (by-election) is fine
        delegates.add_delegate(
            db,
            db.get(Term, small_council["term_id"]),
            DelegateInput.parse({"person_id": small_council["person_ids"][4], "started_on": "2027-01-01"}),
        )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"full_name": ""}, "full_name"),
        ({"full_name": "X" * 200}, "full_name"),
        ({"full_name": "Lý Văn Tám", "started_on": "2020-01-01"}, "started_on"),
        ({"full_name": "Lý Văn Tám", "started_on": "31/02/2027"}, "started_on"),
        ({"full_name": "Lý Văn Tám", "gender": "khác"}, "gender"),
        ({"full_name": "Lý Văn Tám", "birth_year": 2020}, "birth_year"),
        ({"full_name": "Lý Văn Tám", "ended_on": "2026-01-01"}, "ended_on"),
    ],
)
def test_bad_delegate_input_names_the_field(
    factory: Any, small_council: dict, data: dict, field: str
) -> None:
    def add(db: Any) -> None:
        delegates.add_delegate(db, db.get(Term, small_council["term_id"]), DelegateInput.parse(data))

    error = refused(factory, add)
    assert error.field == field
    assert error.vi and error.en and error.vi != error.en


def test_ending_a_mandate_needs_a_reason(factory: Any, small_council: dict) -> None:
    def end(db: Any) -> None:
        delegates.update_delegate(
            db,
            db.get(Mandate, small_council["mandate_ids"][0]),
            DelegatePatch.parse({"ended_on": "2027-01-01"}),
        )

    assert refused(factory, end).field == "end_reason"


def test_membership_rules(factory: Any, small_council: dict) -> None:
    persons = small_council["person_ids"]

    def org(db: Any, key: str) -> Any:
        return organizations.get_organization(db, small_council[key])

    def second_head(db: Any) -> None:
        memberships.add_membership(
            db, org(db, "ban_id"), MembershipInput.parse({"person_id": persons[2], "role": "head"})
        )

    assert refused(factory, second_head).field == "role"

    def two_groups(db: Any) -> None:
        other = organizations.create_organization(
            db,
            db.get(Term, small_council["term_id"]),
            organizations.OrganizationInput.parse({"kind": "group", "name": "Tổ đại biểu số 2"}),
        )
        memberships.add_membership(db, other, MembershipInput.parse({"person_id": persons[1]}))

    assert "một Tổ" in refused(factory, two_groups).vi

    def former_delegate(db: Any) -> None:
        memberships.add_membership(
            db,
            org(db, "ban_id"),
            MembershipInput.parse({"person_id": persons[4], "started_on": "2026-08-01"}),
        )

    assert refused(factory, former_delegate).field == "person_id"

    with storage.transaction(factory) as db:  # the head steps down; a new head from the next day is fine
        head = org(db, "ban_id").memberships[0]
        memberships.update_membership(db, head, MembershipPatch.parse({"ended_on": "2026-10-31"}))
        memberships.add_membership(
            db,
            org(db, "ban_id"),
            MembershipInput.parse({"person_id": persons[2], "role": "head", "started_on": "2026-11-01"}),
        )


def test_session_rules(factory: Any, small_council: dict) -> None:
    def term(db: Any) -> Term:
        return db.get(Term, small_council["term_id"])

    assert (
        refused(
            factory,
            lambda db: sessions.create_session(
                db, term(db), SessionInput.parse({"number": 1, "starts_on": "2027-02-01"})
            ),
        ).field
        == "number"
    )
    assert (
        refused(
            factory,
            lambda db: sessions.create_session(
                db, term(db), SessionInput.parse({"starts_on": "2027-02-03", "ends_on": "2027-02-01"})
            ),
        ).field
        == "ends_on"
    )
    assert (
        refused(
            factory,
            lambda db: sessions.create_session(db, term(db), SessionInput.parse({"starts_on": "2032-01-01"})),
        ).field
        == "starts_on"
    )
    assert (
        refused(
            factory,
            lambda db: sessions.create_session(
                db, term(db), SessionInput.parse({"starts_on": "2027-02-01", "quorum_fraction": "5/3"})
            ),
        ).field
        == "fraction"
    )
    with storage.transaction(factory) as db:
        empty = sessions.create_session(
            db, term(db), SessionInput.parse({"starts_on": "2027-05-05", "session_type": "urgent"})
        )
        assert empty.number == 3
        assert sessions.session_heading(empty, terms.home_council(db)) == (
            "Kỳ họp thứ 3 (kỳ họp giải quyết công việc phát sinh đột xuất) HĐND tỉnh Ninh Bình khóa XVII"
        )
        empty_id = empty.id
    assert (
        refused(factory, lambda db: sessions.publish_session(db, db.get(Session, empty_id))).code
        == "empty_agenda"
    )
    assert isinstance(
        refused(
            factory, lambda db: sessions.delete_session(db, db.get(Session, small_council["session_id"]))
        ),
        Conflict,
    )


def test_agenda_reorder_is_all_or_nothing(factory: Any, small_council: dict) -> None:
    sid = small_council["session_id"]
    with factory() as db:
        before = [(i.id, i.position, i.depth) for i in db.get(Session, sid).items]
    ids = [i for i, _, _ in before]

    def partial(db: Any) -> None:
        items.reorder_agenda(
            db, db.get(Session, sid), OrderInput.parse({"items": [{"id": ids[2]}, {"id": ids[0]}]})
        )

    assert refused(factory, partial).field == "items"

    def twice(db: Any) -> None:
        items.reorder_agenda(
            db,
            db.get(Session, sid),
            OrderInput.parse({"items": [{"id": ids[0]}, {"id": ids[0]}, {"id": ids[1]}]}),
        )

    refused(factory, twice)
    with factory() as db:
        assert [(i.id, i.position, i.depth) for i in db.get(Session, sid).items] == before

    with storage.transaction(factory) as db:
        session = db.get(Session, sid)
        items.reorder_agenda(
            db,
            session,
            OrderInput.parse(
                {
                    "items": [
                        {"id": ids[1], "depth": 1},
                        {"id": ids[2], "depth": 1},
                        {"id": ids[0], "depth": 0},
                    ]
                }
            ),
        )
    with factory() as db:
        numbered = [(n, i.id) for n, i in sessions.numbered_items(db.get(Session, sid))]
        assert numbered == [("1", ids[1]), ("1.1", ids[2]), ("2", ids[0])]


def test_deleting_an_item_closes_the_gap(factory: Any, small_council: dict) -> None:
    sid = small_council["session_id"]
    with storage.transaction(factory) as db:
        session = db.get(Session, sid)
        items.add_agenda_item(db, session, AgendaItemInput.parse({"title": "Bế mạc", "kind": "procedural"}))
        items.delete_agenda_item(db, session.items[0])
    with factory() as db:
        session = db.get(Session, sid)
        assert [i.position for i in session.items] == [1, 2, 3]
        assert [n for n, _ in sessions.numbered_items(session)] == [
            "1",
            "1.1",
            "2",
        ]  # first item's depth forced to 0
        assert db.scalar(select(func.count(AgendaItem.id)).where(AgendaItem.session_id == sid)) == 3


def test_closed_sessions_cannot_be_edited(factory: Any, small_council: dict) -> None:
    with storage.transaction(factory) as db:
        db.get(Session, small_council["session_id"]).status = SessionStatus.CLOSED
    assert isinstance(
        refused(
            factory,
            lambda db: items.add_agenda_item(
                db, db.get(Session, small_council["session_id"]), AgendaItemInput("Muộn")
            ),
        ),
        Conflict,
    )


def test_the_current_term_is_the_one_in_force(factory: Any, small_council: dict) -> None:
    with storage.transaction(factory) as db:
        home = terms.home_council(db)
        terms.create_term(db, home, terms.TermInput(16, dt.date(2021, 6, 1), dt.date(2026, 3, 14)))
        assert terms.current_term(db, home, dt.date(2025, 1, 1)).number == 16
        assert terms.current_term(db, home, dt.date(2027, 1, 1)).number == 17
        assert terms.current_term(db, home, dt.date(2040, 1, 1)).number == 17  # none in force: the latest


def test_every_change_of_a_session_is_audited_and_published_agendas_announce_changes(
    factory: Any, small_council: dict
) -> None:
    from agenda import audit, events
    from agenda.models import AuditEntry

    draft_id, sid = small_council["draft_id"], small_council["session_id"]
    with storage.transaction(factory) as db:
        items.add_agenda_item(db, db.get(Session, draft_id), AgendaItemInput("Thảo luận tổ"), actor="thuky")
        sessions.publish_session(db, db.get(Session, draft_id), actor="thuky")
        item = items.add_agenda_item(db, db.get(Session, sid), AgendaItemInput("Bế mạc"), actor="thuky")
        items.update_agenda_item(db, item, AgendaItemPatch.of(title="Bế mạc kỳ họp"), actor="thuky")
    with factory() as db:
        actions = [
            (e.session_id, e.action, e.actor) for e in db.scalars(select(AuditEntry).order_by(AuditEntry.seq))
        ]
        assert (draft_id, "agenda.item_added", "thuky") in actions
        assert (draft_id, "agenda", "thuky") in actions and (sid, "agenda", "thuky") in actions
        assert audit.verify(db).ok
        agenda_events = [e for e in events.since(db, sid, 0) if e.type == "agenda"]
        assert [i["title"] for i in agenda_events[-1].data["agenda"]][-1] == "Bế mạc kỳ họp"
        assert agenda_events[-1].data["agenda"][-1]["number"] == "3"

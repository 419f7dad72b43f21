"""Starting from nothing and editing councils and terms afterwards, on SQLite and PostgreSQL: the rules of
levels, parents, the home council and terms, each refusal leaving nothing behind, each change audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from agenda import audit
from agenda import db as storage
from agenda.council import councils, terms
from agenda.council.councils import CouncilInput, CouncilPatch
from agenda.council.setup import SetupInput, initialise, is_set_up
from agenda.council.terms import TermInput, TermPatch
from agenda.errors import Conflict, DomainError
from agenda.models import AuditEntry, Council, CouncilLevel, Role, Term, User


def setup_data(**council: Any) -> dict[str, Any]:
    return {
        "council": {"name": "Hội đồng nhân dân xã Yên Mô", "place_name": "Yên Mô", "level": "commune"}
        | council,
        "term": {"number": 21, "starts_on": "15/03/2026", "ends_on": "2031-03-14", "seats": 30},
        "admin": {"username": "quantri", "password": "mat-khau-dai-du"},
    }


def refused(factory: Any, fn: Any) -> DomainError:
    """Run ``fn(db)`` in a transaction that must fail; returns the error (the transaction rolled back)."""
    with pytest.raises(DomainError) as info, storage.transaction(factory) as db:
        fn(db)
    return info.value


def count(factory: Any, model: Any) -> int:
    with factory() as db:
        return int(db.scalar(select(func.count()).select_from(model)))


def test_initialise_creates_council_term_and_admin_once(factory: Any) -> None:
    with factory() as db:
        assert not is_set_up(db)
    with storage.transaction(factory) as db:
        done = initialise(db, SetupInput.parse(setup_data()))
        assert done.council.is_home and done.council.short_name == "HĐND xã Yên Mô"
        assert done.council.time_zone == "Asia/Ho_Chi_Minh"
        assert done.admin.roles == {Role.ADMIN} and done.admin.password_hash
    with factory() as db:
        assert is_set_up(db)
        assert terms.home_term(db).number == 21
        actions = list(db.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))
        assert actions == ["council.created", "term.created", "user.created", "setup.initialised"]
        assert audit.verify(db).ok
    error = refused(factory, lambda db: initialise(db, SetupInput.parse(setup_data())))
    assert isinstance(error, Conflict) and "đã được khởi tạo" in error.vi
    assert count(factory, Council) == 1 and count(factory, User) == 1


def test_initialise_is_all_or_nothing(factory: Any) -> None:
    """The admin's username is refused after the council and term were made: none of the three stays."""
    data = setup_data()
    data["admin"]["username"] = "Có Dấu"
    with pytest.raises(DomainError):
        SetupInput.parse(data)
    with storage.transaction(factory) as db:  # an account already holding the username
        from agenda.accounts.users import UserInput, create_user

        create_user(db, UserInput.parse({"username": "quantri", "display_name": "x", "roles": ["secretary"]}))
    error = refused(factory, lambda db: initialise(db, SetupInput.parse(setup_data())))
    assert error.field == "username"
    assert count(factory, Council) == 0 and count(factory, Term) == 0 and count(factory, User) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"level": "district"}, "abolished_on"),  # district councils are archive only
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"time_zone": "../../etc/passwd"}, "time_zone"),
        ({"level": "ward"}, "level"),
        ({"parent_id": 1}, "parent_id"),  # a parent is added afterwards, from the Council page
        ({"mayor": "x"}, "mayor"),  # a misspelt field is refused, not dropped
    ],
)
def test_setup_refuses_bad_councils(factory: Any, change: dict[str, Any], field: str) -> None:
    with pytest.raises(DomainError) as info, storage.transaction(factory) as db:
        initialise(db, SetupInput.parse(setup_data(**change)))
    assert info.value.field == field
    assert count(factory, Council) == 0


def test_setup_needs_a_password(factory: Any) -> None:
    data = setup_data()
    del data["admin"]["password"]
    with pytest.raises(DomainError) as info:
        SetupInput.parse(data)
    assert info.value.field == "password"


def province(name: str = "Ninh Bình") -> CouncilInput:
    return CouncilInput(f"Hội đồng nhân dân tỉnh {name}", f"HĐND tỉnh {name}", name, CouncilLevel.PROVINCE)


def test_parents_are_province_councils(factory: Any) -> None:
    with storage.transaction(factory) as db:
        home = initialise(db, SetupInput.parse(setup_data())).council
        parent = councils.create_council(db, province(), actor="quantri")
        councils.update_council(db, home, CouncilPatch.of(parent_id=parent.id), actor="quantri")
        home_id, parent_id = home.id, parent.id
    commune = CouncilInput("Hội đồng nhân dân xã Khánh", "HĐND xã Khánh", "Khánh", CouncilLevel.COMMUNE)
    # a commune under a commune; a province under a province; a province that is someone's parent demoted
    for fn, field in (
        (
            lambda db: councils.create_council(
                db, CouncilInput(**{**commune.__dict__, "parent_id": home_id})
            ),
            "parent_id",
        ),
        (
            lambda db: councils.create_council(
                db, CouncilInput(**{**province("Hà Nam").__dict__, "parent_id": parent_id})
            ),
            "parent_id",
        ),
        (
            lambda db: councils.update_council(
                db, db.get(Council, parent_id), CouncilPatch.of(level=CouncilLevel.COMMUNE)
            ),
            "level",
        ),
        (
            lambda db: councils.update_council(
                db, db.get(Council, home_id), CouncilPatch.of(parent_id=home_id)
            ),
            "parent_id",
        ),
    ):
        assert refused(factory, fn).field == field
    with factory() as db:
        assert db.get(Council, home_id).parent_id == parent_id  # type: ignore[union-attr]
        assert db.get(Council, parent_id).level == CouncilLevel.PROVINCE  # type: ignore[union-attr]
        updated = db.scalars(select(AuditEntry).where(AuditEntry.action == "council.updated")).one()
        assert updated.detail == {
            "council_id": home_id,
            "fields": ["parent_id"],
            "before": {"parent_id": None},
        }
        assert updated.actor == "quantri"


def test_one_home_council_and_it_is_in_force(factory: Any) -> None:
    with storage.transaction(factory) as db:
        home_id = initialise(db, SetupInput.parse(setup_data())).council.id
    error = refused(factory, lambda db: councils.create_council(db, province(), is_home=True))
    assert isinstance(error, Conflict)
    error = refused(
        factory,
        lambda db: councils.update_council(
            db, db.get(Council, home_id), CouncilPatch.of(abolished_on=dt.date(2026, 1, 1))
        ),
    )
    assert error.field == "abolished_on"
    # The database itself holds the rule: a second home row written past the functions is refused.
    with pytest.raises(IntegrityError), storage.transaction(factory) as db:
        db.execute(
            insert(Council).values(
                name="x", short_name="x", place_name="x", level=CouncilLevel.PROVINCE, is_home=True
            )
        )


def test_archive_district_council_with_its_abolition(factory: Any) -> None:
    with storage.transaction(factory) as db:
        parent = councils.create_council(db, province())
        district = CouncilInput.parse(
            {
                "name": "Hội đồng nhân dân huyện Gia Viễn",
                "place_name": "Gia Viễn",
                "level": "district",
                "abolished_on": "2025-07-01",
                "parent_id": parent.id,
            }
        )
        assert councils.create_council(db, district).short_name == "HĐND huyện Gia Viễn"


def test_terms_do_not_overlap_and_follow_their_numbers(factory: Any, small_council: dict[str, Any]) -> None:
    """The home council's khóa XVII runs 15/3/2026–14/3/2031 (tests/conftest.py)."""

    def add(number: int, starts: str, ends: str | None = None) -> Any:
        return lambda db: terms.create_term(
            db,
            terms.home_council(db),
            TermInput.parse({"number": number, "starts_on": starts, "ends_on": ends}),
        )

    assert refused(factory, add(18, "2030-01-01", "2035-01-01")).field == "starts_on"  # overlaps XVII
    assert refused(factory, add(16, "2027-01-01", "2028-01-01")).field == "starts_on"
    assert refused(factory, add(16, "2032-01-01", "2036-01-01")).field == "number"  # XVI after XVII
    assert isinstance(refused(factory, add(17, "2040-01-01")), Conflict)
    with storage.transaction(factory) as db:
        add(16, "2021-03-15", "2026-03-14")(db)  # the archive: the term before
        add(18, "2031-03-14")(db)  # the next one, starting the day the last ends; no end yet
    # An open-ended term overlaps every later one: its end is set first.
    error = refused(factory, add(19, "2036-03-15", "2041-03-14"))
    assert "ngày kết thúc" in error.vi
    with storage.transaction(factory) as db:
        term = db.scalars(select(Term).where(Term.number == 18)).one()
        terms.update_term(db, term, TermPatch.parse({"ends_on": "2036-03-14", "seats": 50}), actor="quantri")
        add(19, "2036-03-15")(db)
        assert terms.current_term(db, terms.home_council(db), dt.date(2032, 1, 1)).number == 18


def test_term_edits_keep_sessions_and_seats_inside(factory: Any, small_council: dict[str, Any]) -> None:
    """Khóa XVII has delegates seated on 15/3/2026 and a session: its start cannot move past them."""

    def move(db: Any) -> None:
        term = terms.home_term(db)
        terms.update_term(db, term, TermPatch.parse({"starts_on": "2026-12-31"}))

    assert isinstance(refused(factory, move), Conflict)
    with factory() as db:
        assert terms.home_term(db).starts_on == dt.date(2026, 3, 15)


def test_empty_database_says_run_kyhop_init(factory: Any) -> None:
    with factory() as db, pytest.raises(DomainError) as info:
        terms.home_council(db)
    assert "kyhop init" in info.value.vi and "kyhop init" in info.value.en
    assert info.value.code == "not_set_up" and info.value.status == 404


def test_a_commune_council_is_set_up_under_its_province(factory: Any) -> None:
    data = setup_data(parent_name="Hội đồng nhân dân tỉnh Ninh Bình")
    with storage.transaction(factory) as db:
        home = initialise(db, SetupInput.parse(data)).council
        assert home.parent is not None and home.parent.level == CouncilLevel.PROVINCE
        assert (home.parent.place_name, home.parent.is_home) == ("Ninh Bình", False)
    with factory() as db:
        assert terms.home_council(db).id == home.id
    # A province council has none; the parent comes by name (nothing exists yet to point at).
    bad = setup_data(
        level="province", name="Hội đồng nhân dân tỉnh Hà Nam", parent_name="Hội đồng nhân dân tỉnh X"
    )
    with pytest.raises(DomainError) as info:
        SetupInput.parse(bad)
    assert info.value.field == "parent_name"

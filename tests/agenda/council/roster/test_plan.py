"""A file against the database: created, updated or unchanged by the identity rule; the council's rules
kept row by row; the preview writes nothing; the import writes every row or none."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from agenda import db as storage
from agenda.council import terms
from agenda.council.roster import apply, parse
from agenda.council.roster.report import Report, RosterRefused
from agenda.errors import DomainError
from agenda.models import AuditEntry, Mandate, Membership, Organization, Person
from tests.agenda.council.roster.sheets import xlsx

HEADERS = ["Họ và tên", "Số ghế", "Ban", "Chức vụ trong Ban", "Tổ đại biểu", "Chức vụ trong Tổ"]


def _book(rows: list[list[Any]], headers: list[str] = HEADERS) -> parse.Workbook:
    return parse.read_workbook("ds.xlsx", xlsx(rows, headers))


def _counts(factory: Any) -> tuple[int, ...]:
    with storage.transaction(factory) as db:
        return tuple(
            int(db.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Person, Mandate, Organization, Membership, AuditEntry)
        )


def _preview(factory: Any, book: parse.Workbook) -> Report:
    with storage.transaction(factory) as db:
        return apply.dry_run(db, terms.home_council(db), terms.home_term(db), book, actor="thuky")


def _import(factory: Any, book: parse.Workbook) -> Report:
    with storage.transaction(factory) as db:
        council, term = terms.home_council(db), terms.home_term(db)
        return apply.import_roster(db, council, term, book, "ds.xlsx", actor="thuky")


def _actions(report: Report) -> list[tuple[int, str]]:
    return [(plan.number, plan.action.value) for plan in report.rows]


def test_rows_are_matched_by_name_and_birth_year_and_only_real_changes_count(
    factory: Any, small_council: dict[str, Any]
) -> None:
    book = _book(
        [
            ["Nguyễn Văn An", "A01", "Ban Pháp chế", "Trưởng Ban", None, None],  # as it is
            [
                "trần  thị bình",
                "B07",
                None,
                None,
                "Tổ đại biểu số 1",
                "Tổ trưởng",
            ],  # seat moves, name respelt
            ["Lê Hoàng Cường", "A03", "Ban Pháp chế", "Phó Trưởng Ban", None, None],  # joins the Ban
            ["Mai Anh Tú", "C01", "Ban Đô thị", None, "Tổ đại biểu số 2", "Tổ trưởng"],  # new, new Ban and Tổ
        ]
    )
    before = _counts(factory)
    report = _preview(factory, book)
    assert _actions(report) == [(2, "unchanged"), (3, "update"), (4, "update"), (5, "create")]
    changes = {(c.column.key, c.before, c.after) for c in report.rows[1].changes}
    assert changes == {("full_name", "Trần Thị Bình", "trần thị bình"), ("seat_label", "A02", "B07")}
    assert report.created_organizations == ("Ban Đô thị", "Tổ đại biểu số 2")
    assert _counts(factory) == before  # the preview wrote nothing

    done = _import(factory, book)
    assert done.counts()["delegates"] == {"create": 1, "update": 2, "unchanged": 1, "error": 0}
    people, mandates, orgs, members, entries = _counts(factory)
    assert (people, mandates, orgs, members) == (before[0] + 1, before[1] + 1, before[2] + 2, before[3] + 3)
    with storage.transaction(factory) as db:
        logged = db.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert logged is not None and logged.action == "roster.imported"
        assert logged.detail["delegates"]["create"] == 1 and logged.actor == "thuky"

    again = _import(factory, book)
    assert {plan.action.value for plan in again.rows} == {"unchanged"}
    assert _counts(factory)[-1] == entries  # the same file again wrote nothing, not even an audit entry


def test_a_row_a_council_rule_refuses_names_its_column_and_nothing_is_written(
    factory: Any, small_council: dict[str, Any]
) -> None:
    book = _book(
        [
            ["Mai Anh Tú", "C01", None, None, None, None],
            ["Đỗ Thị Hằng", "A01", None, None, None, None],  # Nguyễn Văn An's seat
            ["Lê Hoàng Cường", None, "Ban Pháp chế", "Trưởng Ban", None, None],  # the Ban has its Trưởng Ban
            ["Phạm Thu Dung", None, None, None, "Tổ đại biểu số 9", None],  # fine: her first Tổ
            ["Trần Thị Bình", None, None, None, "Tổ đại biểu số 9", None],  # already in Tổ 1
        ]
    )
    before = _counts(factory)
    report = _preview(factory, book)
    assert _actions(report) == [(2, "create"), (3, "error"), (4, "error"), (5, "update"), (6, "error")]
    errors = {plan.number: plan.errors[0] for plan in report.rows if plan.errors}
    assert errors[3].column is not None and errors[3].column.header == "Số ghế" and "A01" in errors[3].vi
    assert errors[4].column is not None and errors[4].column.header == "Chức vụ trong Ban"
    assert errors[6].column is not None and errors[6].column.header == "Tổ đại biểu"
    assert "Tổ đại biểu số 1" in errors[6].vi and errors[6].en

    with pytest.raises(RosterRefused) as refused:
        _import(factory, book)
    assert refused.value.status == 422 and "dòng 3" in refused.value.vi and "Số ghế" in refused.value.vi
    assert len(refused.value.as_dict("en")["report"]["rows"]) == 5  # type: ignore[index]
    assert _counts(factory) == before


def test_two_heads_of_one_tổ_in_a_file_refuse_the_second_on_its_role_column(
    factory: Any, small_council: dict[str, Any]
) -> None:
    book = _book(
        [
            ["Mai Anh Tú", "C01", None, None, "Tổ đại biểu số 5", "Tổ trưởng"],
            ["Đỗ Thị Hằng", "C02", None, None, "Tổ đại biểu số 5", "Tổ trưởng"],
        ]
    )
    report = _preview(factory, book)
    assert _actions(report) == [(2, "create"), (3, "error")]
    error = report.rows[1].errors[0]
    assert error.column is not None and error.column.header == "Chức vụ trong Tổ" and "Tổ trưởng" in error.vi
    assert report.created_organizations == ("Tổ đại biểu số 5",)  # once: the second row's attempt rolled back


def test_no_import_while_a_vote_is_open(factory: Any, small_council: dict[str, Any]) -> None:
    from agenda.council.sessions import get_session
    from agenda.sitting import opening, votes

    with storage.transaction(factory) as db:
        session = get_session(db, small_council["session_id"])
        opening.open_sitting(db, session, None, opening.SittingOpening(confirm=True))
        votes.open_vote(db, session, votes.VoteOpening.parse({"title": "Biểu quyết"}), None)
    book = _book([["Mai Anh Tú", "C01", None, None, None, None]])
    before = _counts(factory)
    for attempt in (_preview, _import):
        with pytest.raises(DomainError) as refused:
            attempt(factory, book)
        assert refused.value.status == 409 and "biểu quyết" in refused.value.vi
    assert _counts(factory) == before


def test_a_file_without_a_birth_year_column_matches_on_the_name_alone(
    factory: Any, small_council: dict[str, Any]
) -> None:
    with_years = _book(
        [["Mai Anh Tú", 1980, "C01"], ["Đỗ Thị Hằng", 1985, "C02"]], ["Họ và tên", "Năm sinh", "Số ghế"]
    )
    _import(factory, with_years)
    names_only = _book([["Mai Anh Tú", "C03"], ["Đỗ Thị Hằng", "C02"]], ["Họ và tên", "Số ghế"])
    report = _preview(factory, names_only)
    assert _actions(report) == [(2, "update"), (3, "unchanged")]
    assert [(c.column.key, c.after) for c in report.rows[0].changes] == [("seat_label", "C03")]
    # with the column, an empty year is a year of its own: someone else
    blank_year = _book([["Mai Anh Tú", None, "C09"]], ["Họ và tên", "Năm sinh", "Số ghế"])
    assert _actions(_preview(factory, blank_year)) == [(2, "create")]

"""Each checked row against the database: a delegate or official to create, to update (which fields, from
what to what), or unchanged — nothing is written here.

The identity rule: a delegate of the file is the delegate of the home term with the same full name (without
regard to case or extra spaces; diacritics count) and the same birth year (both empty counts as the same) —
or the same name alone when the file has no birth year column; the latest seat of that person is the one
compared. An official is the council's official with the same name
and agency (the latest post of theirs there). Two people in the database who share an identity make the row
an error: it cannot say which one it means.

Memberships: a named Ban or Tổ (or a role in Thường trực) that the delegate does not hold is added from the
start of their seat; a role different from the one held is changed. An import never ends or removes a
membership: a delegate who holds another Ban or Tổ is an error, to be moved on the Ban/Tổ page first.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.council.delegates import list_delegates
from agenda.council.memberships import role_label
from agenda.council.officials import list_officials
from agenda.council.roster.columns import Column, RosterList, column_named
from agenda.council.roster.validate import (
    CheckedRow,
    DelegateRow,
    MembershipCell,
    OfficialRow,
    RowError,
    delegate_identity,
    official_identity,
)
from agenda.models import (
    Council,
    Mandate,
    Membership,
    MembershipRole,
    Official,
    Organization,
    OrganizationKind,
    Term,
)
from agenda.text import fold

_PERSON_KEYS = ("full_name", "birth_year", "gender", "occupation", "email", "phone")
_SEAT_KEYS = ("constituency", "seat_label", "started_on", "ended_on", "end_reason")
_OFFICIAL_KEYS = ("full_name", "position", "agency", "started_on", "ended_on")


class Action(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass(frozen=True)
class Change:
    column: Column
    before: Any
    after: Any


@dataclass(frozen=True)
class MembershipStep:
    cell: MembershipCell
    membership_id: int | None = None  # the membership whose role changes; None: a membership to add


@dataclass(frozen=True)
class RowPlan:
    roster: RosterList
    number: int
    name: str
    action: Action
    row: DelegateRow | OfficialRow | None = None
    target_id: int | None = None  # the mandate or official updated
    changes: tuple[Change, ...] = ()
    steps: tuple[MembershipStep, ...] = ()
    errors: tuple[RowError, ...] = ()


def org_key(name: str) -> str:
    """A Ban's or Tổ's name as compared: without case or extra spaces, diacritics kept."""
    return fold(name, keep_marks=True)[0]


@dataclass
class Known:
    """What the database holds that the rows are compared to, read once."""

    term: Term
    seats: dict[tuple[str, int | None], list[Mandate]]  # identity → the latest seat of each such person
    named: dict[str, list[Mandate]]  # the same, by name alone (a file without a birth year column)
    officials: dict[tuple[str, str], list[Official]]
    open_memberships: dict[int, list[Membership]]  # person → memberships of the term still running

    @classmethod
    def read(cls, db: DbSession, council: Council, term: Term) -> Known:
        latest: dict[int, Mandate] = {}
        for mandate in list_delegates(db, term):
            if mandate.person_id not in latest or mandate.started_on > latest[mandate.person_id].started_on:
                latest[mandate.person_id] = mandate
        seats: dict[tuple[str, int | None], list[Mandate]] = defaultdict(list)
        named: dict[str, list[Mandate]] = defaultdict(list)
        for mandate in latest.values():
            identity = delegate_identity(mandate.person.full_name, mandate.person.birth_year)
            seats[identity].append(mandate)
            named[identity[0]].append(mandate)
        posts: dict[tuple[tuple[str, str], int], Official] = {}
        for official in list_officials(db, council):
            key = (official_identity(official.person.full_name, official.agency), official.person_id)
            if key not in posts or official.started_on >= posts[key].started_on:
                posts[key] = official
        officials: dict[tuple[str, str], list[Official]] = defaultdict(list)
        for (post, _), official in posts.items():
            officials[post].append(official)
        memberships: dict[int, list[Membership]] = defaultdict(list)
        stmt = (
            select(Membership)
            .join(Organization)
            .where(Organization.term_id == term.id, Membership.ended_on.is_(None))
            .order_by(Membership.id)
        )
        for ms in db.scalars(stmt):
            memberships[ms.person_id].append(ms)
        return cls(term, seats, named, officials, memberships)


def plan_rows(known: Known, roster: RosterList, rows: list[CheckedRow]) -> list[RowPlan]:
    return [_plan(known, roster, checked) for checked in rows]


def _plan(known: Known, roster: RosterList, checked: CheckedRow) -> RowPlan:
    row = checked.row
    if row is None:
        return RowPlan(roster, checked.number, checked.name, Action.ERROR, errors=checked.errors)
    if isinstance(row, DelegateRow):
        return _plan_delegate(known, row, checked.name)
    return _plan_official(known, row, checked.name)


def _ambiguous(roster: RosterList, number: int, name: str, vi: str, en: str) -> RowPlan:
    error = RowError(column_named(roster, "full_name"), vi, en)
    return RowPlan(roster, number, name, Action.ERROR, errors=(error,))


def _plan_delegate(known: Known, row: DelegateRow, name: str) -> RowPlan:
    roster = RosterList.DELEGATES
    by_year = (
        "birth_year" in row.given
    )  # without the column, the name alone (a column absent changes nothing)
    matches = known.seats.get(row.identity, []) if by_year else known.named.get(row.identity[0], [])
    if len(matches) > 1:
        return _ambiguous(
            roster,
            row.number,
            name,
            "Có nhiều đại biểu cùng họ tên và năm sinh này; sửa trên trang Đại biểu."
            if by_year
            else "Có nhiều đại biểu cùng họ tên này; thêm cột Năm sinh để phân biệt.",
            "Several delegates share this name and birth year; edit them on the Delegates page."
            if by_year
            else "Several delegates share this name; add a birth year column to tell them apart.",
        )
    if not matches:
        adds = tuple(MembershipStep(cell) for cell in row.memberships)
        return RowPlan(roster, row.number, name, Action.CREATE, row, steps=adds)
    mandate = matches[0]
    changes = []
    for key in row.given & {*_PERSON_KEYS, *_SEAT_KEYS}:
        holder: Any = mandate.person if key in _PERSON_KEYS else mandate
        after = getattr(row, key)
        if key == "started_on" and after is None:
            after = known.term.starts_on
        if getattr(holder, key) != after:
            changes.append(Change(column_named(roster, key), getattr(holder, key), after))
    steps, more, errors = _membership_steps(known, mandate.person_id, row)
    changes.extend(more)
    if errors:
        return RowPlan(roster, row.number, name, Action.ERROR, row, mandate.id, errors=tuple(errors))
    changes.sort(key=lambda c: [col.key for col in _ORDER].index(c.column.key))
    action = Action.UPDATE if changes else Action.UNCHANGED
    return RowPlan(roster, row.number, name, action, row, mandate.id, tuple(changes), tuple(steps))


_ORDER = tuple(column_named(RosterList.DELEGATES, k) for k in (*_PERSON_KEYS, *_SEAT_KEYS)) + tuple(
    column_named(RosterList.DELEGATES, k)
    for k in ("standing_role", "committee", "committee_role", "group", "group_role")
)


def _membership_steps(
    known: Known, person_id: int, row: DelegateRow
) -> tuple[list[MembershipStep], list[Change], list[RowError]]:
    steps: list[MembershipStep] = []
    changes: list[Change] = []
    errors: list[RowError] = []
    held = known.open_memberships.get(person_id, [])
    for cell in row.memberships:
        column = column_named(RosterList.DELEGATES, cell.column)
        same_kind = [ms for ms in held if ms.organization.kind == cell.kind]
        here = [
            ms for ms in same_kind if cell.name is None or org_key(ms.organization.name) == org_key(cell.name)
        ]
        if here:
            if here[0].role != cell.role:
                role_column = column_named(RosterList.DELEGATES, cell.role_column)
                before, after = role_label(cell.kind, here[0].role), role_label(cell.kind, cell.role)
                changes.append(Change(role_column, before, after))
                steps.append(MembershipStep(cell, here[0].id))
            continue
        if same_kind and cell.kind != OrganizationKind.STANDING:
            other = same_kind[0].organization.name
            errors.append(
                RowError(
                    column,
                    f"Đại biểu đang là thành viên “{other}”. Kết thúc thành viên đó trên trang Ban/Tổ rồi nhập lại.",
                    f"The delegate is a member of “{other}”. End that membership on the Ban/Tổ page, then "
                    "import again.",
                )
            )
            continue
        after = cell.name if cell.name is not None else role_label(cell.kind, cell.role)
        changes.append(Change(column, None, after))
        if cell.name is not None and cell.role != MembershipRole.MEMBER:
            role_column = column_named(RosterList.DELEGATES, cell.role_column)
            changes.append(Change(role_column, None, role_label(cell.kind, cell.role)))
        steps.append(MembershipStep(cell))
    return steps, changes, errors


def _plan_official(known: Known, row: OfficialRow, name: str) -> RowPlan:
    roster = RosterList.OFFICIALS
    matches = known.officials.get(row.identity, [])
    if len(matches) > 1:
        return _ambiguous(
            roster,
            row.number,
            name,
            "Có nhiều người cùng họ tên ở cơ quan này; sửa trên trang Người được chất vấn.",
            "Several officials share this name and agency; edit them on the Officials page.",
        )
    if not matches:
        return RowPlan(roster, row.number, name, Action.CREATE, row)
    official = matches[0]
    changes = []
    for key in _OFFICIAL_KEYS:
        if key not in row.given or (key == "started_on" and row.started_on is None):
            continue
        before = official.person.full_name if key == "full_name" else getattr(official, key)
        if before != getattr(row, key):
            changes.append(Change(column_named(roster, key), before, getattr(row, key)))
    action = Action.UPDATE if changes else Action.UNCHANGED
    return RowPlan(roster, row.number, name, action, row, official.id, tuple(changes))

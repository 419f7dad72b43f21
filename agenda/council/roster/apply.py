"""The planned rows written through the council's own functions (``add_delegate``, ``update_delegate``,
``add_membership``, ``add_official``…), so that every rule they keep — one seat per person at a time, one
hall seat per delegate, one Tổ at a time, one Trưởng Ban — holds for an import too, and every change is
audited as it is from the console.

Each row runs under a savepoint: a row a rule refuses is rolled back alone and its error kept (with the
column the rule named), so that one pass reports every refused row. :func:`dry_run` then rolls back the
whole file (the preview); :func:`import_roster` commits only a file without a single error — otherwise it
raises :class:`RosterRefused` and the caller's transaction rolls back: every row or none.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import audit
from agenda.council import delegates, memberships, officials, organizations
from agenda.council.people import PersonInput
from agenda.council.roster.columns import COLUMNS, Column, RosterList, column_named
from agenda.council.roster.parse import Workbook
from agenda.council.roster.plan import Action, Known, MembershipStep, RowPlan, org_key, plan_rows
from agenda.council.roster.report import Report, RosterRefused
from agenda.council.roster.validate import DelegateRow, OfficialRow, RowError, check_sheet
from agenda.errors import Conflict, DomainError
from agenda.models import Council, Mandate, Organization, OrganizationKind, Term, Vote, VoteStatus

STANDING_NAME = "Thường trực HĐND"


@dataclass
class _Run:
    db: DbSession
    council: Council
    term: Term
    actor: str | None
    created_organizations: list[str]


def plan_workbook(db: DbSession, council: Council, term: Term, book: Workbook) -> Report:
    """Every sheet's rows checked and compared to the database (nothing written)."""
    known = Known.read(db, council, term)
    plans: list[RowPlan] = []
    for sheet in book.sheets:
        plans.extend(plan_rows(known, sheet.roster, check_sheet(sheet)))
    return Report(book, tuple(plans))


def no_vote_open(db: DbSession) -> None:
    """An import (or its preview) waits until no vote is open: it holds the database while it writes
    (about 10 ms a row; on SQLite no ballot is recorded meanwhile), and the lists of a hall that is voting
    should not change under it."""
    if db.scalar(select(Vote.id).where(Vote.status == VoteStatus.OPEN).limit(1)) is not None:
        raise Conflict(
            "Đang có biểu quyết chưa kết thúc: nhập danh sách sau khi biểu quyết kết thúc.",
            "A vote is open: import the lists once it has closed.",
        )


def dry_run(db: DbSession, council: Council, term: Term, book: Workbook, *, actor: str | None) -> Report:
    """The preview: the plan, and what the council's rules would refuse in it, then everything rolled back."""
    no_vote_open(db)
    report = plan_workbook(db, council, term, book)
    savepoint = db.begin_nested()
    try:
        return _apply(_Run(db, council, term, actor, []), report)
    finally:
        savepoint.rollback()


def import_roster(
    db: DbSession, council: Council, term: Term, book: Workbook, filename: str, *, actor: str | None
) -> Report:
    """The whole file written (audited with its counts), or :class:`RosterRefused` (with every row's report)
    and nothing; a file that changes nothing writes nothing."""
    no_vote_open(db)
    run = _Run(db, council, term, actor, [])
    report = _apply(run, plan_workbook(db, council, term, book))
    if report.has_errors:
        raise RosterRefused(report)
    if all(plan.action == Action.UNCHANGED for plan in report.rows):
        return report  # the same file again: nothing to record
    audit.append(
        db,
        "roster.imported",
        {"file": filename, **report.counts(), "organizations_created": run.created_organizations},
        actor=actor,
    )
    return report


def _apply(run: _Run, report: Report) -> Report:
    done = []
    for plan in report.rows:
        if plan.action in (Action.CREATE, Action.UPDATE):
            plan = _apply_row(run, plan)
        done.append(plan)
    return replace(report, rows=tuple(done), created_organizations=tuple(run.created_organizations))


def _apply_row(run: _Run, plan: RowPlan) -> RowPlan:
    created = list(run.created_organizations)
    step: MembershipStep | None = None
    try:
        with run.db.begin_nested():
            if isinstance(plan.row, DelegateRow):
                mandate = _write_delegate(run, plan, plan.row)
                for step in plan.steps:
                    _write_membership(run, mandate, step)
            elif isinstance(plan.row, OfficialRow):
                _write_official(run, plan, plan.row)
    except DomainError as error:
        run.created_organizations[:] = created  # rolled back with the row
        named = _column_of(plan.roster, error.field, step)
        return replace(plan, action=Action.ERROR, errors=(RowError(named, error.vi, error.en),))
    return plan


def _column_of(roster: RosterList, field: str | None, step: MembershipStep | None) -> Column:
    """The column a refusal concerns: the membership's (its role's, for a role already held), or the field's."""
    if step is not None:
        return column_named(roster, step.cell.role_column if field == "role" else step.cell.column)
    return next((c for c in COLUMNS[roster] if c.key == field), column_named(roster, "full_name"))


def _write_delegate(run: _Run, plan: RowPlan, row: DelegateRow) -> Mandate:
    if plan.action == Action.CREATE:
        person = PersonInput(row.full_name, row.gender, row.occupation, row.email, row.phone, row.birth_year)
        values = delegates.DelegateInput(
            person, row.started_on, row.ended_on, row.end_reason, row.constituency, row.seat_label
        )
        return delegates.add_delegate(run.db, run.term, values, actor=run.actor)
    mandate = delegates.get_mandate(run.db, plan.target_id or 0)
    seat_and_person = delegates.DelegatePatch.READERS  # the other changes are memberships
    fields = {
        c.column.key: getattr(row, c.column.key) for c in plan.changes if c.column.key in seat_and_person
    }
    if fields:
        delegates.update_delegate(run.db, mandate, delegates.DelegatePatch.of(**fields), actor=run.actor)
    return mandate


def _write_membership(run: _Run, mandate: Mandate, step: MembershipStep) -> None:
    cell = step.cell
    if step.membership_id is not None:
        membership = memberships.get_membership(run.db, step.membership_id)
        patch = memberships.MembershipPatch.of(role=cell.role)
        memberships.update_membership(run.db, membership, patch, actor=run.actor)
        return
    org = _organization(run, cell.kind, cell.name or STANDING_NAME)
    values = memberships.MembershipInput(mandate.person_id, cell.role, started_on=mandate.started_on)
    memberships.add_membership(run.db, org, values, actor=run.actor)


def _organization(run: _Run, kind: OrganizationKind, name: str) -> Organization:
    """The term's Ban or Tổ of that name (or its Thường trực), created when it has none."""
    stmt = select(Organization).where(Organization.term_id == run.term.id, Organization.kind == kind)
    for org in run.db.scalars(stmt.order_by(Organization.id)):
        if kind == OrganizationKind.STANDING or org_key(org.name) == org_key(name):
            return org
    created = organizations.create_organization(
        run.db, run.term, organizations.OrganizationInput(kind, name), actor=run.actor
    )
    run.created_organizations.append(created.name)
    return created


def _write_official(run: _Run, plan: RowPlan, row: OfficialRow) -> None:
    if plan.action == Action.CREATE:
        values = officials.OfficialInput(
            PersonInput(row.full_name), row.position, row.agency, row.started_on, row.ended_on
        )
        officials.add_official(run.db, run.council, values, actor=run.actor)
        return
    official = officials.get_official(run.db, plan.target_id or 0)
    fields: dict[str, Any] = {c.column.key: getattr(row, c.column.key) for c in plan.changes}
    officials.update_official(run.db, official, officials.OfficialPatch.of(**fields), actor=run.actor)

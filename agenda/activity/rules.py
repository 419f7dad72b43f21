"""The rules an activity must keep, checked as a whole (on create, on every update, on import): its dates
(a completed activity is not completed in the future, on the council's clock), the term holding them, the
organiser matching its body, participants in office on its dates, counts only where they mean something."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import clock
from agenda.activity.values import ActivityInput
from agenda.clock import written_date
from agenda.council.office import overlapping
from agenda.errors import DomainError
from agenda.models import (
    ActivityKind,
    Council,
    Mandate,
    Organiser,
    Organization,
    OrganizationKind,
    Person,
    Session,
    Term,
)

BODY_OF: dict[Organiser, OrganizationKind] = {
    Organiser.STANDING: OrganizationKind.STANDING,
    Organiser.COMMITTEE: OrganizationKind.COMMITTEE,
    Organiser.GROUP: OrganizationKind.GROUP,
}
BODY_NAMES: dict[OrganizationKind, tuple[str, str]] = {
    OrganizationKind.STANDING: ("Thường trực HĐND", "the Standing Committee"),
    OrganizationKind.COMMITTEE: ("một Ban", "a committee (Ban)"),
    OrganizationKind.GROUP: ("một Tổ đại biểu", "a delegate group (Tổ)"),
}


def term_holding(db: DbSession, council: Council, start: dt.date, end: dt.date) -> Term:
    """The council's term whose dates hold [start, end] — an activity belongs to one term."""
    for term in db.scalars(select(Term).where(Term.council_id == council.id).order_by(Term.starts_on)):
        if term.starts_on <= start and (term.ends_on is None or end <= term.ends_on):
            return term
    raise DomainError(
        f"Không có nhiệm kỳ nào của {council.short_name} bao gồm thời gian {written_date(start)}"
        f" – {written_date(end)}.",
        f"No term of {council.short_name} holds the dates {written_date(start)} – {written_date(end)}.",
        code="no_term",
        field="starts_on",
    )


def in_office(db: DbSession, term: Term, person_ids: set[int], start: dt.date, end: dt.date) -> set[int]:
    """Those of ``person_ids`` who held a seat of ``term`` on some day of [start, end]."""
    if not person_ids:
        return set()
    stmt = overlapping(Mandate, start, end).where(
        Mandate.term_id == term.id, Mandate.person_id.in_(person_ids)
    )
    return {m.person_id for m in db.scalars(stmt)}


def _not_delegate(db: DbSession, person_id: int, start: dt.date, end: dt.date, key: str) -> DomainError:
    person = db.get(Person, person_id)
    name = person.full_name if person is not None else f"#{person_id}"
    return DomainError(
        f"{name} không phải là đại biểu đang làm nhiệm vụ trong thời gian {written_date(start)}"
        f" – {written_date(end)}.",
        f"{name} was not a delegate in office between {written_date(start)} and {written_date(end)}.",
        code="not_in_office",
        field=key,
    )


@dataclass(frozen=True)
class Checked:
    """An activity that keeps every rule, with its term and end date found."""

    values: ActivityInput
    term: Term
    ends_on: dt.date


def _check_dates(council: Council, values: ActivityInput) -> dt.date:
    ends_on = values.ends_on or values.starts_on
    if ends_on < values.starts_on:
        raise DomainError(
            "Ngày kết thúc không được trước ngày bắt đầu.",
            "The end date cannot be before the start date.",
            field="ends_on",
        )
    if values.completed_on is not None:
        today = clock.today(council)
        if values.completed_on > today:
            raise DomainError(
                f"Ngày hoàn thành ({written_date(values.completed_on)}) không được sau hôm nay"
                f" ({written_date(today)}).",
                f"The completion date ({written_date(values.completed_on)}) cannot be after today"
                f" ({written_date(today)}).",
                code="completed_in_future",
                field="completed_on",
            )
        if values.completed_on < values.starts_on:
            raise DomainError(
                "Ngày hoàn thành không được trước ngày bắt đầu.",
                "The completion date cannot be before the start date.",
                field="completed_on",
            )
    return ends_on


def _check_organiser(db: DbSession, values: ActivityInput, term: Term) -> None:
    wanted = BODY_OF.get(values.organiser)
    if wanted is None:
        if values.organization_id is not None:
            raise DomainError(
                "Hoạt động do HĐND hoặc một đại biểu tổ chức không gắn với Ban, Tổ hay Thường trực.",
                "An activity organised by the council or by one delegate has no organising body.",
                field="organization_id",
            )
        if values.organiser is Organiser.DELEGATE and values.lead_person_id is None:
            raise DomainError(
                "Vui lòng chọn đại biểu chủ trì.",
                "The lead delegate is required.",
                code="required",
                field="lead_person_id",
            )
        return
    if values.organization_id is None:
        raise DomainError(
            f"Vui lòng chọn {BODY_NAMES[wanted][0]} tổ chức hoạt động.",
            f"Choose {BODY_NAMES[wanted][1]} organising the activity.",
            code="required",
            field="organization_id",
        )
    body = db.get(Organization, values.organization_id)
    if body is None or body.term_id != term.id:
        raise DomainError(
            "Không tìm thấy cơ quan tổ chức trong nhiệm kỳ của hoạt động.",
            "The organising body is not one of the activity's term.",
            field="organization_id",
        )
    if body.kind is not wanted:
        raise DomainError(
            f"{body.name} không phải là {BODY_NAMES[wanted][0]}.",
            f"{body.name} is not {BODY_NAMES[wanted][1]}.",
            code="organiser_mismatch",
            field="organization_id",
        )


def _check_counts(values: ActivityInput) -> None:
    wrong = [
        (key, kind)
        for key, kind in (
            ("voters", ActivityKind.VOTER_CONTACT),
            ("citizens", ActivityKind.CITIZEN_RECEPTION),
        )
        if getattr(values, key) is not None and values.kind is not kind
    ]
    if values.cases is not None and values.kind is not ActivityKind.CITIZEN_RECEPTION:
        wrong.append(("cases", ActivityKind.CITIZEN_RECEPTION))
    if wrong:
        key, kind = wrong[0]
        where = (
            ("buổi tiếp xúc cử tri", "a voter-contact meeting")
            if kind is ActivityKind.VOTER_CONTACT
            else ("buổi tiếp công dân", "a citizen reception")
        )
        raise DomainError(
            f"Chỉ {where[0]} mới ghi số này.",
            f"Only {where[1]} records this number.",
            field=key,
        )


def _check_session(db: DbSession, values: ActivityInput, term: Term) -> None:
    if values.session_id is None:
        return
    session = db.get(Session, values.session_id)
    if session is None or session.term_id != term.id:
        raise DomainError(
            "Kỳ họp không thuộc nhiệm kỳ của hoạt động.",
            "The session is not one of the activity's term.",
            field="session_id",
        )


def _check_people(db: DbSession, values: ActivityInput, term: Term, ends_on: dt.date) -> None:
    seen: set[int] = set()
    for p in values.participants:
        if p.person_id in seen:
            raise DomainError(
                "Một đại biểu được ghi hai lần trong thành phần tham gia.",
                "A delegate is listed twice among the participants.",
                code="duplicate",
                field="participants",
            )
        seen.add(p.person_id)
    wanted = set(seen) | ({values.lead_person_id} if values.lead_person_id is not None else set())
    present = in_office(db, term, wanted, values.starts_on, ends_on)
    if values.lead_person_id is not None and values.lead_person_id not in present:
        raise _not_delegate(db, values.lead_person_id, values.starts_on, ends_on, "lead_person_id")
    for p in values.participants:
        if p.person_id not in present:
            raise _not_delegate(db, p.person_id, values.starts_on, ends_on, "participants")


def check(db: DbSession, council: Council, values: ActivityInput) -> Checked:
    """``values`` checked against every rule, or the first one broken as a :class:`DomainError`."""
    ends_on = _check_dates(council, values)
    _check_counts(values)
    term = term_holding(db, council, values.starts_on, ends_on)
    _check_organiser(db, values, term)
    _check_session(db, values, term)
    _check_people(db, values, term, ends_on)
    return Checked(values, term, ends_on)

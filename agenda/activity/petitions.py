"""Petitions (đơn thư: khiếu nại, tố cáo, kiến nghị, phản ánh): received (at a citizen reception or not),
forwarded to the competent body — the due date then fixed from the council's limit or the law's
(:mod:`agenda.activity.limits`) — resolved with an outcome; the overdue list (late to process, or past due)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import audit, clock
from agenda.activity.chain import Stage, petition_stage
from agenda.activity.followup_values import PetitionForwarding, PetitionInput, PetitionResolution
from agenda.activity.limits import due_date
from agenda.activity.rules import in_office, term_holding
from agenda.clock import written_date
from agenda.errors import Conflict, DomainError, found
from agenda.models import Activity, ActivityKind, Council, Petition, Term

LATE = frozenset({Stage.PROCESSING_LATE, Stage.OVERDUE})


def get_petition(db: DbSession, petition_id: int) -> Petition:
    return found(db.get(Petition, petition_id), "đơn thư", "Petition")


def _council(db: DbSession, council_id: int) -> Council:
    return found(db.get(Council, council_id), "Hội đồng nhân dân", "Council")


def _not_future(value: dt.date | None, today: dt.date, key: str) -> None:
    if value is not None and value > today:
        raise DomainError(
            f"Ngày ({written_date(value)}) không được sau hôm nay ({written_date(today)}).",
            f"The date ({written_date(value)}) cannot be after today ({written_date(today)}).",
            code="date_in_future",
            field=key,
        )


def _not_before(later: dt.date, earlier: dt.date, key: str) -> None:
    if later < earlier:
        raise DomainError(
            f"Ngày ({written_date(later)}) không được trước {written_date(earlier)}.",
            f"The date ({written_date(later)}) cannot be before {written_date(earlier)}.",
            code="dates_order",
            field=key,
        )


def receive(db: DbSession, council: Council, values: PetitionInput, *, actor: str | None = None) -> Petition:
    """A petition received by ``council`` (in the term holding the day received)."""
    _not_future(values.received_on, clock.today(council), "received_on")
    term = term_holding(db, council, values.received_on, values.received_on)
    if values.activity_id is not None:
        activity = found(db.get(Activity, values.activity_id), "buổi tiếp công dân", "Citizen reception")
        if activity.council_id != council.id or activity.kind is not ActivityKind.CITIZEN_RECEPTION:
            raise DomainError(
                "Đơn thư chỉ gắn với một buổi tiếp công dân của Hội đồng nhân dân này.",
                "A petition is attached only to a citizen reception of this council.",
                field="activity_id",
            )
    if values.handler_person_id is not None and not in_office(
        db, term, {values.handler_person_id}, values.received_on, values.received_on
    ):
        raise DomainError(
            "Người xử lý phải là đại biểu đang làm nhiệm vụ.",
            "The delegate handling it must be in office.",
            code="not_in_office",
            field="handler_person_id",
        )
    if values.external_id is not None and db.scalar(
        select(Petition.id).where(
            Petition.council_id == council.id, Petition.external_id == values.external_id
        )
    ):
        raise Conflict(
            f"Mã đơn “{values.external_id}” đã có.",
            f"The petition code “{values.external_id}” is already used.",
            field="external_id",
        )
    petition = Petition(
        council_id=council.id,
        term_id=term.id,
        activity_id=values.activity_id,
        handler_person_id=values.handler_person_id,
        external_id=values.external_id,
        kind=values.kind,
        sender=values.sender,
        subject=values.subject,
        received_on=values.received_on,
        created_by=actor,
    )
    db.add(petition)
    db.flush()
    audit.append(
        db,
        "petition.received",
        {"petition_id": petition.id, "council_id": council.id, "kind": str(values.kind)},
        actor=actor,
    )
    return petition


def forward(
    db: DbSession, petition: Petition, values: PetitionForwarding, *, actor: str | None = None
) -> Petition:
    """Forwarded to the competent body; the due date follows from the limit of its kind."""
    _not_future(values.forwarded_on, clock.today(_council(db, petition.council_id)), "forwarded_on")
    _not_before(values.forwarded_on, petition.received_on, "forwarded_on")
    if petition.resolved_on is not None:
        _not_before(petition.resolved_on, values.forwarded_on, "forwarded_on")
    petition.addressee, petition.forwarded_on = values.addressee, values.forwarded_on
    petition.due_on = due_date(
        db, petition.council_id, petition.kind, values.forwarded_on, complex_case=values.complex_case
    )
    db.flush()
    audit.append(
        db,
        "petition.forwarded",
        {"petition_id": petition.id, "addressee": values.addressee, "due_on": petition.due_on},
        actor=actor,
    )
    return petition


def resolve(
    db: DbSession, petition: Petition, values: PetitionResolution, *, actor: str | None = None
) -> Petition:
    """The competent body's result: resolved, partly or not."""
    _not_future(values.resolved_on, clock.today(_council(db, petition.council_id)), "resolved_on")
    _not_before(values.resolved_on, petition.forwarded_on or petition.received_on, "resolved_on")
    petition.resolved_on, petition.outcome, petition.result = (
        values.resolved_on,
        values.outcome,
        values.result,
    )
    db.flush()
    audit.append(
        db, "petition.resolved", {"petition_id": petition.id, "outcome": str(values.outcome)}, actor=actor
    )
    return petition


def delete_petition(db: DbSession, petition: Petition, *, actor: str | None = None) -> None:
    detail = {
        "petition_id": petition.id,
        "council_id": petition.council_id,
        "external_id": petition.external_id,
    }
    db.delete(petition)
    db.flush()
    audit.append(db, "petition.deleted", detail, actor=actor)


@dataclass(frozen=True)
class PetitionFilter:
    council_id: int | None = None
    term_id: int | None = None
    year: int | None = None  # received in
    late_only: bool = False


def list_petitions(db: DbSession, wanted: PetitionFilter) -> list[tuple[Petition, Stage]]:
    """The petitions matching ``wanted``, the latest received first, with where each stands today."""
    stmt = select(Petition)
    if wanted.council_id is not None:
        stmt = stmt.where(Petition.council_id == wanted.council_id)
    if wanted.term_id is not None:
        stmt = stmt.where(Petition.term_id == wanted.term_id)
    if wanted.year is not None:
        stmt = stmt.where(
            Petition.received_on >= dt.date(wanted.year, 1, 1),
            Petition.received_on <= dt.date(wanted.year, 12, 31),
        )
    todays: dict[int, dt.date] = {}
    out: list[tuple[Petition, Stage]] = []
    for petition in db.scalars(stmt.order_by(Petition.received_on.desc(), Petition.id.desc())):
        if petition.council_id not in todays:
            todays[petition.council_id] = clock.today(_council(db, petition.council_id))
        stage = petition_stage(petition, todays[petition.council_id])
        if not wanted.late_only or stage in LATE:
            out.append((petition, stage))
    return out


def overdue(db: DbSession, council_id: int | None = None) -> list[tuple[Petition, Stage]]:
    """Petitions late to process or past their due date, the oldest first."""
    rows = list_petitions(db, PetitionFilter(council_id=council_id, late_only=True))
    return sorted(rows, key=lambda r: (r[0].due_on or r[0].received_on, r[0].id))


def term_of(db: DbSession, petition: Petition) -> Term:
    return found(db.get(Term, petition.term_id), "nhiệm kỳ", "Term")

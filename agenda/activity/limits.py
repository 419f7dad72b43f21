"""Time limits of petitions (đơn thư): the days a competent body has, from forwarding, to give its result —
a council's own regulation (:class:`agenda.models.PetitionLimit`) or, without one, the law's defaults below —
and the days the council's office has to process (xử lý) a petition once received.

Legal basis used (the days are calendar days unless said):

- khiếu nại (complaint): Luật Khiếu nại 2011, Điều 28 — first-instance settlement within 30 days of
  acceptance (thụ lý), 45 days for a complex case (vùng sâu, vùng xa: 45 / 60 days, not modelled) [check:
  counted here from forwarding, not from the competent body's acceptance];
- tố cáo (denunciation): Luật Tố cáo 2018, Điều 30 — 30 days from acceptance; a complex case may be extended
  once by 30 days (60 in all), an especially complex one twice [check: the extension is modelled as the complex
  limit, 60 days];
- kiến nghị, phản ánh (recommendation, reflection): no single statutory limit found; 30 days is used
  [check: Luật Tiếp công dân 2013 and Nghị định 64/2014/NĐ-CP leave it to the body's own procedure];
- xử lý đơn (processing a received petition: classify, forward or guide the sender): 10 working days from
  receipt (Thông tư 05/2021/TT-TTCP, Điều 5 [check]); working days here are Monday to Friday, public holidays
  not deducted [check].
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import audit
from agenda.activity.followup_values import LimitInput
from agenda.models import Council, PetitionKind, PetitionLimit


@dataclass(frozen=True)
class Limit:
    days: int
    complex_days: int
    basis: str


LAW: dict[PetitionKind, Limit] = {
    PetitionKind.COMPLAINT: Limit(30, 45, "Luật Khiếu nại 2011, Điều 28"),
    PetitionKind.DENUNCIATION: Limit(30, 60, "Luật Tố cáo 2018, Điều 30"),
    PetitionKind.RECOMMENDATION: Limit(30, 30, "Mặc định của hệ thống [cần kiểm tra]"),
    PetitionKind.REFLECTION: Limit(30, 30, "Mặc định của hệ thống [cần kiểm tra]"),
}
PROCESSING_WORKING_DAYS = 10
PROCESSING_BASIS = "Thông tư 05/2021/TT-TTCP, Điều 5 [cần kiểm tra]"


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days (Monday–Friday) after ``start``."""
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def processing_due(received_on: dt.date) -> dt.date:
    """The last day to process (forward) a petition received on ``received_on``."""
    return add_working_days(received_on, PROCESSING_WORKING_DAYS)


def limit_for(db: DbSession, council_id: int, kind: PetitionKind) -> Limit:
    """The council's own limit for ``kind`` if it recorded one (it applies to complex cases too), else the law's."""
    own = db.scalar(
        select(PetitionLimit).where(PetitionLimit.council_id == council_id, PetitionLimit.kind == kind)
    )
    if own is not None:
        return Limit(own.days, max(own.days, LAW[kind].complex_days), own.basis or "Quy định của HĐND")
    return LAW[kind]


def due_date(
    db: DbSession, council_id: int, kind: PetitionKind, forwarded_on: dt.date, *, complex_case: bool
) -> dt.date:
    limit = limit_for(db, council_id, kind)
    return forwarded_on + dt.timedelta(days=limit.complex_days if complex_case else limit.days)


def limits_of(db: DbSession, council_id: int) -> dict[PetitionKind, tuple[Limit, bool]]:
    """Every kind's limit for the council, and whether it is the council's own."""
    own = {
        row.kind: row
        for row in db.scalars(select(PetitionLimit).where(PetitionLimit.council_id == council_id))
    }
    return {kind: (limit_for(db, council_id, kind), kind in own) for kind in PetitionKind}


def set_limit(
    db: DbSession, council: Council, values: LimitInput, *, actor: str | None = None
) -> PetitionLimit:
    """The council's own limit for a kind (created or replaced); petitions already forwarded keep their due date."""
    row = db.scalar(
        select(PetitionLimit).where(PetitionLimit.council_id == council.id, PetitionLimit.kind == values.kind)
    )
    if row is None:
        row = PetitionLimit(council_id=council.id, kind=values.kind, days=values.days)
        db.add(row)
    row.days, row.basis = values.days, values.basis
    db.flush()
    audit.append(
        db,
        "petition.limit_set",
        {"council_id": council.id, "kind": str(values.kind), "days": values.days},
        actor=actor,
    )
    return row


def clear_limit(db: DbSession, council: Council, kind: PetitionKind, *, actor: str | None = None) -> None:
    """Back to the law's default for ``kind``."""
    row = db.scalar(
        select(PetitionLimit).where(PetitionLimit.council_id == council.id, PetitionLimit.kind == kind)
    )
    if row is not None:
        db.delete(row)
        db.flush()
    audit.append(db, "petition.limit_cleared", {"council_id": council.id, "kind": str(kind)}, actor=actor)

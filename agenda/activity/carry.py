"""Carrying a finished term's open recommendations into the next term: each copied once, with
``carried_from_id``; the old one keeps ``carried_on`` (the stage ``carried``, :mod:`agenda.activity.chain`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import audit, clock
from agenda.activity.chain import OPEN, recommendation_stage
from agenda.errors import DomainError, found
from agenda.models import Council, Recommendation, Term


def next_term(db: DbSession, term: Term) -> Term | None:
    return db.scalar(select(Term).where(Term.council_id == term.council_id, Term.number == term.number + 1))


@dataclass(frozen=True)
class CarriedOver:
    term: Term
    into: Term
    carried: list[tuple[int, int]]  # (old id, new id)


def carry_over(db: DbSession, term: Term, *, actor: str | None = None) -> CarriedOver:
    """The recommendations still open at the end of a finished ``term`` (not opinions, not resolved), each
    copied into the next term with ``carried_from_id``; the old ones get ``carried_on`` (the next term's first
    day). Run again, it carries nothing twice."""
    today = clock.today(found(db.get(Council, term.council_id), "Hội đồng nhân dân", "Council"))
    if term.ends_on is None or term.ends_on >= today:
        raise DomainError(
            "Chỉ chuyển kiến nghị của nhiệm kỳ đã kết thúc.",
            "Only a finished term's recommendations are carried over.",
            code="term_not_finished",
            field="term_id",
        )
    into = next_term(db, term)
    if into is None:
        raise DomainError(
            "Chưa có nhiệm kỳ tiếp theo để chuyển kiến nghị sang.",
            "There is no next term to carry the recommendations into.",
            code="no_next_term",
            field="term_id",
        )
    carried: list[tuple[int, int]] = []
    stmt = select(Recommendation).where(
        Recommendation.term_id == term.id, Recommendation.carried_on.is_(None)
    )
    for old in db.scalars(stmt.order_by(Recommendation.id)).all():
        if recommendation_stage(old, term.ends_on) not in OPEN:
            continue
        new = Recommendation(
            council_id=old.council_id,
            term_id=into.id,
            carried_from_id=old.id,
            kind=old.kind,
            field=old.field,
            text=old.text,
            raised_on=into.starts_on,
            addressee=old.addressee,
            created_by=actor,
        )
        db.add(new)
        old.carried_on = into.starts_on
        db.flush()
        carried.append((old.id, new.id))
    audit.append(
        db,
        "recommendation.carried_over",
        {"term_id": term.id, "into_term_id": into.id, "carried": [c[0] for c in carried]},
        actor=actor,
    )
    return CarriedOver(term, into, carried)

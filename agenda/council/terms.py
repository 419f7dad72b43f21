"""The council and its terms (khóa, nhiệm kỳ): the home council, the term in force, creating them (audited)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Self

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda import audit, clock
from agenda.errors import Conflict, DomainError, NotFound
from agenda.inputs import Fields
from agenda.models import (
    Council,
    CouncilLevel,
    Term,
)
from agenda.rules import roman


def home_council(db: DbSession) -> Council:
    council = db.scalar(select(Council).where(Council.is_home.is_(True)).order_by(Council.id))
    if council is None:
        raise NotFound(
            "Hội đồng nhân dân (chưa khởi tạo — chạy “kyhop demo” hoặc “kyhop init”)",
            "Council (not set up — run “kyhop demo” or “kyhop init”)",
        )
    return council


def current_term(db: DbSession, council: Council, today: dt.date | None = None) -> Term:
    """The term in force today, else the latest one."""
    today = today or clock.today()
    terms = list(
        db.scalars(select(Term).where(Term.council_id == council.id).order_by(Term.starts_on.desc()))
    )
    if not terms:
        raise NotFound("khóa (nhiệm kỳ) của Hội đồng", "Council term")
    for term in terms:
        if term.starts_on <= today and (term.ends_on is None or today <= term.ends_on):
            return term
    return terms[0]


@dataclass(frozen=True)
class CouncilInput:
    name: str  # "Hội đồng nhân dân tỉnh Ninh Bình"
    short_name: str  # "HĐND tỉnh Ninh Bình"
    place_name: str  # "Ninh Bình"
    level: CouncilLevel
    abolished_on: dt.date | None = None
    parent_id: int | None = None

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(
            name=f.text("name", ("tên Hội đồng", "council name"), max_length=200),
            short_name=f.text("short_name", ("tên viết tắt", "short name"), max_length=100),
            place_name=f.text("place_name", ("địa danh", "place name"), max_length=100),
            level=f.choice("level", ("cấp", "level"), CouncilLevel),
            abolished_on=f.date("abolished_on", ("ngày giải thể", "abolition date"), required=False),
            parent_id=f.integer("parent_id", ("Hội đồng cấp trên", "parent council"), required=False),
        )


def create_council(
    db: DbSession,
    values: CouncilInput,
    *,
    is_home: bool = False,
    actor: str | None = None,
) -> Council:
    if values.parent_id is not None and db.get(Council, values.parent_id) is None:
        raise NotFound("Hội đồng cấp trên", "Parent council")
    council = Council(**asdict(values), is_home=is_home)
    db.add(council)
    db.flush()
    audit.append(
        db,
        "council.created",
        {"council_id": council.id, "name": council.name, "level": council.level.value, "is_home": is_home},
        actor=actor,
    )
    return council


@dataclass(frozen=True)
class TermInput:
    number: int  # 17 → "khóa XVII"
    starts_on: dt.date
    ends_on: dt.date | None = None
    seats: int | None = None  # the number of seats elected, when known

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(
            number=f.integer("number", ("số khóa", "term number"), minimum=1, maximum=100),
            starts_on=f.date("starts_on", ("ngày bắt đầu nhiệm kỳ", "term start date")),
            ends_on=f.date("ends_on", ("ngày kết thúc nhiệm kỳ", "term end date"), required=False),
            seats=f.integer("seats", ("số đại biểu được bầu", "number of seats"), required=False, minimum=1),
        )


def create_term(db: DbSession, council: Council, values: TermInput, *, actor: str | None = None) -> Term:
    if values.ends_on is not None and values.ends_on <= values.starts_on:
        raise DomainError(
            "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.",
            "The term must end after it starts.",
            field="ends_on",
        )
    if db.scalar(select(Term.id).where(Term.council_id == council.id, Term.number == values.number)):
        raise Conflict(
            f"Khóa {roman(values.number)} đã có.",
            f"Term {roman(values.number)} already exists.",
            field="number",
        )
    term = Term(council_id=council.id, **asdict(values))
    db.add(term)
    db.flush()
    audit.append(
        db,
        "term.created",
        {"council_id": council.id, "term_id": term.id, "number": term.number, "starts_on": term.starts_on},
        actor=actor,
    )
    return term


def term_label(term: Term) -> str:
    end = term.ends_on.year if term.ends_on else term.starts_on.year + 5
    return f"khóa {roman(term.number)}, nhiệm kỳ {term.starts_on.year}–{end}"


def within_term(term: Term, day: dt.date, field: str) -> None:
    if day < term.starts_on or (term.ends_on is not None and day > term.ends_on):
        raise DomainError(
            f"Ngày {day:%d/%m/%Y} nằm ngoài nhiệm kỳ {term_label(term)}.",
            f"{day.isoformat()} is outside the term.",
            field=field,
        )


def home_term(db: DbSession, today: dt.date | None = None) -> Term:
    """The current term of the council this installation serves."""
    return current_term(db, home_council(db), today)

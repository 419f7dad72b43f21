"""The council and its terms (khóa, nhiệm kỳ): the home council, the term in force, creating and correcting
terms (audited). Councils themselves: :mod:`agenda.council.councils` (``CouncilInput`` and ``create_council``
are named here too, where the demo and older callers find them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, ClassVar, Self

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from agenda import audit, clock
from agenda.council.councils import CouncilInput as CouncilInput
from agenda.council.councils import create_council as create_council
from agenda.council.values import Patch, Reader
from agenda.errors import Conflict, DomainError, NotFound, found
from agenda.inputs import Fields
from agenda.models import Council, Mandate, Session, Term
from agenda.rules import roman


def not_set_up() -> DomainError:
    """The refusal of an empty database: what to run (or, in a browser, the first-run page, web/setup.html)."""
    return DomainError(
        "Hệ thống chưa được khởi tạo: chưa có Hội đồng nhân dân. Chạy “kyhop init” (hoặc mở trang khởi tạo "
        "/setup.html) để tạo Hội đồng, nhiệm kỳ và tài khoản quản trị; “kyhop demo” tạo dữ liệu mẫu.",
        "Not set up yet: there is no council. Run “kyhop init” (or open the first-run page /setup.html) to "
        "create the council, its term and the administrator; “kyhop demo” builds sample data.",
        code="not_set_up",
        status=404,
    )


def home_council(db: DbSession) -> Council:
    council = db.scalar(select(Council).where(Council.is_home.is_(True)).order_by(Council.id))
    if council is None:
        raise not_set_up()
    return council


def current_term(db: DbSession, council: Council, today: dt.date | None = None) -> Term:
    """The term in force today, else the latest one."""
    today = today or clock.today(council)
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
class TermInput:
    number: int  # 17 → "khóa XVII"
    starts_on: dt.date
    ends_on: dt.date | None = None
    seats: int | None = None  # the number of seats elected, when known

    @classmethod
    def parse(cls, data: Any) -> Self:
        f = Fields(data)
        return cls(
            number=_number(f),
            starts_on=_starts_on(f),
            ends_on=_ends_on(f),
            seats=_seats(f),
        )


def create_term(db: DbSession, council: Council, values: TermInput, *, actor: str | None = None) -> Term:
    term = Term(council_id=council.id, **asdict(values))
    _check(db, council, term)
    db.add(term)
    db.flush()
    audit.append(
        db,
        "term.created",
        {"council_id": council.id, "term_id": term.id, "number": term.number, "starts_on": term.starts_on},
        actor=actor,
    )
    return term


def _number(f: Fields) -> Any:
    return f.integer("number", ("số khóa", "term number"), minimum=1, maximum=100)


def _starts_on(f: Fields) -> Any:
    return f.date("starts_on", ("ngày bắt đầu nhiệm kỳ", "term start date"))


def _ends_on(f: Fields) -> Any:
    return f.date("ends_on", ("ngày kết thúc nhiệm kỳ", "term end date"), required=False)


def _seats(f: Fields) -> Any:
    return f.integer(
        "seats", ("số đại biểu được bầu", "number of seats"), required=False, minimum=1, maximum=1000
    )


@dataclass(frozen=True)
class TermPatch(Patch):
    number: int | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    seats: int | None = None
    READERS: ClassVar[Mapping[str, Reader]] = {
        "number": _number,
        "starts_on": _starts_on,
        "ends_on": _ends_on,
        "seats": _seats,
    }


def update_term(db: DbSession, term: Term, patch: TermPatch, *, actor: str | None = None) -> Term:
    """Correct a term's number, dates or seats (e.g. set the end of the old term once the new one is elected)."""
    before = {key: getattr(term, key) for key in patch.given}
    with db.no_autoflush:
        for key in patch.given:
            setattr(term, key, getattr(patch, key))
        _check(db, term.council, term)
        _check_contents(db, term)
    db.flush()
    changed = sorted(key for key in patch.given if before[key] != getattr(term, key))
    if not changed:
        return term
    audit.append(
        db,
        "term.updated",
        {
            "council_id": term.council_id,
            "term_id": term.id,
            "fields": changed,
            "before": {key: before[key] for key in changed},
        },
        actor=actor,
    )
    return term


def get_term(db: DbSession, term_id: int) -> Term:
    return found(db.get(Term, term_id), "khóa (nhiệm kỳ)", "Term")


def list_terms(db: DbSession, council: Council) -> list[Term]:
    return list(db.scalars(select(Term).where(Term.council_id == council.id).order_by(Term.starts_on)))


def _check(db: DbSession, council: Council, term: Term) -> None:
    """A term ends after it starts; its number is its council's own; its dates overlap no other term of the
    council; the numbers follow the dates (khóa XVII after khóa XVI)."""
    if term.number is None or term.number < 1 or term.starts_on is None:
        raise DomainError("Vui lòng nhập số khóa và ngày bắt đầu.", "Give the term's number and start date.")
    if term.ends_on is not None and term.ends_on <= term.starts_on:
        raise DomainError(
            "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.",
            "The term must end after it starts.",
            field="ends_on",
        )
    if term.seats is not None and term.seats < 1:
        raise DomainError(
            "Số đại biểu phải lớn hơn 0.", "The number of seats must be at least 1.", field="seats"
        )
    others = db.scalars(select(Term).where(Term.council_id == council.id, Term.id != (term.id or 0)))
    for other in others:
        if other.number == term.number:
            raise Conflict(
                f"Khóa {roman(term.number)} đã có.",
                f"Term {roman(term.number)} already exists.",
                field="number",
            )
        if _overlap(term, other):
            raise Conflict(
                f"Thời gian nhiệm kỳ trùng với {term_label(other)}"
                + ("" if other.ends_on else " (chưa ghi ngày kết thúc — ghi ngày kết thúc khóa đó trước)")
                + ".",
                f"The term's dates overlap term {roman(other.number)}"
                + ("" if other.ends_on else " (which has no end date — set its end first)")
                + ".",
                field="starts_on",
            )
        if (other.number < term.number) != (other.starts_on < term.starts_on):
            raise DomainError(
                f"Số khóa không khớp thứ tự thời gian với khóa {roman(other.number)}.",
                f"The term number is out of order with term {roman(other.number)}'s dates.",
                field="number",
            )


def _overlap(a: Term, b: Term) -> bool:
    """Whether two terms share a day (one may end on the day the next begins)."""
    return (b.ends_on is None or a.starts_on < b.ends_on) and (a.ends_on is None or b.starts_on < a.ends_on)


def _check_contents(db: DbSession, term: Term) -> None:
    """The term's sessions and seats stay within its new dates."""
    first = (
        db.scalar(select(func.min(Session.starts_on)).where(Session.term_id == term.id)),
        db.scalar(select(func.min(Mandate.started_on)).where(Mandate.term_id == term.id)),
    )
    last = db.scalar(select(func.max(Session.ends_on)).where(Session.term_id == term.id))
    starts = [day for day in first if day is not None]
    if (starts and min(starts) < term.starts_on) or (
        last is not None and term.ends_on is not None and last > term.ends_on
    ):
        raise Conflict(
            "Khóa này đã có kỳ họp hoặc đại biểu ngoài khoảng thời gian mới.",
            "The term already has sessions or seats outside the new dates.",
            field="starts_on",
        )


def term_label(term: Term) -> str:
    return term_label_of(term.number, term.starts_on, term.ends_on)


def term_label_of(number: int, starts_on: dt.date, ends_on: dt.date | None) -> str:
    """:func:`term_label` of a term's values (read without its ORM object)."""
    return f"khóa {roman(number)}, nhiệm kỳ {starts_on.year}–{term_end_year(starts_on, ends_on)}"


def term_end_year(starts_on: dt.date, ends_on: dt.date | None) -> int:
    """The year a term ends: its end, else five years after it began."""
    return ends_on.year if ends_on else starts_on.year + 5


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

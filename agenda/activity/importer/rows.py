"""One row of a sheet → the typed input of an activity or a recommendation: the council named (its name or
short name), the body by its name in the term holding the dates, the delegates by name (or person id), the
words of a kind, an organiser, an outcome. A cell that cannot be read is a :class:`RowError` of its column."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.activity.followup_values import RecommendationInput
from agenda.activity.importer.columns import (
    KINDS,
    NO,
    ORGANISERS,
    OUTCOMES,
    REC_KINDS,
    YES,
    normalized,
)
from agenda.activity.rules import BODY_OF, term_holding
from agenda.activity.values import ActivityInput
from agenda.clock import written_date
from agenda.errors import DomainError
from agenda.inputs import parse_date
from agenda.models import Activity, Council, Mandate, Organiser, Organization, Person, Term

FIELD_COLUMNS: Mapping[str, str] = {  # an input's field → the column that holds it
    "organization_id": "organization",
    "lead_person_id": "lead",
    "activity_id": "activity",
    "term_id": "term",
}


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int  # as the spreadsheet shows it (the header is a row too)
    column: str | None  # its header as written in the file
    vi: str
    en: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message_vi": self.vi,
            "message_en": self.en,
        }


class CellError(Exception):
    """A cell that cannot be read (its column key and both messages)."""

    def __init__(self, key: str | None, vi: str, en: str) -> None:
        super().__init__(en)
        self.key, self.vi, self.en = key, vi, en

    @classmethod
    def of(cls, error: DomainError, key: str | None = None) -> CellError:
        field = key or error.field
        return cls(FIELD_COLUMNS.get(field or "", field), error.vi, error.en)


class Councils:
    """What a file's rows name, looked up once per file: the councils by name and short name, each term's
    delegates (their seats) and bodies by name."""

    def __init__(self, db: DbSession) -> None:
        self.db = db
        self.by_name: dict[str, Council] = {}
        for c in db.scalars(select(Council)):
            self.by_name[normalized(c.name)] = c
            self.by_name[normalized(c.short_name)] = c
        self._seats: dict[int, list[tuple[str, int, dt.date, dt.date | None]]] = {}
        self._bodies: dict[int, dict[str, Organization]] = {}

    def council(self, cells: Mapping[str, str]) -> Council:
        name = cells.get("council", "")
        found = self.by_name.get(normalized(name))
        if found is None:
            raise CellError(
                "council",
                f"Không tìm thấy Hội đồng nhân dân “{name}”.",
                f"No council named “{name}” is recorded.",
            )
        return found

    def seats(self, term: Term) -> list[tuple[str, int, dt.date, dt.date | None]]:
        """(name as compared, person id, seat from, seat to) of every seat of ``term``."""
        if term.id not in self._seats:
            stmt = select(Person.full_name, Mandate.person_id, Mandate.started_on, Mandate.ended_on).join(
                Person, Person.id == Mandate.person_id
            )
            rows = self.db.execute(stmt.where(Mandate.term_id == term.id)).all()
            self._seats[term.id] = [(normalized(n), p, a, b) for n, p, a, b in rows]
        return self._seats[term.id]

    def bodies(self, term: Term) -> dict[str, Organization]:
        if term.id not in self._bodies:
            orgs = self.db.scalars(select(Organization).where(Organization.term_id == term.id))
            self._bodies[term.id] = {normalized(o.name): o for o in orgs}
        return self._bodies[term.id]


def _date(cells: Mapping[str, str], key: str) -> dt.date | None:
    value = cells.get(key, "").strip()
    if not value:
        return None
    try:
        return parse_date(value, key)
    except DomainError as error:
        raise CellError.of(error, key) from None


def _word(cells: Mapping[str, str], key: str, words: Mapping[str, Any]) -> Any:
    value = cells.get(key, "").strip()
    if not value:
        return None
    found = words.get(normalized(value))
    if found is None:
        allowed = ", ".join(sorted({k for k in words if not k.isascii()} or set(words)))
        raise CellError(
            key,
            f"“{value}” không hợp lệ (chọn một trong: {allowed}).",
            f"“{value}” is not valid (one of: {allowed}).",
        )
    return found


def _person(lookup: Councils, term: Term, text: str, start: dt.date, end: dt.date, key: str) -> int:
    """The delegate ``text`` names (a person id, or a full name among the term's delegates) in office on a day
    of [start, end]."""
    if re.fullmatch(r"#?[0-9]{1,9}", text):
        return int(text.lstrip("#"))  # checked in office by the rules, as from a page
    named = [(p, a, b) for n, p, a, b in lookup.seats(term) if n == normalized(text)]
    if not named:
        raise CellError(
            key, f"“{text}” không phải là đại biểu của nhiệm kỳ.", f"“{text}” is not a delegate of the term."
        )
    serving = {p for p, a, b in named if a <= end and (b is None or b >= start)}
    if not serving:
        raise CellError(
            key,
            f"{text} không phải là đại biểu đang làm nhiệm vụ trong thời gian {written_date(start)}"
            f" – {written_date(end)}.",
            f"{text} was not a delegate in office between {written_date(start)} and {written_date(end)}.",
        )
    if len(serving) > 1:
        raise CellError(
            key,
            f"Có nhiều đại biểu tên “{text}”: ghi mã số người thay cho tên.",
            f"Several delegates are named “{text}”: write the person's id instead.",
        )
    return serving.pop()


def _organization(lookup: Councils, term: Term, name: str) -> Organization:
    found = lookup.bodies(term).get(normalized(name))
    if found is None:
        raise CellError(
            "organization",
            f"Không tìm thấy “{name}” trong nhiệm kỳ của hoạt động.",
            f"No body named “{name}” in the activity's term.",
        )
    return found


def activity_input(lookup: Councils, council: Council, cells: Mapping[str, str]) -> ActivityInput:
    """The activity a row describes (its cells read; the rules are checked when it is written)."""
    db = lookup.db
    kind = _word(cells, "kind", KINDS)
    start = _date(cells, "starts_on")
    if start is None:
        raise CellError("starts_on", "Ô này không được để trống.", "This cell is required.")
    end = _date(cells, "ends_on") or start
    try:
        term = term_holding(db, council, start, max(start, end))
    except DomainError as error:
        raise CellError.of(error, "starts_on") from None
    body = _organization(lookup, term, cells["organization"]) if cells.get("organization") else None
    organiser = _word(cells, "organiser", ORGANISERS)
    if organiser is None:
        by_kind = {v: k for k, v in BODY_OF.items()}
        organiser = by_kind[body.kind] if body is not None else Organiser.COUNCIL
    lead = cells.get("lead", "").strip()
    lead_id = _person(lookup, term, lead, start, end, "lead") if lead else None
    names = [n.strip() for n in re.split(r"[;,\n]", cells.get("participants", "")) if n.strip()]
    ids = [_person(lookup, term, n, start, end, "participants") for n in names]
    thematic = normalized(cells.get("thematic", ""))
    if thematic not in YES | NO:
        raise CellError("thematic", "Ghi “có” hoặc “không”.", "Write “có” (yes) or “không” (no).")
    role = "on_duty" if str(kind) == "citizen_reception" else "member"
    data: dict[str, Any] = {
        key: cells.get(key) or None
        for key in (
            "external_id",
            "title",
            "subjects",
            "plan",
            "place",
            "starts_on",
            "ends_on",
            "completed_on",
            "conclusions",
            "voters",
            "citizens",
            "cases",
        )
    }
    data |= {
        "kind": str(kind) if kind else None,
        "organiser": str(organiser),
        "organization_id": body.id if body is not None else None,
        "lead_person_id": lead_id,
        "thematic": thematic in YES,
        "participants": [{"person_id": i, "role": "lead" if i == lead_id else role} for i in ids],
    }
    try:
        return ActivityInput.parse(data)
    except DomainError as error:
        raise CellError.of(error) from None


def recommendation_input(db: DbSession, council: Council, cells: Mapping[str, str]) -> RecommendationInput:
    """The recommendation a row describes: at an activity (by its code), or in a term (by its number)."""
    activity_id: int | None = None
    term_id: int | None = None
    code = cells.get("activity", "").strip()
    if code:
        activity_id = db.scalar(
            select(Activity.id).where(Activity.council_id == council.id, Activity.external_id == code)
        )
        if activity_id is None:
            raise CellError(
                "activity",
                f"Không có hoạt động mã “{code}” trong tệp hay đã ghi nhận.",
                f"No activity coded “{code}” in the file or recorded.",
            )
    number = cells.get("term", "").strip()
    if number and activity_id is None:
        term_id = db.scalar(
            select(Term.id).where(
                Term.council_id == council.id, Term.number == (int(number) if number.isdigit() else -1)
            )
        )
        if term_id is None:
            raise CellError("term", f"Không có nhiệm kỳ khóa “{number}”.", f"No term number “{number}”.")
    kind = _word(cells, "kind", REC_KINDS)
    outcome = _word(cells, "outcome", OUTCOMES)
    data: dict[str, Any] = {
        key: cells.get(key) or None
        for key in (
            "external_id",
            "field",
            "text",
            "raised_on",
            "addressee",
            "forwarded_on",
            "due_on",
            "answered_on",
            "answer",
            "outcome_on",
        )
    }
    data |= {
        "activity_id": activity_id,
        "term_id": term_id,
        "kind": str(kind) if kind else None,
        "outcome": str(outcome) if outcome else None,
    }
    try:
        return RecommendationInput.parse(data)
    except DomainError as error:
        raise CellError.of(error) from None

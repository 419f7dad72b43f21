"""The measures counted the slow, obvious way over a :class:`World` — the oracle of the property tests. Written
from the definitions in docs/metrics.md, not from the SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from agenda.models import ActivityKind, AttendanceStatus, Outcome, RecommendationKind
from tests.agenda.metrics.builder import SESSION_DAYS, Span, World, _disjoint, sitting_days


@dataclass(frozen=True)
class Rec:
    key: tuple[object, ...]
    amount: int
    people: frozenset[int]  # person indexes
    units: frozenset[int]  # unit indexes


def _held(s: Span, day: dt.date) -> bool:
    return s.start <= day and (s.end is None or s.end >= day)


def _in_office(w: World, person: int, day: dt.date) -> bool:
    return any(_held(s, day) for s in _disjoint(w.mandates[person]))


def _units_on(w: World, person: int, day: dt.date) -> frozenset[int]:
    return frozenset(u for p, u, s in w.memberships if p == person and _held(s, day))


def _activity_people(w: World, index: int) -> frozenset[int]:
    a = w.activities[index]
    return frozenset(a.participants | ({a.lead} if a.lead is not None else set()))


def _activity_units(w: World, index: int | None) -> frozenset[int]:
    if index is None or w.activities[index].unit is None:
        return frozenset()
    return frozenset({w.activities[index].unit})  # type: ignore[arg-type]


def records(w: World, name: str, start: dt.date, end: dt.date) -> list[Rec]:
    def inside(day: dt.date | None) -> bool:
        return day is not None and start <= day <= end

    kinds = {
        "supervisions": (ActivityKind.SUPERVISION, None),
        "surveys": (ActivityKind.SURVEY, None),
        "voter_contacts": (ActivityKind.VOTER_CONTACT, None),
        "voters_met": (ActivityKind.VOTER_CONTACT, "voters"),
        "citizen_receptions": (ActivityKind.CITIZEN_RECEPTION, None),
        "citizens_received": (ActivityKind.CITIZEN_RECEPTION, "citizens"),
        "explanations": (ActivityKind.EXPLANATION, None),
    }
    out: list[Rec] = []
    if name in kinds:
        kind, amount = kinds[name]
        for i, a in enumerate(w.activities):
            if a.kind == kind and inside(a.completed):
                value = 1 if amount is None else (getattr(a, amount) or 0)
                out.append(Rec(("a", i), value, _activity_people(w, i), _activity_units(w, i)))
        return out
    if name.startswith("recommendations_"):
        for i, r in enumerate(w.recommendations):
            people = _activity_people(w, r.activity) if r.activity is not None else frozenset()
            counted = {
                "recommendations_raised": inside(r.raised) and r.kind == RecommendationKind.RECOMMENDATION,
                "recommendations_forwarded": inside(r.forwarded),
                "recommendations_answered": inside(r.answered),
                "recommendations_resolved": r.outcome == Outcome.RESOLVED and inside(r.outcome_on),
                "recommendations_overdue": r.due is not None
                and inside(r.due)
                and (r.answered is None or r.answered > r.due),
            }[name]
            if counted:
                out.append(Rec(("r", i), 1, people, _activity_units(w, r.activity)))
        return out
    if name.startswith("petitions_"):
        for i, p in enumerate(w.petitions):
            counted = {
                "petitions_received": inside(p.received),
                "petitions_resolved": inside(p.resolved),
                "petitions_overdue": p.due is not None
                and inside(p.due)
                and (p.resolved is None or p.resolved > p.due),
            }[name]
            if counted:
                people = frozenset() if p.handler is None else frozenset({p.handler})
                out.append(Rec(("p", i), 1, people, _activity_units(w, p.activity)))
        return out
    if name == "sittings_held":
        held = {(s, day) for (s, day, _person) in w.attendance}
        for s, day in held:
            if inside(day):
                for person in range(len(w.mandates)):
                    if _in_office(w, person, day):
                        out.append(
                            Rec(("s", s, day, person), 1, frozenset({person}), _units_on(w, person, day))
                        )
        return out
    statuses = {
        "sittings_present": {AttendanceStatus.PRESENT, AttendanceStatus.LEFT},
        "absences_excused": {AttendanceStatus.EXCUSED},
        "absences_unexcused": {AttendanceStatus.ABSENT},
    }
    if name in statuses:
        for (s, day, person), status in w.attendance.items():
            if status in statuses[name] and inside(day) and _in_office(w, person, day):
                out.append(Rec(("s", s, day, person), 1, frozenset({person}), _units_on(w, person, day)))
        return out
    return _session_records(w, name, inside)


def _session_records(w: World, name: str, inside: object) -> list[Rec]:
    def on(s: int) -> dt.date:
        return SESSION_DAYS[s][0]

    def rec(key: tuple[object, ...], s: int, person: int) -> Rec | None:
        if not inside(on(s)):  # type: ignore[operator]
            return None
        return Rec(key, 1, frozenset({person}), _units_on(w, person, on(s)))

    found: list[Rec | None] = []
    if name == "speeches":
        found = [rec(("sp", i), s, p) for i, (s, p, status) in enumerate(w.speeches) if status == "done"]
    elif name.startswith("questions_"):
        for i, (s, p, status, due, answered) in enumerate(w.questions):
            keep = {
                "questions_asked": status != "withdrawn",
                "questions_answered_in_person": status == "answered",
                "questions_answered_in_writing": status == "answered_in_writing",
                "questions_written_overdue": due is not None
                and (
                    status == "written_due"
                    or (status == "answered_in_writing" and answered is not None and answered > due)
                ),
            }[name]
            if keep:
                found.append(rec(("q", i), s, p))
    elif name == "votes_taken_part":
        for i, (s, _secret, status, voters) in enumerate(w.votes):
            if status != "cancelled":
                found += [rec(("v", i, p), s, p) for p in voters]
    elif name == "documents_read":
        for i, (s, readers) in enumerate(w.reads):
            found += [rec(("d", i, p), s, p) for p in readers]
    else:
        raise KeyError(name)
    return [r for r in found if r is not None]


def grouped(recs: Iterable[Rec], level: str) -> dict[int, int]:
    """Index-keyed totals: by person index, by unit index, or the council's under 0."""
    totals: dict[int, int] = {}
    for r in recs:
        keys = {"delegate": r.people, "unit": r.units, "council": frozenset({0})}[level]
        for k in keys:
            totals[k] = totals.get(k, 0) + r.amount
    return totals


def days_in_office(w: World, start: dt.date, end: dt.date) -> dict[int, int]:
    out: dict[int, int] = {}
    day = start
    while day <= end:
        for person in range(len(w.mandates)):
            if _in_office(w, person, day):
                out[person] = out.get(person, 0) + 1
        day += dt.timedelta(days=1)
    return out


__all__ = ["grouped", "records", "sitting_days"]

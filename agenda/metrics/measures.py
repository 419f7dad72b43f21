"""The named measures — each a sum over the raw records of :mod:`.records` — and how they are grouped: by
delegate, by unit (Thường trực, Ban, Tổ đại biểu) or for the whole council.

Grouping counts each record once per group: a meeting with three delegates of one Tổ adds one to the Tổ,
one to each delegate, one to the council."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, literal, select
from sqlalchemy.orm import Session as DbSession

from agenda.collector import collector_paused
from agenda.errors import DomainError
from agenda.metrics import records as r
from agenda.metrics import tallies as t
from agenda.metrics.period import Level as Level
from agenda.metrics.period import Period
from agenda.models import (
    Activity,
    ActivityKind,
    Attendance,
    Outcome,
    Petition,
    Question,
    Recommendation,
    RecommendationKind,
    Session,
)


@dataclass(frozen=True)
class Measure:
    name: str
    vi: str
    en: str
    build: r.Builder
    public: bool = False  # shown on the public delegate page
    # counted with the other measures of its family in one statement per level (the property tests hold the
    # values equal to the rows of ``build``, which the drill-down reads)
    family: t.Family | None = None
    part: t.Part | None = None


def _dated(day: Callable[[], Any], where: tuple[Callable[[], Any], ...]) -> t.Part:
    return t.Part(lambda p: and_(day().between(p.start, p.end), *(w() for w in where)))


def _activities(
    name: str, vi: str, en: str, kind: ActivityKind, amount: Any = None, public: bool = False
) -> Measure:
    counts = t.Part(
        lambda p: and_(Activity.kind == kind, Activity.completed_on.between(p.start, p.end)),
        (lambda: literal(1)) if amount is None else amount,
    )
    built = r.activities(kind, None if amount is None else amount())
    return Measure(name, vi, en, built, public, t.ACTIVITIES, counts)


def _recommendations(
    name: str, vi: str, en: str, day: Callable[[], Any], *where: Callable[[], Any]
) -> Measure:
    built = r.recommendations(day, *where)
    return Measure(name, vi, en, built, family=t.RECOMMENDATIONS, part=_dated(day, where))


def _petitions(name: str, vi: str, en: str, day: Callable[[], Any], *where: Callable[[], Any]) -> Measure:
    return Measure(name, vi, en, r.petitions(day, *where), family=t.PETITIONS, part=_dated(day, where))


def _answered_after_due() -> Any:
    return (Recommendation.answered_on.is_(None)) | (Recommendation.answered_on > Recommendation.due_on)


def _petition_late() -> Any:
    return (Petition.resolved_on.is_(None)) | (Petition.resolved_on > Petition.due_on)


def _written_late() -> Any:
    return (Question.status == "written_due") | (
        (Question.status == "answered_in_writing")
        & (func.date(Question.answered_at) > Question.written_due_on)
    )


def _attendance(name: str, vi: str, en: str, *statuses: str) -> Measure:
    part = t.Part(lambda p: and_(Attendance.day.between(p.start, p.end), Attendance.status.in_(statuses)))
    return Measure(name, vi, en, r.attendance(*statuses), True, t.ATTENDANCE, part)


def _at_sessions(
    name: str,
    vi: str,
    en: str,
    build: r.Builder,
    family: t.Family,
    *where: Callable[[], Any],
    public: bool = True,
) -> Measure:
    """A delegate's own records at the council's sessions, counted on the session's first day."""
    part = t.Part(lambda p: and_(Session.starts_on.between(p.start, p.end), *(w() for w in where)))
    return Measure(name, vi, en, build, public, family, part)


def _question(name: str, vi: str, en: str, *where: Callable[[], Any], public: bool = True) -> Measure:
    return _at_sessions(name, vi, en, r.questions(*where), t.QUESTIONS, *where, public=public)


MEASURES: tuple[Measure, ...] = (
    _activities("supervisions", "Giám sát", "Supervisions", ActivityKind.SUPERVISION),
    _activities("surveys", "Khảo sát", "Surveys", ActivityKind.SURVEY),
    _activities(
        "voter_contacts", "Tiếp xúc cử tri", "Voter-contact meetings", ActivityKind.VOTER_CONTACT, public=True
    ),
    _activities(
        "voters_met",
        "Lượt cử tri dự",
        "Voters met",
        ActivityKind.VOTER_CONTACT,
        lambda: func.coalesce(Activity.voters, 0),
        public=True,
    ),
    _activities("citizen_receptions", "Tiếp công dân", "Citizen receptions", ActivityKind.CITIZEN_RECEPTION),
    _activities(
        "citizens_received",
        "Lượt công dân",
        "Citizens received",
        ActivityKind.CITIZEN_RECEPTION,
        lambda: func.coalesce(Activity.citizens, 0),
    ),
    _activities("explanations", "Phiên giải trình", "Explanation hearings", ActivityKind.EXPLANATION),
    _recommendations(
        "recommendations_raised",
        "Kiến nghị tiếp nhận",
        "Recommendations raised",
        lambda: Recommendation.raised_on,
        lambda: Recommendation.kind == RecommendationKind.RECOMMENDATION,
    ),
    _recommendations(
        "recommendations_forwarded",
        "Kiến nghị đã chuyển",
        "Recommendations forwarded",
        lambda: Recommendation.forwarded_on,
    ),
    _recommendations(
        "recommendations_answered",
        "Kiến nghị đã trả lời",
        "Recommendations answered",
        lambda: Recommendation.answered_on,
    ),
    _recommendations(
        "recommendations_resolved",
        "Kiến nghị đã giải quyết",
        "Recommendations resolved",
        lambda: Recommendation.outcome_on,
        lambda: Recommendation.outcome == Outcome.RESOLVED,
    ),
    _recommendations(
        "recommendations_overdue",
        "Kiến nghị quá hạn trả lời",
        "Recommendations answered late or not at all",
        lambda: Recommendation.due_on,
        _answered_after_due,
    ),
    _petitions(
        "petitions_received",
        "Đơn thư tiếp nhận",
        "Petitions received",
        lambda: Petition.received_on,
    ),
    _petitions(
        "petitions_resolved",
        "Đơn thư đã giải quyết",
        "Petitions resolved",
        lambda: Petition.resolved_on,
    ),
    _petitions(
        "petitions_overdue",
        "Đơn thư quá hạn",
        "Petitions past their time limit",
        lambda: Petition.due_on,
        _petition_late,
    ),
    Measure(
        "sittings_held", "Ngày họp khi đương nhiệm", "Sitting days while in office", r.sittings_held, True
    ),
    _attendance("sittings_present", "Ngày họp có mặt", "Sitting days present", "present", "left"),
    _attendance("absences_excused", "Vắng có lý do", "Absent with a reason", "excused"),
    _attendance("absences_unexcused", "Vắng không lý do", "Absent without a reason", "absent"),
    _at_sessions(
        "speeches", "Phát biểu, tranh luận", "Speeches and rebuttals", r.speeches, t.SPEECHES, r.speech_counts
    ),
    _question("questions_asked", "Chất vấn", "Questions asked", lambda: Question.status != "withdrawn"),
    _question(
        "questions_answered_in_person",
        "Được trả lời tại phiên họp",
        "Answered in person",
        lambda: Question.status == "answered",
    ),
    _question(
        "questions_answered_in_writing",
        "Được trả lời bằng văn bản",
        "Answered in writing",
        lambda: Question.status == "answered_in_writing",
    ),
    _question(
        "questions_written_overdue",
        "Trả lời bằng văn bản quá hạn",
        "Written answers overdue",
        lambda: Question.written_due_on.is_not(None),
        _written_late,
        public=False,
    ),
    _at_sessions(
        "votes_taken_part", "Lượt biểu quyết", "Votes taken part in", r.votes, t.VOTES, r.vote_counts
    ),
    _at_sessions("documents_read", "Tài liệu đã đọc", "Documents read", r.reads, t.READS, public=False),
)
BY_NAME = {m.name: m for m in MEASURES}
NAMES = tuple(BY_NAME)


def measure(name: str) -> Measure:
    found = BY_NAME.get(name)
    if found is None:
        raise DomainError(
            f"Không có chỉ số “{name}”.",
            f"No measure named “{name}”.",
            code="not_found",
            field="measure",
            status=404,
        )
    return found


def _keyed(m: Measure, p: Period, level: Level) -> Select[Any]:
    """One row per record and group: (group, amount)."""
    rows = m.build(p).subquery("records")
    key = {Level.DELEGATE: rows.c.person_id, Level.UNIT: rows.c.org_id, Level.COUNCIL: None}[level]
    columns = [rows.c.kind, rows.c.ref, rows.c.on, rows.c.owner, rows.c.amount]
    if key is None:
        return select(*columns).distinct()
    return select(key.label("unit"), *columns).distinct().where(key.is_not(None))


def values(db: DbSession, m: Measure, p: Period, level: Level) -> dict[int, int]:
    """The measure's value per group (delegate's person id, unit's organization id; the council's under 0)."""
    return values_of(db, (m,), p, level)[m.name]


def values_of(
    db: DbSession, measures: Sequence[Measure], p: Period, level: Level
) -> dict[str, dict[int, int]]:
    """:func:`values` of each of ``measures``; those of a family counted together, one statement per family —
    with the cycle collector paused (a term's table reads some 100,000 rows that form no cycle: with it on,
    its full collections were most of the slowest tables' time)."""
    with collector_paused():
        return _values_of(db, measures, p, level)


def _values_of(
    db: DbSession, measures: Sequence[Measure], p: Period, level: Level
) -> dict[str, dict[int, int]]:
    out: dict[str, dict[int, int]] = {}
    families: dict[str, list[Measure]] = {}
    for m in {m.name: m for m in measures}.values():
        if m.family is None:
            out[m.name] = _summed(db, m, p, level)
        else:
            families.setdefault(m.family.name, []).append(m)
    wanted = [
        (members[0].family, [(m.name, m.part) for m in members if m.part is not None])
        for members in families.values()
        if members[0].family is not None
    ]
    out.update(t.count(db, wanted, p, level))
    return {m.name: out[m.name] for m in measures}


def _summed(db: DbSession, m: Measure, p: Period, level: Level) -> dict[int, int]:
    keyed = _keyed(m, p, level).subquery("keyed")
    if level is Level.COUNCIL:
        total = db.scalar(select(func.coalesce(func.sum(keyed.c.amount), 0)))
        return {0: int(total or 0)}
    stmt = select(keyed.c.unit, func.sum(keyed.c.amount)).group_by(keyed.c.unit)
    return {int(unit): int(total) for unit, total in db.execute(stmt)}


def drill_rows(db: DbSession, m: Measure, p: Period, level: Level, key: int, limit: int) -> list[Any]:
    """The records behind one group's value (kind, ref, on, title, amount), newest first."""
    rows = m.build(p).subquery("records")
    stmt = select(rows.c.kind, rows.c.ref, rows.c.on, rows.c.title, rows.c.amount, rows.c.owner).distinct()
    if level is Level.DELEGATE:
        stmt = stmt.where(rows.c.person_id == key)
    elif level is Level.UNIT:
        stmt = stmt.where(rows.c.org_id == key)
    stmt = stmt.order_by(rows.c.on.desc(), rows.c.ref.desc(), rows.c.owner).limit(limit)
    return list(db.execute(stmt))

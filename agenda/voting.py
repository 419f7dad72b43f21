"""Votes: opening, casting ballots, counting and the legal result.

Integrity:
- a ballot is acknowledged only after the transaction that stores it commits (the caller commits);
- ``VoteParticipation`` has UNIQUE(vote, delegate) and UNIQUE(vote, ballot_key): the database refuses a
  second ballot; resending the same ballot (same client-generated key) gets the same acknowledgement;
- secret ballots: the participation row says *that* a delegate voted; the choice only increments
  ``SecretTally`` counters — no row, event or audit entry links a delegate to a choice, and the live
  display of a secret vote shows how many have voted, not how (counts appear at close).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session as DbSession

from agenda import audit, events, live
from agenda.errors import Conflict, DomainError, Forbidden, NotFound
from agenda.inputs import Fields
from agenda.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Mandate,
    NamedChoice,
    Official,
    SecretTally,
    Session,
    SessionEvent,
    User,
    Vote,
    VoteKind,
    VoteParticipation,
    VoteStatus,
    utcnow,
)
from agenda.rules import (
    NAMED_RULES,
    PassRule,
    confidence_flags,
    delegates_in_office,
    in_office_filter,
    parse_fraction,
    percent,
    result_sentence,
)

MOTION_SUBJECT = "motion"
DEFAULT_OPTIONS = [("yes", "Tán thành"), ("no", "Không tán thành"), ("abstain", "Không biểu quyết")]
RATING_OPTIONS = [("high", "Tín nhiệm cao"), ("normal", "Tín nhiệm"), ("low", "Tín nhiệm thấp")]
CONFIDENCE_OPTIONS = [("confidence", "Tín nhiệm"), ("no_confidence", "Không tín nhiệm")]
_BALLOT_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def _actor(user: User | None) -> str | None:
    return user.username if user is not None else None


def rule_of(vote: Vote) -> PassRule:
    return PassRule(Fraction(vote.fraction), vote.strict)


def get_vote(db: DbSession, session: Session, vote_id: Any) -> Vote:
    vote = db.get(Vote, vote_id) if isinstance(vote_id, int) and not isinstance(vote_id, bool) else None
    if vote is None or vote.session_id != session.id:
        raise NotFound("cuộc biểu quyết", "Vote")
    return vote


# ---------------------------------------------------------------------------------------------
# Opening
# ---------------------------------------------------------------------------------------------


def open_vote(db: DbSession, session: Session, data: Mapping[str, Any], actor: User | None) -> Vote:
    state = live._require_running(session)
    events.live_state(db, session.id, lock=True)
    if db.scalar(select(Vote.id).where(Vote.session_id == session.id, Vote.status == VoteStatus.OPEN)):
        raise Conflict(
            "Đang có một cuộc biểu quyết mở — hãy kết thúc trước.", "Another vote is open — close it first."
        )
    f = Fields(data)
    kind = f.choice("kind", ("loại biểu quyết", "kind of vote"), VoteKind, required=False) or VoteKind.MOTION
    title = f.text("title", ("nội dung biểu quyết", "title"), max_length=500)
    item_id = f.integer("agenda_item_id", ("nội dung chương trình", "agenda item"), required=False)
    if item_id is not None:
        item = db.get(AgendaItem, item_id)
        if item is None or item.session_id != session.id:
            raise NotFound("nội dung chương trình", "Agenda item")
    repeat_of = f.integer("repeat_of_id", ("biểu quyết lại", "repeat of"), required=False)
    if repeat_of is not None:
        get_vote(db, session, repeat_of)

    if kind == VoteKind.MOTION:
        secret = bool(f.boolean("secret", ("bỏ phiếu kín", "secret ballot"), default=False))
        options = _motion_options(data.get("options"))
        subjects = [{"key": MOTION_SUBJECT, "label": title}]
        rule_name, rule = _rule(f)
    else:
        secret = True  # NQ 96/2023/QH15: confidence ratings and votes are secret ballots
        options = [
            {"key": k, "label": v}
            for k, v in (RATING_OPTIONS if kind == VoteKind.CONFIDENCE_RATING else CONFIDENCE_OPTIONS)
        ]
        subjects = _official_subjects(db, session, f)
        rule_name, rule = "majority", NAMED_RULES["majority"]
    day = state.sitting_day or live.today()
    total = delegates_in_office(db, session.term_id, day)
    if total == 0:
        raise Conflict("Không có đại biểu nào đang làm nhiệm vụ.", "There are no delegates in office.")
    number = (db.scalar(select(func.max(Vote.number)).where(Vote.session_id == session.id)) or 0) + 1
    vote = Vote(
        session_id=session.id,
        number=number,
        agenda_item_id=item_id,
        repeat_of_id=repeat_of,
        kind=kind,
        title=title,
        secret=secret,
        options=options,
        subjects=subjects,
        rule=rule_name,
        fraction=f"{rule.fraction.numerator}/{rule.fraction.denominator}",
        strict=rule.strict,
        present_only=not state.allow_absent_voting,
        status=VoteStatus.OPEN,
        total_in_office=total,
    )
    db.add(vote)
    db.flush()
    if secret:
        for subject in subjects:
            for option in options:
                db.add(SecretTally(vote_id=vote.id, subject=subject["key"], option=option["key"], count=0))
        db.flush()
    events.emit(db, session.id, "vote.opened", {"vote": vote_view(db, vote)}, actor=_actor(actor))
    return vote


def _motion_options(raw: Any) -> list[dict[str, str]]:
    if raw is None:
        return [{"key": k, "label": v} for k, v in DEFAULT_OPTIONS]
    if (
        not isinstance(raw, list)
        or not 2 <= len(raw) <= 5
        or not all(isinstance(x, str) and 0 < len(x.strip()) <= 60 for x in raw)
        or len({x.strip().lower() for x in raw}) != len(raw)
    ):
        raise DomainError(
            "Phương án biểu quyết: 2 đến 5 nhãn khác nhau, mỗi nhãn tối đa 60 ký tự "
            "(phương án đầu tiên là “tán thành”).",
            "Options: 2 to 5 distinct labels of at most 60 characters (the first one means “yes”).",
            field="options",
        )
    keys = ["yes", "no", "abstain", "option4", "option5"]
    return [{"key": keys[i], "label": label.strip()} for i, label in enumerate(raw)]


def _rule(f: Fields) -> tuple[str, PassRule]:
    name = f.text("rule", ("quy tắc thông qua", "pass rule"), required=False, max_length=20) or "majority"
    if name in NAMED_RULES:
        return name, NAMED_RULES[name]
    if name != "custom":
        raise DomainError(
            "Quy tắc thông qua là majority, two_thirds hoặc custom.",
            "The pass rule is majority, two_thirds or custom.",
            field="rule",
        )
    fraction = parse_fraction(f.text("fraction", ("tỉ lệ", "fraction"), max_length=10))
    strict = f.boolean("strict", ("“trên” (thay vì “ít nhất”)", "strictly more than"), default=False)
    return name, PassRule(fraction, bool(strict))


def _official_subjects(db: DbSession, session: Session, f: Fields) -> list[dict[str, Any]]:
    ids = f.id_list("official_ids", ("người được lấy phiếu", "officials"))
    if not ids or len(set(ids)) != len(ids) or len(ids) > 60:
        raise DomainError(
            "Chọn từ 1 đến 60 người (không trùng).",
            "Choose 1 to 60 distinct officials.",
            field="official_ids",
        )
    subjects = []
    for official_id in ids:
        official = db.get(Official, official_id)
        if official is None or official.council_id != session.term.council_id:
            raise NotFound("người được lấy phiếu", "Official")
        subjects.append(
            {
                "key": f"official-{official.id}",
                "official_id": official.id,
                "label": f"{official.person.full_name} — {official.position}",
            }
        )
    return subjects


# ---------------------------------------------------------------------------------------------
# Casting
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ack:
    vote_id: int
    ballot_key: str
    duplicate: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "vote_id": self.vote_id,
            "ballot_id": self.ballot_key,
            "recorded": True,
            "duplicate": self.duplicate,
        }


@dataclass(frozen=True)
class BallotRequest:
    """One ballot of a batch: the delegate (person) who casts it, the ballot as sent, who sent it."""

    person_id: int | None
    data: Any
    actor: User | None = None


def cast_ballot(
    db: DbSession, session: Session, person_id: int | None, data: Mapping[str, Any], actor: User | None
) -> Ack:
    """Record one ballot. ``data``: ``vote_id``, ``ballot_id`` (client-generated), ``choice``
    (an option key for a motion, or ``{subject: option}`` for a confidence rating)."""
    (outcome,) = cast_ballots(db, session, [BallotRequest(person_id, data, actor)])
    if isinstance(outcome, DomainError):
        raise outcome
    return outcome


def cast_ballots(
    db: DbSession, session: Session, requests: list[BallotRequest], *, lock: bool | str = "share"
) -> list[Ack | DomainError]:
    """Record a batch of ballots of one session in the caller's transaction; one outcome per request, in
    order: an ``Ack`` or the ``DomainError`` that refused it (a refused ballot writes nothing, and does
    not spoil the others).

    A handful of statements for the whole batch: the session's lock (``lock``: shared by default, so
    ballots go in side by side but not while the vote closes or its tally is reported; ``True`` when the
    caller reports the tally in the same transaction), the votes, the delegates' seats, their earlier
    ballots, who is present, then one bulk insert per table and one audit insert. UNIQUE(vote, delegate)
    and UNIQUE(vote, ballot key) in the database stop a ballot another process records at the same moment.
    """
    state = events.live_state(db, session.id, lock=lock)
    outcomes: list[Ack | DomainError | None] = [None] * len(requests)
    parsed: list[tuple[int, int, str, Any] | None] = [None] * len(requests)  # (index, vote id, key, person)
    for i, request in enumerate(requests):
        try:
            vote_id = Fields(request.data).integer("vote_id", ("cuộc biểu quyết", "vote"))
            if not isinstance(vote_id, int) or isinstance(vote_id, bool):
                raise NotFound("cuộc biểu quyết", "Vote")
            parsed[i] = (i, vote_id, request.data.get("ballot_id"), request.person_id)
        except DomainError as error:
            outcomes[i] = error
    wanted = [p for p in parsed if p is not None]
    vote_ids = {p[1] for p in wanted}
    votes = (
        {
            v.id: v
            for v in db.scalars(select(Vote).where(Vote.id.in_(vote_ids), Vote.session_id == session.id))
        }
        if vote_ids
        else {}
    )
    _keep(db, votes.values())  # the tally report in the same transaction reads them again
    persons = {p[3] for p in wanted if p[3] is not None}
    seats = (
        {
            m.person_id: m
            for m in db.scalars(
                select(Mandate).where(
                    Mandate.term_id == session.term_id,
                    Mandate.person_id.in_(persons),
                    in_office_filter(live.today()),
                )
            )
        }
        if persons
        else {}
    )
    keys = {p[2] for p in wanted if isinstance(p[2], str)}
    by_key: dict[tuple[int, str], int] = {}  # (vote, ballot key) -> the delegate who used it
    by_voter: dict[tuple[int, int], str] = {}  # (vote, delegate) -> their ballot key
    if votes and (persons or keys):
        for vote_id, person, key in db.execute(
            select(
                VoteParticipation.vote_id, VoteParticipation.person_id, VoteParticipation.ballot_key
            ).where(
                VoteParticipation.vote_id.in_(votes),
                VoteParticipation.person_id.in_(persons) | VoteParticipation.ballot_key.in_(keys),
            )
        ):
            by_key[(vote_id, key)] = person
            by_voter[(vote_id, person)] = key
    present: set[int] | None = None

    participations: list[dict[str, Any]] = []
    named: list[dict[str, Any]] = []
    secret: dict[tuple[int, str, str], int] = {}
    audits: list[tuple[str, dict[str, Any], str | None, int | None]] = []
    reported: list[int] = []
    for i, vote_id, key, person in wanted:
        try:
            vote = votes.get(vote_id)
            if vote is None:
                raise NotFound("cuộc biểu quyết", "Vote")
            if not isinstance(key, str) or not _BALLOT_KEY.match(key):
                raise DomainError(
                    "Mã phiếu không hợp lệ (8–64 ký tự chữ, số, - hoặc _).",
                    "Invalid ballot id (8–64 letters, digits, - or _).",
                    field="ballot_id",
                )
            mandate = seats.get(person) if person is not None else None
            if mandate is None:
                live._require_delegate(db, session, None)  # raises the refusal
            assert mandate is not None
            voter = mandate.person_id
            previous = by_key.get((vote.id, key))
            if previous is not None:
                if previous != voter:
                    raise Conflict(
                        "Mã phiếu đã được dùng.", "This ballot id is already used.", field="ballot_id"
                    )
                outcomes[i] = Ack(vote.id, key, duplicate=True)  # a resend: same answer, counted once
                continue
            if (vote.id, voter) in by_voter:
                raise Conflict(
                    "Đại biểu đã biểu quyết trong cuộc biểu quyết này.",
                    "You have already voted in this vote.",
                )
            if vote.status != VoteStatus.OPEN:
                raise Conflict("Cuộc biểu quyết đã kết thúc.", "The vote is closed.")
            if vote.present_only:
                if present is None:  # of the delegates of this batch only (a hall may have a thousand)
                    present = set(
                        db.scalars(
                            select(Attendance.person_id).where(
                                Attendance.session_id == session.id,
                                Attendance.day == (state.sitting_day or live.today()),
                                Attendance.status == AttendanceStatus.PRESENT,
                                Attendance.person_id.in_(persons),
                            )
                        )
                    )
                if voter not in present:
                    raise Forbidden(
                        "Đại biểu chưa điểm danh có mặt nên chưa thể biểu quyết.",
                        "You must be checked in as present to vote.",
                    )
            choices = _choices(vote, requests[i].data.get("choice"))
        except DomainError as error:
            outcomes[i] = error
            continue
        by_key[(vote.id, key)] = voter
        by_voter[(vote.id, voter)] = key
        participations.append({"vote_id": vote.id, "person_id": voter, "ballot_key": key})
        if vote.secret:
            for subject, option in choices.items():
                secret[(vote.id, subject, option)] = secret.get((vote.id, subject, option), 0) + 1
            detail: dict[str, Any] = {"vote_id": vote.id, "person_id": voter}  # that they voted — never how
        else:
            named.extend(
                {"vote_id": vote.id, "person_id": voter, "subject": subject, "option": option}
                for subject, option in choices.items()
            )
            detail = {"vote_id": vote.id, "person_id": voter, "choice": choices}
        audits.append(("ballot.cast", detail, _actor(requests[i].actor), session.id))
        if vote.id not in reported:
            reported.append(vote.id)
        outcomes[i] = Ack(vote.id, key, duplicate=False)

    # Nothing above wrote anything; now one statement per table for the whole batch.
    if participations:
        db.execute(insert(VoteParticipation.__table__), participations)
    if named:
        db.execute(insert(NamedChoice.__table__), named)
    if secret:
        table = SecretTally.__table__
        db.execute(
            update(table)
            .where(
                table.c.vote_id == bindparam("v"),
                table.c.subject == bindparam("s"),
                table.c.option == bindparam("o"),
            )
            .values(count=table.c.count + bindparam("n")),
            [{"v": v, "s": s, "o": o, "n": n} for (v, s, o), n in secret.items()],
        )
    audit.append_many(db, audits)
    for vote_id in reported:
        events.request_progress(db, session.id, vote_id)
    assert all(o is not None for o in outcomes)
    return outcomes  # type: ignore[return-value]


def _keep(db: DbSession, objects: Any) -> None:
    """Hold ``objects`` until the transaction ends: the identity map holds them only weakly, and a later
    ``db.get`` in the same transaction then finds them without a query."""
    transaction = db.get_transaction()
    kept = db.info.get("kyhop_kept")
    if kept is None or kept[0] is not transaction:
        kept = db.info["kyhop_kept"] = (transaction, [])
    kept[1].extend(objects)


def report_progress(db: DbSession, session: Session, vote_id: int, *, every: float = 0.0) -> bool:
    """Emit a ``vote.progress`` event if ballots came in since the last one: how many voted and — for a
    named vote — the counts and the new ballots (for the seating map). Secret: only how many voted.
    With ``every`` (seconds), not sooner than that after the vote's previous report, whichever server
    process sent it: returns False, and the caller reports later.

    Holds the session's lock exclusively, so every ballot with a smaller id has committed: the new
    ballots are exactly those after the last one reported."""
    events.live_state(db, session.id, lock=True)
    vote = db.get(Vote, vote_id)
    if vote is None or vote.session_id != session.id or vote.status != VoteStatus.OPEN:
        return False
    last = db.scalar(
        select(SessionEvent)
        .where(SessionEvent.session_id == session.id, SessionEvent.type == "vote.progress")
        .order_by(SessionEvent.version.desc())
        .limit(1)
    )
    previous = last.data if last is not None and last.data.get("vote_id") == vote.id else {}
    if every and last is not None and previous and 0 <= (utcnow() - last.at).total_seconds() < every:
        return False  # (a clock behind the other process's never holds a report back)
    cast = _cast_count(db, vote)
    if cast == previous.get("cast", 0):
        return False
    data: dict[str, Any] = {"vote_id": vote.id, "cast": cast}
    if not vote.secret:
        after = int(previous.get("last_choice_id", 0))
        new = list(
            db.scalars(
                select(NamedChoice)
                .where(NamedChoice.vote_id == vote.id, NamedChoice.id > after)
                .order_by(NamedChoice.id)
            )
        )
        data.update(
            {
                "counts": counts(db, vote),
                "last_choice_id": new[-1].id if new else after,
                "ballots": [
                    {"person_id": c.person_id, "subject": c.subject, "option": c.option} for c in new
                ],
            }
        )
    events.emit(
        db, session.id, "vote.progress", data, actor=None, audit_detail={"vote_id": vote.id, "cast": cast}
    )
    return True


def _choices(vote: Vote, raw: Any) -> dict[str, str]:
    option_keys = {o["key"] for o in vote.options}
    subject_keys = [s["key"] for s in vote.subjects]
    if isinstance(raw, str) and len(subject_keys) == 1:
        raw = {subject_keys[0]: raw}
    if (
        not isinstance(raw, Mapping)
        or set(raw) != set(subject_keys)
        or not all(v in option_keys for v in raw.values())
    ):
        labels = ", ".join(o["key"] for o in vote.options)
        raise DomainError(
            f"Phiếu không hợp lệ: cần chọn một phương án ({labels}) cho mỗi nội dung.",
            f"Invalid ballot: choose one option ({labels}) for every subject.",
            field="choice",
        )
    return {str(k): str(v) for k, v in raw.items()}


def _cast_count(db: DbSession, vote: Vote) -> int:
    return int(
        db.scalar(select(func.count(VoteParticipation.id)).where(VoteParticipation.vote_id == vote.id)) or 0
    )


def counts(db: DbSession, vote: Vote) -> dict[str, dict[str, int]]:
    """{subject: {option: n}} with every option present (0 when nobody chose it)."""
    out = {s["key"]: {o["key"]: 0 for o in vote.options} for s in vote.subjects}
    if vote.secret:
        for row in db.scalars(select(SecretTally).where(SecretTally.vote_id == vote.id)):
            out[row.subject][row.option] = row.count
    else:
        rows = db.execute(
            select(NamedChoice.subject, NamedChoice.option, func.count())
            .where(NamedChoice.vote_id == vote.id)
            .group_by(NamedChoice.subject, NamedChoice.option)
        )
        for subject, option, n in rows:
            out[subject][option] = int(n)
    return out


def voted_person_ids(db: DbSession, vote: Vote) -> set[int]:
    return set(db.scalars(select(VoteParticipation.person_id).where(VoteParticipation.vote_id == vote.id)))


# ---------------------------------------------------------------------------------------------
# Closing and the result
# ---------------------------------------------------------------------------------------------


def close_vote(db: DbSession, session: Session, data: Mapping[str, Any], actor: User | None) -> Vote:
    events.live_state(db, session.id, lock=True)  # waits for ballots in flight; later ones see it closed
    vote = get_vote(db, session, Fields(data).integer("vote_id", ("cuộc biểu quyết", "vote")))
    if vote.status != VoteStatus.OPEN:
        raise Conflict("Cuộc biểu quyết này không đang mở.", "This vote is not open.")
    vote.status = VoteStatus.CLOSED
    vote.closed_at = utcnow()
    present = len(live.present_person_ids(db, session))
    vote.present_at_close = max(present, _cast_count(db, vote)) if not vote.present_only else present
    vote.result = compute_result(vote, counts(db, vote), _cast_count(db, vote))
    db.flush()
    events.emit(db, session.id, "vote.closed", {"vote": vote_view(db, vote)}, actor=_actor(actor))
    return vote


def cancel_vote(db: DbSession, session: Session, data: Mapping[str, Any], actor: User | None) -> Vote:
    """Stop an open vote without a result (e.g. a technical problem); its ballots are kept, not counted."""
    events.live_state(db, session.id, lock=True)
    vote = get_vote(db, session, Fields(data).integer("vote_id", ("cuộc biểu quyết", "vote")))
    if vote.status != VoteStatus.OPEN:
        raise Conflict("Cuộc biểu quyết này không đang mở.", "This vote is not open.")
    vote.status = VoteStatus.CANCELLED
    vote.closed_at = utcnow()
    db.flush()
    events.emit(db, session.id, "vote.cancelled", {"vote": vote_view(db, vote)}, actor=_actor(actor))
    return vote


def compute_result(vote: Vote, tally: dict[str, dict[str, int]], cast: int) -> dict[str, Any]:
    total = vote.total_in_office
    present = vote.present_at_close or 0
    labels = {o["key"]: o["label"] for o in vote.options}
    if vote.kind == VoteKind.MOTION:
        rule = rule_of(vote)
        yes_key = vote.options[0]["key"]
        row = tally[MOTION_SUBJECT]
        yes = row[yes_key]
        passed = rule.passes(yes, total)
        lines = [
            {
                "option": k,
                "label": labels[k],
                "count": n,
                "percent_of_total": percent(n, total),
                "percent_of_present": percent(n, present),
            }
            for k, n in row.items()
        ]
        return {
            "kind": vote.kind.value,
            "total": total,
            "present": present,
            "cast": cast,
            "not_voted": max(present - cast, 0),
            "options": lines,
            "needed": rule.needed(total),
            "rule_text": rule.describe(total),
            "passed": passed,
            "sentence": result_sentence(yes, present, total, labels[yes_key]),
            "verdict": "Thông qua" if passed else "Không thông qua",
        }
    low_key = "low" if vote.kind == VoteKind.CONFIDENCE_RATING else "no_confidence"
    subjects = []
    for subject in vote.subjects:
        row = tally[subject["key"]]
        flags = confidence_flags(row[low_key], total)
        if vote.kind == VoteKind.CONFIDENCE_RATING:
            verdict = (
                "Phải trình HĐND xem xét miễn nhiệm/bãi nhiệm (≥ 2/3 tín nhiệm thấp)"
                if flags.two_thirds
                else "Có thể xin từ chức; nếu không, HĐND bỏ phiếu tín nhiệm (> 1/2 tín nhiệm thấp)"
                if flags.over_half
                else "Không thuộc trường hợp phải xử lý"
            )
        else:
            verdict = (
                "Không được tín nhiệm: có thể xin từ chức; nếu không, trình miễn nhiệm/bãi nhiệm"
                if flags.over_half
                else "Được tín nhiệm"
            )
        subjects.append(
            {
                "key": subject["key"],
                "label": subject["label"],
                "official_id": subject.get("official_id"),
                "options": [
                    {"option": k, "label": labels[k], "count": n, "percent_of_total": percent(n, total)}
                    for k, n in row.items()
                ],
                "over_half": flags.over_half,
                "two_thirds": flags.two_thirds,
                "verdict": verdict,
            }
        )
    return {
        "kind": vote.kind.value,
        "total": total,
        "present": present,
        "cast": cast,
        "not_voted": max(present - cast, 0),
        "subjects": subjects,
        "denominator": "tổng số đại biểu HĐND",
    }


def vote_view(db: DbSession, vote: Vote) -> dict[str, Any]:
    """What every screen may know about a vote: for a secret one, only how many voted until it closes."""
    out: dict[str, Any] = {
        "id": vote.id,
        "number": vote.number,
        "kind": vote.kind.value,
        "title": vote.title,
        "secret": vote.secret,
        "agenda_item_id": vote.agenda_item_id,
        "repeat_of_id": vote.repeat_of_id,
        "options": vote.options,
        "subjects": vote.subjects,
        "rule": vote.rule,
        "fraction": vote.fraction,
        "strict": vote.strict,
        "rule_text": rule_of(vote).describe(vote.total_in_office),
        "present_only": vote.present_only,
        "status": vote.status.value,
        "total_in_office": vote.total_in_office,
        "opened_at": live._iso(vote.opened_at),
        "closed_at": live._iso(vote.closed_at),
        "cast": _cast_count(db, vote),
        "result": vote.result,
    }
    if not vote.secret:
        out["counts"] = counts(db, vote)
        out["ballots"] = [
            {"person_id": c.person_id, "subject": c.subject, "option": c.option}
            for c in db.scalars(select(NamedChoice).where(NamedChoice.vote_id == vote.id))
        ]
    return out


def votes_view(db: DbSession, session: Session) -> list[dict[str, Any]]:
    return [
        vote_view(db, v)
        for v in db.scalars(select(Vote).where(Vote.session_id == session.id).order_by(Vote.number))
    ]

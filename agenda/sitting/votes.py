"""Votes: opening one (a motion, a confidence rating or a confidence vote, named or secret), closing it with
its legal result, or cancelling it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Self

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from agenda import events
from agenda.archive import resolutions
from agenda.audit import actor_of
from agenda.clock import utcnow
from agenda.council.office import delegates_in_office
from agenda.errors import Conflict, DomainError, NotFound
from agenda.inputs import Fields
from agenda.models import Official, SecretTally, Session, User, Vote, VoteKind, VoteStatus
from agenda.rules import NAMED_RULES, PassRule, parse_fraction
from agenda.sitting import secrecy
from agenda.sitting.attendance import present_person_ids
from agenda.sitting.results import MOTION_SUBJECT, cast_count, compute_result, counts, vote_view
from agenda.sitting.state import of_session, require_running, session_item, sitting_day

DEFAULT_OPTIONS = [("yes", "Tán thành"), ("no", "Không tán thành"), ("abstain", "Không biểu quyết")]


RATING_OPTIONS = [("high", "Tín nhiệm cao"), ("normal", "Tín nhiệm"), ("low", "Tín nhiệm thấp")]


CONFIDENCE_OPTIONS = [("confidence", "Tín nhiệm"), ("no_confidence", "Không tín nhiệm")]


def get_vote(db: DbSession, session: Session, vote_id: object) -> Vote:
    """The vote ``vote_id`` of this session, or "not found" (also for an id that is not a number)."""
    vote = db.get(Vote, vote_id) if isinstance(vote_id, int) and not isinstance(vote_id, bool) else None
    return of_session(vote, session, "cuộc biểu quyết", "Vote")


@dataclass(frozen=True)
class VoteOpening:
    """A vote as the secretary opens it, checked: a motion (named or secret, its options and pass rule) or,
    always secret and on the majority of the total, a confidence rating or vote on ``official_ids``."""

    kind: VoteKind
    title: str
    agenda_item_id: int | None = None
    repeat_of_id: int | None = None
    secret: bool = False
    options: list[dict[str, str]] = field(default_factory=list)
    rule_name: str = "majority"
    rule: PassRule = NAMED_RULES["majority"]
    official_ids: list[int] = field(default_factory=list)

    @classmethod
    def parse(cls, data: object) -> Self:
        """``{"title": "…", "kind": "motion", "secret": false, "options": ["Đồng ý", …], "rule": "custom",
        "fraction": "3/4", "strict": true, "agenda_item_id": 12, "repeat_of_id": 4}`` or, for a confidence
        rating or vote, ``{"kind": "confidence_rating", "title": "…", "official_ids": [3, 5]}``."""
        f = Fields(data)
        kind = (
            f.choice("kind", ("loại biểu quyết", "kind of vote"), VoteKind, required=False) or VoteKind.MOTION
        )
        title = f.text("title", ("nội dung biểu quyết", "title"), max_length=500)
        item_id = f.integer("agenda_item_id", ("nội dung chương trình", "agenda item"), required=False)
        repeat_of = f.integer("repeat_of_id", ("biểu quyết lại", "repeat of"), required=False)
        if kind != VoteKind.MOTION:  # NQ 96/2023/QH15: confidence ratings and votes are secret ballots
            levels = RATING_OPTIONS if kind == VoteKind.CONFIDENCE_RATING else CONFIDENCE_OPTIONS
            return cls(
                kind,
                title,
                item_id,
                repeat_of,
                secret=True,
                options=[{"key": k, "label": v} for k, v in levels],
                official_ids=_official_ids(f),
            )
        secret = bool(f.boolean("secret", ("bỏ phiếu kín", "secret ballot"), default=False))
        options = _motion_options(f.data.get("options"))
        rule_name, rule = _rule(f)
        return cls(kind, title, item_id, repeat_of, secret, options, rule_name, rule)


def open_vote(db: DbSession, session: Session, opening: VoteOpening, actor: User | None) -> Vote:
    state = require_running(session)
    events.live_state(db, session.id, lock=True)
    if db.scalar(select(Vote.id).where(Vote.session_id == session.id, Vote.status == VoteStatus.OPEN)):
        raise Conflict(
            "Đang có một cuộc biểu quyết mở — hãy kết thúc trước.", "Another vote is open — close it first."
        )
    if opening.agenda_item_id is not None:
        session_item(db, session, opening.agenda_item_id)
    if opening.repeat_of_id is not None:
        get_vote(db, session, opening.repeat_of_id)
    if opening.kind == VoteKind.MOTION:
        subjects: list[dict[str, Any]] = [{"key": MOTION_SUBJECT, "label": opening.title}]
    else:
        subjects = _official_subjects(db, session, opening.official_ids)
    total = delegates_in_office(db, session.term_id, sitting_day(state, session))
    if total == 0:
        raise Conflict("Không có đại biểu nào đang làm nhiệm vụ.", "There are no delegates in office.")
    number = (db.scalar(select(func.max(Vote.number)).where(Vote.session_id == session.id)) or 0) + 1
    rule = opening.rule
    vote = Vote(
        session_id=session.id,
        number=number,
        agenda_item_id=opening.agenda_item_id,
        repeat_of_id=opening.repeat_of_id,
        kind=opening.kind,
        title=opening.title,
        secret=opening.secret,
        options=opening.options,
        subjects=subjects,
        rule=opening.rule_name,
        fraction=f"{rule.fraction.numerator}/{rule.fraction.denominator}",
        strict=rule.strict,
        present_only=not state.allow_absent_voting,
        status=VoteStatus.OPEN,
        total_in_office=total,
    )
    db.add(vote)
    db.flush()
    if opening.secret:  # its key, outside the database, before any ballot can be acknowledged
        secrecy.open_key(db, vote.id)
    events.emit(db, session.id, "vote.opened", {"vote": vote_view(db, vote)}, actor=actor_of(actor))
    return vote


def _motion_options(raw: object) -> list[dict[str, str]]:
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


def _official_ids(f: Fields) -> list[int]:
    ids = f.id_list("official_ids", ("người được lấy phiếu", "officials"))
    if not ids or len(set(ids)) != len(ids) or len(ids) > 60:
        raise DomainError(
            "Chọn từ 1 đến 60 người (không trùng).",
            "Choose 1 to 60 distinct officials.",
            field="official_ids",
        )
    return ids


def _official_subjects(db: DbSession, session: Session, official_ids: list[int]) -> list[dict[str, Any]]:
    subjects = []
    for official_id in official_ids:
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


@dataclass(frozen=True)
class VoteRef:
    """The vote an action is about."""

    vote_id: int

    @classmethod
    def parse(cls, data: object) -> Self:
        """``{"vote_id": 7}``."""
        return cls(Fields(data).integer("vote_id", ("cuộc biểu quyết", "vote")))


def close_vote(db: DbSession, session: Session, ref: VoteRef, actor: User | None) -> Vote:
    events.live_state(db, session.id, lock=True)  # waits for ballots in flight; later ones see it closed
    vote = get_vote(db, session, ref.vote_id)
    if vote.status != VoteStatus.OPEN:
        raise Conflict("Cuộc biểu quyết này không đang mở.", "This vote is not open.")
    cast = cast_count(db, vote)
    if vote.secret:  # opened and counted now, written once; the sealed ballots and the key go
        tally = secrecy.count_sealed(db, vote, cast)
        db.add_all(
            SecretTally(vote_id=vote.id, subject=subject, option=option, count=n)
            for subject, row in tally.items()
            for option, n in row.items()
        )
        secrecy.discard_sealed(db, vote)
    else:
        tally = counts(db, vote)
    vote.status = VoteStatus.CLOSED
    vote.closed_at = utcnow()
    present = len(present_person_ids(db, session))
    vote.present_at_close = max(present, cast) if not vote.present_only else present
    vote.result = compute_result(vote, tally, cast)
    db.flush()
    resolutions.record_adoption(db, vote, session)  # a draft adopted: its record waits for its number
    events.emit(db, session.id, "vote.closed", {"vote": vote_view(db, vote)}, actor=actor_of(actor))
    return vote


def cancel_vote(db: DbSession, session: Session, ref: VoteRef, actor: User | None) -> Vote:
    """Stop an open vote without a result (e.g. a technical problem): who voted is kept; a secret vote's
    sealed ballots are never counted, and its key is destroyed."""
    events.live_state(db, session.id, lock=True)
    vote = get_vote(db, session, ref.vote_id)
    if vote.status != VoteStatus.OPEN:
        raise Conflict("Cuộc biểu quyết này không đang mở.", "This vote is not open.")
    vote.status = VoteStatus.CANCELLED
    vote.closed_at = utcnow()
    if vote.secret:
        secrecy.discard_sealed(db, vote)
    db.flush()
    events.emit(db, session.id, "vote.cancelled", {"vote": vote_view(db, vote)}, actor=actor_of(actor))
    return vote

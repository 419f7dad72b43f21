"""Votes: opening one (a motion, a confidence rating or a confidence vote, named or secret), closing it with
its legal result, or cancelling it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from agenda import events
from agenda.audit import actor_of
from agenda.clock import utcnow
from agenda.council.office import delegates_in_office
from agenda.errors import Conflict, DomainError, NotFound
from agenda.inputs import Fields
from agenda.models import Official, SecretTally, Session, User, Vote, VoteKind, VoteStatus
from agenda.rules import NAMED_RULES, PassRule, parse_fraction
from agenda.sitting.attendance import present_person_ids
from agenda.sitting.results import MOTION_SUBJECT, cast_count, compute_result, counts, vote_view
from agenda.sitting.state import of_session, require_running, session_item, sitting_day

DEFAULT_OPTIONS = [("yes", "Tán thành"), ("no", "Không tán thành"), ("abstain", "Không biểu quyết")]


RATING_OPTIONS = [("high", "Tín nhiệm cao"), ("normal", "Tín nhiệm"), ("low", "Tín nhiệm thấp")]


CONFIDENCE_OPTIONS = [("confidence", "Tín nhiệm"), ("no_confidence", "Không tín nhiệm")]


def get_vote(db: DbSession, session: Session, vote_id: Any) -> Vote:
    vote = db.get(Vote, vote_id) if isinstance(vote_id, int) and not isinstance(vote_id, bool) else None
    return of_session(vote, session, "cuộc biểu quyết", "Vote")


def open_vote(db: DbSession, session: Session, data: Mapping[str, Any], actor: User | None) -> Vote:
    state = require_running(session)
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
        session_item(db, session, item_id)
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
    total = delegates_in_office(db, session.term_id, sitting_day(state))
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
    events.emit(db, session.id, "vote.opened", {"vote": vote_view(db, vote)}, actor=actor_of(actor))
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


def close_vote(db: DbSession, session: Session, data: Mapping[str, Any], actor: User | None) -> Vote:
    events.live_state(db, session.id, lock=True)  # waits for ballots in flight; later ones see it closed
    vote = get_vote(db, session, Fields(data).integer("vote_id", ("cuộc biểu quyết", "vote")))
    if vote.status != VoteStatus.OPEN:
        raise Conflict("Cuộc biểu quyết này không đang mở.", "This vote is not open.")
    vote.status = VoteStatus.CLOSED
    vote.closed_at = utcnow()
    present = len(present_person_ids(db, session))
    vote.present_at_close = max(present, cast_count(db, vote)) if not vote.present_only else present
    vote.result = compute_result(vote, counts(db, vote), cast_count(db, vote))
    db.flush()
    events.emit(db, session.id, "vote.closed", {"vote": vote_view(db, vote)}, actor=actor_of(actor))
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
    events.emit(db, session.id, "vote.cancelled", {"vote": vote_view(db, vote)}, actor=actor_of(actor))
    return vote

"""Counting a vote and its legal result on the TOTAL number of delegates (2015 law art. 91(3), 102(3);
NQ 96/2023/QH15 for confidence), and what every screen may know of a vote."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from agenda.clock import iso
from agenda.errors import Conflict
from agenda.models import (
    NamedChoice,
    SecretTally,
    Session,
    Vote,
    VoteKind,
    VoteParticipation,
    VoteStatus,
)
from agenda.rules import PassRule, confidence_flags, percent, result_sentence

MOTION_SUBJECT = "motion"


def rule_of(vote: Vote) -> PassRule:
    return PassRule(Fraction(vote.fraction), vote.strict)


def cast_count(db: DbSession, vote: Vote) -> int:
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


def vote_view(db: DbSession, vote: Vote, *, with_ballots: bool = True) -> dict[str, Any]:
    """What every screen may know about a vote: for a secret one, only how many voted until it closes. A
    named vote's ``ballots`` (who chose what) come with it unless ``with_ballots`` is False."""
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
        "opened_at": iso(vote.opened_at),
        "closed_at": iso(vote.closed_at),
        "cast": cast_count(db, vote),
        "result": vote.result,
    }
    if not vote.secret:
        out["counts"] = counts(db, vote)
        if with_ballots:
            out["ballots"] = named_ballots(db, vote)
    return out


def named_ballots(db: DbSession, vote: Vote) -> list[dict[str, Any]]:
    """Who chose what in a named vote, in the order the ballots were recorded (nothing for a secret vote:
    its ballots are sealed apart from who cast them)."""
    if vote.secret:
        return []
    return [
        {"person_id": c.person_id, "subject": c.subject, "option": c.option}
        for c in db.scalars(
            select(NamedChoice).where(NamedChoice.vote_id == vote.id).order_by(NamedChoice.id)
        )
    ]


def ballots_seen(db: DbSession, vote: Vote) -> dict[str, Any]:
    """One vote's ballots as whoever may see its session may see them (``GET …/votes/{id}/ballots``): a
    named vote's, each delegate's choice; a secret vote has none to show — refused, with the reason."""
    if vote.secret:
        raise Conflict(
            "Đây là cuộc bỏ phiếu kín: không có phiếu gắn với từng đại biểu.",
            "This is a secret ballot: no ballot is linked to a delegate.",
        )
    return {"vote_id": vote.id, "status": vote.status.value, "ballots": named_ballots(db, vote)}


def votes_view(db: DbSession, session: Session) -> list[dict[str, Any]]:
    """Every vote of the session, for the snapshot: the ballots only of a vote still open (for the seating
    map), so that the snapshot grows with the hall, not with the votes held — a closed vote's are fetched
    when a screen shows them (:func:`ballots_seen`)."""
    return [
        vote_view(db, v, with_ballots=v.status == VoteStatus.OPEN)
        for v in db.scalars(select(Vote).where(Vote.session_id == session.id).order_by(Vote.number))
    ]

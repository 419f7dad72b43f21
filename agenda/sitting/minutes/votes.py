"""Votes in the minutes: each with the result as it was computed at the close (``agenda.sitting.results``:
counts on the TOTAL, the legal sentence, the verdict) and, for a named vote only, who chose which option.
A secret ballot gives counts only: its choices are sealed apart from who cast them, so none is ever read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.models import Person, Session, Vote, VoteKind, VoteStatus
from agenda.sitting.minutes.values import ChoiceGroup, OptionCount, SubjectResult, VoteLine
from agenda.sitting.results import cast_count, named_ballots, rule_of
from agenda.text import vietnamese_sort_key


def _options(rows: list[dict[str, Any]]) -> tuple[OptionCount, ...]:
    return tuple(OptionCount(o["label"], int(o["count"]), o["percent_of_total"]) for o in rows)


def _named(db: DbSession, vote: Vote) -> tuple[ChoiceGroup, ...]:
    """Who chose what, grouped by option in the order of the ballot (never called for a secret vote)."""
    assert not vote.secret
    ballots = named_ballots(db, vote)
    ids = {b["person_id"] for b in ballots}
    names = {
        pid: name for pid, name in db.execute(select(Person.id, Person.full_name).where(Person.id.in_(ids)))
    }
    groups: dict[str, list[str]] = {o["key"]: [] for o in vote.options}
    for b in ballots:
        groups[b["option"]].append(names[b["person_id"]])
    return tuple(
        ChoiceGroup(o["label"], tuple(sorted(groups[o["key"]], key=vietnamese_sort_key)))
        for o in vote.options
    )


def vote_line(db: DbSession, vote: Vote, items: Mapping[int, str], numbers: Mapping[int, int]) -> VoteLine:
    result = vote.result if vote.status == VoteStatus.CLOSED else None
    motion = vote.kind == VoteKind.MOTION
    subjects = (
        tuple(
            SubjectResult(s["label"], _options(s["options"]), s["verdict"])
            for s in result.get("subjects", [])
        )
        if result
        else ()
    )
    return VoteLine(
        number=vote.number,
        title=vote.title,
        secret=vote.secret,
        motion=motion,
        status=vote.status.value,
        rule_text=rule_of(vote).describe(vote.total_in_office),
        agenda_item=items.get(vote.agenda_item_id) if vote.agenda_item_id is not None else None,
        repeat_of=numbers.get(vote.repeat_of_id) if vote.repeat_of_id is not None else None,
        opened_at=vote.opened_at,
        closed_at=vote.closed_at,
        total=int(result["total"]) if result else vote.total_in_office,
        present=int(result["present"]) if result else vote.present_at_close or 0,
        cast=int(result["cast"]) if result else cast_count(db, vote),
        not_voted=int(result["not_voted"]) if result else 0,
        sentence=result.get("sentence") if result else None,
        verdict=result.get("verdict") if result else None,
        options=_options(result.get("options", [])) if result else (),
        subjects=subjects,
        named=_named(db, vote) if result and not vote.secret else (),
    )


def vote_lines(db: DbSession, session: Session, items: Mapping[int, str]) -> tuple[VoteLine, ...]:
    votes = list(db.scalars(select(Vote).where(Vote.session_id == session.id).order_by(Vote.number)))
    numbers = {v.id: v.number for v in votes}
    return tuple(vote_line(db, v, items, numbers) for v in votes)

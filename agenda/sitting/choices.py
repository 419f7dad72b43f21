"""A ballot's choice: read from what a tablet sent and checked against the vote's options, and — when a
tablet sends a recorded ballot again (the same ballot id) — compared with the choice recorded first."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.errors import DomainError
from agenda.models import NamedChoice, Vote


def choice_of(vote: Vote, raw: Any) -> dict[str, str]:
    """``raw`` as a tablet sent it — an option key, or ``{subject: option}`` — as ``{subject: option}`` for
    every subject of the vote; refused (400) unless it names one of the vote's options for each."""
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


def same_choice(vote: Vote, raw: object, recorded: dict[str, str]) -> bool:
    """Whether ``raw``, as a tablet sent it, is the choice ``recorded`` (a malformed one is not)."""
    try:
        return choice_of(vote, raw) == recorded
    except DomainError:
        return False


def recorded_choices(db: DbSession, ballots: set[tuple[int, int]]) -> dict[tuple[int, int], dict[str, str]]:
    """{(vote, delegate): {subject: option}} of these named ballots as recorded — one statement (none when
    ``ballots`` is empty: a batch without resends reads nothing more)."""
    out: dict[tuple[int, int], dict[str, str]] = {}
    if not ballots:
        return out
    for vote_id, person, subject, option in db.execute(
        select(NamedChoice.vote_id, NamedChoice.person_id, NamedChoice.subject, NamedChoice.option).where(
            NamedChoice.vote_id.in_({v for v, _ in ballots}),
            NamedChoice.person_id.in_({p for _, p in ballots}),
        )
    ):
        if (vote_id, person) in ballots:
            out.setdefault((vote_id, person), {})[subject] = option
    return out


class BallotDiffers(DomainError):
    """A ballot sent again with its id but another choice: the ballot recorded first stands (a ballot is not
    changed), and the answer says what it was — so the tablet can tell the delegate."""

    status = 409

    def __init__(self, vote: Vote, recorded: dict[str, str]) -> None:
        labels = {o["key"]: o["label"] for o in vote.options}
        subjects = {s["key"]: s["label"] for s in vote.subjects}

        def said(left: str, right: str) -> str:
            if len(recorded) == 1:
                return f"{left}{labels.get(next(iter(recorded.values())), '?')}{right}"
            return "; ".join(
                f"{subjects.get(k, k)}: {left}{labels.get(v, v)}{right}" for k, v in recorded.items()
            )

        super().__init__(
            f"Phiếu này đã được ghi nhận với lựa chọn {said('«', '»')}; phiếu đã gửi không thể thay đổi.",
            f"This ballot was already recorded with the choice {said('“', '”')}; a ballot cannot be changed.",
            code="ballot_differs",
            field="choice",
        )
        self.vote_id = vote.id
        self.recorded = recorded

    def as_dict(self, lang: str = "vi") -> dict[str, object]:
        return {**super().as_dict(lang), "recorded": {"vote_id": self.vote_id, "choice": self.recorded}}

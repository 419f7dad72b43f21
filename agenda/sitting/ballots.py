"""Casting ballots, in batches, and reporting the tally as it grows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import insert, select
from sqlalchemy.orm import Session as DbSession

from agenda import audit, events
from agenda.audit import actor_of
from agenda.clock import utcnow
from agenda.council.office import seats_on
from agenda.errors import Conflict, DomainError, Forbidden, NotFound
from agenda.inputs import Fields
from agenda.models import (
    Attendance,
    AttendanceStatus,
    NamedChoice,
    SealedBallot,
    Session,
    SessionEvent,
    User,
    Vote,
    VoteParticipation,
    VoteStatus,
)
from agenda.models.base import table_of
from agenda.sitting import secrecy
from agenda.sitting.attendance import delegate_required
from agenda.sitting.choices import BallotDiffers, choice_of, recorded_choices, same_choice
from agenda.sitting.results import cast_count, counts
from agenda.sitting.state import sitting_day

_BALLOT_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")

# The Core tables of a batch's bulk statements (to mypy a model's ``__table__`` is only a FromClause).
_PARTICIPATIONS = table_of(VoteParticipation)
_NAMED_CHOICES = table_of(NamedChoice)
_SEALED = table_of(SealedBallot)


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
class Ballot:
    """A ballot as a tablet sends it, parsed: the vote, the ballot's id (made on the tablet before sending,
    so a resend is recognised) and the choice — an option key for a motion, or ``{subject: option}`` for a
    confidence rating — checked against the vote's options when it is cast."""

    vote_id: int
    key: str
    choice: object

    @classmethod
    def parse(cls, data: object) -> Ballot:
        """``{"vote_id": 7, "ballot_id": "…", "choice": "yes"}``; refuses a missing vote or a malformed id."""
        f = Fields(data)
        vote_id = f.integer("vote_id", ("cuộc biểu quyết", "vote"))
        key = f.data.get("ballot_id")
        if not isinstance(key, str) or not _BALLOT_KEY.match(key):
            raise DomainError(
                "Mã phiếu không hợp lệ (8–64 ký tự chữ, số, - hoặc _).",
                "Invalid ballot id (8–64 letters, digits, - or _).",
                field="ballot_id",
            )
        return cls(vote_id, key, f.data.get("choice"))


@dataclass(frozen=True)
class BallotRequest:
    """One ballot of a batch: the delegate (person) who casts it, the ballot, who sent it."""

    person_id: int | None
    ballot: Ballot
    actor: User | None = None


@dataclass(frozen=True)
class Cast:
    """What a batch did: an ``Ack`` or the ``DomainError`` that refused it, per request in order, and the
    votes that received a new ballot (their tally is to be reported)."""

    outcomes: list[Ack | DomainError]
    votes: list[int]


def cast_ballot(
    db: DbSession, session: Session, person_id: int | None, ballot: Ballot, actor: User | None
) -> Ack:
    """Record one ballot; its vote's tally is reported after commit (``events.request_progress``)."""
    cast = cast_ballots(db, session, [BallotRequest(person_id, ballot, actor)])
    (outcome,) = cast.outcomes
    if isinstance(outcome, DomainError):
        raise outcome
    for vote_id in cast.votes:
        events.request_progress(db, session.id, vote_id)
    return outcome


def cast_ballots(
    db: DbSession, session: Session, requests: list[BallotRequest], *, lock: bool | str = "share"
) -> Cast:
    """Record a batch of ballots of one session in the caller's transaction (a refused ballot writes
    nothing, and does not spoil the others).

    A handful of statements for the whole batch: the session's lock (``lock``: shared by default, so
    ballots go in side by side but not while the vote closes or its tally is reported; ``True`` when the
    caller reports the tally in the same transaction), the votes, the delegates' seats, their earlier
    ballots, who is present, then one bulk insert per table and one audit insert. UNIQUE(vote, delegate)
    and UNIQUE(vote, ballot key) in the database stop a ballot another process records at the same moment.
    """
    state = events.live_state(db, session.id, lock=lock)
    outcomes: list[Ack | DomainError | None] = [None] * len(requests)
    vote_ids = {r.ballot.vote_id for r in requests}
    votes = (
        {
            v.id: v
            for v in db.scalars(select(Vote).where(Vote.id.in_(vote_ids), Vote.session_id == session.id))
        }
        if vote_ids
        else {}
    )
    _keep(db, votes.values())  # the tally report in the same transaction reads them again
    persons = {r.person_id for r in requests if r.person_id is not None}
    seats = seats_on(db, session.term_id, persons, sitting_day(state, session))
    keys = {r.ballot.key for r in requests}
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
    chosen = recorded_choices(  # what the named ballots sent again (same ballot id) chose at first
        db,
        {
            (r.ballot.vote_id, by_key[(r.ballot.vote_id, r.ballot.key)])
            for r in requests
            if (r.ballot.vote_id, r.ballot.key) in by_key and not votes[r.ballot.vote_id].secret
        },
    )
    present: set[int] | None = None

    participations: list[dict[str, Any]] = []
    named: list[dict[str, Any]] = []
    sealed: list[dict[str, Any]] = []
    sealers: dict[int, AESGCM] = {}  # the sealing key of each secret vote of the batch, read once
    audits: list[tuple[str, dict[str, Any], str | None, int | None]] = []
    reported: list[int] = []
    for i, request in enumerate(requests):
        key = request.ballot.key
        try:
            vote = votes.get(request.ballot.vote_id)
            if vote is None:
                raise NotFound("cuộc biểu quyết", "Vote")
            mandate = seats.get(request.person_id) if request.person_id is not None else None
            if mandate is None:
                raise delegate_required()
            voter = mandate.person_id
            previous = by_key.get((vote.id, key))
            if previous is not None:
                if previous != voter:
                    raise Conflict(
                        "Mã phiếu đã được dùng.", "This ballot id is already used.", field="ballot_id"
                    )
                recorded = chosen.get((vote.id, voter))
                if recorded is not None and not same_choice(vote, request.ballot.choice, recorded):
                    raise BallotDiffers(vote, recorded)  # (a secret ballot's choice is sealed: not compared)
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
                                Attendance.day == sitting_day(state, session),
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
            choices = choice_of(vote, request.ballot.choice)
            if vote.secret and vote.id not in sealers:
                sealers[vote.id] = secrecy.sealer(db, vote)
        except DomainError as error:
            outcomes[i] = error
            continue
        by_key[(vote.id, key)] = voter
        by_voter[(vote.id, voter)] = key
        participations.append({"vote_id": vote.id, "person_id": voter, "ballot_key": key})
        if vote.secret:  # sealed: the storage links this row to the participation, not to a choice
            sealed.append({"vote_id": vote.id, "sealed": secrecy.seal(sealers[vote.id], vote, choices)})
            detail: dict[str, Any] = {"vote_id": vote.id, "person_id": voter}  # that they voted — never how
        else:
            named.extend(
                {"vote_id": vote.id, "person_id": voter, "subject": subject, "option": option}
                for subject, option in choices.items()
            )
            chosen[(vote.id, voter)] = choices
            detail = {"vote_id": vote.id, "person_id": voter, "choice": choices}
        audits.append(("ballot.cast", detail, actor_of(request.actor), session.id))
        if vote.id not in reported:
            reported.append(vote.id)
        outcomes[i] = Ack(vote.id, key, duplicate=False)

    # Nothing above wrote anything; now one statement per table for the whole batch.
    if participations:
        db.execute(insert(_PARTICIPATIONS), participations)
    if named:
        db.execute(insert(_NAMED_CHOICES), named)
    if sealed:
        db.execute(insert(_SEALED), sealed)
    audit.append_many(db, audits)
    return Cast([o for o in outcomes if o is not None], reported)


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
    cast = cast_count(db, vote)
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

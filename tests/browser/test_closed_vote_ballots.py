"""A closed named vote's ballots are no longer in the snapshot (issue 11: it grew with every vote held):
the projector, which shows the last result with its seating map for a while, fetches them — also after a
reload, when nothing of the vote is left on the page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from agenda.db import transaction
from agenda.models import Session
from agenda.sitting import attendance, ballots, opening, votes
from tests.browser.conftest import LiveServer
from tests.browser.hall import PROJECTOR, Screens

pytestmark = pytest.mark.browser


def held_and_closed(hall: LiveServer, choices: list[str]) -> int:
    """A named motion in which the first delegates chose ``choices``, closed."""
    sid, people = hall.ids["session_id"], hall.ids["people"]
    with transaction(hall.factory) as db:
        session = db.get(Session, sid)
        opening.open_sitting(db, session, None)
        for person in people[: len(choices)]:
            attendance.check_in(db, session, person, method="card", actor=None)
        vote = votes.open_vote(db, session, votes.VoteOpening.parse({"title": "Nghị quyết về giá đất"}), None)
        for i, (person, choice) in enumerate(zip(people, choices, strict=False)):
            sent = ballots.Ballot.parse(
                {"vote_id": vote.id, "ballot_id": f"ballot-{i:04d}", "choice": choice}
            )
            ballots.cast_ballot(db, session, person, sent, None)
        vote_id = vote.id
    with transaction(hall.factory) as db:
        votes.close_vote(db, db.get(Session, sid), votes.VoteRef(vote_id), None)
    return vote_id


def test_the_projector_shows_who_voted_how_in_a_closed_vote_after_a_reload(
    screens: Screens, hall: LiveServer
) -> None:
    sid = hall.ids["session_id"]
    vote_id = held_and_closed(hall, ["yes", "yes", "yes", "no"])
    _, projector = screens.open(PROJECTOR)
    fetched: list[str] = []
    projector.on("request", lambda r: fetched.append(r.url) if "/ballots" in r.url else None)
    for _ in range(2):  # the first visit, then a reload
        projector.goto(f"/projector.html?session={sid}")
        expect(projector.locator("#conn")).to_have_attribute("data-status", "open")
        expect(projector.locator("#pj-vote .verdict")).to_have_text("THÔNG QUA")
        expect(projector.locator("#pj-seating li.seat-vote-0")).to_have_count(3)
        expect(projector.locator("#pj-seating li.seat-vote-1")).to_have_count(1)
        expect(projector.locator("#pj-seating li.seat-vote-1")).to_contain_text("✗")
    snapshot: Any = projector.evaluate("id => fetch(`/api/sessions/${id}/live`).then(r => r.json())", sid)
    assert "ballots" not in snapshot["votes"][0]  # so the colours came from the fetch
    assert [u.endswith(f"/api/sessions/{sid}/votes/{vote_id}/ballots") for u in fetched] == [True, True]

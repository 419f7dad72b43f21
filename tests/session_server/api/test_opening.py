"""Opening a sitting over HTTP as the console does it: the check before the dialogs (today, the session's dates,
whether the opening can be undone), the warning outside the dates, the undo and who may take it; and where
a sign-in lands while a sitting is open."""

from __future__ import annotations

from typing import Any

import pytest

from agenda import db as storage
from agenda.accounts import cards, users
from agenda.accounts.authority import SYSTEM
from agenda.models import AuditEntry
from tests.conftest import ADMIN, CHAIR, DELEGATE, SECRETARY

RUNNERS = {"secretary": SECRETARY, "chair": CHAIR, "admin": ADMIN}


def action(client: Any, sid: int, name: str, body: Any = None) -> Any:
    return client.post(f"/api/sessions/{sid}/actions/{name}", body if body is not None else {})


def test_opening_outside_the_sessions_dates_is_refused_with_the_warning_until_confirmed(
    visitor: Any, small_council: dict[str, Any]
) -> None:
    """The small council's session is held on 10–12 December 2026, not today."""
    sid = small_council["session_id"]
    secretary = visitor().login(SECRETARY)
    check = secretary.get(f"/api/sessions/{sid}/opening").json()
    assert check["within_dates"] is False
    assert (check["starts_on"], check["ends_on"]) == ("2026-12-10", "2026-12-12")
    assert check["warning"]["code"] == "outside_dates"
    refused = action(secretary, sid, "sitting.open")
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "outside_dates" and error["message"] == check["warning"]["message"]
    assert "10/12/2026" in error["message_vi"] and "2026-12-10" in error["message_en"]
    assert secretary.get(f"/api/sessions/{sid}/live").json()["session"]["status"] == "published"
    assert action(secretary, sid, "sitting.open", {"confirm": "yes"}).status_code == 400
    assert action(secretary, sid, "sitting.open", {"confirm": True}).status_code == 200
    assert secretary.get(f"/api/sessions/{sid}/live").json()["session"]["status"] == "in_progress"


def test_the_check_says_while_the_opening_can_be_undone(visitor: Any, small_council: dict[str, Any]) -> None:
    sid = small_council["session_id"]
    secretary = visitor().login(SECRETARY)
    assert secretary.get(f"/api/sessions/{sid}/opening").json()["undo"]["allowed"] is False
    version = secretary.get(f"/api/sessions/{sid}/live").json()["version"]
    action(secretary, sid, "sitting.open", {"confirm": True})
    assert secretary.get(f"/api/sessions/{sid}/opening").json()["undo"] == {
        "allowed": True,
        "opened_version": version + 1,
        "happened": {},
        "message_vi": None,
        "message_en": None,
    }
    delegate = visitor().login(DELEGATE)
    assert action(delegate, sid, "attendance.check_in").status_code == 200
    undo = secretary.get(f"/api/sessions/{sid}/opening").json()["undo"]
    assert undo["allowed"] is False and undo["happened"] == {"attendance": 1}
    refused = action(secretary, sid, "sitting.undo_opening")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "sitting_started"
    assert "1 đại biểu đã được điểm danh" in refused.json()["error"]["message"]


@pytest.mark.parametrize("role", list(RUNNERS))
def test_those_who_open_a_sitting_may_undo_its_opening(
    visitor: Any, factory: Any, small_council: dict[str, Any], role: str
) -> None:
    sid = small_council["session_id"]
    runner = visitor().login(RUNNERS[role])
    assert action(runner, sid, "sitting.open", {"confirm": True}).status_code == 200
    undone = action(runner, sid, "sitting.undo_opening")
    assert undone.status_code == 200, undone.text
    assert undone.json() == {"action": "sitting.undo_opening", "result": None}
    live = runner.get(f"/api/sessions/{sid}/live").json()
    assert live["session"]["status"] == "published" and live["sitting"]["day"] is None
    with storage.transaction(factory) as db:
        from sqlalchemy import select

        last = db.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert last is not None and last.action == "sitting.opening_undone"
        assert last.actor == RUNNERS[role][0]


def test_a_delegate_or_a_visitor_cannot_undo_an_opening(visitor: Any, small_council: dict[str, Any]) -> None:
    sid = small_council["session_id"]
    secretary = visitor().login(SECRETARY)
    action(secretary, sid, "sitting.open", {"confirm": True})
    delegate = visitor().login(DELEGATE)
    assert action(delegate, sid, "sitting.undo_opening").status_code == 403
    assert delegate.get(f"/api/sessions/{sid}/opening").status_code == 403
    assert action(visitor(), sid, "sitting.undo_opening").status_code == 401
    assert secretary.get(f"/api/sessions/{sid}/opening").json()["undo"]["allowed"] is True


def sign_in(visitor: Any, credentials: tuple[str, str]) -> Any:
    client = visitor()
    return client.post("/api/auth/login", {"username": credentials[0], "password": credentials[1]}).json()


def test_a_delegate_signing_in_during_an_open_sitting_lands_on_its_tablet_page(
    visitor: Any, small_council: dict[str, Any]
) -> None:
    sid = small_council["session_id"]
    assert sign_in(visitor, DELEGATE)["landing"] == "/"  # no sitting open: the home page
    assert sign_in(visitor, SECRETARY)["landing"] == "/console/"
    action(visitor().login(SECRETARY), sid, "sitting.open", {"confirm": True})
    assert sign_in(visitor, DELEGATE)["landing"] == f"/tablet.html?session={sid}"
    assert sign_in(visitor, CHAIR)["landing"] == "/console/"  # the chair runs it from the console
    assert sign_in(visitor, SECRETARY)["landing"] == "/console/"


def test_a_qr_card_during_an_open_sitting_lands_on_its_tablet_page(
    visitor: Any, factory: Any, small_council: dict[str, Any]
) -> None:
    sid = small_council["session_id"]

    def card_sign_in() -> Any:
        with storage.transaction(factory) as db:
            _, token = cards.issue_card(
                db, users.get_user(db, small_council["user_ids"]["daibieu"]), by=SYSTEM
            )
        return visitor().post("/api/auth/card", {"token": token}).json()

    before = card_sign_in()
    assert before["landing"] == "/" and before["checked_in_session_id"] is None
    action(visitor().login(SECRETARY), sid, "sitting.open", {"confirm": True})
    during = card_sign_in()
    assert during["landing"] == f"/tablet.html?session={sid}" and during["checked_in_session_id"] == sid
    secretary = visitor().login(SECRETARY)
    assert action(secretary, sid, "sitting.undo_opening").status_code == 409  # the card checked them in

"""A live action's data is checked against its schema in the action table (``data=``) — the one the OpenAPI
document gives its operation — on the HTTP API and on the websocket alike: a field it does not name is
refused (400 ``unknown_field``, naming it) before anything is done, as for an HTTP body; who may act comes
first; a ballot's own fields sit beside the frame's ``type`` and ``id``."""

from __future__ import annotations

import json
from typing import Any

from session_server.realtime.actions import ACTIONS, NO_DATA
from tests.conftest import DELEGATE, SECRETARY
from tests.session_server.realtime.test_realtime import hall_app, opened_with

__all__ = ["hall_app"]  # the fixture, served for real


def refusal(response: Any) -> dict[str, Any]:
    error: dict[str, Any] = response.json()["error"]
    return error


def test_a_field_an_action_does_not_take_is_refused_over_http(
    visitor: Any, small_council: dict[str, Any]
) -> None:
    sid = small_council["session_id"]
    secretary = visitor().login(SECRETARY)
    misspelt = secretary.post(f"/api/sessions/{sid}/actions/vote.open", {"titel": "Thông qua Nghị quyết"})
    assert misspelt.status_code == 400
    assert refusal(misspelt)["code"] == "unknown_field" and refusal(misspelt)["field"] == "titel"
    assert "titel" in refusal(misspelt)["message_vi"] and refusal(misspelt)["message_en"]
    extra = secretary.post(f"/api/sessions/{sid}/actions/floor.end", {"request_id": 3})  # takes no data
    assert extra.status_code == 400 and refusal(extra)["field"] == "request_id"
    live = secretary.get(f"/api/sessions/{sid}/live").json()
    assert live["sitting"]["opened_at"] is None and live["votes"] == []  # nothing was done
    assert secretary.post(f"/api/sessions/{sid}/actions/sitting.open", {"confirm": True}).status_code == 200


def test_who_may_act_is_told_before_a_wrong_field(visitor: Any, small_council: dict[str, Any]) -> None:
    sid = small_council["session_id"]
    anonymous = visitor().post(f"/api/sessions/{sid}/actions/vote.open", {"titel": "x"})
    assert anonymous.status_code == 401
    delegate = visitor().login(DELEGATE).post(f"/api/sessions/{sid}/actions/vote.open", {"titel": "x"})
    assert delegate.status_code == 403


def test_an_actions_data_must_be_an_object(visitor: Any, small_council: dict[str, Any]) -> None:
    sid = small_council["session_id"]
    refused = visitor().login(SECRETARY).post(f"/api/sessions/{sid}/actions/sitting.open", [1, 2])
    assert refused.status_code == 400 and refusal(refused)["code"] == "bad_body"


def test_every_action_names_the_fields_it_takes() -> None:
    for name, action in ACTIONS.items():
        assert action.data["type"] == "object" and action.data["additionalProperties"] is False, name
        assert action.accepts == frozenset(action.data["properties"]), name
    takes_nothing = {name for name, a in ACTIONS.items() if a.data == NO_DATA}
    assert takes_nothing == {"sitting.undo_opening", "session.close", "floor.end", "attendance.check_in"}


def test_the_websocket_refuses_a_field_an_action_does_not_take(hall_app: Any) -> None:
    url, hall = hall_app
    sid = hall["session_id"]
    console, (tablet,) = opened_with(url, sid, 1)
    refused = console.act("vote.open", title="Thông qua Nghị quyết", secrett=True)
    assert refused["type"] == "error" and refused["error"]["code"] == "unknown_field"
    assert refused["error"]["field"] == "secrett"
    vote = console.act("vote.open", title="Thông qua Nghị quyết")  # the connection is still up
    assert vote["type"] == "ack"
    vote_id = vote["result"]["vote_id"]

    tablet.counter += 1
    frame = {
        "type": "ballot",
        "id": "b-extra",
        "vote_id": vote_id,
        "ballot_id": "phieu-ws-01",
        "choice": "yes",
    }
    tablet.ws.send(json.dumps({**frame, "weight": 2}))
    extra = tablet.until(lambda m: m.get("id") == "b-extra")
    assert extra["type"] == "error" and extra["error"]["field"] == "weight"
    as_action = tablet.act(
        "ballot.cast", vote_id=vote_id, ballot_id="phieu-ws-01", choice="yes", type="ballot"
    )
    assert (
        as_action["type"] == "error" and as_action["error"]["field"] == "type"
    )  # in an action's data: not its
    cast = tablet.ballot(vote_id, "yes", "phieu-ws-01")  # type and id beside the ballot's fields: taken
    assert cast["type"] == "ack" and cast["result"]["recorded"] is True
    again = tablet.act("ballot.cast", vote_id=vote_id, ballot_id="phieu-ws-01", choice="yes")
    assert again["type"] == "ack" and again["result"]["duplicate"] is True
    for screen in (console, tablet):
        screen.close()

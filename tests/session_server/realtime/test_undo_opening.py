"""Undoing an opening over the websocket: the console takes the action, every screen is told the sitting is
back as it was, and a delegate's tablet may not take it."""

from __future__ import annotations

from typing import Any

from tests.session_server.realtime.test_realtime import Screen, hall_app  # noqa: F401 - the fixture


def test_the_projector_and_the_tablets_go_back_when_the_opening_is_undone(hall_app: Any) -> None:  # noqa: F811
    app, hall = hall_app
    sid = hall["session_id"]
    console = Screen(app, sid, "thuky2")
    projector = Screen(app, sid)
    tablet = Screen(app, sid, "daibieu01")
    assert console.act("sitting.open")["type"] == "ack"
    opened = projector.event("sitting.opened")["data"]
    assert opened["status"] == "in_progress" and opened["before"]["status"] == "published"

    refused = tablet.act("sitting.undo_opening")
    assert refused["type"] == "error" and refused["error"]["code"] == "forbidden", refused

    assert console.act("sitting.undo_opening")["type"] == "ack"
    for screen in (projector, tablet):
        undone = screen.event("sitting.opening_undone")["data"]
        assert undone["status"] == "published" and undone["sitting"]["day"] is None
        assert undone["quorum"]["present"] == 0
    again = console.act("sitting.undo_opening")
    assert again["type"] == "error" and again["error"]["message_en"] == "There is no opening to undo."
    for screen in (console, projector, tablet):
        screen.close()

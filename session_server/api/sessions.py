"""Sessions (kỳ họp) and their agenda."""

from __future__ import annotations

from typing import Any

from agenda.access import EDITORS, PUBLIC, session_visible
from agenda.council import items, sessions, terms
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import BOOL, DATE, DELETED, INT, STR, array, obj, patch, reply
from session_server.wire import council as wire

api = Api()


SESSION_FIELDS: dict[str, Any] = dict(
    number=INT,
    session_type={"enum": ["regular", "thematic", "urgent"]},
    title=STR,
    is_public=BOOL,
    starts_on=DATE,
    ends_on=DATE,
    place=STR,
    quorum_fraction=STR,
    speech_seconds=INT,
    question_seconds=INT,
)
SESSION_BODY = obj(["starts_on"], **SESSION_FIELDS)


ITEM_FIELDS: dict[str, Any] = dict(
    title=STR,
    kind={
        "enum": [
            "procedural",
            "report",
            "resolution",
            "questioning",
            "election",
            "confidence",
            "discussion",
            "other",
        ]
    },
    presenter=STR,
    planned_minutes=INT,
    scheduled_on=DATE,
    notes=STR,
    depth={"enum": [0, 1]},
)
ITEM_BODY = obj(["title"], **ITEM_FIELDS)


@api.endpoint(
    "GET",
    "/api/sessions",
    summary="Sessions of the current term that the caller may see",
    roles=PUBLIC,
    tag="sessions",
    returns=reply(term=wire.TERM, next_number=INT, sessions=array(wire.SESSION)),
)
def list_sessions(call: Call) -> dict[str, Any]:
    home = terms.home_council(call.db)
    term = terms.current_term(call.db, home)
    visible = [s for s in sessions.list_sessions(call.db, term) if session_visible(s, call.user)]
    return {
        "term": wire.term(term),
        "next_number": sessions.next_session_number(call.db, term),
        "sessions": [wire.session(s, home) for s in visible],
    }


@api.endpoint(
    "POST",
    "/api/sessions",
    summary="Create a session (draft)",
    roles=EDITORS,
    tag="sessions",
    body=SESSION_BODY,
    status=201,
    returns=wire.SESSION,
)
def create_session(call: Call) -> dict[str, Any]:
    home = terms.home_council(call.db)
    values = sessions.SessionInput.parse(call.body)
    session = sessions.create_session(call.db, terms.current_term(call.db, home), values, actor=call.actor)
    return wire.session(session, home, with_agenda=True)


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}",
    summary="A session with its numbered agenda",
    roles=PUBLIC,
    tag="sessions",
    returns=wire.SESSION,
)
def get_session(call: Call) -> dict[str, Any]:
    session = sessions.visible_session(call.db, call.path["session_id"], call.user)
    return wire.session(session, terms.home_council(call.db), with_agenda=True)


@api.endpoint(
    "PATCH",
    "/api/sessions/{session_id}",
    summary="Edit a session's details",
    roles=EDITORS,
    tag="sessions",
    body=patch(**SESSION_FIELDS),
    returns=wire.SESSION,
)
def update_session(call: Call) -> dict[str, Any]:
    patch = sessions.SessionPatch.parse(call.body)
    session = sessions.update_session(
        call.db, sessions.get_session(call.db, call.path["session_id"]), patch, actor=call.actor
    )
    return wire.session(session, terms.home_council(call.db), with_agenda=True)


@api.endpoint(
    "DELETE",
    "/api/sessions/{session_id}",
    summary="Delete a draft session",
    roles=EDITORS,
    tag="sessions",
    returns=DELETED,
)
def delete_session(call: Call) -> dict[str, Any]:
    session = sessions.get_session(call.db, call.path["session_id"])
    sessions.delete_session(call.db, session, actor=call.actor)
    return {"deleted": session.id}


@api.endpoint(
    "POST",
    "/api/sessions/{session_id}/publish",
    summary="Publish the agenda to delegates and public",
    roles=EDITORS,
    tag="sessions",
    returns=wire.SESSION,
)
def publish_session(call: Call) -> dict[str, Any]:
    session = sessions.publish_session(
        call.db, sessions.get_session(call.db, call.path["session_id"]), actor=call.actor
    )
    return wire.session(session, terms.home_council(call.db), with_agenda=True)


@api.endpoint(
    "POST",
    "/api/sessions/{session_id}/unpublish",
    summary="Withdraw a published agenda back to draft",
    roles=EDITORS,
    tag="sessions",
    returns=wire.SESSION,
)
def unpublish_session(call: Call) -> dict[str, Any]:
    session = sessions.unpublish_session(
        call.db, sessions.get_session(call.db, call.path["session_id"]), actor=call.actor
    )
    return wire.session(session, terms.home_council(call.db), with_agenda=True)


@api.endpoint(
    "POST",
    "/api/sessions/{session_id}/items",
    summary="Add an agenda item at the end",
    roles=EDITORS,
    tag="agenda",
    body=ITEM_BODY,
    status=201,
    returns=wire.SESSION,
)
def add_item(call: Call) -> dict[str, Any]:
    values = items.AgendaItemInput.parse(call.body)
    session = sessions.get_session(call.db, call.path["session_id"])
    items.add_agenda_item(call.db, session, values, actor=call.actor)
    return wire.session(session, terms.home_council(call.db), with_agenda=True)


@api.endpoint(
    "PUT",
    "/api/sessions/{session_id}/items/order",
    summary="Reorder the agenda: every item once, in the new order, with its depth; with `current` (the "
    "order the page showed, same form) a reorder made meanwhile by someone else gives 409",
    roles=EDITORS,
    tag="agenda",
    body=obj(
        ["items"],
        items={"type": "array", "items": obj(["id"], id=INT, depth={"enum": [0, 1]})},
        current={"type": "array", "items": obj(["id"], id=INT, depth={"enum": [0, 1]})},
    ),
    returns=wire.SESSION,
)
def reorder_items(call: Call) -> dict[str, Any]:
    order = items.OrderInput.parse(call.body)
    session = sessions.get_session(call.db, call.path["session_id"])
    items.reorder_agenda(call.db, session, order, actor=call.actor)
    return wire.session(session, terms.home_council(call.db), with_agenda=True)


@api.endpoint(
    "PATCH",
    "/api/agenda-items/{item_id}",
    summary="Edit an agenda item",
    roles=EDITORS,
    tag="agenda",
    body=patch(**ITEM_FIELDS),
    returns=wire.SESSION,
)
def update_item(call: Call) -> dict[str, Any]:
    patch = items.AgendaItemPatch.parse(call.body)
    item = items.update_agenda_item(
        call.db, items.get_agenda_item(call.db, call.path["item_id"]), patch, actor=call.actor
    )
    return wire.session(item.session, terms.home_council(call.db), with_agenda=True)


@api.endpoint(
    "DELETE",
    "/api/agenda-items/{item_id}",
    summary="Remove an agenda item",
    roles=EDITORS,
    tag="agenda",
    returns=wire.SESSION,
)
def delete_item(call: Call) -> dict[str, Any]:
    item = items.get_agenda_item(call.db, call.path["item_id"])
    session = item.session
    items.delete_agenda_item(call.db, item, actor=call.actor)
    return wire.session(session, terms.home_council(call.db), with_agenda=True)

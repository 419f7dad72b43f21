"""The live session over HTTP (for scripts, kiosks and clients that cannot hold a websocket): the snapshot,
one vote's named ballots, any live action, filing a question with an attachment, the questions as the
caller may see them (and their attachments), and the session's record as data and as a PDF."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from agenda import clock, filestore
from agenda.access import DELEGATES, PUBLIC, RUNNERS, SIGNED_IN
from agenda.council import sessions
from agenda.pdf.minutes import render_minutes_pdf
from agenda.sitting import opening, questions, results, undo, votes
from agenda.sitting.attachments import ATTACHMENT_TYPES, store_attachment
from agenda.sitting.minutes.build import session_minutes
from agenda.sitting.record import session_record
from agenda.sitting.snapshot import snapshot
from session_server.http.endpoints import Api, Call, Variant
from session_server.http.schemas import BOOL, DATE, FILE, INT, STR, array, enum, mapping, nullable, obj, reply
from session_server.realtime.actions import ACTIONS, Action, run_action
from session_server.wire import live as wire

api = Api()


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/live",
    summary="Snapshot of the live session (as sent on connect)",
    roles=PUBLIC,
    tag="live",
    returns=wire.SNAPSHOT,
)
def live_snapshot(call: Call) -> dict[str, Any]:
    session = sessions.visible_session(call.db, call.path["session_id"], call.user)
    return snapshot(call.db, session, viewer_person_id=call.user.person_id if call.user else None)


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/opening",
    summary="Before opening or undoing the opening (the console's dialogs): today's date, whether it is "
    "within the session's dates (else the warning that `sitting.open` answers without `confirm`), and "
    "whether the opening can still be undone (`sitting.undo_opening`) or what has happened since",
    roles=RUNNERS,
    tag="live",
    returns=reply(
        today=DATE,
        starts_on=DATE,
        ends_on=DATE,
        within_dates=BOOL,
        warning=nullable(reply(["field"], code=STR, message=STR, message_vi=STR, message_en=STR, field=STR)),
        undo=reply(
            allowed=BOOL,
            opened_version=nullable(INT),
            happened=mapping(INT),
            message_vi=nullable(STR),
            message_en=nullable(STR),
        ),
    ),
)
def opening_check(call: Call) -> dict[str, Any]:
    session = sessions.visible_session(call.db, call.path["session_id"], call.user)
    today = clock.today(session.term.council)
    within = opening.within_dates(session, today)
    return {
        "today": today.isoformat(),
        "starts_on": session.starts_on.isoformat(),
        "ends_on": session.ends_on.isoformat(),
        "within_dates": within,
        "warning": None if within else opening.outside_dates(session, today).as_dict(call.lang),
        "undo": undo.undo_check(call.db, session, call.user).as_dict(),
    }


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/votes/{vote_id}/ballots",
    summary="Who chose what in one named vote of the session (the snapshot carries only the open vote's "
    "ballots); refused for a secret vote, whose ballots are linked to nobody",
    roles=PUBLIC,
    tag="live",
    returns=wire.VOTE_BALLOTS,
)
def vote_ballots(call: Call) -> dict[str, Any]:
    session = sessions.visible_session(call.db, call.path["session_id"], call.user)
    return results.ballots_seen(call.db, votes.get_vote(call.db, session, call.path["vote_id"]))


def _action_operation(name: str, action: Action[Any]) -> Variant:
    """The action as its own operation in the OpenAPI document: its data as the body, its result."""
    summary = f"{action.summary} (live action `{name}`, the same as a websocket `action`)"
    answer = reply(action={**enum([name]), "description": "The action taken"}, result=action.result)
    return Variant(name, summary, action.roles, action.data, answer)


@api.endpoint(
    "POST",
    "/api/sessions/{session_id}/actions/{action}",
    summary="Take a live-session action (the same as a websocket `action`)",
    roles=SIGNED_IN,
    tag="live",
    variants=("action", [_action_operation(name, a) for name, a in ACTIONS.items()]),
)
def live_action(call: Call) -> dict[str, Any]:
    result = run_action(call.db, call.path["session_id"], call.user, call.path["action"], call.body)
    return {"action": call.path["action"], "result": result}


@api.endpoint(
    "POST",
    "/api/sessions/{session_id}/questions",
    summary="File a question with an optional attachment "
    "(multipart form: official_id, text, file — PDF, JPEG, PNG or DOCX up to 10 MB)",
    roles=DELEGATES,
    tag="live",
    body=obj(["official_id", "text"], official_id=INT, text=STR, file=FILE),
    returns=reply(question_id=INT),
    status=201,
    form=True,
)
def file_question(call: Call) -> dict[str, Any]:
    session = sessions.visible_session(call.db, call.path["session_id"], call.user)
    assert call.user is not None
    fields = dict(call.body)
    upload = fields.pop("file", None)
    attachment = store_attachment(call.db, *upload) if upload is not None else None
    filing = questions.QuestionFiling.parse(fields)
    question = questions.file_question(call.db, session, call.user.person_id, filing, call.user, attachment)
    return {"question_id": question.id}


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/questions",
    summary="The session's questions, each as much as the caller may see of it (a question not yet taken up: "
    "in full for the staff and its author, else only id, status and position; attachments for the staff, "
    "the author and — once taken up — delegates)",
    roles=PUBLIC,
    tag="live",
    returns=reply(questions=array(wire.QUESTION)),
)
def list_questions(call: Call) -> dict[str, Any]:
    session = sessions.visible_session(call.db, call.path["session_id"], call.user)
    return {"questions": questions.questions_seen_by(call.db, session, call.user)}


@api.endpoint(
    "GET",
    "/api/questions/{question_id}/attachment",
    summary="Download a question's attachment (the staff and its author; other delegates once it is taken up)",
    roles=SIGNED_IN,
    tag="live",
    response=tuple(sorted(ATTACHMENT_TYPES)),
)
def question_attachment(call: Call) -> Response:
    attachment = questions.attachment_of(call.db, call.path["question_id"], call.user)
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in attachment.name)
    return Response(
        filestore.load(call.db, attachment.sha256),
        media_type=attachment.content_type,
        headers={"content-disposition": f'attachment; filename="{safe}"'},
    )


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/record",
    summary="The session's record (biên bản tổng hợp): "
    "attendance per day, votes and named ballots, questions, speeches, audit seal",
    roles=PUBLIC,
    tag="live",
    returns=wire.RECORD,
)
def record(call: Call) -> dict[str, Any]:
    return session_record(call.db, sessions.visible_session(call.db, call.path["session_id"], call.user))


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/record.pdf",
    summary="The session's minutes (biên bản kỳ họp) as a printable PDF: attendance per day with reasons and "
    "quorum, votes with their result sentences (named: who voted how), speakers with their time, questions "
    "and answers, the resolutions adopted with their numbers, the audit seal, signatures",
    roles=PUBLIC,
    tag="live",
    response="application/pdf",
)
def record_pdf(call: Call) -> Response:
    session = sessions.visible_session(call.db, call.path["session_id"], call.user)
    pdf = render_minutes_pdf(session_minutes(call.db, session))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="bien-ban-ky-hop-{session.number}.pdf"'},
    )

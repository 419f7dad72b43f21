"""The live session over HTTP (for scripts, kiosks and clients that cannot hold a websocket): the snapshot,
any live action, filing a question with an attachment, and the session's record as data and as a PDF."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from agenda import filestore
from agenda.access import DELEGATES, PUBLIC, SIGNED_IN
from agenda.council import sessions
from agenda.errors import NotFound
from agenda.models import Question
from agenda.pdf.record import render_record_pdf
from agenda.sitting import questions
from agenda.sitting.attachments import store_attachment
from agenda.sitting.record import session_record
from agenda.sitting.snapshot import snapshot
from session_server.http.endpoints import Api, Call
from session_server.http.schemas import FILE, INT, STR
from session_server.realtime.actions import ACTIONS, run_action

api = Api()


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/live",
    summary="Snapshot of the live session (as sent on connect)",
    roles=PUBLIC,
    tag="live",
)
def live_snapshot(call: Call) -> dict[str, Any]:
    session = sessions.visible_session(call.db, call.path["session_id"], call.user)
    return snapshot(call.db, session, viewer_person_id=call.user.person_id if call.user else None)


@api.endpoint(
    "POST",
    "/api/sessions/{session_id}/actions/{action}",
    summary="Take a live-session action (the same as a websocket `action`): "
    + "; ".join(f"{name} — {a.summary}" for name, a in ACTIONS.items()),
    roles=SIGNED_IN,
    tag="live",
    body={"type": "object"},
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
    body={"type": "object", "properties": {"official_id": INT, "text": STR, "file": FILE}},
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
    "/api/questions/{question_id}/attachment",
    summary="Download a question's attachment",
    roles=SIGNED_IN,
    tag="live",
    response="application/octet-stream",
)
def question_attachment(call: Call) -> Response:
    question = call.db.get(Question, call.path["question_id"])
    if question is None or question.attachment_sha256 is None:
        raise NotFound("tệp đính kèm", "Attachment")
    sessions.visible_session(call.db, question.session_id, call.user)
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in (question.attachment_name or "tep"))
    return Response(
        filestore.load(call.db, question.attachment_sha256),
        media_type=question.attachment_type or "application/octet-stream",
        headers={"content-disposition": f'attachment; filename="{safe}"'},
    )


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/record",
    summary="The session's record (biên bản tổng hợp): "
    "attendance per day, votes and named ballots, questions, speeches, audit seal",
    roles=PUBLIC,
    tag="live",
)
def record(call: Call) -> dict[str, Any]:
    return session_record(call.db, sessions.visible_session(call.db, call.path["session_id"], call.user))


@api.endpoint(
    "GET",
    "/api/sessions/{session_id}/record.pdf",
    summary="The session's record as a printable PDF",
    roles=PUBLIC,
    tag="live",
    response="application/pdf",
)
def record_pdf(call: Call) -> Response:
    session = sessions.visible_session(call.db, call.path["session_id"], call.user)
    pdf = render_record_pdf(session_record(call.db, session))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="bien-ban-ky-hop-{session.number}.pdf"'},
    )

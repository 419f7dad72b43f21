"""Who may call which endpoint: every endpoint of the API with the roles that may use it, tried as every role."""

from __future__ import annotations

from typing import Any

import pytest

from agenda import db as storage
from agenda.accounts import cards, users
from agenda.accounts.authority import SYSTEM
from agenda.documents import notes, publishing, upload
from agenda.pdf import typeset
from tests.conftest import ADMIN, ARCHIVIST, CHAIR, DELEGATE, SECRETARY

ROLES = {
    "anonymous": None,
    "delegate": DELEGATE,
    "secretary": SECRETARY,
    "chair": CHAIR,
    "archivist": ARCHIVIST,
    "admin": ADMIN,
}
EVERYONE = set(ROLES)
EDIT = {"secretary", "admin"}
STAFF = {"secretary", "chair", "archivist", "admin"}
ARCHIVE = {"archivist", "admin"}
SIGNED_IN = EVERYONE - {"anonymous"}
RUN = {"secretary", "chair", "admin"}  # activities between sessions: written by the runners of the council

# Every endpoint (but sign-in itself, tested below) with the roles that may use it — written out by hand
# so that a change of permissions must change this table too.
MATRIX: list[tuple[str, str, set[str]]] = [
    ("GET", "/api/me", EVERYONE),
    ("GET", "/api/council", EVERYONE),
    ("GET", "/api/council/in-office", EVERYONE),
    ("GET", "/api/councils", STAFF),
    ("POST", "/api/archive/imports", {"archivist", "admin"}),
    ("POST", "/api/archive/imports/{job}/files", {"archivist", "admin"}),
    ("POST", "/api/archive/imports/{job}/start", {"archivist", "admin"}),
    ("POST", "/api/archive/imports/{job}/stop", {"archivist", "admin"}),
    ("GET", "/api/archive/imports/{job}", {"archivist", "admin"}),
    ("GET", "/api/archive/imports", ARCHIVE),
    ("GET", "/api/archive/imports/journals/{journal}", ARCHIVE),
    ("POST", "/api/councils", {"admin"}),
    ("GET", "/api/councils/{council}", STAFF),
    ("PATCH", "/api/councils/{council}", {"admin"}),
    ("POST", "/api/councils/{council}/terms", {"admin"}),
    ("PATCH", "/api/terms/{term}", {"admin"}),
    ("GET", "/api/archive/resolutions", STAFF),
    ("POST", "/api/archive/resolutions", ARCHIVE),
    ("GET", "/api/archive/resolutions/{resolution}", STAFF),
    ("PATCH", "/api/archive/resolutions/{resolution}", ARCHIVE),
    ("POST", "/api/archive/resolutions/{resolution}/number", ARCHIVE),
    ("DELETE", "/api/archive/resolutions/{resolution}/number", ARCHIVE),
    ("POST", "/api/archive/resolutions/{resolution}/signed", ARCHIVE),
    ("GET", "/api/archive/resolutions/{resolution}/signed.pdf", STAFF),
    ("POST", "/api/archive/resolutions/{resolution}/relations", ARCHIVE),
    ("DELETE", "/api/archive/relations/{relation}", ARCHIVE),
    ("GET", "/api/archive/councils/{council}/ended", STAFF),
    ("GET", "/api/archive/councils/{council}/ended.xlsx", STAFF),
    ("GET", "/api/archive/councils/{council}/ended.pdf", STAFF),
    ("GET", "/api/metrics/councils/{council}/figures", SIGNED_IN),
    ("GET", "/api/metrics/councils/{council}/drill", SIGNED_IN),
    ("GET", "/api/metrics/councils/{council}/criteria", SIGNED_IN),
    ("POST", "/api/metrics/councils/{council}/criteria", EDIT),
    ("GET", "/api/metrics/criteria/{version}", SIGNED_IN),
    ("PUT", "/api/metrics/criteria/{version}", EDIT),
    ("POST", "/api/metrics/criteria/{version}/copy", EDIT),
    ("DELETE", "/api/metrics/criteria/{version}", EDIT),
    ("GET", "/api/metrics/councils/{council}/scores", SIGNED_IN),
    ("GET", "/api/metrics/councils/{council}/report.xlsx", SIGNED_IN),
    ("GET", "/api/metrics/councils/{council}/report.pdf", SIGNED_IN),
    ("GET", "/api/public/delegates/{person}/record", EVERYONE),
    ("GET", "/api/public/resolutions/{council}/{year}/{number}", EVERYONE),
    ("GET", "/api/public/resolutions/{council}/{year}/{number}/copy.pdf", EVERYONE),
    ("GET", "/api/public/resolutions/{council}/{year}/{number}/akn.xml", EVERYONE),
    ("GET", "/api/archive/resolutions/{resolution}/akn.xml", STAFF),
    ("GET", "/api/public/resolutions/{council}/{year}/{number}/pages/{image}", EVERYONE),
    ("GET", "/api/public/resolutions/{council}/{year}/{number}/pages/{page}/marks", EVERYONE),
    ("GET", "/api/archive/search", EVERYONE),
    ("GET", "/api/archive/search.atom", EVERYONE),
    ("GET", "/api/setup", EVERYONE),
    ("POST", "/api/setup", EVERYONE),  # anyone — refused (409) once set up, and before that without the token
    ("GET", "/api/delegates", EVERYONE),
    ("POST", "/api/delegates", EDIT),
    ("GET", "/api/delegates/{mandate}", EVERYONE),
    ("PATCH", "/api/delegates/{mandate}", EDIT),
    ("GET", "/api/organizations", EVERYONE),
    ("POST", "/api/organizations", EDIT),
    ("GET", "/api/organizations/{ban}", EVERYONE),
    ("PATCH", "/api/organizations/{ban}", EDIT),
    ("DELETE", "/api/organizations/{group}", EDIT),
    ("POST", "/api/organizations/{ban}/members", EDIT),
    ("PATCH", "/api/memberships/{membership}", EDIT),
    ("DELETE", "/api/memberships/{membership}", EDIT),
    ("GET", "/api/officials", EVERYONE),
    ("POST", "/api/officials", EDIT),
    ("PATCH", "/api/officials/{official}", EDIT),
    ("GET", "/api/roster/template.xlsx", EDIT),
    ("GET", "/api/roster/export.xlsx", EDIT),
    ("GET", "/api/roster/delegates.csv", EDIT),
    ("GET", "/api/roster/officials.csv", EDIT),
    ("POST", "/api/roster/preview", EDIT),
    ("POST", "/api/roster/import", EDIT),
    ("GET", "/api/sessions", EVERYONE),
    ("POST", "/api/sessions", EDIT),
    ("GET", "/api/sessions/{session}", EVERYONE),
    ("PATCH", "/api/sessions/{session}", EDIT),
    ("DELETE", "/api/sessions/{draft}", EDIT),
    ("POST", "/api/sessions/{session}/publish", EDIT),
    ("POST", "/api/sessions/{session}/unpublish", EDIT),
    ("POST", "/api/sessions/{session}/items", EDIT),
    ("PUT", "/api/sessions/{session}/items/order", EDIT),
    ("PATCH", "/api/agenda-items/{item}", EDIT),
    ("DELETE", "/api/agenda-items/{item}", EDIT),
    ("GET", "/api/users", EDIT),
    ("POST", "/api/users", {"admin"}),
    ("PATCH", "/api/users/{delegate_user}", {"admin"}),
    ("GET", "/api/cards", EDIT),
    ("POST", "/api/users/{delegate_user}/cards", EDIT),
    ("DELETE", "/api/users/{delegate_user}/sign-in-delay", EDIT),
    ("POST", "/api/cards/{card}/revoke", EDIT),
    ("GET", "/api/sessions/{session}/live", EVERYONE),
    ("GET", "/api/sessions/{session}/opening", {"secretary", "chair", "admin"}),
    ("GET", "/api/sessions/{session}/votes/{vote}/ballots", EVERYONE),
    ("POST", "/api/sessions/{session}/actions/{action}", {"secretary", "chair", "admin"}),
    ("POST", "/api/sessions/{session}/questions", {"delegate", "chair"}),
    ("GET", "/api/sessions/{session}/questions", EVERYONE),
    ("GET", "/api/questions/{question}/attachment", EVERYONE - {"anonymous"}),
    ("GET", "/api/sessions/{session}/record", EVERYONE),
    ("GET", "/api/sessions/{session}/record.pdf", EVERYONE),
    ("POST", "/api/sessions/{session}/documents", EDIT),
    ("POST", "/api/documents/{document}/versions", EDIT),
    ("PATCH", "/api/documents/{document}", EDIT),
    ("POST", "/api/documents/{document}/publish", EDIT),
    ("POST", "/api/documents/{document}/withdraw", EDIT),
    ("POST", "/api/sessions/{session}/documents/publish", EDIT),
    ("GET", "/api/documents/{document}/copies", EDIT),
    ("POST", "/api/documents/trace", EDIT),
    ("GET", "/api/sessions/{session}/documents", EVERYONE),
    ("GET", "/api/documents/{document}", EVERYONE),
    ("GET", "/api/documents/{document}/file", EVERYONE),
    ("GET", "/api/documents/{document}/versions/{number}/file", EVERYONE),
    ("GET", "/api/sessions/{session}/pack.pdf", EVERYONE),
    ("GET", "/api/documents/{document}/pages/{image}", EVERYONE),
    ("GET", "/api/documents/{document}/text", EVERYONE),
    ("GET", "/api/documents/{document}/search", EVERYONE),
    ("POST", "/api/documents/{document}/progress", {"delegate", "chair"}),
    ("GET", "/api/sessions/{session}/read-receipts", {"secretary", "chair", "admin"}),
    ("GET", "/api/documents/{document}/notes", {"delegate", "chair"}),
    ("GET", "/api/sessions/{session}/notes", {"delegate", "chair"}),
    ("POST", "/api/documents/{document}/notes", {"delegate", "chair"}),
    ("PATCH", "/api/notes/{note}", {"delegate", "chair"}),
    ("DELETE", "/api/notes/{note}", {"delegate", "chair"}),
    ("DELETE", "/api/documents/{document}", EDIT),
    ("GET", "/api/archive/tracking/resolutions", STAFF),
    ("GET", "/api/archive/resolutions/{resolution}/tasks", STAFF),
    ("POST", "/api/archive/resolutions/{resolution}/tasks", ARCHIVE),
    ("GET", "/api/archive/tasks/{task}", STAFF),
    ("PATCH", "/api/archive/tasks/{task}", ARCHIVE),
    ("POST", "/api/archive/tasks/{task}/milestones", ARCHIVE),
    ("PATCH", "/api/archive/milestones/{milestone}", ARCHIVE),
    ("DELETE", "/api/archive/milestones/{milestone}", ARCHIVE),
    ("POST", "/api/archive/tasks/{task}/reports", ARCHIVE),
    ("DELETE", "/api/archive/task-reports/{report}", ARCHIVE),
    ("GET", "/api/archive/task-reports/{report}/attachment", STAFF),
    ("GET", "/api/archive/tracking/overdue", STAFF),
    ("GET", "/api/archive/tracking/tasks.csv", STAFF),
    ("POST", "/api/archive/tracking/import", ARCHIVE),
    ("DELETE", "/api/archive/tasks/{task}", ARCHIVE),
    ("GET", "/api/archive/search.csv", EVERYONE),
    ("GET", "/api/archive/search.xlsx", EVERYONE),
    ("GET", "/api/delegates.csv", EVERYONE),
    ("GET", "/api/delegates.xlsx", EVERYONE),
    ("GET", "/api/sessions/{session}/votes.csv", EVERYONE),
    ("GET", "/api/sessions/{session}/votes.xlsx", EVERYONE),
    ("GET", "/api/sessions/{session}/ballots.csv", EVERYONE),
    ("GET", "/api/sessions/{session}/ballots.xlsx", EVERYONE),
    ("GET", "/api/sessions/{session}/attendance.csv", EVERYONE),
    ("GET", "/api/sessions/{session}/attendance.xlsx", EVERYONE),
    ("GET", "/api/archive/tracking/tasks.xlsx", STAFF),
    ("GET", "/api/public/councils/{council}/resolutions.atom", EVERYONE),
    ("GET", "/oparl/v1/", EVERYONE),
    ("GET", "/oparl/v1/body", EVERYONE),
    ("GET", "/oparl/v1/body/{council}", EVERYONE),
    ("GET", "/oparl/v1/body/{council}/{kind}", EVERYONE),
    ("GET", "/oparl/v1/body/{council}/{kind}/{key}", EVERYONE),
    ("GET", "/api/activity/activities", STAFF),
    ("POST", "/api/activity/activities", RUN),
    ("GET", "/api/activity/activities/{activity}", STAFF),
    ("PATCH", "/api/activity/activities/{activity}", RUN),
    ("DELETE", "/api/activity/activities/{activity}", RUN),
    ("POST", "/api/activity/activities/{activity}/attachments", RUN),
    ("GET", "/api/activity/attachments/{attachment}", STAFF),
    ("DELETE", "/api/activity/attachments/{attachment}", RUN),
    ("GET", "/api/activity/recommendations", STAFF),
    ("POST", "/api/activity/recommendations", RUN),
    ("GET", "/api/activity/recommendations/{recommendation}", STAFF),
    ("PATCH", "/api/activity/recommendations/{recommendation}", RUN),
    ("DELETE", "/api/activity/recommendations/{recommendation}", RUN),
    ("POST", "/api/activity/recommendations/{recommendation}/classify", RUN),
    ("POST", "/api/activity/recommendations/{recommendation}/forward", RUN),
    ("POST", "/api/activity/recommendations/{recommendation}/answer", RUN),
    ("POST", "/api/activity/recommendations/{recommendation}/outcome", RUN),
    ("POST", "/api/activity/recommendations/{recommendation}/feedback", RUN),
    ("POST", "/api/activity/recommendations/{recommendation}/resupervise", RUN),
    ("POST", "/api/activity/terms/{term}/carry-over", RUN),
    ("GET", "/api/activity/petitions", STAFF),
    ("POST", "/api/activity/petitions", RUN),
    ("GET", "/api/activity/petitions/{petition}", STAFF),
    ("POST", "/api/activity/petitions/{petition}/forward", RUN),
    ("POST", "/api/activity/petitions/{petition}/resolve", RUN),
    ("DELETE", "/api/activity/petitions/{petition}", RUN),
    ("GET", "/api/activity/overdue", STAFF),
    ("GET", "/api/activity/limits", STAFF),
    ("PUT", "/api/activity/limits", RUN),
    ("POST", "/api/activity/import", RUN),
    ("GET", "/api/activity/import/template.xlsx", RUN),
]


def _ids(factory: Any, small: dict[str, Any]) -> dict[str, int]:
    with storage.transaction(factory) as db:
        from agenda.council.organizations import get_organization
        from agenda.council.sessions import get_session

        card, _ = cards.issue_card(db, users.get_user(db, small["user_ids"]["daibieu"]), by=SYSTEM)
        document, note = _document_and_note(
            db, get_session(db, small["session_id"]), users.get_user(db, small["user_ids"]["daibieu"])
        )
        return {
            "document": document,
            "note": note,
            "number": 1,
            "image": "1.png",
            "page": 1,
            "mandate": small["mandate_ids"][2],
            "council": small["council_id"],
            "term": small["term_id"],
            "ban": small["ban_id"],
            "group": small["group_id"],
            "membership": get_organization(db, small["group_id"]).memberships[0].id,
            "official": 1,
            "session": small["session_id"],
            "draft": small["draft_id"],
            "item": get_session(db, small["session_id"]).items[-1].id,
            "delegate_user": small["user_ids"]["daibieu"],
            "card": card.id,
            "action": "sitting.open",
            "question": 1,
            "vote": 1,
            "resolution": 1,
            "year": 2026,
            "relation": 1,
            "task": 1,
            "milestone": 1,
            "report": 1,
            "job": 999,
            "journal": "import-20260101-000000",
            "kind": "person",
            "key": "1",
            "version": 1,
            "person": small["person_ids"][0],
            "activity": 1,
            "attachment": 1,
            "recommendation": 1,
            "petition": 1,
        }


def _document_and_note(db: Any, session: Any, delegate: Any) -> tuple[int, int]:
    """A published document of the session, and a note of the delegate on it."""

    pdf = typeset.text_pdf("TỜ TRÌNH Về dự toán ngân sách", ["Hội đồng nhân dân tỉnh xem xét, quyết định."])
    processed = upload.process_upload(upload.Upload("to-trinh.pdf", "application/pdf", pdf))
    fields = upload.DocumentFields.parse({"title": "Tờ trình", "access": "delegates"})
    document = upload.add_document(db, session, fields, processed, "to-trinh.pdf", None)
    publishing.publish_documents(db, session, [document], None)
    sent = notes.NoteInput.parse({"client_id": "ghi-chu-1", "page": 1, "text": "Xem lại"})
    note, _ = notes.save_note(db, document, delegate, sent)
    return document.id, note.id


def test_matrix_names_every_endpoint() -> None:
    from session_server.app import endpoint_docs

    documented = {(d.method, d.served_at) for d in endpoint_docs() if not d.path.startswith("/api/auth/")}
    tested = {
        (
            m,
            p.replace("{mandate}", "{mandate_id}")
            .replace("{ban}", "{org_id}")
            .replace("{group}", "{org_id}")
            .replace("{membership}", "{membership_id}")
            .replace("{official}", "{official_id}")
            .replace("{session}", "{session_id}")
            .replace("{draft}", "{session_id}")
            .replace("{item}", "{item_id}")
            .replace("{delegate_user}", "{user_id}")
            .replace("{card}", "{card_id}")
            .replace("{question}", "{question_id}")
            .replace("{vote}", "{vote_id}")
            .replace("{document}", "{document_id}")
            .replace("{note}", "{note_id}")
            .replace("{council}", "{council_id}")
            .replace("{term}", "{term_id}")
            .replace("{resolution}", "{resolution_id}")
            .replace("{relation}", "{relation_id}")
            .replace("{task}", "{task_id}")
            .replace("{milestone}", "{milestone_id}")
            .replace("{report}", "{report_id}")
            .replace("{job}", "{job_id}")
            .replace("{version}", "{version_id}")
            .replace("{person}", "{person_id}")
            .replace("{journal}", "{name}")
            .replace("{activity}", "{activity_id}")
            .replace("{attachment}", "{attachment_id}")
            .replace("{recommendation}", "{recommendation_id}")
            .replace("{petition}", "{petition_id}"),
        )
        for m, p, _ in MATRIX
    }
    assert documented == tested


@pytest.mark.parametrize("role", list(ROLES))
def test_role_matrix(role: str, visitor: Any, factory: Any, small_council: dict[str, Any]) -> None:
    ids = _ids(factory, small_council)
    client = visitor()
    if ROLES[role]:
        client.login(ROLES[role])
    wrong = []
    for method, template, allowed in MATRIX:
        path = template.format(**ids)
        response = client.send(method, path, {}) if method != "GET" else client.get(path)
        denied = response.status_code in (401, 403)
        if denied == (role in allowed):
            wrong.append(f"{method} {path}: {response.status_code} {response.text[:120]}")
        if denied:
            expected = 401 if role == "anonymous" else 403
            assert response.status_code == expected, (method, path, response.text)
            assert response.json()["error"]["message_en"]
    assert not wrong, "\n".join(wrong)


# Who may act on whose account: every role against every kind of account, for each thing done to an account
# — not only who may call the endpoint. A card signs in as its account, so issuing one is acting on it.
ACCOUNT_KINDS = {
    "delegate": ["delegate"],
    "chair": ["chair", "delegate"],
    "secretary": ["secretary"],
    "archivist": ["archivist"],
    "admin": ["admin"],
}
ACTS_ON: dict[str, set[str]] = {
    "anonymous": set(),
    "delegate": set(),
    "chair": set(),
    "archivist": set(),
    "secretary": {"delegate"},
    "admin": set(ACCOUNT_KINDS),
}
ENDPOINT_ROLES = {  # who may call the endpoint at all (as in MATRIX)
    "sees its cards": EDIT,
    "revokes its card": EDIT,
    "issues it a card": EDIT,
    "changes it": {"admin"},
    "makes one like it": {"admin"},
}


def _targets(factory: Any) -> dict[str, tuple[int, int]]:
    """An account of every kind, each with an active card: kind → (user id, card id)."""
    out = {}
    with storage.transaction(factory) as db:
        for kind, roles in ACCOUNT_KINDS.items():
            values = users.UserInput.parse(
                {"username": f"muc-tieu-{kind}", "display_name": kind, "roles": roles}
            )
            user = users.create_account(db, values, by=SYSTEM)
            out[kind] = (user.id, cards.issue_card(db, user, by=SYSTEM).card.id)
    return out


@pytest.mark.parametrize("role", list(ROLES))
def test_who_may_act_on_whose_account(
    role: str, visitor: Any, factory: Any, small_council: dict[str, Any]
) -> None:
    client = visitor()
    if ROLES[role]:
        client.login(ROLES[role])
    wrong = []
    for kind, (user_id, card_id) in _targets(factory).items():
        tries = {
            "sees its cards": client.get(f"/api/cards?user_id={user_id}"),
            "revokes its card": client.post(f"/api/cards/{card_id}/revoke"),
            "issues it a card": client.post(f"/api/users/{user_id}/cards", {}),
            "changes it": client.patch(f"/api/users/{user_id}", {"display_name": kind}),
            "makes one like it": client.post(
                "/api/users",
                {"username": f"ban-sao-{kind}", "display_name": kind, "roles": ACCOUNT_KINDS[kind]},
            ),
        }
        for act, response in tries.items():
            if act == "sees its cards":
                done = response.status_code == 200 and [c["id"] for c in response.json()["cards"]] == [
                    card_id
                ]
            else:
                done = response.status_code in (200, 201)
                if not done:  # refused as the endpoint refuses: 401 signed out, 403 with the reason
                    assert response.status_code == (401 if role == "anonymous" else 403), response.text
                    assert response.json()["error"]["message_vi"] and response.json()["error"]["message_en"]
            if done != (role in ENDPOINT_ROLES[act] and kind in ACTS_ON[role]):
                wrong.append(f"{role} {'did' if done else 'could not'}: {act} ({kind})")
    assert not wrong, "\n".join(wrong)

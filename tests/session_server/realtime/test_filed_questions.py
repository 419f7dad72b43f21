"""Who sees a phiếu chất vấn before the Thường trực takes it up — as the attacks would look: a visitor watching
the live session (HTTP snapshot, websocket snapshot and events, the record), and a delegate downloading
another delegate's evidence."""

from __future__ import annotations

import io
import json
from typing import Any

import httpx
import pypdf

from tests.session_server.realtime.test_realtime import Screen, hall_app  # noqa: F401 (the fixture)

TEXT = "Vì sao hồ sơ đền bù của hộ ông Nguyễn Văn Khải ở thôn Đông bị trả lại ba lần?"
EVIDENCE = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
STUB_KEYS = {"id", "status", "position"}


def _file(author: Screen, session_id: int, official_id: int, text: str = TEXT) -> int:
    """The author's tablet files a question with an attachment (multipart, as the tablet sends it)."""
    response = author.client.post(
        f"/api/sessions/{session_id}/questions",
        data={"official_id": str(official_id), "text": text},
        files={"file": ("bien-ban-thon-dong.pdf", EVIDENCE, "application/pdf")},
        headers={"x-csrf-token": author.csrf},
    )
    assert response.status_code == 201, response.text
    return int(response.json()["question_id"])


def _seen_by(client: httpx.Client, session_id: int) -> list[dict[str, Any]]:
    response = client.get(f"/api/sessions/{session_id}/questions")
    assert response.status_code == 200, response.text
    return list(response.json()["questions"])


def test_a_visitor_watching_the_session_does_not_see_a_question_still_filed(hall_app: Any) -> None:  # noqa: F811
    app, hall = hall_app
    sid = hall["session_id"]
    projector = Screen(app, sid)  # anonymous, as the hall's big screen or anyone on the Internet
    author = Screen(app, sid, "daibieu01")
    qid = _file(author, sid, hall["official_ids"][0])

    event = projector.event("questions")
    later = Screen(app, sid)  # a snapshot taken after the filing
    visitor = httpx.Client(base_url=app, timeout=30)
    snapshot = visitor.get(f"/api/sessions/{sid}/live").json()
    record = visitor.get(f"/api/sessions/{sid}/record").json()
    pdf = visitor.get(f"/api/sessions/{sid}/record.pdf").content
    printed = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)

    stub = [{"id": qid, "status": "filed", "position": 1}]
    assert event["data"]["questions"] == stub
    assert later.first["state"]["questions"] == stub
    assert snapshot["questions"] == stub
    assert _seen_by(visitor, sid) == stub
    assert record["questions"] == []
    for seen in [json.dumps(m, ensure_ascii=False) for m in (event, later.first, snapshot, record)] + [
        printed
    ]:
        assert "Nguyễn Văn Khải" not in seen and "bien-ban-thon-dong" not in seen
    assert visitor.get(f"/api/questions/{qid}/attachment").status_code == 401
    for screen in (projector, author, later):
        screen.close()


def test_a_delegate_cannot_open_another_delegates_question_until_it_is_taken_up(hall_app: Any) -> None:  # noqa: F811
    app, hall = hall_app
    sid = hall["session_id"]
    author, other, console = (Screen(app, sid, name) for name in ("daibieu01", "daibieu02", "thuky2"))
    visitor = httpx.Client(base_url=app, timeout=30)
    qid = _file(author, sid, hall["official_ids"][0])
    attachment = f"/api/questions/{qid}/attachment"

    # The attack: another delegate downloads the evidence of a question still filed.
    refused = other.client.get(attachment)
    assert refused.status_code == 403 and refused.json()["error"]["message_en"]
    assert _seen_by(other.client, sid) == [{"id": qid, "status": "filed", "position": 1}]
    # The staff and the author see it all and open the evidence.
    for screen in (author, console):
        (row,) = _seen_by(screen.client, sid)
        assert row["text"] == TEXT and row["attachment"]["name"] == "bien-ban-thon-dong.pdf"
        assert screen.client.get(attachment).content == EVIDENCE

    # Taken up for the sitting: public — the evidence for delegates, never for the public.
    assert console.act("questions.arrange", selected=[qid])["type"] == "ack"
    broadcast = console.event("questions")["data"]["questions"]
    (public,) = _seen_by(visitor, sid)
    assert broadcast == [public] and public["text"] == TEXT and "attachment" not in public
    (row,) = _seen_by(other.client, sid)
    assert row["attachment"]["name"] == "bien-ban-thon-dong.pdf"
    assert other.client.get(attachment).content == EVIDENCE
    assert visitor.get(attachment).status_code == 401

    # Withdrawn: back to the staff and the author only.
    assert author.act("question.withdraw", question_id=qid)["type"] == "ack"
    for client in (other.client, visitor):
        assert set(_seen_by(client, sid)[0]) == STUB_KEYS
    assert other.client.get(attachment).status_code == 403
    assert (
        _seen_by(author.client, sid)[0]["text"] == TEXT and _seen_by(console.client, sid)[0]["text"] == TEXT
    )
    for screen in (author, other, console):
        screen.close()

"""The activity API on SQLite and PostgreSQL: secretaries, the chair and administrators write, the staff read,
delegates see nothing; a recommendation through its chain; bad input answered 4xx in both languages with
nothing written; an import refused with its report."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from agenda import clock
from agenda import db as storage
from agenda.models import Activity, Recommendation
from tests.agenda.activity.conftest import NOW
from tests.conftest import ARCHIVIST, CHAIR, DELEGATE, SECRETARY


@pytest.fixture(autouse=True)
def still() -> Iterator[None]:
    with clock.frozen(NOW):
        yield


def meeting(small: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "kind": "voter_contact",
        "organiser": "group",
        "organization_id": small["group_id"],
        "title": "Tiếp xúc cử tri trước kỳ họp thứ 3",
        "starts_on": "2026-11-20",
        "completed_on": "2026-11-20",
        "voters": 120,
        "participants": [small["person_ids"][1], small["person_ids"][3]],
    } | extra


def test_a_group_records_a_meeting_and_follows_a_recommendation(
    visitor: Any, small_council: dict[str, Any]
) -> None:
    chair, staff, delegate = visitor().login(CHAIR), visitor().login(ARCHIVIST), visitor().login(DELEGATE)
    made = chair.post("/api/activity/activities", meeting(small_council))
    assert made.status_code == 201, made.text
    assert [p["full_name"] for p in made.json()["participants"]] == ["Trần Thị Bình", "Phạm Thu Dung"]
    assert delegate.get("/api/activity/activities").status_code == 403
    assert staff.post("/api/activity/activities", meeting(small_council)).status_code == 403
    rec = chair.post(
        "/api/activity/recommendations",
        {"activity_id": made.json()["id"], "text": "Sửa đường liên xã", "raised_on": "2026-11-20"},
    ).json()
    base = f"/api/activity/recommendations/{rec['id']}"
    refused = chair.post(f"{base}/outcome", {"outcome": "resolved", "outcome_on": "2026-11-30"})
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["code"] == "outcome_without_answer" and error["message_vi"] and error["message_en"]
    refused = chair.post(f"{base}/answer", {"answered_on": "2026-11-25"})
    assert refused.json()["error"]["code"] == "answered_before_forwarded"
    assert (
        chair.post(
            f"{base}/forward",
            {"addressee": "UBND tỉnh", "forwarded_on": "2026-11-22", "due_on": "2026-11-30"},
        ).status_code
        == 200
    )
    overdue = staff.get("/api/activity/overdue").json()
    assert [r["id"] for r in overdue["recommendations"]] == [rec["id"]]
    assert (
        chair.post(f"{base}/answer", {"answered_on": "2026-12-01", "answer": "Đã bố trí vốn"}).json()["stage"]
        == "answered"
    )
    done = chair.post(f"{base}/outcome", {"outcome": "unresolved", "outcome_on": "2026-12-02"}).json()
    assert done["stage_vi"] == "đã trả lời, chưa giải quyết" and done["stage_en"] == "answered, not resolved"
    listed = staff.get(f"/api/activity/activities/{made.json()['id']}").json()
    assert listed["recommendations"][0]["stage"] == "unresolved"
    assert staff.get("/api/activity/overdue").json()["recommendations"] == []


@pytest.mark.parametrize(
    ("extra", "field", "code"),
    [
        ({"completed_on": "2026-12-25", "starts_on": "2026-12-20"}, "completed_on", "completed_in_future"),
        ({"organiser": "committee"}, "organization_id", "organiser_mismatch"),
        ({"voters": -1}, "voters", "invalid"),
        ({"kind": "picnic"}, "kind", "invalid"),
        ({"starts_on": "31/02/2026"}, "starts_on", "invalid"),
        ({"participants": "all"}, "participants", "invalid"),
        ({"participants": [{"person_id": 99999}]}, "participants", "not_in_office"),
        ({"council_id": 999}, None, "not_found"),
    ],
)
def test_bad_input_is_a_4xx_in_both_languages_and_writes_nothing(
    visitor: Any,
    small_council: dict[str, Any],
    factory: Any,
    extra: dict[str, Any],
    field: str | None,
    code: str,
) -> None:
    secretary = visitor().login(SECRETARY)
    response = secretary.post("/api/activity/activities", meeting(small_council, **extra))
    assert 400 <= response.status_code < 500, response.text
    error = response.json()["error"]
    assert (error.get("field"), error["code"]) == (field, code)
    assert error["message_vi"] != error["message_en"]
    english = secretary.post("/api/activity/activities?lang=en", meeting(small_council, **extra))
    assert english.status_code == response.status_code
    with storage.transaction(factory) as db:
        assert db.query(Activity).count() == 0


def test_petitions_limits_and_a_refused_import(
    visitor: Any, small_council: dict[str, Any], factory: Any
) -> None:
    secretary = visitor().login(SECRETARY)
    petition = secretary.post(
        "/api/activity/petitions",
        {"kind": "complaint", "sender": "Ông Hải", "subject": "Bồi thường đất", "received_on": "2026-11-02"},
    ).json()
    assert petition["stage"] == "processing_late" and petition["processing_due_on"] == "2026-11-16"
    forwarded = secretary.post(
        f"/api/activity/petitions/{petition['id']}/forward",
        {"addressee": "Sở TN&MT", "forwarded_on": "2026-11-03", "complex_case": True},
    ).json()
    assert forwarded["due_on"] == "2026-12-18"
    limits = secretary.get("/api/activity/limits").json()["limits"]
    assert {x["kind"]: x["days"] for x in limits}["complaint"] == 30
    bad = secretary.put("/api/activity/limits", {"kind": "complaint", "days": 400})
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "days"
    sheet = (
        "Hội đồng nhân dân,Mã kiến nghị,Nhiệm kỳ (khóa),Nội dung kiến nghị,Ngày nêu,Kết quả giải quyết\r\n"
        "HĐND tỉnh Ninh Bình,KN-1,17,Đèn đường,20/11/2026,\r\n"
        "HĐND tỉnh Ninh Bình,KN-2,17,Đèn đường,20/11/2026,đã giải quyết\r\n"
    ).encode()
    refused = secretary.client.post(
        "/api/activity/import",
        files={"file": ("kn.csv", sheet, "text/csv")},
        data={"commit": "true"},
        headers={"x-csrf-token": secretary.csrf},
    )
    assert refused.status_code == 422
    report = refused.json()["error"]["report"]
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(3, "Kết quả giải quyết")]
    assert report["errors"][0]["message_en"] and report["errors"][0]["message_vi"]
    with storage.transaction(factory) as db:
        assert db.query(Recommendation).count() == 0

"""One rule for "in office on a date": a delegate whose seat starts tomorrow, or ended yesterday, is treated
alike by every screen, the quorum, the vote denominator and document access — through the API, as the
pages and tablets use it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from agenda import clock
from agenda.pdf.typeset import text_pdf
from tests.conftest import ADMIN, DELEGATE, SECRETARY, Browser

IN_OFFICE = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Dung"]  # the small council's


@pytest.fixture(autouse=True)
def files_dir(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("KYHOP_FILES_DIR", str(tmp_path / "files"))


def _delegate_with_account(secretary: Browser, admin: Browser, name: str, username: str, **seat: str) -> int:
    added = secretary.post("/api/delegates", {"full_name": name, **seat})
    assert added.status_code == 201, added.text
    account = admin.post(
        "/api/users",
        {
            "username": username,
            "display_name": name,
            "password": "matkhau-2026",
            "roles": ["delegate"],
            "person_id": added.json()["person_id"],
        },
    )
    assert account.status_code == 201, account.text
    return int(added.json()["id"])


def test_a_seat_starting_tomorrow_or_ended_yesterday_is_not_in_office_anywhere(
    visitor: Any, small_council: dict[str, Any]
) -> None:
    today = clock.today(clock.DEFAULT_TIME_ZONE)
    tomorrow, yesterday = today + dt.timedelta(days=1), today - dt.timedelta(days=1)
    secretary, admin = visitor().login(SECRETARY), visitor().login(ADMIN)
    starting = _delegate_with_account(
        secretary, admin, "Võ Minh Khang", "vominhkhang", started_on=tomorrow.isoformat()
    )
    ended = _delegate_with_account(secretary, admin, "Hồ Thị Lệ", "hothile")
    patched = secretary.patch(
        f"/api/delegates/{ended}", {"ended_on": yesterday.isoformat(), "end_reason": "Thôi làm nhiệm vụ"}
    )
    assert patched.status_code == 200, patched.text
    sid = small_council["session_id"]

    # The council's numbers, today and on the days either of them is in office
    assert secretary.get("/api/council").json()["delegates_in_office"] == 4
    assert secretary.get("/api/council/in-office").json()["total"] == 4
    assert secretary.get(f"/api/council/in-office?on={tomorrow}").json()["total"] == 5
    assert secretary.get(f"/api/council/in-office?on={yesterday}").json()["total"] == 5

    # Every list of delegates, and each one's own page
    listed = [d["full_name"] for d in visitor().get("/api/delegates").json()["delegates"]]
    assert sorted(listed) == sorted(IN_OFFICE)
    everyone = {d["id"]: d["in_office"] for d in secretary.get("/api/delegates?all=1").json()["delegates"]}
    assert everyone[starting] is False and everyone[ended] is False
    for mandate in (starting, ended):
        assert secretary.get(f"/api/delegates/{mandate}").json()["in_office"] is False

    # The live session: attendance, the quorum and a vote's denominator
    assert secretary.post(f"/api/sessions/{sid}/actions/sitting.open", {"confirm": True}).status_code == 200
    live = secretary.get(f"/api/sessions/{sid}/live").json()
    assert live["quorum"]["total"] == 4
    assert sorted(a["full_name"] for a in live["attendance"]) == sorted(IN_OFFICE)
    opened = secretary.post(f"/api/sessions/{sid}/actions/vote.open", {"title": "Biểu quyết thông qua"})
    vote_id = opened.json()["result"]["vote_id"]
    vote = secretary.get(f"/api/sessions/{sid}/live").json()["votes"][0]
    assert vote["id"] == vote_id and vote["total_in_office"] == 4

    # A confidential document, published: readable by a delegate in office, by neither of them
    uploaded = secretary.client.post(
        f"/api/sessions/{sid}/documents",
        data={"title": "Báo cáo mật", "access": "confidential", "publish": "true"},
        files={"file": ("bao-cao.pdf", text_pdf("BÁO CÁO", ["Nội dung mật."]), "application/pdf")},
        headers={"x-csrf-token": secretary.csrf},
    )
    assert uploaded.status_code == 201, uploaded.text
    document = uploaded.json()["id"]
    assert visitor().login(DELEGATE).get(f"/api/documents/{document}").status_code == 200
    receipts = secretary.get(f"/api/sessions/{sid}/read-receipts").json()
    assert receipts["delegates"] == 4
    assert sorted(r["full_name"] for r in receipts["documents"][0]["delegates"]) == sorted(IN_OFFICE)

    for username in ("vominhkhang", "hothile"):
        tablet = visitor().login((username, "matkhau-2026"))
        assert tablet.get(f"/api/documents/{document}").status_code == 404
        assert tablet.get(f"/api/documents/{document}/file").status_code == 404
        # ... and the sitting refuses them as it refuses anyone who is not a delegate in office
        for action, body in [
            ("attendance.check_in", {}),
            ("floor.request", {}),
            ("ballot.cast", {"vote_id": vote_id, "ballot_id": f"ballot-{username}", "choice": "yes"}),
        ]:
            refused = tablet.post(f"/api/sessions/{sid}/actions/{action}", body)
            assert refused.status_code == 403, (username, action, refused.text)
            assert refused.json()["error"]["message_en"] == "Only a delegate in office can do this."

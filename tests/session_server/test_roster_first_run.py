"""The issue's "done when": on a fresh machine, ``kyhop init``, then an XLSX import of 95 delegates with their
Ban and Tổ, and the secretary prepares and runs a sitting — a session, an agenda item, the sitting opened,
the delegates in attendance, a vote held and passed — without the demo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from agenda import clock
from agenda import db as storage
from agenda.accounts.authority import SYSTEM
from agenda.accounts.cards import issue_cards_for_term
from agenda.council import terms
from session_server.app import create_app
from session_server.cli import main
from session_server.settings import Settings
from tests.agenda.council.roster.sheets import HEADERS, delegates, xlsx
from tests.conftest import Browser
from tests.session_server.test_cli_init import FLAGS


def test_init_then_an_xlsx_of_95_delegates_then_a_sitting_with_a_vote_that_passes(
    database_url: str, tmp_path: Path
) -> None:
    secret = tmp_path / "pw"
    secret.write_text("mat-khau-quan-tri\n")
    assert main(["init", "--database", database_url, *FLAGS, "--admin-password-file", str(secret)]) == 0
    app = create_app(Settings(database_url=database_url, secret_key="test-secret"))
    with TestClient(app) as admin_client, TestClient(app) as secretary_client:
        admin = Browser(admin_client).login(("quantri", "mat-khau-quan-tri"))
        made = admin.post(
            "/api/users",
            {
                "username": "thuky",
                "display_name": "Thư ký",
                "password": "thuky-mat-khau",
                "roles": ["secretary"],
            },
        )
        assert made.status_code == 201, made.text
        secretary = Browser(secretary_client).login(("thuky", "thuky-mat-khau"))

        # The council's own spreadsheet: 95 delegates, five Ban and ten Tổ with their heads
        content = xlsx(delegates(95), HEADERS, above=[["DANH SÁCH ĐẠI BIỂU HĐND TỈNH KHÓA XVII"]])
        files = {"file": ("dai-bieu.xlsx", content, "application/octet-stream")}
        headers = {"x-csrf-token": secretary.csrf}
        preview = secretary_client.post("/api/roster/preview", files=files, headers=headers)
        assert preview.status_code == 200 and preview.json()["ok"], preview.text
        imported = secretary_client.post("/api/roster/import", files=files, headers=headers)
        assert imported.status_code == 200, imported.text
        assert imported.json()["counts"]["delegates"]["create"] == 95
        assert secretary.get("/api/council").json()["delegates_in_office"] == 95
        orgs = secretary.get("/api/organizations").json()["organizations"]
        assert sorted(o["kind"] for o in orgs) == ["committee"] * 5 + ["group"] * 10

        # The secretary prepares today's session
        today = clock.today(clock.DEFAULT_TIME_ZONE).isoformat()  # the council's day, not UTC's
        created = secretary.post(
            "/api/sessions", {"starts_on": today, "ends_on": today, "place": "Hội trường"}
        )
        assert created.status_code == 201, created.text
        sid = created.json()["id"]
        item = secretary.post(
            f"/api/sessions/{sid}/items",
            {"title": "Xem xét, thông qua Nghị quyết về ngân sách", "kind": "resolution"},
        )
        assert item.status_code == 201, item.text
        assert secretary.post(f"/api/sessions/{sid}/publish", {}).status_code == 200

        # The delegates' QR cards (``kyhop cards``), then the sitting: opened, attended, a vote
        with storage.transaction(storage.session_factory(storage.make_engine(database_url))) as db:
            faces = issue_cards_for_term(db, terms.home_term(db), "http://hoitruong", by=SYSTEM)
        assert len(faces) == 95
        assert secretary.post(f"/api/sessions/{sid}/actions/sitting.open", {}).status_code == 200
        tablets = []
        for face in faces:
            tablet = Browser(TestClient(app))
            signed = tablet.post("/api/auth/card", {"token": face.url.split("#card=", 1)[1]})
            assert signed.status_code == 200 and signed.json()["checked_in_session_id"] == sid, signed.text
            tablet.csrf = signed.json()["csrf_token"]
            tablets.append(tablet)
        live = secretary.get(f"/api/sessions/{sid}/live").json()
        assert live["quorum"]["total"] == 95
        opened = secretary.post(
            f"/api/sessions/{sid}/actions/vote.open",
            {"title": "Thông qua Nghị quyết về ngân sách", "agenda_item_id": item.json()["id"]},
        )
        assert opened.status_code == 200, opened.text
        vote_id = opened.json()["result"]["vote_id"]
        for i, tablet in enumerate(tablets):
            choice = "yes" if i < 80 else "no"
            cast = tablet.post(
                f"/api/sessions/{sid}/actions/ballot.cast",
                {"vote_id": vote_id, "ballot_id": f"phieu-{i:03d}", "choice": choice},
            )
            assert cast.status_code == 200, cast.text
            tablet.client.close()
        closed = secretary.post(f"/api/sessions/{sid}/actions/vote.close", {"vote_id": vote_id})
        assert closed.status_code == 200, closed.text
        record: Any = secretary.get(f"/api/sessions/{sid}/record").json()
        result = record["votes"][0]["result"]
        assert result["passed"] is True
        assert result["sentence"].startswith("80/95 đại biểu có mặt tán thành")
        assert record["attendance"][0]["counts"]["present"] == 95

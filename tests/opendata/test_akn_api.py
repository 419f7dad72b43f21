"""The Akoma Ntoso download: for anyone at a published resolution's permanent address (not found before it is
published, nor at a malformed address); for staff on any record by its id, one without a number too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ADMIN, ARCHIVIST, CHAIR, DELEGATE, SECRETARY
from tests.opendata.akn_schema import NS, valid
from tests.session_server.api.session_calls import PDF, form

ADDRESS = "/api/public/resolutions/{council}/2026/05-2026-NQ-HDND/akn.xml"


@pytest.fixture
def numbered(visitor: Any, small_council: dict[str, Any]) -> dict[str, Any]:
    archivist = visitor().login(ARCHIVIST)
    body = {
        "council_id": small_council["council_id"],
        "title": "Nghị quyết về dự toán ngân sách năm 2027",
        "adopted_on": "2026-07-15",
        "normative": True,
        "number": "05/2026/NQ-HĐND",
        "gap_reason": "Số trước cấp ngoài hệ thống",
    }
    record = archivist.post("/api/archive/resolutions", body).json()["resolution"]
    form(archivist, f"/api/archive/resolutions/{record['id']}/signed", PDF, "05.pdf")
    return {"archivist": archivist, "id": record["id"], "council_id": small_council["council_id"]}


def test_the_public_download_waits_for_publication(visitor: Any, numbered: dict[str, Any]) -> None:
    address = ADDRESS.format(council=numbered["council_id"])
    before = visitor().get(address)
    assert before.status_code == 404 and before.json()["error"]["message_vi"]
    numbered["archivist"].patch(f"/api/archive/resolutions/{numbered['id']}", {"published_on": "2026-07-20"})
    answer = visitor().get(address)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/akn+xml")
    assert answer.headers["content-disposition"] == 'attachment; filename="05-2026-nq-hdnd.akn.xml"'
    doc = valid(answer.content)
    frbr = doc.find(".//a:FRBRWork/a:FRBRuri", NS)
    assert frbr is not None
    assert frbr.get("value") == (
        f"/akn/vn-hdnd{numbered['council_id']}/statement/nghi-quyet/2026-07-15/05-2026-nq-hdnd"
    )
    assert visitor().get(address).headers["etag"] == answer.headers["etag"]  # the same bytes again


@pytest.mark.parametrize("number", ["05-NQ-HDND", "05-2025-NQ-HDND", "99-2026-NQ-HDND", "nq-05"])
def test_a_wrong_address_is_not_found(visitor: Any, numbered: dict[str, Any], number: str) -> None:
    numbered["archivist"].patch(f"/api/archive/resolutions/{numbered['id']}", {"published_on": "2026-07-20"})
    answer = visitor().get(f"/api/public/resolutions/{numbered['council_id']}/2026/{number}/akn.xml")
    assert answer.status_code == 404 and answer.json()["error"]["message_en"]


def test_staff_download_any_record_and_others_may_not(visitor: Any, small_council: dict[str, Any]) -> None:
    archivist = visitor().login(ARCHIVIST)
    body = {
        "council_id": small_council["council_id"],
        "title": "Nghị quyết chờ cấp số",
        "adopted_on": "2026-09-01",
    }
    record = archivist.post("/api/archive/resolutions", body).json()["resolution"]
    address = f"/api/archive/resolutions/{record['id']}/akn.xml"
    for who in (SECRETARY, CHAIR, ARCHIVIST, ADMIN):
        answer = visitor().login(who).get(address)
        assert answer.status_code == 200, (who, answer.text)
        work = valid(answer.content).find(".//a:FRBRWork/a:FRBRuri", NS)
        assert work is not None and str(work.get("value")).endswith(f"/2026-09-01/nn-{record['id']}")
    assert visitor().login(DELEGATE).get(address).status_code == 403
    assert visitor().get(address).status_code == 401
    assert archivist.get("/api/archive/resolutions/999999/akn.xml").status_code == 404
    assert (
        visitor()
        .get(f"/api/public/resolutions/{small_council['council_id']}/2026/01-NQ-HDND/akn.xml")
        .status_code
        == 404
    )


def test_the_pages_link_to_the_download() -> None:
    """The permalink page's script links its download beside the QR copy, and the archivist's dossier page
    beside the signed copy (the browser test, tests/browser/test_archive.py, follows them)."""
    web = Path(__file__).resolve().parents[2] / "web" / "archive"
    assert 'href: `${base}/akn.xml`, id: "akn-link"' in (web / "resolution.js").read_text(encoding="utf-8")
    assert "/api/archive/resolutions/${r.id}/akn.xml" in (web / "index.js").read_text(encoding="utf-8")

"""A published resolution at its permanent address: found by anyone, its copy carrying a QR code that reads
back as that address; not found before it is published, nor at a malformed address."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pypdfium2
import pytest
import zxingcpp

from tests.conftest import ARCHIVIST
from tests.session_server.api.session_calls import PDF, form


def qr_of_first_page(pdf: bytes) -> list[str]:
    """What a phone reads from the first page's QR codes."""
    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    image = document[0].render(scale=3).to_pil()
    return [code.text for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


@pytest.fixture
def numbered(visitor: Any, small_council: dict[str, Any]) -> dict[str, Any]:
    archivist = visitor().login(ARCHIVIST)
    body = {
        "council_id": small_council["council_id"],
        "title": "Nghị quyết về dự toán",
        "adopted_on": "2026-07-15",
        "normative": True,
    }
    record = archivist.post("/api/archive/resolutions", body).json()["resolution"]
    archivist.post(
        f"/api/archive/resolutions/{record['id']}/number", {"number": "05/2026/NQ-HĐND", "gap_reason": "x"}
    )
    form(archivist, f"/api/archive/resolutions/{record['id']}/signed", PDF, "05.pdf")
    return {"archivist": archivist, "id": record["id"], "council_id": small_council["council_id"]}


def test_a_published_resolution_is_at_its_address_with_a_qr_copy_that_leads_back(
    visitor: Any, numbered: dict[str, Any]
) -> None:
    address = f"/nq/{numbered['council_id']}/2026/05-2026-NQ-HDND"
    detail = numbered["archivist"].get(f"/api/archive/resolutions/{numbered['id']}").json()["resolution"]
    assert detail["permalink"] == address
    anyone = visitor()
    assert (
        anyone.get(f"/api/public/resolutions/{numbered['council_id']}/2026/05-2026-NQ-HDND").status_code
        == 404
    )
    numbered["archivist"].patch(f"/api/archive/resolutions/{numbered['id']}", {"published_on": "2026-07-20"})
    public = anyone.get(f"/api/public/resolutions/{numbered['council_id']}/2026/05-2026-NQ-HDND")
    assert public.status_code == 200, public.text
    body = public.json()
    assert body["number"] == "05/2026/NQ-HĐND" and body["permalink"].endswith(address)
    assert body["history"][0]["status"] == "in_force" and body["history"][0]["day"] == "2026-07-25"
    copy = anyone.get(f"/api/public/resolutions/{numbered['council_id']}/2026/05-2026-NQ-HDND/copy.pdf")
    assert copy.status_code == 200 and copy.content.startswith(b"%PDF")
    assert (
        hashlib.sha256(copy.content).hexdigest() == body["signed"]["copy_sha256"] != body["signed"]["sha256"]
    )
    assert qr_of_first_page(copy.content) == [body["permalink"]]
    again = anyone.get(f"/api/public/resolutions/{numbered['council_id']}/2026/05-2026-NQ-HDND/copy.pdf")
    assert again.content == copy.content  # reproducible: the hash on the page holds
    page = anyone.get(address)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]


@pytest.mark.parametrize(
    "number", ["05-NQ-HDND", "05-2025-NQ-HDND", "99-2026-NQ-HDND", "nq-05", "05-2026-QD-UBND"]
)
def test_a_wrong_address_is_not_found(visitor: Any, numbered: dict[str, Any], number: str) -> None:
    numbered["archivist"].patch(f"/api/archive/resolutions/{numbered['id']}", {"published_on": "2026-07-20"})
    response = visitor().get(f"/api/public/resolutions/{numbered['council_id']}/2026/{number}")
    assert response.status_code == 404 and response.json()["error"]["message_vi"]

"""The archive over HTTP: what an archivist does and what is refused, with the reason in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ARCHIVIST, SECRETARY
from tests.session_server.api.session_calls import PDF, form


@pytest.fixture
def archivist(visitor: Any) -> Any:
    return visitor().login(ARCHIVIST)


def record(client: Any, council_id: int, **fields: Any) -> dict[str, Any]:
    body = {"council_id": council_id, "title": "Nghị quyết về dự toán ngân sách", "adopted_on": "2026-07-15"}
    response = client.post("/api/archive/resolutions", body | fields)
    assert response.status_code == 201, response.text
    return dict(response.json())


def error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()["error"]
    assert body["message_vi"] and body["message_en"]
    return dict(body)


def test_a_resolution_repealed_in_part_reads_partly_out_of_force_from_that_day(
    archivist: Any, small_council: dict[str, Any]
) -> None:
    council = small_council["council_id"]
    first = record(archivist, council, normative=True, number="01/2026/NQ-HĐND")["resolution"]
    assert first["effective_on"] == "2026-07-25"  # ten days after adoption
    second = record(archivist, council, title="Nghị quyết bãi bỏ Điều 2", adopted_on="2026-11-20")[
        "resolution"
    ]
    archivist.post(f"/api/archive/resolutions/{second['id']}/number", {})
    related = archivist.post(
        f"/api/archive/resolutions/{second['id']}/relations",
        {"target_id": first["id"], "kind": "repeals", "parts": ["Điều 2"], "effective_on": "2026-12-01"},
    )
    assert related.status_code == 201, related.text
    assert related.json()["relations"][0]["label_vi"] == "bãi bỏ"
    before = archivist.get(f"/api/archive/resolutions/{first['id']}?on=2026-11-30").json()
    assert before["resolution"]["force"]["label_vi"] == "Còn hiệu lực"
    assert before["relations"][0]["label_vi"] == "bị bãi bỏ bởi" and before["relations"][0]["other"]["number"]
    after = archivist.get(f"/api/archive/resolutions/{first['id']}?on=2026-12-02").json()["resolution"][
        "force"
    ]
    assert after["status"] == "partly_ended" and after["label_vi"] == "Hết hiệu lực một phần"
    assert "Điều 2 bị bãi bỏ bởi Nghị quyết 01/NQ-HĐND, từ ngày 01/12/2026" in [
        r["text_vi"] for r in after["why"]
    ]
    listed = archivist.get(f"/api/archive/councils/{council}/ended?year=2026").json()
    assert [e["resolution"]["id"] for e in listed["entries"]] == [first["id"]]


def test_numbers_are_refused_with_the_reason(archivist: Any, small_council: dict[str, Any]) -> None:
    council = small_council["council_id"]
    one = record(archivist, council)["resolution"]
    two = record(archivist, council)["resolution"]
    assert (
        error(
            archivist.post(f"/api/archive/resolutions/{one['id']}/number", {"number": "12/2026/NQ-HĐND"}), 400
        )["field"]
        == "number"
    )  # not normative: no year
    assert (
        error(archivist.post(f"/api/archive/resolutions/{one['id']}/number", {"number": "03/NQ-HĐND"}), 400)[
            "code"
        ]
        == "number_gap"
    )
    assert (
        archivist.post(f"/api/archive/resolutions/{one['id']}/number", {}).json()["resolution"]["number"]
        == "01/NQ-HĐND"
    )
    assert (
        error(archivist.post(f"/api/archive/resolutions/{two['id']}/number", {"number": "1/NQ-HDND"}), 409)[
            "code"
        ]
        == "duplicate_number"
    )
    assert archivist.get(f"/api/archive/resolutions/{two['id']}").json()["proposed_number"] == "02/NQ-HĐND"


def test_dates_and_relations_that_break_a_rule_are_refused(
    archivist: Any, small_council: dict[str, Any]
) -> None:
    council = small_council["council_id"]
    early = {"normative": True, "effective_on": "2026-07-20"}
    assert (
        error(
            archivist.post(
                "/api/archive/resolutions",
                {"council_id": council, "title": "x", "adopted_on": "2026-07-15"} | early,
            ),
            400,
        )["code"]
        == "too_early"
    )
    a = record(archivist, council)["resolution"]
    b = record(archivist, council, adopted_on="2026-08-01")["resolution"]
    self_relation = archivist.post(
        f"/api/archive/resolutions/{a['id']}/relations", {"target_id": a["id"], "kind": "cites"}
    )
    assert error(self_relation, 400)["code"] == "self_relation"
    assert (
        archivist.post(
            f"/api/archive/resolutions/{b['id']}/relations", {"target_id": a["id"], "kind": "replaces"}
        ).status_code
        == 201
    )
    circle = archivist.post(
        f"/api/archive/resolutions/{a['id']}/relations",
        {"target_id": b["id"], "kind": "repeals", "effective_on": "2026-09-01"},
    )
    assert error(circle, 409)["code"] == "relation_cycle"
    unknown = archivist.post(
        f"/api/archive/resolutions/{a['id']}/relations", {"target_id": b["id"], "kind": "abolishes"}
    )
    assert error(unknown, 400)["field"] == "kind"


def test_the_signed_copy_needs_a_number_and_comes_back_as_archived(
    archivist: Any, visitor: Any, small_council: dict[str, Any]
) -> None:
    one = record(archivist, small_council["council_id"])["resolution"]
    path = f"/api/archive/resolutions/{one['id']}/signed"
    assert error(form(archivist, path, PDF, "ban-ky.pdf"), 409)["code"] == "not_numbered"
    archivist.post(f"/api/archive/resolutions/{one['id']}/number", {})
    signed = form(archivist, path, PDF, "ban-ky.pdf").json()["resolution"]["signed"]
    assert signed["pages"] >= 1
    download = visitor().login(SECRETARY).get(f"{path}.pdf")
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    garbage = form(archivist, path, b"not a pdf at all", "ban-ky.pdf")
    assert 400 <= garbage.status_code < 500 and garbage.json()["error"]["message_vi"]
    assert (
        archivist.get(f"/api/archive/resolutions/{one['id']}").json()["resolution"]["signed"] == signed
    )  # kept


def test_the_list_pages_and_filters(archivist: Any, small_council: dict[str, Any]) -> None:
    council = small_council["council_id"]
    for i in range(3):
        record(archivist, council, title=f"Nghị quyết số {i} về đất đai")
    numbered = record(archivist, council, title="Nghị quyết về giáo dục")["resolution"]
    archivist.post(f"/api/archive/resolutions/{numbered['id']}/number", {})
    waiting = archivist.get("/api/archive/resolutions?waiting=1").json()
    assert waiting["total"] == 3 and all(r["number"] is None for r in waiting["resolutions"])
    assert archivist.get("/api/archive/resolutions?q=giáo dục").json()["total"] == 1
    assert error(archivist.get("/api/archive/resolutions?page=9"), 400)["field"] == "page"


def test_the_yearly_list_as_a_spreadsheet_and_a_pdf_lists_the_normative_ones_by_part(
    archivist: Any, small_council: dict[str, Any]
) -> None:
    import io

    import pypdfium2
    from openpyxl import load_workbook

    council = small_council["council_id"]
    old = record(archivist, council, normative=True, number="03/2026/NQ-HĐND", gap_reason="x")["resolution"]
    other = record(archivist, council, normative=True, number="04/2026/NQ-HĐND")["resolution"]
    new = record(
        archivist, council, adopted_on="2026-09-01", normative=True, number="09/2026/NQ-HĐND", gap_reason="x"
    )
    new_id = new["resolution"]["id"]
    archivist.post(
        f"/api/archive/resolutions/{new_id}/relations", {"target_id": old["id"], "kind": "replaces"}
    )
    archivist.post(
        f"/api/archive/resolutions/{new_id}/relations",
        {"target_id": other["id"], "kind": "repeals", "parts": ["Điều 3"], "effective_on": "2026-10-01"},
    )
    sheet = archivist.get(f"/api/archive/councils/{council}/ended.xlsx?year=2026")
    assert sheet.status_code == 200
    cells = [
        [c for c in row if c]
        for row in load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True)
    ]
    flat = [" | ".join(map(str, row)) for row in cells if row]
    a, b = (
        flat.index("A. VĂN BẢN HẾT HIỆU LỰC, NGƯNG HIỆU LỰC TOÀN BỘ"),
        flat.index("B. VĂN BẢN HẾT HIỆU LỰC, NGƯNG HIỆU LỰC MỘT PHẦN"),
    )
    assert any(
        "03/2026/NQ-HĐND" in line and "Bị thay thế bởi Nghị quyết 09/2026/NQ-HĐND" in line
        for line in flat[a:b]
    )
    assert any("04/2026/NQ-HĐND" in line and "Điều 3" in line for line in flat[b:])
    printed = archivist.get(f"/api/archive/councils/{council}/ended.pdf?year=2026")
    assert printed.status_code == 200
    text = "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(printed.content))
    assert "DANH MỤC VĂN BẢN QUY PHẠM PHÁP LUẬT HẾT HIỆU LỰC" in text and "03/2026/NQ-HĐND" in text
    assert "Hết hiệu lực" in text or "thay thế" in text

"""The archive's search over HTTP: anyone finds published resolutions (by their number, by words typed
without diacritics, at the page that matched), staff find everything, a saved search is an Atom feed; bad
input is a clear 422, never a 500 — on SQLite and PostgreSQL."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from agenda.pdf import typeset
from tests.conftest import ARCHIVIST
from tests.session_server.api.session_calls import form

SIGNED = typeset.text_pdf(
    "NGHỊ QUYẾT Quy định giá đất",
    ["Hội đồng nhân dân tỉnh quyết nghị."] * 40 + ["Điều 2. Bảng giá đất đai tại các xã miền núi."],
)


@pytest.fixture
def archive(visitor: Any, small_council: dict[str, Any]) -> dict[str, Any]:
    archivist = visitor().login(ARCHIVIST)
    made = archivist.post(
        "/api/archive/resolutions",
        {
            "council_id": small_council["council_id"],
            "title": "Nghị quyết quy định bảng giá đất trên địa bàn tỉnh",
            "adopted_on": "2026-07-15",
            "normative": True,
            "field": "Đất đai",
            "number": "05/2026/NQ-HĐND",
            "gap_reason": "Các số trước chưa nhập",
        },
    )
    assert made.status_code == 201, made.text
    record = made.json()["resolution"]
    assert (
        form(archivist, f"/api/archive/resolutions/{record['id']}/signed", SIGNED, "05.pdf").status_code
        == 200
    )
    return {"archivist": archivist, "id": record["id"], "council_id": small_council["council_id"]}


def publish(archive: dict[str, Any]) -> None:
    answer = archive["archivist"].patch(
        f"/api/archive/resolutions/{archive['id']}", {"published_on": "2026-07-20"}
    )
    assert answer.status_code == 200, answer.text


def test_anyone_finds_a_published_resolution_staff_find_it_before(
    visitor: Any, archive: dict[str, Any]
) -> None:
    anyone = visitor()
    assert anyone.get("/api/archive/search?q=gia dat").json()["hits"] == []
    staff = archive["archivist"].get("/api/archive/search?q=gia dat").json()
    assert staff["scope"] == "staff" and [h["id"] for h in staff["hits"]] == [archive["id"]]
    assert archive["archivist"].get("/api/archive/search?q=gia dat&scope=public").json()["hits"] == []
    publish(archive)
    found = anyone.get("/api/archive/search?q=5/2026/nq-hdnd").json()
    assert found["scope"] == "public"
    assert [(h["id"], h["by_number"]) for h in found["hits"]] == [(archive["id"], True)]
    assert found["hits"][0]["permalink"] == f"/nq/{archive['council_id']}/2026/05-2026-NQ-HDND"
    assert found["hits"][0]["status"]["value"] == "in_force"


def test_words_typed_without_diacritics_open_the_page_that_matched(
    visitor: Any, archive: dict[str, Any]
) -> None:
    publish(archive)
    body = visitor().get("/api/archive/search", params={"q": "dat dai mien nui"}).json()
    hit = body["hits"][0]
    assert hit["page"]["source"] == "signed" and hit["page"]["page_number"] >= 2
    assert [p["text"] for p in hit["page"]["snippet"] if p["hit"]] == ["đất", "đai", "miền", "núi"]
    assert {f["value"]: f["count"] for f in body["facets"]["year"]} == {2026: 1}
    assert body["facets"]["field"][0] == {
        "value": "Đất đai",
        "label_vi": "Đất đai",
        "label_en": "Đất đai",
        "count": 1,
    }
    assert body["facets"]["status"][0]["label_vi"] == "Còn hiệu lực"


def test_a_saved_search_is_an_atom_feed(visitor: Any, archive: dict[str, Any]) -> None:
    publish(archive)
    answer = visitor().get("/api/archive/search.atom?q=gia dat&year=2026")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(answer.content)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == 1
    assert entries[0].findtext(f"{atom}title", "").startswith("Nghị quyết 05/2026/NQ-HĐND")
    link = entries[0].find(f"{atom}link")
    assert link is not None and link.get("href", "").endswith(
        "/nq/" + f"{archive['council_id']}/2026/05-2026-NQ-HDND"
    )


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "x" * 10_000}, "q"),
        ({"q": "dat", "year": "abc"}, "year"),
        ({"q": "dat", "status": "maybe"}, "status"),
        ({"q": "dat", "since": "31/02/2026"}, "since"),
        ({"q": "dat", "page": "0"}, "page"),
        ({"q": "dat", "per_page": "1000"}, "per_page"),
    ],
)
def test_bad_input_is_a_clear_refusal(
    visitor: Any, archive: dict[str, Any], params: dict[str, str], field: str
) -> None:
    answer = visitor().get("/api/archive/search", params=params)
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"]["field"] == field and answer.json()["error"]["message_vi"]


@pytest.mark.parametrize(
    "q", ['"', "*", "NEAR(gia dat)", "-dat", "(", "gia AND OR NOT", "nghị quyết hội đồng nhân dân", ""]
)
def test_engine_syntax_and_empty_queries_answer_calmly(visitor: Any, archive: dict[str, Any], q: str) -> None:
    answer = visitor().get("/api/archive/search", params={"q": q, "page": "10000"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["hits"] == []

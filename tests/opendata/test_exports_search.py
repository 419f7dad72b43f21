"""The archive's search results as CSV and XLSX — every hit, not one page; the public's scope for anyone
not signed in (never an unpublished resolution); a cut at the documented limit said in the file; no cell a
spreadsheet would run — and the Atom feeds (each council's new resolutions, the saved search): valid Atom
1.0 listing exactly the published resolutions. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from agenda.opendata.exports import search as search_export
from tests.conftest import ARCHIVIST
from tests.opendata.exports_files import by_header, csv_rows, xlsx_book, xlsx_sheets

ATOM = "{http://www.w3.org/2005/Atom}"
TITLES = [
    "Nghị quyết quy định bảng giá đất trên địa bàn tỉnh",
    "Nghị quyết về giá dịch vụ đất đai",
    '=HYPERLINK("http://x.example","giá đất")',
]


@pytest.fixture
def archive(visitor: Any, small_council: dict[str, Any]) -> dict[str, Any]:
    """Three resolutions about land prices: two published, the last (a would-be formula) not yet."""
    archivist = visitor().login(ARCHIVIST)
    ids = []
    for n, title in enumerate(TITLES, start=5):
        made = archivist.post(
            "/api/archive/resolutions",
            {
                "council_id": small_council["council_id"],
                "title": title,
                "adopted_on": f"2026-07-{10 + n}",
                "normative": False,
                "field": "Đất đai",
                "number": f"{n:02d}/NQ-HĐND",
                "gap_reason": "Các số trước chưa nhập",
            },
        )
        assert made.status_code == 201, made.text
        ids.append(made.json()["resolution"]["id"])
    for record, day in zip(ids[:2], ["2026-07-20", "2026-07-25"], strict=True):
        answer = archivist.patch(f"/api/archive/resolutions/{record}", {"published_on": day})
        assert answer.status_code == 200, answer.text
    return {"archivist": archivist, "ids": ids, "council_id": small_council["council_id"]}


def every_hit(client: Any, query: str) -> list[dict[str, Any]]:
    hits, page = [], 1
    while True:
        body = client.get(f"/api/archive/search?{query}&per_page=1&page={page}").json()
        hits += body["hits"]
        if page >= body["pages"]:
            return hits
        page += 1


def test_anyone_downloads_every_published_hit_not_one_page(visitor: Any, archive: dict[str, Any]) -> None:
    anyone = visitor()
    hits = every_hit(anyone, "q=gia dat&sort=newest")
    assert len(hits) == 2  # the unpublished one is not the public's
    answer = anyone.get("/api/archive/search.csv?q=gia dat&sort=newest&per_page=1")
    assert answer.headers["content-type"].startswith("text/csv") and "x-export-note" not in answer.headers
    rows = by_header(csv_rows(answer.content))
    base = "http://testserver"
    assert [
        (r["Số, ký hiệu"], r["Trích yếu"], r["Ngày thông qua"], r["Ngày công bố"], r["Đường dẫn"])
        for r in rows
    ] == [
        (
            h["number"],
            h["title"],
            dt.date.fromisoformat(h["adopted_on"]).strftime("%d/%m/%Y"),
            dt.date.fromisoformat(h["published_on"]).strftime("%d/%m/%Y"),
            base + h["permalink"],
        )
        for h in hits
    ]
    assert [r["Hiệu lực"] for r in rows] == [h["status"]["label_vi"] for h in hits]
    assert {r["Loại"] for r in rows} == {"Cá biệt"}

    sheets = xlsx_sheets(anyone.get("/api/archive/search.xlsx?q=gia dat&sort=newest").content)
    cells = by_header(sheets["Kết quả tìm kiếm"])
    assert [(c["Số, ký hiệu"], c["Ngày thông qua"]) for c in cells] == [
        (h["number"], dt.datetime.fromisoformat(h["adopted_on"])) for h in hits
    ]
    english = csv_rows(anyone.get("/api/archive/search.csv?q=gia dat&lang=en").content)
    assert english[0][:3] == ["Number", "Title", "Council"]


def test_staff_download_unpublished_hits_and_what_the_public_would(
    visitor: Any, archive: dict[str, Any]
) -> None:
    staff = archive["archivist"]
    hits = every_hit(staff, "q=gia dat")
    rows = by_header(csv_rows(staff.get("/api/archive/search.csv?q=gia dat").content))
    assert [r["Số, ký hiệu"] for r in rows] == [h["number"] for h in hits] and len(rows) == 3
    public = by_header(csv_rows(staff.get("/api/archive/search.csv?q=gia dat&scope=public").content))
    assert len(public) == 2 and TITLES[2] not in {r["Trích yếu"] for r in public}
    unpublished = next(r for r in rows if r["Số, ký hiệu"] == "07/NQ-HĐND")
    assert unpublished["Đường dẫn"] == ""  # no permalink before it is published


def test_a_cell_a_spreadsheet_would_run_stays_text(visitor: Any, archive: dict[str, Any]) -> None:
    staff = archive["archivist"]
    rows = by_header(csv_rows(staff.get("/api/archive/search.csv?q=07/NQ-HĐND").content))
    assert rows[0]["Trích yếu"] == "'" + TITLES[2]
    book = xlsx_book(staff.get("/api/archive/search.xlsx?q=07/NQ-HĐND").content)
    cell = book["Kết quả tìm kiếm"]["B2"]
    assert cell.value == TITLES[2] and cell.data_type == "s"


def test_a_result_past_the_limit_is_cut_and_the_file_says_so(
    visitor: Any, archive: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_export, "MAX_ROWS", 1)
    answer = archive["archivist"].get("/api/archive/search.xlsx?q=gia dat")
    assert "3 resolutions match; the file holds the first 1" in answer.headers["x-export-note"]
    sheets = xlsx_sheets(answer.content)
    assert len(sheets["Kết quả tìm kiếm"]) == 2
    assert sheets["Ghi chú"][0][0].startswith("Có 3 nghị quyết phù hợp; tệp chỉ gồm 1 nghị quyết đầu tiên")


def test_a_search_for_nothing_is_an_empty_file_that_says_why(visitor: Any, archive: dict[str, Any]) -> None:
    answer = visitor().get("/api/archive/search.xlsx")
    assert answer.status_code == 200 and answer.headers["x-export-note"].startswith("Type words")
    sheets = xlsx_sheets(answer.content)
    assert len(sheets["Kết quả tìm kiếm"]) == 1 and sheets["Ghi chú"][0][0].startswith("Hãy nhập từ cần tìm")


def test_bad_search_input_is_refused_as_the_search_refuses_it(visitor: Any, archive: dict[str, Any]) -> None:
    for query in ("year=năm-ngoái", "since=31/02/2026", "kind=nothing"):
        searched = visitor().get(f"/api/archive/search?{query}")
        for extension in ("csv", "xlsx"):
            answer = visitor().get(f"/api/archive/search.{extension}?{query}&lang=en")
            assert answer.status_code == searched.status_code and 400 <= answer.status_code < 500
            assert answer.json()["error"] == searched.json()["error"] | {
                "message": answer.json()["error"]["message"]
            }
            assert answer.json()["error"]["message"]


def test_the_council_feed_lists_exactly_its_published_resolutions(
    visitor: Any, archive: dict[str, Any]
) -> None:
    council = archive["council_id"]
    answer = visitor().get(f"/api/public/councils/{council}/resolutions.atom")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(answer.content)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{name}") or "").strip()
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == f"http://testserver/api/public/councils/{council}/resolutions.atom"
    assert links["alternate"].startswith("http://testserver/archive/search?council_id=")
    entries = feed.findall(f"{ATOM}entry")
    published = [h for h in every_hit(visitor(), "q=gia dat&sort=newest")]
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        "http://testserver" + h["permalink"] for h in published
    ]
    for entry in entries:
        for name in ("title", "updated", "summary"):
            assert entry.findtext(f"{ATOM}{name}")
        assert entry.find(f"{ATOM}link").get("href") == entry.findtext(f"{ATOM}id")  # type: ignore[union-attr]
        dt.datetime.strptime(entry.findtext(f"{ATOM}updated") or "", "%Y-%m-%dT%H:%M:%SZ")
    assert visitor().get("/api/public/councils/99999/resolutions.atom").status_code == 404


def test_the_saved_search_feed_uses_the_same_writer(visitor: Any, archive: dict[str, Any]) -> None:
    feed = ET.fromstring(visitor().get("/api/archive/search.atom?q=gia dat").content)
    council = ET.fromstring(
        visitor().get(f"/api/public/councils/{archive['council_id']}/resolutions.atom").content
    )
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert titles == [e.findtext(f"{ATOM}title") for e in council.findall(f"{ATOM}entry")]
    assert titles[0] == f"Nghị quyết 06/NQ-HĐND — {TITLES[1]}"

"""A published resolution's signed copy page by page over HTTP, for anyone: the page as an image, and where the
words of a search are on it — the marks of "dat dai" fall on "đất đai" as PDFium places those characters;
an unpublished resolution, a page it does not have, a query the search refuses: a clear answer, never a 500 —
on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from agenda.archive.search.boxes import read_page
from tests.session_server.api.test_search import SIGNED, archive, publish

__all__ = ["archive"]  # the fixture, shared with the search's tests


def pages_of(archive: dict[str, Any]) -> str:
    return f"/api/public/resolutions/{archive['council_id']}/2026/05-2026-NQ-HDND/pages"


def test_the_marks_of_words_typed_without_diacritics_fall_where_the_words_are(
    visitor: Any, archive: dict[str, Any]
) -> None:
    publish(archive)
    hit = visitor().get("/api/archive/search", params={"q": "dat dai"}).json()["hits"][0]
    page = hit["page"]["page_number"]
    answer = visitor().get(f"{pages_of(archive)}/{page}/marks", params={"q": "dat dai"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["page"] == page and body["pages"] >= 2
    assert [m["text"] for m in body["marks"]][-2:] == ["đất", "đai"]
    chars = read_page(SIGNED, page)
    at = "".join(chars.chars).index("đất đai")
    left = chars.boxes[at][0]
    top = max(b[3] for b in chars.boxes[at : at + 3])  # the union of the boxes of "đất"
    area_left, area_bottom, area_right, area_top = chars.area
    first = body["marks"][-2]
    assert first["x"] == pytest.approx((left - area_left) / (area_right - area_left), abs=1e-4)
    assert first["y"] == pytest.approx((area_top - top) / (area_top - area_bottom), abs=1e-4)
    assert (
        visitor().get(f"{pages_of(archive)}/1/marks", params={"q": "dat dai"}).json()["marks"]
        != body["marks"]
    )


def test_a_page_is_an_image_of_the_signed_copy(visitor: Any, archive: dict[str, Any]) -> None:
    publish(archive)
    answer = visitor().get(f"{pages_of(archive)}/2.png?width=450")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "image/png" and answer.headers["etag"]
    assert Image.open(io.BytesIO(answer.content)).width == 500  # rounded up to a multiple of 100
    again = visitor().get(
        f"{pages_of(archive)}/2.png?width=450", headers={"if-none-match": answer.headers["etag"]}
    )
    assert again.status_code == 304


def test_unpublished_unknown_pages_and_bad_queries_are_refused(visitor: Any, archive: dict[str, Any]) -> None:
    anyone = visitor()
    assert anyone.get(f"{pages_of(archive)}/1.png").status_code == 404  # not published yet
    assert anyone.get(f"{pages_of(archive)}/1/marks?q=dat").status_code == 404
    publish(archive)
    for address in ["99.png", "0.png", "1.gif", "99/marks?q=dat", "x/marks?q=dat", "0/marks?q=dat"]:
        assert anyone.get(f"{pages_of(archive)}/{address}").status_code == 404, address
    refused = anyone.get(f"{pages_of(archive)}/1/marks", params={"q": "x" * 10_000})
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "q"
    assert anyone.get(f"{pages_of(archive)}/1/marks").json()["marks"] == []
    other = f"/api/public/resolutions/{archive['council_id']}/2026/06-2026-NQ-HDND/pages/1.png"
    assert anyone.get(other).status_code == 404

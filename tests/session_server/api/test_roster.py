"""The roster over HTTP: the template and exports, a preview that writes nothing, an import that writes every
row or none, the same file again changing nothing, and files refused with a 4xx."""

from __future__ import annotations

from typing import Any

import pytest

from tests.agenda.council.roster.sheets import HEADERS, csv_bytes, delegates, xlsx
from tests.conftest import SECRETARY, Browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(browser: Browser, path: str, name: str, content: bytes) -> Any:
    return browser.client.post(
        path,
        files={"file": (name, content, "application/octet-stream")},
        headers={"x-csrf-token": browser.csrf},
    )


def _delegates(browser: Browser) -> list[dict[str, Any]]:
    return sorted(browser.get("/api/delegates?all=1").json()["delegates"], key=lambda d: d["id"])


def _state(browser: Browser) -> tuple[Any, ...]:
    orgs = browser.get("/api/organizations").json()["organizations"]
    return (_delegates(browser), orgs, browser.get("/api/officials").json())


@pytest.fixture
def secretary(visitor: Any) -> Browser:
    browser: Browser = visitor().login(SECRETARY)
    return browser


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_preview_writes_nothing_and_the_import_writes_every_row(kind: str, secretary: Browser) -> None:
    rows = delegates(12, heads=False)
    content = xlsx(rows) if kind == "xlsx" else csv_bytes(rows)
    before = _state(secretary)
    preview = upload(secretary, "/api/roster/preview", f"ds.{kind}", content)
    assert preview.status_code == 200, preview.text
    report = preview.json()
    assert report["ok"] and report["kind"] == kind and report["counts"]["delegates"]["create"] == 12
    assert _state(secretary) == before

    imported = upload(secretary, "/api/roster/import", f"ds.{kind}", content)
    assert imported.status_code == 200, imported.text
    names = {d["full_name"] for d in _delegates(secretary)}
    assert {r[1] for r in rows} <= names
    groups = {o["name"] for o in secretary.get("/api/organizations?kind=group").json()["organizations"]}
    assert {f"Tổ đại biểu số {n}" for n in range(1, 11)} <= groups

    after = _state(secretary)
    again = upload(secretary, "/api/roster/import", f"ds.{kind}", content)
    assert again.status_code == 200, again.text
    assert {r["action"] for r in again.json()["rows"]} == {"unchanged"}
    assert _state(secretary) == after


def test_a_bad_row_writes_nothing_and_the_report_names_its_row_and_column(secretary: Browser) -> None:
    rows = delegates(6, heads=False)
    rows[3][2] = "sinh năm 70"  # row 5 of the sheet
    before = _state(secretary)
    for path in ("/api/roster/preview", "/api/roster/import"):
        response = upload(secretary, path, "ds.xlsx", xlsx(rows))
        report = response.json() if path.endswith("preview") else response.json()["error"]["report"]
        wrong = [r for r in report["rows"] if r["errors"]]
        assert [(r["row"], r["errors"][0]["column"]) for r in wrong] == [(5, "Năm sinh")], path
        assert wrong[0]["errors"][0]["message_vi"] and wrong[0]["errors"][0]["message_en"]
    assert response.status_code == 422
    error = response.json()["error"]
    assert (
        error["code"] == "roster_refused"
        and "dòng 5" in error["message_vi"]
        and "row 5" in error["message_en"]
    )
    assert _state(secretary) == before


@pytest.mark.parametrize("path", ["/api/roster/export.xlsx", "/api/roster/delegates.csv"])
def test_an_export_imported_again_changes_nothing(path: str, secretary: Browser) -> None:
    assert (
        upload(secretary, "/api/roster/import", "ds.xlsx", xlsx(delegates(8, heads=False))).status_code == 200
    )
    exported = secretary.get(path)
    assert exported.status_code == 200 and "attachment" in exported.headers["content-disposition"]
    before = _state(secretary)
    again = upload(secretary, "/api/roster/import", path.rsplit("/", 1)[1], exported.content)
    assert again.status_code == 200, again.text
    assert {r["action"] for r in again.json()["rows"]} == {"unchanged"}
    assert len(again.json()["rows"]) >= 8 + 4  # the small council's delegates too
    assert _state(secretary) == before


def test_the_template_and_the_officials_list_round_trip(secretary: Browser) -> None:
    template = secretary.get("/api/roster/template.xlsx")
    assert template.status_code == 200 and template.headers["content-type"] == XLSX
    preview = upload(secretary, "/api/roster/preview", "mau.xlsx", template.content).json()
    assert [(r["list"], r["name"], r["action"]) for r in preview["rows"]] == [
        ("delegates", "Nguyễn Văn Mẫu", "error"),  # the sample's seat A01 is Nguyễn Văn An's
        ("officials", "Trần Thị Mẫu", "create"),
    ]
    assert preview["rows"][0]["errors"][0]["column"] == "Số ghế"
    officials = secretary.get("/api/roster/officials.csv")
    assert officials.status_code == 200 and officials.content.startswith("\ufeff".encode())
    again = upload(secretary, "/api/roster/import", "officials.csv", officials.content).json()
    assert [(r["name"], r["action"]) for r in again["rows"]] == [("Hoàng Minh Tuấn", "unchanged")]


@pytest.mark.parametrize(
    ("name", "content", "status", "code"),
    [
        ("ds.xlsx", b"PK\x03\x04" + b"\x00" * 500, 422, "unreadable_file"),
        ("ds.csv", bytes(range(256)) * 4, 422, "unreadable_file"),
        ("ds.xlsx", b"PK\x03\x04" + b"x" * (6 * 1024 * 1024), 413, "too_large"),
        ("ds.csv", b"a,b\n1,2\n", 422, "unreadable_file"),
    ],
)
def test_garbage_and_huge_files_are_refused_with_a_4xx(
    name: str, content: bytes, status: int, code: str, secretary: Browser
) -> None:
    before = _state(secretary)
    response = upload(secretary, "/api/roster/import", name, content)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code and response.json()["error"]["message_en"]
    assert _state(secretary) == before


def test_too_many_rows_are_refused(secretary: Browser, monkeypatch: pytest.MonkeyPatch) -> None:
    from agenda.council.roster import parse

    monkeypatch.setattr(parse, "MAX_ROWS", 5)
    response = upload(
        secretary, "/api/roster/preview", "ds.csv", csv_bytes(delegates(6, heads=False), HEADERS)
    )
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_many_rows"


def test_an_upload_without_a_file_is_refused(secretary: Browser) -> None:
    response = secretary.client.post(
        "/api/roster/preview", files={"file": (None, "not a file")}, headers={"x-csrf-token": secretary.csrf}
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["field"] == "file" and response.json()["error"]["code"] == "required"


def test_a_text_that_looks_like_a_formula_stays_text_in_the_exports_and_reads_back(
    secretary: Browser,
) -> None:
    """OWASP's CSV injection: a work place typed as "=HYPERLINK(…)" must not become a live formula in a file the
    secretary opens in Excel — and the export, imported again, is the same roster."""
    import csv
    import io

    import openpyxl

    formula = '=HYPERLINK("http://example.com","Bấm")'
    rows = delegates(3, heads=False)
    headers = [*HEADERS, "Chức vụ, nơi công tác", "Điện thoại"]
    rows = [[*row, formula if i == 0 else "Sở Tài chính", "+84 912 345 678"] for i, row in enumerate(rows)]
    # typed into a CSV (in an XLSX written by openpyxl it would already be a formula, read as empty)
    assert upload(secretary, "/api/roster/import", "ds.csv", csv_bytes(rows, headers)).status_code == 200
    before = _state(secretary)

    text = secretary.get("/api/roster/delegates.csv").content.decode("utf-8-sig")
    cells = [cell for line in csv.reader(io.StringIO(text)) for cell in line]
    assert "'" + formula in cells and formula not in cells
    assert "'+84 912 345 678" in cells

    book = openpyxl.load_workbook(io.BytesIO(secretary.get("/api/roster/export.xlsx").content))
    found = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value == formula]
    assert found and all(c.data_type == "s" for c in found)  # a text cell, not a formula

    for path in ("/api/roster/delegates.csv", "/api/roster/export.xlsx"):
        again = upload(secretary, "/api/roster/import", path.rsplit("/", 1)[1], secretary.get(path).content)
        assert again.status_code == 200, again.text
        assert {r["action"] for r in again.json()["rows"]} == {"unchanged"}
        assert _state(secretary) == before

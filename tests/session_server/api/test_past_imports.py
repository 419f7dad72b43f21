"""Past imports in the archivist's workspace, through the API: read from their journals on disk — the upload
page's and the command line's, finished, interrupted or killed, and journals written before the header line
— with each one's report, file by file; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.agenda.archive.importer.test_import import encrypted_pdf, province_pdf
from tests.conftest import ARCHIVIST, SECRETARY
from tests.session_server.api.test_imports import finished, send


@pytest.fixture(autouse=True)
def files_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KYHOP_FILES_DIR", str(tmp_path / "files"))
    return tmp_path / "files"


def test_an_import_is_listed_with_who_what_and_counts_and_its_report_opens(
    visitor: Any, small_council: dict[str, Any], tmp_path: Path
) -> None:
    archivist = visitor().login(ARCHIVIST)
    body = {"council_id": small_council["council_id"], "source": "Lưu trữ 2016"}
    job_id = archivist.post("/api/archive/imports", body).json()["id"]
    for name, content in [
        ("a-01.pdf", province_pdf(1)),
        ("b.pdf", province_pdf(1)),
        ("k.pdf", encrypted_pdf()),
    ]:
        assert send(archivist, job_id, name, content).status_code == 201
    archivist.post(f"/api/archive/imports/{job_id}/start")
    name = finished(archivist, job_id)["journal_name"]
    # a journal of the command line from before the header line, and one of an import that was killed:
    imports = tmp_path / "imports"
    (imports / "import-20250102-030405.jsonl").write_text(
        json.dumps(
            {"file": "cu.pdf", "status": "refused", "code": "pdf_damaged", "vi": "Hỏng", "en": "Damaged"}
        )
        + "\n"
        + json.dumps(
            {"summary": {"total": 1, "imported": 0, "skipped": 0, "refused": 1, "interrupted": False}}
        )
        + "\n",
        encoding="utf-8",
    )
    (imports / "import-20250601-000000.jsonl").write_text(
        json.dumps(
            {
                "header": {
                    "started_at": "2025-06-01T00:00:00+00:00",
                    "actor": "cli:archive-import",
                    "source": "/srv/luu-tru",
                    "files": 9,
                    "options": {"jobs": 2},
                }
            }
        )
        + "\n"
        + json.dumps({"file": "a.pdf", "status": "imported", "resolution_id": 7, "number": "01/NQ-HĐND"})
        + '\n{"file": "b.pd',  # cut where it was killed
        encoding="utf-8",
    )
    listed = archivist.get("/api/archive/imports")
    assert listed.status_code == 200, listed.text
    past = listed.json()["imports"]
    assert [p["name"] for p in past] == [name, "import-20250601-000000", "import-20250102-030405"]
    latest, killed, old = past
    assert (latest["source"], latest["state"], latest["running"]) == ("Lưu trữ 2016", "finished", False)
    assert latest["actor"] and latest["started_at"] and latest["finished_at"] and latest["files"] == 3
    assert (latest["imported"], latest["skipped"], latest["refused"]) == (1, 1, 1)
    assert latest["options"]["council_id"] == small_council["council_id"] and latest["ocr"]["en"]
    assert (killed["state"], killed["imported"], killed["files"], killed["finished_at"]) == (
        "unfinished",
        1,
        9,
        None,
    )
    assert (old["state"], old["refused"], old["actor"], old["started_at"]) == (
        "finished",
        1,
        None,
        "2025-01-02T03:04:05+00:00",
    )

    report = archivist.get(f"/api/archive/imports/journals/{name}")
    assert report.status_code == 200, report.text
    files = {o["file"]: o for o in report.json()["outcomes"]}
    assert files["a-01.pdf"]["status"] == "imported" and files["a-01.pdf"]["number"] == "01/2026/NQ-HĐND"
    assert files["b.pdf"]["status"] == "skipped" and files["b.pdf"]["code"] == "already_imported"
    assert files["k.pdf"]["code"] == "pdf_encrypted" and "mật khẩu" in files["k.pdf"]["vi"]
    refused = archivist.get(f"/api/archive/imports/journals/{name}?status=refused").json()
    assert [o["file"] for o in refused["outcomes"]] == ["k.pdf"] and refused["matching"] == 1
    assert archivist.get("/api/archive/imports/journals/import-20250102-030405").json()["outcomes"][0]["en"]


def test_a_past_import_is_for_archivists_and_an_unknown_one_is_not_found(
    visitor: Any, small_council: dict[str, Any]
) -> None:
    archivist = visitor().login(ARCHIVIST)
    assert archivist.get("/api/archive/imports").json() == {"imports": []}
    for name in ["import-20990101-000000", "..%2F..%2Fetc%2Fpasswd", "khac"]:
        missing = archivist.get(f"/api/archive/imports/journals/{name}")
        assert missing.status_code in (400, 404) and missing.json()["error"]["message_vi"], name
    bad = archivist.get("/api/archive/imports/journals/import-20990101-000000?status=lost")
    assert bad.status_code in (400, 404) and bad.json()["error"]["message_en"]
    assert visitor().login(SECRETARY).get("/api/archive/imports").status_code == 403

"""The archive's import from the browser, through the API: an archivist sends PDFs and a CSV, starts the
import, and polls it until its report — on SQLite and PostgreSQL."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from agenda import db as storage
from agenda.models import Resolution, ResolutionOrigin
from tests.agenda.archive.importer.test_import import encrypted_pdf, province_pdf
from tests.conftest import ARCHIVIST, Browser


@pytest.fixture(autouse=True)
def files_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KYHOP_FILES_DIR", str(tmp_path / "files"))
    return tmp_path / "files"


def send(client: Browser, job_id: int, name: str, content: bytes) -> Any:
    return client.client.post(
        f"/api/archive/imports/{job_id}/files",
        files={"file": (name, content, "application/octet-stream")},
        headers={"x-csrf-token": client.csrf},
    )


def finished(client: Browser, job_id: int) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state: dict[str, Any] = client.get(f"/api/archive/imports/{job_id}").json()
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.1)
    raise AssertionError("the import did not finish")


def test_an_archivist_imports_pdfs_with_a_csv_and_reads_the_report(
    visitor: Any, factory: Any, small_council: dict[str, Any]
) -> None:
    archivist = visitor().login(ARCHIVIST)
    created = archivist.post("/api/archive/imports", {"council_id": small_council["council_id"]})
    assert created.status_code == 201, created.text
    job_id = created.json()["id"]
    assert created.json()["status"] == "receiving"
    for name, content in [
        ("nq-01.pdf", province_pdf(1)),
        ("nq-02.pdf", province_pdf(2)),
        ("khoa.pdf", encrypted_pdf()),
    ]:
        answer = send(archivist, job_id, name, content)
        assert answer.status_code == 201, answer.text
    assert send(archivist, job_id, "nq-01.pdf", province_pdf(1)).json()["file"] == "nq-01 (2).pdf"
    csv = f"file,council,title\nnq-02.pdf,{small_council['council_id']},Về việc hoà giải ở cơ sở\n"
    assert send(archivist, job_id, "meta.csv", csv.encode()).json()["csv"] == "meta.csv"
    started = archivist.post(f"/api/archive/imports/{job_id}/start")
    assert started.status_code == 202, started.text
    state = finished(archivist, job_id)
    assert state["status"] == "done", state
    progress = state["progress"]
    assert (progress["imported"], progress["skipped"], progress["refused"]) == (2, 1, 1)
    assert progress["files_per_second"] > 0 and progress["seconds_left"] == 0
    [refused] = state["refused"]
    assert refused["file"] == "khoa.pdf" and refused["code"] == "pdf_encrypted" and refused["vi"]
    assert state["journal"].endswith(".jsonl") and state["ocr"]["en"]
    with storage.transaction(factory) as db:
        titles = {r.number: r.title for r in db.scalars(select(Resolution))}
        origins = {r.origin for r in db.scalars(select(Resolution))}
    assert titles["02/2026/NQ-HĐND"] == "Về việc hòa giải ở cơ sở" and origins == {ResolutionOrigin.IMPORT}

    again = send(archivist, job_id, "nq-03.pdf", province_pdf(3))
    assert again.status_code == 409 and again.json()["error"]["message_vi"]
    assert archivist.post(f"/api/archive/imports/{job_id}/start").status_code == 409


def test_an_unknown_council_or_import_is_refused_clearly(visitor: Any, small_council: dict[str, Any]) -> None:
    archivist = visitor().login(ARCHIVIST)
    bad = archivist.post("/api/archive/imports", {"council_id": 999})
    assert bad.status_code == 404 and "Hội đồng nhân dân" in bad.json()["error"]["message_vi"]
    typed = archivist.post("/api/archive/imports", {"create_councils": "yes"})
    assert typed.status_code == 400 and typed.json()["error"]["message_en"]
    missing = archivist.get("/api/archive/imports/77")
    assert missing.status_code == 404 and missing.json()["error"]["message_en"]
    bad_csv = archivist.post("/api/archive/imports", {}).json()["id"]
    answer = send(archivist, bad_csv, "meta.csv", b"so,ngay\n1,2\n")
    assert answer.status_code == 400 and "file" in answer.json()["error"]["message_en"]

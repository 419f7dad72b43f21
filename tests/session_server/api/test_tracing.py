"""Tracing confidential documents (issue 10), on SQLite and PostgreSQL: every copy handed out — the stamped
file, and the text of its pages — is recorded for its reader and audited; a leaked file sent to
POST /api/documents/trace names the reader's copy, also once its visible stamp was stripped off."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from agenda.models import AuditEntry, CopyKind, DocumentCopy
from tests.agenda.pdf.test_mark import strip_operators, strip_overlay
from tests.conftest import CHAIR, DELEGATE, SECRETARY, Browser
from tests.session_server.api.test_documents import published_document, sample_pdf


@pytest.fixture(autouse=True)
def files_dir(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("KYHOP_FILES_DIR", str(tmp_path / "files"))
    return tmp_path / "files"


def trace(client: Browser, content: bytes, filename: str = "ro-ri.pdf") -> Any:
    return client.client.post(
        "/api/documents/trace",
        files={"file": (filename, content, "application/pdf")},
        headers={"x-csrf-token": client.csrf},
    )


def audit_entries(factory: Any, action: str) -> list[AuditEntry]:
    with factory() as db:
        return list(
            db.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq))
        )


def test_a_leaked_copy_names_its_reader_also_with_its_stamp_stripped(visitor: Any, factory: Any) -> None:
    secretary = visitor().login(SECRETARY)
    did = published_document(secretary, "KẾT LUẬN THANH TRA", "confidential")["id"]
    delegate, chair = visitor().login(DELEGATE), visitor().login(CHAIR)
    mine = delegate.get(f"/api/documents/{did}/file").content
    theirs = chair.get(f"/api/documents/{did}/file").content

    untouched = trace(secretary, mine)
    assert untouched.status_code == 200, untouched.text
    [found] = untouched.json()["copies"]
    assert found["recognised_by"] == "sha256" and found["kind"] == "pdf"
    assert found["reader"]["name"] == "Trần Thị Bình" and found["reader"]["username"] == DELEGATE[0]
    assert found["document"] == {"id": did, "title": "KẾT LUẬN THANH TRA", "session_id": 1}
    assert found["issued_at"].endswith("Z") and found["stamp"].startswith("MẬT — Trần Thị Bình — ")

    for attack in (strip_overlay, strip_operators):
        stripped = trace(secretary, attack(mine), "khong-co-dau.pdf").json()
        [copy] = stripped["copies"]
        assert copy["recognised_by"] == "mark" and copy["id"] == found["id"]
        assert copy["reader"]["name"] == "Trần Thị Bình" and stripped["marks"] == [found["mark"]]
    [other] = trace(secretary, strip_overlay(theirs)).json()["copies"]
    assert other["reader"]["name"] == "Nguyễn Văn An" and other["mark"] != found["mark"]

    never = trace(secretary, sample_pdf("KẾT LUẬN THANH TRA")).json()  # the original: never a copy
    assert never["copies"] == [] and never["marks"] == []
    traced = audit_entries(factory, "document.leak_traced")
    assert [e.actor for e in traced] == [SECRETARY[0]] * 5
    assert traced[0].detail["copy_ids"] == [found["id"]] and traced[-1].detail["copy_ids"] == []


def test_what_is_not_a_pdf_is_refused_with_a_reason_in_vietnamese(visitor: Any) -> None:
    secretary = visitor().login(SECRETARY)
    for content, code in [
        (b"", "file_empty"),
        (b"<html>day la trang web</html>", "not_pdf"),
        (b"%PDF-1.7\n\x00\x01 hong", "pdf_damaged"),
    ]:
        refused = trace(secretary, content)
        assert refused.status_code == 400, refused.text
        error = refused.json()["error"]
        assert error["code"] == code and error["message_vi"] and error["field"] == "file"
    missing = secretary.client.post(
        "/api/documents/trace", data={"x": "1"}, headers={"x-csrf-token": secretary.csrf}
    )
    assert missing.status_code == 415 and missing.json()["error"]["message_vi"]  # not multipart at all
    assert trace(visitor().login(DELEGATE), b"%PDF-1.7").status_code == 403


def test_every_copy_handed_out_is_recorded_and_audited_with_its_reader(visitor: Any, factory: Any) -> None:
    secretary = visitor().login(SECRETARY)
    did = published_document(secretary, "KẾT LUẬN THANH TRA", "confidential")["id"]
    delegate = visitor().login(DELEGATE)
    assert delegate.get(f"/api/documents/{did}/file").status_code == 200
    assert delegate.get(f"/api/documents/{did}/pages/1.png?width=200").status_code == 200  # the same copy
    issued = audit_entries(factory, "document.copy_issued")
    assert [(e.actor, e.detail["kind"], e.session_id) for e in issued] == [(DELEGATE[0], "pdf", 1)]
    with factory() as db:
        [copy] = db.scalars(select(DocumentCopy)).all()
        assert copy.kind == CopyKind.PDF and copy.mark is not None and 0 < copy.mark < 2**48
    assert issued[0].detail["copy_id"] == copy.id


def test_a_confidential_documents_text_is_a_recorded_copy_kept_by_no_cache(
    visitor: Any, factory: Any
) -> None:
    secretary = visitor().login(SECRETARY)
    did = published_document(secretary, "KẾT LUẬN THANH TRA", "confidential", repeat=1)["id"]
    public = published_document(secretary, "BÁO CÁO công khai", "public", repeat=1)["id"]
    delegate, chair = visitor().login(DELEGATE), visitor().login(CHAIR)

    text = delegate.get(f"/api/documents/{did}/text")
    assert text.status_code == 200 and text.headers["cache-control"] == "no-store"
    assert text.json()["stamp"].startswith("MẬT — Trần Thị Bình — ")
    assert "Đồng Hới" in text.json()["pages"][0]["text"]
    one = delegate.get(f"/api/documents/{did}/text?page=1")  # the same copy, within its 12 hours
    assert one.headers["cache-control"] == "no-store" and [p["page"] for p in one.json()["pages"]] == [1]
    hits = chair.get(f"/api/documents/{did}/search", params={"q": "dong hoi"})
    assert hits.status_code == 200 and hits.headers["cache-control"] == "no-store"
    assert hits.json()["total"] == 1 and hits.json()["stamp"].startswith("MẬT — Nguyễn Văn An — ")
    assert chair.get(f"/api/documents/{did}/search", params={"q": " "}).status_code == 400

    copies = secretary.get(f"/api/documents/{did}/copies").json()["copies"]
    assert sorted((c["kind"], c["stamp"].split(" — ")[1]) for c in copies) == [
        ("text", "Nguyễn Văn An"),
        ("text", "Trần Thị Bình"),
    ]
    assert all(c["mark"] is None for c in copies)  # a text copy carries no mark: it is only recorded
    issued = audit_entries(factory, "document.copy_issued")
    assert sorted((e.actor, e.detail["kind"]) for e in issued) == [(CHAIR[0], "text"), (DELEGATE[0], "text")]

    # Never anonymously, and a document anyone may read keeps its text as before: no record, cacheable.
    assert visitor().get(f"/api/documents/{did}/text").status_code == 404
    assert visitor().get(f"/api/documents/{did}/search", params={"q": "dong"}).status_code == 404
    plain = visitor().get(f"/api/documents/{public}/text")
    assert plain.status_code == 200 and "cache-control" not in plain.headers and "stamp" not in plain.json()
    with factory() as db:
        assert len(db.scalars(select(DocumentCopy)).all()) == 2

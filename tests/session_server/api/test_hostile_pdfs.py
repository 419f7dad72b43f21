"""Hostile PDFs sent to the server (issue 11), as the attacks — on SQLite and PostgreSQL: an upload that
costs a minute of CPU to check is refused with a reason and nothing stored; pages shaped to render gigabyte
images come back within the pixel budget or as a JSON error, rendered once however often anonymous readers
ask; active content never reaches a delegate by any route; sizes and names as documented."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, select

from agenda.documents import delivery
from agenda.models import AuditEntry, Document, DocumentPage, DocumentVersion, StoredFile
from agenda.pdf import typeset
from agenda.pdf.active import active_content
from agenda.pdf.limits import MB
from agenda.pdf.render import PIXEL_BUDGET
from tests.agenda.pdf import hostile
from tests.conftest import DELEGATE, SECRETARY, Browser

ACTIVE = (b"/JavaScript", b"/JS", b"/Launch", b"/OpenAction", b"/AA")


@pytest.fixture(autouse=True)
def files_dir(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("KYHOP_FILES_DIR", str(tmp_path / "files"))
    return tmp_path / "files"


def upload(client: Browser, content: bytes, filename: str = "tai-lieu.pdf", **fields: Any) -> Any:
    return client.client.post(
        "/api/sessions/1/documents",
        files={"file": (filename, content, "application/pdf")},
        data={k: str(v) for k, v in fields.items()},
        headers={"x-csrf-token": client.csrf},
    )


def counts(factory: Any) -> tuple[int, ...]:
    with factory() as db:
        return tuple(
            db.scalar(select(func.count()).select_from(model))
            for model in (Document, DocumentVersion, DocumentPage, StoredFile)
        )


def stored_files(root: Any) -> list[Any]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code and error["message_vi"] and error["message_en"]
    assert error["message_vi"] != error["message_en"]
    return error


def test_an_upload_too_costly_to_check_is_refused_in_bounded_time_and_nothing_is_stored(
    visitor: Any, factory: Any, files_dir: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KYHOP_CHECK_CPU_SECONDS", "2")
    secretary = visitor().login(SECRETARY)
    before = counts(factory)
    started = time.perf_counter()
    response = upload(secretary, hostile.shared_stream_pdf(), "ba-ngan-trang.pdf", title="Tờ trình")
    error = assert_error(response, 422, "too_costly")
    assert error["field"] == "file" and "PDF" in error["message_vi"]
    assert time.perf_counter() - started < 20
    assert counts(factory) == before and stored_files(files_dir) == []
    # the server goes on: a normal document is accepted right after
    assert upload(secretary, typeset.text_pdf("TỜ TRÌNH", ["Dự toán ngân sách."])).status_code == 201


def test_a_leaked_file_too_costly_to_read_is_refused_in_bounded_time(
    visitor: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tracing a leak reads every page's content for its mark: the same file cost minutes of the server's
    CPU there."""
    monkeypatch.setenv("KYHOP_CHECK_CPU_SECONDS", "2")
    secretary = visitor().login(SECRETARY)
    started = time.perf_counter()
    response = secretary.client.post(
        "/api/documents/trace",
        files={"file": ("ro-ri.pdf", hostile.shared_stream_pdf(), "application/pdf")},
        headers={"x-csrf-token": secretary.csrf},
    )
    assert_error(response, 422, "too_costly")
    assert time.perf_counter() - started < 20


def test_odd_pages_render_within_the_budget_or_as_a_json_error_and_once_for_everyone(
    visitor: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    secretary = visitor().login(SECRETARY)
    response = upload(secretary, hostile.odd_pages_pdf(), access="public", publish="true")
    assert response.status_code == 201, response.text
    did = response.json()["id"]
    renders: list[int] = []
    original = delivery.rendered_page

    def counted(*args: Any) -> bytes:
        renders.append(args[1])
        return original(*args)

    monkeypatch.setattr(delivery, "rendered_page", counted)
    for page, shape in enumerate(hostile.ODD_PAGES, start=1):
        for _ in range(3):  # anonymous readers asking again and again
            answer = visitor().get(f"/api/documents/{did}/pages/{page}.png?width=2400")
            if shape.startswith("a hair"):
                assert_error(answer, 422, "render_failed")
                continue
            assert answer.status_code == 200, (shape, answer.text)
            image = Image.open(io.BytesIO(answer.content))
            assert image.width * image.height <= PIXEL_BUDGET, shape
    assert sorted(renders) == [1, 2, 3, 4, 5, 6]  # each page rendered once (a failure is remembered too)


def test_active_content_never_reaches_a_delegate_by_any_route(visitor: Any, factory: Any) -> None:
    secretary = visitor().login(SECRETARY)
    pdf = hostile.active_pdf()
    assert set(active_content(pdf)) == {"/AA", "/JavaScript", "/Launch", "/OpenAction"}
    public = upload(secretary, pdf, "co-ma.pdf", title="Tờ trình có mã", access="delegates", publish="true")
    secret = upload(
        secretary, pdf, "mat.pdf", title="Tài liệu mật có mã", access="confidential", publish="true"
    )
    assert public.status_code == secret.status_code == 201, public.text
    delegate = visitor().login(DELEGATE)
    downloads = {
        "file": delegate.get(f"/api/documents/{public.json()['id']}/file"),
        "version": delegate.get(f"/api/documents/{public.json()['id']}/versions/1/file"),
        "stamped copy": delegate.get(f"/api/documents/{secret.json()['id']}/file"),
        "pack": delegate.get("/api/sessions/1/pack.pdf"),
    }
    for route, answer in downloads.items():
        assert answer.status_code == 200, (route, answer.text)
        assert active_content(answer.content) == (), route
        assert not [word for word in ACTIVE if word in answer.content], route
    # the record is honest: the stored file's SHA-256 is of what is served; the audit says what was removed
    version = public.json()["versions"][0]
    assert downloads["file"].headers["etag"] == f'"{version["sha256"]}"'
    with factory() as db:
        details = [e.detail for e in db.scalars(select(AuditEntry)) if e.action == "document.added"]
    assert all(set(d["active_content_removed"]) >= {"/JavaScript", "/Launch"} for d in details)
    assert all(d["uploaded_sha256"] != d["sha256"] for d in details)


def test_size_messages_agree_with_the_documented_50_mb(visitor: Any, factory: Any) -> None:
    secretary = visitor().login(SECRETARY)
    before = counts(factory)
    padding = b"%" + b"x" * (
        50 * MB + 20 * 1024
    )  # a file just over 50 MB: within the body, over the file limit
    over_file = upload(secretary, typeset.text_pdf("Lớn", ["Nội dung."]) + padding)
    assert "tối đa 50 MB" in assert_error(over_file, 413, "file_too_large")["message_vi"]
    over_body = upload(secretary, padding + b"x" * MB)  # over the body limit: refused as it arrives
    error = assert_error(over_body, 413, "too_large")
    assert "50 MB" in error["message_vi"] and "50 MB" in error["message_en"]
    assert counts(factory) == before


def test_a_long_file_name_is_shortened_but_keeps_its_extension(visitor: Any, factory: Any) -> None:
    secretary = visitor().login(SECRETARY)
    name = "Tờ trình về dự toán ngân sách địa phương " * 10 + ".pdf"
    response = upload(secretary, typeset.text_pdf("TỜ TRÌNH", ["Dự toán."]), name, title="Tờ trình")
    assert response.status_code == 201, response.text
    with factory() as db:
        kept = db.scalar(select(DocumentVersion.original_filename))
    assert kept is not None
    assert kept.endswith(".pdf") and len(kept) <= 200 and kept.startswith("Tờ trình về dự toán")


def test_a_costly_upload_whose_client_gives_up_is_abandoned_at_once(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The attack: send the costly file, then hang up. Its check stops when the client leaves (its worker
    killed), not when the limits run out — on the code before, it went on after the client gave up."""
    import socket
    import uuid
    from urllib.parse import urlsplit

    import httpx

    from agenda.pdf import jobs
    from tests.conftest import running

    monkeypatch.setenv("KYHOP_CHECK_CPU_SECONDS", "30")
    monkeypatch.setenv("KYHOP_CHECK_WALL_SECONDS", "60")
    seen: dict[str, float] = {}
    run = jobs.CHECKS.run

    def watched(job: Any, args: Any, bounds: Any, costly: Any, cancelled: Any = None) -> Any:
        seen["started"] = time.monotonic()

        def given_up() -> bool:
            gone = cancelled is not None and cancelled()
            if gone and "given_up" not in seen:
                seen["given_up"] = time.monotonic()
            return gone

        try:
            return run(job, args, bounds, costly, given_up)
        finally:
            seen["ended"] = time.monotonic()

    monkeypatch.setattr(jobs.CHECKS, "run", watched)
    with running(app) as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            csrf = client.get("/api/me").json()["csrf_token"]
            csrf = client.post(
                "/api/auth/login",
                json={"username": SECRETARY[0], "password": SECRETARY[1]},
                headers={"x-csrf-token": csrf},
            ).json()["csrf_token"]
            cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        boundary = uuid.uuid4().hex
        content = hostile.shared_stream_pdf()
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.pdf"\r\n'
                "Content-Type: application/pdf\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        parts = urlsplit(base)
        sock = socket.create_connection((parts.hostname, parts.port))
        sock.sendall(
            (
                "POST /api/sessions/1/documents HTTP/1.1\r\n"
                f"Host: {parts.netloc}\r\nCookie: {cookie}\r\nx-csrf-token: {csrf}\r\n"
                f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode()
            + body
        )
        deadline = time.monotonic() + 20
        while "started" not in seen and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "started" in seen, "the check never started"
        time.sleep(0.5)
        sock.close()  # the client gives up
        left = time.monotonic()
        while "ended" not in seen and time.monotonic() < left + 10:
            time.sleep(0.05)
    assert "given_up" in seen, "the check never heard that the client left"
    assert seen["ended"] - left < 3

"""Bounded processing of uploaded PDFs (issue 11), as the attacks: a file that costs a minute of CPU to check,
a worker that would take the memory or the time, pages shaped to render gigabyte images, active content —
refused, bounded or removed, and the server process never pays for it."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image

from agenda.errors import DomainError
from agenda.pdf import jobs, typeset
from agenda.pdf.active import active_content, strip_active_content
from agenda.pdf.limits import MB, Limits, size_text, too_costly
from agenda.pdf.render import MAX_SIDE, PIXEL_BUDGET, fit_scale, render_page
from agenda.pdf.worker import Bounds, Pool
from tests.agenda.pdf import hostile

SMALL = Limits(check_cpu_seconds=2, check_wall_seconds=20)


def test_a_pdf_of_pages_sharing_one_huge_content_stream_is_refused_as_too_costly_in_bounded_time() -> None:
    pdf = hostile.shared_stream_pdf()
    assert len(pdf) < 64 * 1024  # tens of KB: far under every size limit
    started, cpu = time.perf_counter(), time.process_time()
    with pytest.raises(DomainError) as refused:
        jobs.checked_upload(pdf, "ba-ngan-trang.pdf", SMALL)
    error = refused.value
    assert (error.code, error.status, error.field) == ("too_costly", 422, "file")
    assert "lưu (hoặc in) lại thành PDF" in error.vi and "save (or print) it again as a new PDF" in error.en
    assert time.perf_counter() - started < 15  # 2 s of CPU, a worker start, a shared machine
    assert time.process_time() - cpu < 1  # the work was the worker's, not this process's


def test_a_normal_pdf_passes_the_checks_in_the_worker_with_its_facts() -> None:
    pdf = typeset.text_pdf("TỜ TRÌNH dự toán", ["Hội đồng nhân dân tỉnh xem xét dự toán ngân sách."] * 60)
    checked = jobs.checked_upload(pdf, "to-trinh.pdf", SMALL)
    assert checked.pdf == pdf and checked.removed == ()  # a clean file is stored byte for byte
    assert checked.facts.page_count >= 1 and "dự toán ngân sách" in checked.facts.texts[0]


def test_a_job_past_its_cpu_memory_or_wall_clock_limit_ends_its_worker_and_the_pool_goes_on() -> None:
    pool = Pool(1, too_costly)
    bounds = Bounds(cpu_seconds=1, memory_bytes=1024 * MB, wall_seconds=10)
    with pytest.raises(DomainError, match="too costly"):
        pool.run(hostile.spin, (30,), bounds, too_costly)  # SIGXCPU after a second
    with pytest.raises(DomainError, match="too costly"):
        pool.run(hostile.hog, (2048,), bounds, too_costly)  # 2 GB in a 1 GB address space
    started = time.perf_counter()
    with pytest.raises(DomainError, match="too costly"):
        pool.run(hostile.nap, (60,), Bounds(5, 1024 * MB, wall_seconds=1), too_costly)
    assert time.perf_counter() - started < 5
    first = pool.run(hostile.nap, (0,), bounds, too_costly)
    assert pool.run(hostile.nap, (0,), bounds, too_costly) == first  # a healthy worker serves the next job


def test_a_job_given_up_by_its_caller_is_killed_at_once() -> None:
    pool = Pool(1, too_costly)
    started = time.perf_counter()
    given_up = lambda: time.perf_counter() - started > 0.5  # noqa: E731 - the client went away
    with pytest.raises(DomainError, match="too costly"):
        pool.run(hostile.spin, (60,), Bounds(60, 1024 * MB, 60), too_costly, given_up)
    assert time.perf_counter() - started < 5


def test_a_worker_that_grew_large_is_ended_so_its_memory_returns() -> None:
    pool = Pool(1, too_costly)
    bounds = Bounds(cpu_seconds=20, memory_bytes=2048 * MB, wall_seconds=30)
    worker = pool.run(hostile.hog, (400,), bounds, too_costly)
    assert pool.run(hostile.nap, (0,), bounds, too_costly) == worker  # what a job freed was handed back
    grown = pool.run(hostile.hog, (400, True), bounds, too_costly)  # 400 MB still held after the job
    assert grown == worker
    after = pool.run(hostile.nap, (0,), bounds, too_costly)
    assert after != grown  # the worker that held 400 MB is gone; another took the next job
    assert pool.run(hostile.nap, (0,), bounds, too_costly) == after


@pytest.mark.parametrize("shape", list(hostile.ODD_PAGES))
def test_a_page_of_any_shape_renders_within_the_pixel_budget_or_is_refused(shape: str) -> None:
    pdf = hostile.odd_pages_pdf()
    page = list(hostile.ODD_PAGES).index(shape) + 1
    for width in (100, 1200, 2400):
        try:
            image = Image.open(io.BytesIO(render_page(pdf, page, width, "webp")))
        except DomainError as error:
            assert shape.startswith("a hair") and (error.code, error.status) == ("render_failed", 422)
            assert error.vi and error.en
            continue
        assert not shape.startswith("a hair")
        assert image.width * image.height <= PIXEL_BUDGET and max(image.size) <= MAX_SIDE
        if shape == "normal A4":
            assert abs(image.width - width) <= 1  # an ordinary page is as wide as asked, even at 2,400 px


def test_the_budget_is_kept_for_any_page_size() -> None:
    for width, height in [(1, 14_400), (200, 14_400), (14_400, 14_400), (1e9, 1e9), (595, 842), (0.001, 900)]:
        scale = fit_scale(width, height, 2400)
        if scale:
            assert (width * scale) * (height * scale) <= PIXEL_BUDGET * 1.0001
            assert max(width, height) * scale <= MAX_SIDE * 1.0001
    assert fit_scale(0, 842, 1200) == fit_scale(595, float("nan"), 1200) == 0


def test_renders_for_readers_run_in_their_own_worker_and_fail_as_json_errors(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "odd.pdf"
    path.write_bytes(hostile.odd_pages_pdf())
    image = Image.open(io.BytesIO(jobs.rendered_page(path, 2, 2400, "png")))  # the 200 × 14,400 pt scroll
    assert image.width * image.height <= PIXEL_BUDGET
    with pytest.raises(DomainError) as refused:
        jobs.rendered_page(path, 5, 1200, "png")  # a hair
    assert (refused.value.code, refused.value.status) == ("render_failed", 422)
    assert jobs.RENDERS is not jobs.CHECKS  # readers never wait behind an upload's checks


def test_active_content_is_removed_and_the_rest_kept() -> None:
    pdf = hostile.active_pdf()
    assert set(active_content(pdf)) == {"/AA", "/JavaScript", "/Launch", "/OpenAction"}
    cleaned = strip_active_content(pdf, Limits())
    assert cleaned is not None and set(cleaned.removed) == {"/AA", "/JavaScript", "/Launch", "/OpenAction"}
    assert active_content(cleaned.pdf) == ()
    for word in (b"/JavaScript", b"/JS", b"/Launch", b"/OpenAction", b"/AA"):
        assert word not in cleaned.pdf  # not even an unreferenced object is left
    from agenda.pdf.text import extract_texts

    assert extract_texts(cleaned.pdf) == extract_texts(pdf)
    assert strip_active_content(typeset.text_pdf("Sạch", ["Không có mã."]), Limits()) is None


def test_size_messages_say_the_documented_limit() -> None:
    assert size_text(Limits().max_bytes) == "50 MB"
    assert size_text(50 * MB + 10 * 1024) == "50.0 MB" and size_text(20 * 1024) == "20 KB"


def test_workers_run_below_the_servers_priority() -> None:
    """On a busy machine the ballots come first: a worker's nice value is the server's plus 10."""
    import os

    pool = Pool(1, too_costly)
    bounds = Bounds(cpu_seconds=5, memory_bytes=1024 * MB, wall_seconds=10)
    assert pool.run(hostile.niceness, (), bounds, too_costly) == min(19, os.nice(0) + 10)

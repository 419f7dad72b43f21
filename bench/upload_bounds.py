"""Bounded upload checks and page renders (issue 11): what a normal upload's checks cost, and how long a page
image takes while a hostile upload is being checked.

    .venv/bin/python -m bench.upload_bounds [--runs 7]

Measures the code it is run with (compare two trees by running it with each on ``PYTHONPATH``; an older tree
without ``agenda.pdf.jobs`` is measured in-process, as it ran). Prints, for typeset Vietnamese documents of a
few to fifty pages and one of 30 MB, the time of ``process_upload`` (what the ``prepare=`` step runs): the first
call (which starts a worker) and the median of the next ``--runs``; then the median time of a page image
quietly and while the upload of the issue (100 pages sharing one 8 MB content stream) is being checked.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader, PdfWriter, generic

from agenda.documents import upload
from agenda.pdf import typeset

PROSE = [
    "Thực hiện Nghị quyết của Hội đồng nhân dân tỉnh về kế hoạch phát triển kinh tế – xã hội, Ủy ban nhân dân "
    "tỉnh trình Hội đồng nhân dân xem xét, quyết định dự toán ngân sách địa phương.",
    "Tổng thu ngân sách trên địa bàn ước đạt 12.450 tỷ đồng; chi đầu tư phát triển tập trung cho các công trình "
    "trọng điểm tại thành phố Đồng Hới và các xã vùng sâu, vùng xa.",
]


def shared_stream_pdf(pages: int = 100, megabytes: int = 8) -> bytes:
    ops = b"0 0 m 100 100 l S\n"
    data = zlib.compress(ops * (megabytes * 1024 * 1024 // len(ops)), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + " ".join(f"{4 + i} 0 R" for i in range(pages)).encode()
        + b"] /Count %d >>" % pages,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ] + [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * pages
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def padded(content: bytes, megabytes: int) -> bytes:
    """``content`` with an unused stream of ``megabytes`` MB (an upload of that size, cheap to check)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    stream = generic.DecodedStreamObject()
    stream.set_data(bytes(range(256)) * (megabytes * 1024 * 1024 // 256))
    writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def renderer() -> Callable[[Path], bytes]:
    try:
        from agenda.pdf.jobs import rendered_page

        return lambda path: rendered_page(path, 1, 1200, "webp")
    except ImportError:  # a tree before the workers
        from agenda.pdf.render import render_page

        return lambda path: render_page(path.read_bytes(), 1, 1200, "webp")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    documents = [typeset.text_pdf("BÁO CÁO", PROSE * n) for n in (20, 150, 450)]
    documents.append(padded(documents[0], 30))
    for content in documents:
        sent = upload.Upload("bao-cao.pdf", "application/pdf", content)
        times = []
        for _ in range(runs + 1):
            time.sleep(0.5)  # (uploads come one at a time, not back to back)
            started = time.perf_counter()
            facts = upload.process_upload(sent).facts
            times.append(time.perf_counter() - started)
        print(
            f"upload of {facts.page_count} pages, {len(content) / 1024 / 1024:.2f} MB: first {times[0] * 1000:.0f} ms, "
            f"median {statistics.median(times[1:]) * 1000:.0f} ms"
        )
    render = renderer()
    path = Path(tempfile.mkdtemp(prefix="kyhop-bench-")) / "page.pdf"
    path.write_bytes(documents[1])
    render(path)
    quiet = []
    for _ in range(runs):
        started = time.perf_counter()
        render(path)
        quiet.append(time.perf_counter() - started)

    def hostile() -> None:
        try:
            upload.process_upload(upload.Upload("x.pdf", "application/pdf", shared_stream_pdf()))
            print("the hostile upload was accepted")
        except Exception as error:  # noqa: BLE001 - a refusal is what is expected
            print(f"the hostile upload was refused: {getattr(error, 'code', error)}")

    checking = threading.Thread(target=hostile)
    checking.start()
    time.sleep(1)
    busy = []
    for _ in range(runs):
        started = time.perf_counter()
        render(path)
        busy.append(time.perf_counter() - started)
    print(
        f"page image: median {statistics.median(quiet) * 1000:.0f} ms quietly, "
        f"{statistics.median(busy) * 1000:.0f} ms (max {max(busy) * 1000:.0f}) while the hostile upload is checked"
    )
    checking.join()


if __name__ == "__main__":
    main()

"""Session pack download: 200 tablets fetch a ~20 MB session pack at once, from ``kyhop serve`` and from
nginx serving the same bytes, in the same run.

Target (issue 4): the aggregate throughput of the app is at least half of nginx's (Debian's package,
started and stopped here) on this machine.

What it does (bounded: --trials, --trial-timeout and an overall --budget; every server it starts is
stopped at the end, also on errors and Ctrl-C):
1. builds a session in a temporary directory (or a dedicated PostgreSQL database, dropped and recreated):
   a hall of --tablets delegates with accounts (bench/setup_hall.py) and six published documents —
   Vietnamese text typeset with fpdf2 followed by "scanned" appendix pages (A4 JPEGs of noise, which do
   not compress) — so that the pack (``GET /api/sessions/{id}/pack.pdf``: cover, agenda, QR code,
   outline, then every document) is about --pack-mb MB;
2. starts ``kyhop serve`` (``python -m session_server.cli serve``: uvicorn as ``kyhop serve`` runs it)
   and fetches the pack once as a delegate (this builds it); writes those bytes to a temporary web root
   and starts ``/usr/sbin/nginx`` on it (generated config: worker_processes auto, sendfile on,
   access_log off; pid, logs and temp paths in the temporary directory);
3. checks resuming on the app (not timed): a Range request in the middle of the file gets 206 with the
   right Content-Range and bytes; If-None-Match gets 304; a range past the end gets 416;
4. per trial, nginx and the app one after the other (the order alternates between trials): --tablets
   downloads of the whole file at once, each on its own connection, by a client in this process (asyncio
   sockets, HTTP/1.1, the bytes counted as they arrive and thrown away; the same client for
   both servers). Every download's status, Content-Length and byte count are checked, and the SHA-256 of
   --hash-count of them. Aggregate throughput = tablets × bytes / wall time from the first connect to
   the last byte; ratio = app / nginx in that trial; the verdict uses the median of the ratios;
5. finally the same requests for one byte each (``Range: bytes=0-0``) to each server: the CPU an app
   request costs whatever its size, beside the bytes.

On ≥ 2 cores the servers are pinned to CPU 0 and the client to CPU 1 (``--no-pin`` to disable); the
client's own CPU time is recorded per trial, so one can see whether it, not the server, was the limit.
Results: bench/out/download-result.json; ``--write-docs`` puts the figures under "Session pack download
(200 tablets)" in docs/benchmarks.md (that section only).

    flock /tmp/kyhop-bench.lock .venv/bin/python -m bench.download [--trials 3] [--write-docs]
    flock /tmp/kyhop-bench.lock .venv/bin/python -m bench.download \\
        --database postgresql://postgres@127.0.0.1:5432/kyhop_bench_download
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import hashlib
import http.client
import io
import os
import random
import shutil
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agenda.documents import publishing, upload
from agenda.pdf import typeset
from bench import common  # noqa: E402
from bench.common import OUT  # noqa: E402

SECTION = "## Session pack download (200 tablets)"
NGINX = "/usr/sbin/nginx"
MB = 1024 * 1024
TARGET_RATIO = 0.5
READ_BUFFER = 256 * 1024
SINK = 8 * 1024 * 1024  # the most one recv(MSG_TRUNC) may discard

PROSE = [
    "Thực hiện Nghị quyết của Hội đồng nhân dân tỉnh về kế hoạch phát triển kinh tế – xã hội năm 2027, Ủy ban "
    "nhân dân tỉnh trình Hội đồng nhân dân xem xét, quyết định dự toán thu, chi ngân sách địa phương.",
    "Tổng thu ngân sách trên địa bàn ước đạt 12.450 tỷ đồng, bằng 104% dự toán; chi đầu tư phát triển tập trung "
    "cho các công trình trọng điểm, các xã vùng sâu, vùng xa và vùng đồng bào dân tộc thiểu số.",
    "Ban Kinh tế – Ngân sách đề nghị tiếp tục rà soát các khoản chi thường xuyên, bảo đảm đồng bộ với kế hoạch "
    "đầu tư công trung hạn, tránh dàn trải; vốn phải được giải ngân đúng tiến độ, đúng quy định.",
    "Cử tri kiến nghị sớm sửa chữa tuyến đường tỉnh lộ, nâng cấp trạm y tế xã, hỗ trợ người dân bị ảnh hưởng "
    "bởi thiên tai và bảo đảm nước sạch cho các khu dân cư mới; các sở, ngành đã trả lời bằng văn bản.",
]

# (title, type, agenda item index in bench/setup_hall.py's session, pages of prose ×, share of the scans)
DOCUMENTS = [
    ("TỜ TRÌNH Về việc khai mạc Kỳ họp và chương trình làm việc", "to_trinh", 0, 2, 1),
    ("DỰ THẢO NGHỊ QUYẾT Về dự toán ngân sách địa phương năm 2027", "du_thao_nghi_quyet", 1, 6, 3),
    (
        "BÁO CÁO THẨM TRA của Ban Kinh tế – Ngân sách về dự toán ngân sách năm 2027",
        "bao_cao_tham_tra",
        1,
        5,
        2,
    ),
    (
        "BÁO CÁO Tình hình thực hiện nhiệm vụ phát triển kinh tế – xã hội năm 2026 (kèm phụ lục)",
        "bao_cao",
        1,
        12,
        6,
    ),
    ("TÀI LIỆU THAM KHẢO Tổng hợp ý kiến, kiến nghị của cử tri trước kỳ họp", "tai_lieu_tham_khao", 2, 8, 4),
    ("BÁO CÁO Kết quả giải quyết kiến nghị của cử tri", "bao_cao", 2, 4, 2),
]


# ---------------------------------------------------------------------------------------------
# The session and its documents
# ---------------------------------------------------------------------------------------------


def scanned_page(rng: random.Random, width: int = 1240, height: int = 1754, quality: int = 70) -> bytes:
    """An A4 page scanned at 150 dpi, as far as its size goes: a JPEG of grey noise (≈ 0.8 MB)."""
    from PIL import Image

    noise = Image.frombytes("L", (width, height), rng.randbytes(width * height))
    page = Image.blend(Image.new("L", (width, height), 235), noise, 0.5)
    out = io.BytesIO()
    page.save(out, "JPEG", quality=quality)
    return out.getvalue()


def document_pdf(title: str, repeat: int, scans: list[bytes]) -> bytes:
    """Typeset prose followed by the scanned appendix pages (the JPEGs embedded as they are)."""
    import datetime as dt

    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(
        PdfReader(io.BytesIO(typeset.text_pdf(title, PROSE * repeat, author="Ủy ban nhân dân tỉnh")))
    )
    if scans:
        pdf = FPDF(format="A4")
        pdf.set_creation_date(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        for jpeg in scans:
            pdf.add_page()
            pdf.image(io.BytesIO(jpeg), x=0, y=0, w=210, h=297)
        writer.append(PdfReader(io.BytesIO(bytes(pdf.output()))))
    writer.add_metadata({"/Title": title, "/Author": "Ủy ban nhân dân tỉnh"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_documents(target_bytes: int, seed: int = 4) -> list[tuple[str, str, int, bytes]]:
    """The six documents, with scanned pages added until they add up to about ``target_bytes``."""
    rng = random.Random(seed)
    text_bytes = sum(len(document_pdf(title, repeat, [])) for title, _, _, repeat, _ in DOCUMENTS)
    shares = [i for i, d in enumerate(DOCUMENTS) for _ in range(d[4])]
    scans: list[list[bytes]] = [[] for _ in DOCUMENTS]
    total = text_bytes
    turn = 0
    while total < target_bytes - 400_000:  # the cover and the pack's own structure add the rest
        page = scanned_page(rng)
        scans[shares[turn % len(shares)]].append(page)
        total += len(page)
        turn += 1
    return [
        (title, doc_type, item, document_pdf(title, repeat, scans[i]))
        for i, (title, doc_type, item, repeat, _) in enumerate(DOCUMENTS)
    ]


def build_session(url: str, tablets: int, pack_mb: float) -> dict[str, Any]:
    """A hall of ``tablets`` delegates (bench/setup_hall.py) and the published documents."""
    from bench.setup_hall import build

    started = time.monotonic()
    manifest = build(url, tablets)
    made = make_documents(int(pack_mb * MB))
    from agenda import db as storage
    from agenda.models import Session, User

    engine = storage.make_engine(manifest["database_url"])
    factory = storage.session_factory(engine)
    sizes = []
    with storage.transaction(factory) as db:
        session = db.get(Session, manifest["session_id"])
        secretary = db.get(User, manifest["secretary"]["user_id"])
        items = sorted(session.items, key=lambda i: i.position)
        added = []
        for title, doc_type, item, content in made:
            processed = upload.process_upload(upload.Upload("tai-lieu.pdf", "application/pdf", content))
            added.append(
                upload.add_document(
                    db,
                    session,
                    upload.DocumentFields.parse(
                        {
                            "title": title,
                            "doc_type": doc_type,
                            "agenda_item_id": items[item].id,
                            "access": "delegates",
                        }
                    ),
                    processed,
                    f"{doc_type}.pdf",
                    secretary,
                )
            )
            sizes.append({"title": title, "bytes": len(content), "pages": processed.facts.page_count})
        publishing.publish_documents(db, session, added, secretary)
    engine.dispose()
    manifest["documents"] = sizes
    manifest["setup_s"] = round(time.monotonic() - started, 1)
    return manifest


# ---------------------------------------------------------------------------------------------
# nginx
# ---------------------------------------------------------------------------------------------


def nginx_config(prefix: Path, root: Path, port: int) -> str:
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers read files in a root-only temp directory
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / ('tmp-' + kind)};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}worker_processes auto;
daemon off;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{
    worker_connections 4096;
}}
http {{
    types {{ application/pdf pdf; }}
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
{temp}
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ }}
    }}
}}
"""


def start_nginx(servers: common.Servers, prefix: Path, root: Path, port: int) -> Any:
    if not Path(NGINX).exists():
        raise SystemExit(f"{NGINX} not found: apt-get install -y nginx-light (Debian's package)")
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_config(prefix, root, port))
    return servers.process(
        "download-nginx", [NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf)], port
    )


# ---------------------------------------------------------------------------------------------
# The client: N downloads at once, bytes counted as they arrive
# ---------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Outcome:
    started: float
    status: int = 0
    length: int = -1
    received: int = 0
    first_byte: float = 0.0
    finished: float = 0.0
    sha256: str | None = None
    error: str | None = None


class Download:
    """One GET on a raw non-blocking socket read from the event loop's selector. The response head is
    parsed; the body is counted and dropped. Bodies that are not hashed are read with ``MSG_TRUNC``, with
    which Linux discards TCP data in the kernel without copying it to the process: 200 downloads at once
    then cost the client little, so that it is not what limits the servers' figures."""

    def __init__(
        self,
        sock: socket.socket,
        buffer: memoryview,
        sink: memoryview,
        outcome: Outcome,
        done: asyncio.Future[Outcome],
        hashed: bool,
    ) -> None:
        self.sock = sock
        self.buffer = buffer  # shared by every download: read and forgotten before the next recv
        self.sink = sink  # never written to (MSG_TRUNC): only its length matters
        self.outcome = outcome
        self.done = done
        self.hasher = hashlib.sha256() if hashed else None
        self.head: bytearray | None = bytearray()

    def readable(self) -> None:
        try:
            if self.head is None and self.hasher is None and TRUNC:
                nbytes = self.sock.recv_into(self.sink, len(self.sink), TRUNC)
                if nbytes:
                    self._count(nbytes)
                    return
            else:
                nbytes = self.sock.recv_into(self.buffer)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as error:
            self._finish(f"recv: {error!r} after {self.outcome.received} bytes")
            return
        if nbytes == 0:
            self._finish(f"connection closed after {self.outcome.received} bytes")
            return
        data = self.buffer[:nbytes]
        if self.head is not None:
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                if len(self.head) > 65536:
                    self._finish("response head too long")
                return
            self.outcome.first_byte = time.perf_counter()
            lines = bytes(self.head[:end]).decode("latin-1").split("\r\n")
            self.outcome.status = int(lines[0].split()[1])
            for line in lines[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    self.outcome.length = int(value.strip())
            body = memoryview(bytes(self.head[end + 4 :]))
            self.head = None
            if self.outcome.length < 0:
                self._finish("no Content-Length")
                return
            data = body
        if self.hasher is not None:
            self.hasher.update(data)
        self._count(len(data))

    def _count(self, nbytes: int) -> None:
        self.outcome.received += nbytes
        if self.outcome.received >= self.outcome.length:
            self._finish(
                None if self.outcome.received == self.outcome.length else "more bytes than Content-Length"
            )

    def _finish(self, error: str | None) -> None:
        if self.done.done():
            return
        self.outcome.finished = time.perf_counter()
        self.outcome.error = error
        if self.hasher is not None:
            self.outcome.sha256 = self.hasher.hexdigest()
        self.done.set_result(self.outcome)


TRUNC = getattr(socket, "MSG_TRUNC", 0) if sys.platform == "linux" else 0


async def one_download(
    port: int, request: bytes, buffer: memoryview, sink: memoryview, hashed: bool, timeout: float
) -> Outcome:
    loop = asyncio.get_running_loop()
    outcome = Outcome(started=time.perf_counter())
    done: asyncio.Future[Outcome] = loop.create_future()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    registered = False
    try:
        await asyncio.wait_for(loop.sock_connect(sock, ("127.0.0.1", port)), timeout)
        await asyncio.wait_for(loop.sock_sendall(sock, request), timeout)
        download = Download(sock, buffer, sink, outcome, done, hashed)
        loop.add_reader(sock.fileno(), download.readable)
        registered = True
        return await asyncio.wait_for(done, timeout)
    except (TimeoutError, OSError) as error:
        outcome.error = outcome.error or f"{error!r} after {outcome.received} bytes"
        outcome.finished = time.perf_counter()
        return outcome
    finally:
        if registered:
            loop.remove_reader(sock.fileno())
        sock.close()


async def wave(
    port: int,
    path: str,
    cookies: list[str],
    size: int,
    sha256: str,
    hash_count: int,
    timeout: float,
    extra: str = "",
    status: int = 200,
) -> dict[str, Any]:
    """len(cookies) downloads of ``path`` at once; their timings and checks. ``extra``: more request
    header lines (each ending in CRLF), e.g. a Range; then ``size``/``sha256``/``status`` are of that part."""
    n = len(cookies)
    buffer = memoryview(bytearray(READ_BUFFER))
    sink = memoryview(bytearray(SINK))
    hashed = {round(i * (n - 1) / max(1, hash_count - 1)) for i in range(hash_count)} if hash_count else set()
    requests = [
        (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: kyhop-bench-tablet\r\n"
            f"Accept: application/pdf\r\nCookie: {cookie}\r\n{extra}\r\n"
        ).encode("latin-1")
        for cookie in cookies
    ]
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    outcomes = await asyncio.gather(
        *(one_download(port, requests[i], buffer, sink, i in hashed, timeout) for i in range(n))
    )
    wall = max(o.finished for o in outcomes) - t0
    harness_cpu = time.process_time() - cpu0
    failures = []
    for i, o in enumerate(outcomes):
        problem = (
            o.error
            or (f"status {o.status}" if o.status != status else None)
            or (f"Content-Length {o.length} != {size}" if o.length != size else None)
            or (f"{o.received} bytes" if o.received != size else None)
            or ("SHA-256 differs" if o.sha256 is not None and o.sha256 != sha256 else None)
        )
        if problem:
            failures.append(f"#{i}: {problem}")
    good = [o for o in outcomes if o.error is None and o.received == size]
    durations = [o.finished - o.started for o in good]
    return {
        "downloads": n,
        "ok": n - len(failures),
        "failures": failures[:10],
        "hashed": len(hashed),
        "hashes_ok": sum(1 for o in outcomes if o.sha256 is not None and o.sha256 == sha256),
        "wall_s": round(wall, 3),
        "mb_s": round(n * size / MB / wall, 1),
        "per_download_s_median": round(common.median(durations), 3),
        "per_download_s_p90": round(common.pct(durations, 90), 3),
        "per_download_mb_s_median": round(common.median([size / MB / d for d in durations]), 1),
        "ttfb_s_median": round(common.median([o.first_byte - o.started for o in good]), 3),
        "ttfb_s_max": round(max((o.first_byte - o.started for o in good), default=float("nan")), 3),
        "harness_cpu_s": round(harness_cpu, 2),
    }


# ---------------------------------------------------------------------------------------------
# Fetching once, and resuming
# ---------------------------------------------------------------------------------------------


def fetch(
    port: int, path: str, cookie: str, headers: dict[str, str] | None = None, timeout: float = 300
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Cookie": cookie, "Host": f"127.0.0.1:{port}", **(headers or {})})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def resume_checks(port: int, path: str, cookie: str, content: bytes, etag: str) -> dict[str, Any]:
    """A tablet resuming mid-file: Range → 206 with Content-Range and the right bytes; If-Range with the
    ETag too; If-None-Match → 304; a range past the end → 416. Correctness only, not timed."""
    size = len(content)
    start, end = size // 2 - 12_345, size // 2 + 1_000_000
    checks: dict[str, Any] = {}
    status, headers, body = fetch(port, path, cookie, {"Range": f"bytes={start}-{end}"})
    checks["range_206"] = (
        status == 206
        and headers.get("content-range") == f"bytes {start}-{end}/{size}"
        and body == content[start : end + 1]
        and headers.get("etag") == etag
    )
    status, headers, body = fetch(port, path, cookie, {"Range": f"bytes={start}-", "If-Range": etag})
    checks["if_range_206"] = status == 206 and body == content[start:]
    status, _, body = fetch(port, path, cookie, {"If-None-Match": etag})
    checks["if_none_match_304"] = status == 304 and body == b""
    status, headers, _ = fetch(port, path, cookie, {"Range": f"bytes={size + 10}-{size + 20}"})
    checks["past_end_416"] = status == 416 and headers.get("content-range") == f"bytes */{size}"
    checks["all_ok"] = all(checks.values())
    return checks


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------


def run(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    server_cpus, harness_cpus = common.default_pinning(not args.no_pin)
    url = args.database or f"sqlite:///{workdir / 'download.sqlite'}"
    os.environ["KYHOP_FILES_DIR"] = str(workdir / "files")  # the app's file cache (inherited by the server)
    print(
        f"building a session of {args.tablets} delegates and ~{args.pack_mb:g} MB of documents …", flush=True
    )
    manifest = build_session(url, args.tablets, args.pack_mb)
    cookies = [common.mint_cookie(d) for d in manifest["delegates"]]
    pack_path = f"/api/sessions/{manifest['session_id']}/pack.pdf"
    common.pin_to(harness_cpus)
    result: dict[str, Any] = {
        "tablets": args.tablets,
        "documents": manifest["documents"],
        "setup_s": manifest["setup_s"],
        "pinned": server_cpus is not None,
        "database_kind": "postgresql" if url.startswith("postgresql") else "sqlite",
        "trials": [],
    }
    with common.Servers(OUT / "logs" / args.output.stem, server_cpus) as servers:
        app_port, nginx_port = common.free_port(), common.free_port()
        app = servers.kyhop("download-kyhop", manifest["database_url"], app_port)
        started = time.perf_counter()
        status, headers, content = fetch(app_port, pack_path, cookies[0])
        if status != 200:
            raise RuntimeError(f"the pack: HTTP {status}: {content[:500]!r}")
        sha = hashlib.sha256(content).hexdigest()
        if headers.get("etag") != f'"{sha}"':
            raise RuntimeError(f"ETag {headers.get('etag')} is not the SHA-256 of the body {sha}")
        result["pack"] = {
            "bytes": len(content),
            "sha256": sha,
            "built_and_fetched_s": round(time.perf_counter() - started, 2),
            "headers": headers,
        }
        print(
            f"pack: {len(content) / MB:.1f} MB, sha256 {sha[:16]}…, built in "
            f"{result['pack']['built_and_fetched_s']} s",
            flush=True,
        )
        result["resume"] = resume_checks(
            app_port, pack_path, cookies[1 % len(cookies)], content, headers["etag"]
        )
        print(f"resume checks: {result['resume']}", flush=True)

        root = workdir / "www"
        root.mkdir()
        (root / "pack.pdf").write_bytes(content)
        for folder in (workdir, root):
            folder.chmod(0o755)
        (workdir / "nginx").mkdir()
        nginx = start_nginx(servers, workdir / "nginx", root, nginx_port)
        targets = {"nginx": (nginx_port, "/pack.pdf", nginx.pid), "app": (app_port, pack_path, app.pid)}
        for name, (port, path, _pid) in targets.items():  # warm up: page cache, connections, the code path
            warm = asyncio.run(
                wave(port, path, cookies[: args.warmup], len(content), sha, 1, args.trial_timeout)
            )
            if warm["ok"] != warm["downloads"]:
                raise RuntimeError(f"warm-up on {name} failed: {warm['failures']}")
        for trial in range(args.trials):
            order = ["nginx", "app"] if trial % 2 == 0 else ["app", "nginx"]
            row: dict[str, Any] = {"trial": trial + 1, "order": order, "loadavg": os.getloadavg()[0]}
            for name in order:
                port, path, pid = targets[name]
                cpu_before = common.tree_cpu_seconds(pid)
                measured = asyncio.run(
                    wave(port, path, cookies, len(content), sha, args.hash_count, args.trial_timeout)
                )
                measured["server_cpu_s"] = round(common.tree_cpu_seconds(pid) - cpu_before, 2)
                row[name] = measured
                print(
                    f"trial {trial + 1} {name:5}: {measured['mb_s']:8.1f} MB/s  wall {measured['wall_s']:.2f} s  "
                    f"ok {measured['ok']}/{measured['downloads']} (sha {measured['hashes_ok']}/"
                    f"{measured['hashed']})  per download median {measured['per_download_s_median']:.2f} s  "
                    f"server CPU {measured['server_cpu_s']:.2f} s  client CPU {measured['harness_cpu_s']:.2f} s",
                    flush=True,
                )
                time.sleep(args.pause)
            row["ratio"] = round(row["app"]["mb_s"] / row["nginx"]["mb_s"], 3)
            print(f"trial {trial + 1}: app / nginx = {row['ratio']:.3f}", flush=True)
            result["trials"].append(row)
        result["app_rss_kb"] = common.rss_kb(app.pid)
        # The same 200 requests for one byte each: what answering them costs, whatever the size
        one = hashlib.sha256(content[:1]).hexdigest()
        result["one_byte"] = {}
        for name, (port, path, pid) in targets.items():
            cpu_before = common.tree_cpu_seconds(pid)
            measured = asyncio.run(
                wave(port, path, cookies, 1, one, 1, args.trial_timeout, "Range: bytes=0-0\r\n", 206)
            )
            measured["server_cpu_s"] = round(common.tree_cpu_seconds(pid) - cpu_before, 2)
            result["one_byte"][name] = measured
            print(
                f"200 one-byte requests, {name:5}: wall {measured['wall_s']:.2f} s, server CPU "
                f"{measured['server_cpu_s']:.2f} s, ok {measured['ok']}/{measured['downloads']}",
                flush=True,
            )
    ratios = [t["ratio"] for t in result["trials"]]
    all_ok = all(
        t[s]["ok"] == t[s]["downloads"] and t[s]["hashes_ok"] == t[s]["hashed"]
        for t in result["trials"]
        for s in ("app", "nginx")
    )
    result.update(
        {
            "median_ratio": round(statistics.median(ratios), 3),
            "all_downloads_ok": all_ok,
            "target_met": statistics.median(ratios) >= TARGET_RATIO and all_ok and result["resume"]["all_ok"],
            "median_mb_s": {
                s: round(statistics.median(t[s]["mb_s"] for t in result["trials"]), 1)
                for s in ("app", "nginx")
            },
        }
    )
    return result


def markdown(result: dict[str, Any], command: str) -> str:
    m = result["machine"]
    pack = result["pack"]
    docs = result["documents"]
    lines = [
        SECTION,
        "",
        f"`{command}` — {m['date']}; {m['nproc']} cores ({m['cpu']}), {m['mem_gb']} GB RAM, Linux {m['kernel']}, "
        f"Python {m['python']}, uvicorn {m['uvicorn']} (as `kyhop serve` runs it), Starlette {m['starlette']}, "
        f"{result['nginx_version']}; {result['database_kind']}. **Shared, noisy machine**: other agents' test "
        f"suites ran meanwhile (load average {result['loadavg_before'][0]:.1f} before, "
        f"{result['loadavg_after'][0]:.1f} after); each trial measures nginx and the app back to back, in "
        "alternating order, so compare within a trial.",
        "",
        f"The pack: {pack['bytes']:,} bytes ({pack['bytes'] / MB:.1f} MB; MB = 2^20 bytes) — cover with agenda "
        f"and QR code, then {len(docs)} published documents ({sum(d['pages'] for d in docs)} pages: typeset "
        "Vietnamese text and scanned appendices as JPEGs). "
        f"{result['tablets']} tablets (each its own delegate account and session cookie) each open a connection "
        "and download the whole file at once; aggregate = tablets × bytes ÷ wall time from the first connect "
        "to the last byte. nginx serves the same bytes from a temporary directory "
        "(`worker_processes auto; sendfile on; access_log off`). "
        + (
            "Servers pinned to CPU 0, the client (one asyncio process) to CPU 1. "
            if result["pinned"]
            else "Not pinned. "
        )
        + "Every download's byte count is checked, and the SHA-256 of "
        f"{result['trials'][0]['app']['hashed']} per wave.",
        "",
        "| trial | order | nginx MB/s | app MB/s | **app / nginx** | per download, median s (nginx / app) | "
        "first byte, median s (nginx / app) | server CPU s (nginx / app) | client CPU s (nginx / app) | "
        "downloads ok |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for t in result["trials"]:
        n, a = t["nginx"], t["app"]
        lines.append(
            f"| {t['trial']} | {' → '.join(t['order'])} | {n['mb_s']:.0f} | {a['mb_s']:.0f} | **{t['ratio']:.3f}** | "
            f"{n['per_download_s_median']:.2f} / {a['per_download_s_median']:.2f} | "
            f"{n['ttfb_s_median']:.3f} / {a['ttfb_s_median']:.3f} | {n['server_cpu_s']:.1f} / {a['server_cpu_s']:.1f} | "
            f"{n['harness_cpu_s']:.1f} / {a['harness_cpu_s']:.1f} | {n['ok']}/{n['downloads']}, {a['ok']}/{a['downloads']} |"
        )
    verdict = "**met**" if result["target_met"] else "**not met**"
    resume = result["resume"]
    lines += [
        "",
        f"**Median ratio app / nginx: {result['median_ratio']:.3f}** (medians: nginx "
        f"{result['median_mb_s']['nginx']:.0f} MB/s, app {result['median_mb_s']['app']:.0f} MB/s). "
        f"Target ≥ {TARGET_RATIO} × nginx: {verdict}. "
        f"Resume (not timed): Range mid-file → 206 with Content-Range and the right bytes "
        f"{'✓' if resume['range_206'] else '✗'}, If-Range {'✓' if resume['if_range_206'] else '✗'}, "
        f"If-None-Match → 304 {'✓' if resume['if_none_match_304'] else '✗'}, "
        f"past the end → 416 {'✓' if resume['past_end_416'] else '✗'}.",
        "",
    ]
    one = result.get("one_byte")
    if one:
        app_cpu = statistics.median(t["app"]["server_cpu_s"] for t in result["trials"])
        lines += [
            f"The same {result['tablets']} requests for one byte each (`Range: bytes=0-0`), after the trials: "
            f"the app spends {one['app']['server_cpu_s']:.2f} s of CPU on them (wall "
            f"{one['app']['wall_s']:.2f} s), nginx {one['nginx']['server_cpu_s']:.2f} s — what answering "
            f"a request costs the app whatever its size (of {app_cpu:.1f} s per full wave, median).",
            "",
        ]
    return "\n".join(lines)


def nginx_version() -> str:
    import subprocess

    try:
        out = subprocess.run([NGINX, "-v"], capture_output=True, text=True, timeout=10)
        return (out.stderr or out.stdout).strip().replace("nginx version: ", "")
    except (OSError, subprocess.SubprocessError):
        return "nginx ?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tablets", type=int, default=200, help="downloads at once (default: %(default)s)")
    parser.add_argument(
        "--pack-mb", type=float, default=20, help="size of the pack to build, MB (default: %(default)s)"
    )
    parser.add_argument(
        "--trials", type=int, default=3, help="trials, each nginx and the app (default: %(default)s)"
    )
    parser.add_argument("--warmup", type=int, default=10, help="untimed downloads on each server first")
    parser.add_argument(
        "--hash-count", type=int, default=4, help="downloads per wave whose SHA-256 is checked"
    )
    parser.add_argument(
        "--pause", type=float, default=1.0, help="pause after each wave, s (default: %(default)s)"
    )
    parser.add_argument(
        "--database",
        help="a PostgreSQL URL of a dedicated database, DROPPED and recreated "
        "(default: SQLite in a temporary directory)",
    )
    parser.add_argument("--trial-timeout", type=float, default=300, help="per wave, s (default: %(default)s)")
    parser.add_argument(
        "--budget", type=float, default=900, help="hard stop for the whole run, s (default: %(default)s)"
    )
    parser.add_argument(
        "--no-pin", action="store_true", help="do not pin servers to CPU 0 and the client to CPU 1"
    )
    parser.add_argument("--output", type=Path, default=OUT / "download-result.json")
    parser.add_argument("--write-docs", action="store_true", help="update the section in docs/benchmarks.md")
    args = parser.parse_args(argv)
    if not 1 <= args.tablets <= 2000 or not 1 <= args.trials <= 20 or not 0.1 <= args.pack_mb <= 45:
        parser.error("need 1 ≤ tablets ≤ 2000, 1 ≤ trials ≤ 20 and 0.1 ≤ pack-mb ≤ 45")
    args.warmup = max(1, min(args.warmup, args.tablets))
    common.raise_fd_limit()
    load_before = os.getloadavg()
    with common.deadline(args.budget), tempfile.TemporaryDirectory(prefix="kyhop-download-") as tmp:
        try:
            result = run(args, Path(tmp))
        finally:
            shutil.rmtree(Path(tmp) / "files", ignore_errors=True)
    command = "python -m bench.download" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:])
    )
    result.update(
        {
            "machine": common.machine(),
            "argv": sys.argv,
            "command": command,
            "nginx_version": nginx_version(),
            "loadavg_before": load_before,
            "loadavg_after": os.getloadavg(),
        }
    )
    common.write_json(args.output, result)
    text = markdown(result, command)
    print(text)
    print(f"(full result: {args.output})")
    if args.write_docs:
        common.write_docs_section(SECTION, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

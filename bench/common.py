"""Shared helpers of the benchmarks: servers as subprocesses, minted cookies, timed websocket clients.

Nothing here talks to anything but 127.0.0.1. Every wait has a timeout; every server started through
:class:`Servers` is stopped when its ``with`` block ends, also on errors.
"""

from __future__ import annotations

import asyncio
import base64
import collections
import contextlib
import json
import os
import platform
import resource
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
OUT = BENCH / "out"
SECRET_KEY = "bench-secret-key-not-for-production-0123456789"  # passed to the server as KYHOP_SECRET_KEY
COOKIE_NAME = "kyhop_session"  # session_server/app.py: SessionMiddleware(session_cookie=...)
MAX_MESSAGE = 64 * 1024 * 1024  # snapshots of a 1,000-delegate sitting are large


# ---------------------------------------------------------------------------------------------
# Environment
# ---------------------------------------------------------------------------------------------


def raise_fd_limit(want: int = 65536) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = min(want, hard) if hard != resource.RLIM_INFINITY else want
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def machine() -> dict[str, Any]:
    model = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_gb = 0.0
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = int(line.split()[1]) / 1024 / 1024
    import sqlalchemy
    import starlette
    import uvicorn
    import websockets

    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "mem_gb": round(mem_gb, 1),
        "python": platform.python_version(),
        "kernel": platform.release(),
        "websockets": websockets.__version__,
        "uvicorn": uvicorn.__version__,
        "starlette": starlette.__version__,
        "sqlalchemy": sqlalchemy.__version__,
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "code": code_fingerprint(),
    }


def pin_to(cpus: set[int] | None) -> None:
    """Pin the calling process (the harness) to ``cpus`` when given and available."""
    if cpus and hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, cpus)


def default_pinning(enabled: bool) -> tuple[set[int] | None, set[int] | None]:
    """(server CPUs, harness CPUs): on a machine with ≥ 2 cores, servers on CPU 0 and the harness on CPU 1,
    so neither steals the other's core (PostgreSQL and Redis are not pinned)."""
    n = os.cpu_count() or 1
    if not enabled or n < 2:
        return None, None
    return {0}, {1}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


# ---------------------------------------------------------------------------------------------
# Cookies (Starlette SessionMiddleware: base64(json(session)) signed with itsdangerous TimestampSigner)
# ---------------------------------------------------------------------------------------------


def mint_cookie(entry: dict[str, Any], secret: str = SECRET_KEY) -> str:
    """The ``Cookie`` header value of a signed-in browser, as ``session_server.auth.sign_in`` would set it:
    ``entry`` is a manifest's account with the sign-in session ``bench/setup_hall.py`` opened for it."""
    import itsdangerous

    session = {"s": entry["signin_id"], "t": entry["signin_token"], "csrf": f"bench-csrf-{entry['user_id']}"}
    data = base64.b64encode(json.dumps(session).encode("utf-8"))
    return f"{COOKIE_NAME}={itsdangerous.TimestampSigner(secret).sign(data).decode('utf-8')}"


# ---------------------------------------------------------------------------------------------
# Servers
# ---------------------------------------------------------------------------------------------


class Servers:
    """Start ``kyhop serve`` and the bare server as subprocesses; stop every one of them on exit."""

    def __init__(self, log_dir: Path, cpus: set[int] | None = None) -> None:
        self.log_dir = log_dir
        self.cpus = cpus
        self.procs: list[tuple[str, subprocess.Popen[bytes]]] = []

    def __enter__(self) -> Servers:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop_all()

    def _spawn(self, name: str, argv: Sequence[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = open(self.log_dir / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        cpus = self.cpus

        def preexec() -> None:
            if cpus:
                os.sched_setaffinity(0, cpus)

        proc = subprocess.Popen(
            list(argv),
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=preexec,
        )
        log.close()
        self.procs.append((name, proc))
        return proc

    def kyhop(
        self,
        name: str,
        database_url: str,
        port: int,
        *,
        redis_url: str | None = None,
        timeout: float = 60,
        ws_impl: str | None = None,
    ) -> subprocess.Popen[bytes]:
        """``kyhop serve``; with ``ws_impl`` the same app through bench/serve_app.py and that uvicorn --ws."""
        env = dict(os.environ)
        env["KYHOP_SECRET_KEY"] = SECRET_KEY
        env.pop("KYHOP_REDIS_URL", None)
        if redis_url:
            env["KYHOP_REDIS_URL"] = redis_url
        env["PYTHONUNBUFFERED"] = "1"
        if ws_impl:
            argv = [sys.executable, str(BENCH / "serve_app.py"), "--ws", ws_impl]
        else:
            argv = [sys.executable, "-m", "session_server.cli", "serve"]
        proc = self._spawn(
            name,
            argv
            + [
                "--database",
                database_url,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env,
        )
        wait_http(f"http://127.0.0.1:{port}/api/me", proc, timeout, self.log_dir / f"{name}.log")
        return proc

    def bare(
        self, name: str, port: int, *, deflate: bool = False, timeout: float = 30
    ) -> subprocess.Popen[bytes]:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        argv = [sys.executable, str(BENCH / "bare_server.py"), "--port", str(port)] + (
            ["--deflate"] if deflate else []
        )
        proc = self._spawn(name, argv, env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited: {(self.log_dir / f'{name}.log').read_text()[-2000:]}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
            time.sleep(0.1)
        raise TimeoutError(f"{name} did not listen on {port} within {timeout} s")

    def process(
        self,
        name: str,
        argv: Sequence[str],
        port: int,
        *,
        env: dict[str, str] | None = None,
        timeout: float = 30,
    ) -> subprocess.Popen[bytes]:
        """Any other server (e.g. nginx) as a subprocess, pinned like the others; returns once it accepts
        connections on 127.0.0.1:``port``. Stopped with the rest (SIGTERM, then SIGKILL)."""
        proc = self._spawn(name, argv, dict(os.environ) if env is None else env)
        wait_port(port, proc, timeout, self.log_dir / f"{name}.log")
        return proc

    def stop_all(self) -> None:
        for _name, proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        for _name, proc in reversed(self.procs):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        self.procs.clear()


def wait_http(url: str, proc: subprocess.Popen[bytes], timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}): {log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - 127.0.0.1 only
                if response.status == 200:
                    return
        time.sleep(0.2)
    raise TimeoutError(f"{url} not ready within {timeout} s")


def wait_port(port: int, proc: subprocess.Popen[bytes], timeout: float, log: Path) -> None:
    """Wait until 127.0.0.1:``port`` accepts a connection (or ``proc`` exits: raise with its log's tail)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}): {log.read_text()[-3000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} within {timeout} s")


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of a process and of its children alive now (e.g. nginx's master and workers)."""
    total = cpu_seconds(pid)
    with contextlib.suppress(OSError):
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            with contextlib.suppress(OSError):
                total += cpu_seconds(int(child))
    return total


# ---------------------------------------------------------------------------------------------
# A websocket client that time-stamps every message when its bytes reach the process
# ---------------------------------------------------------------------------------------------


def timed_connection_class() -> type:
    """A ``websockets`` ClientConnection that records ``time.perf_counter()`` for each complete data frame in
    ``data_received`` (before any task runs), so the harness's own scheduling does not inflate latencies.

    With ``conn.hook`` set to ``f(conn, stamp, payload_bytes)``, data frames go to the hook right there and
    never reach ``recv()`` — no task wakes up per message, which keeps the harness's cost per message small
    (it must not be the bottleneck of a 1,000-client fan-out)."""
    from websockets.asyncio.client import ClientConnection
    from websockets.frames import Opcode

    data_opcodes = (Opcode.TEXT, Opcode.BINARY, Opcode.CONT)

    class TimedConnection(ClientConnection):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.stamps: collections.deque[float] = collections.deque()
            self.hook: Any = None

        def process_event(self, event: Any) -> None:
            if getattr(event, "opcode", None) in data_opcodes and event.fin:
                stamp = time.perf_counter()
                if self.hook is not None:
                    self.hook(self, stamp, event.data)
                    return
                self.stamps.append(stamp)
            super().process_event(event)

    return TimedConnection


async def connect(url: str, cookie: str | None = None, timeout: float = 60, deflate: bool = False) -> Any:
    from websockets.asyncio.client import connect as ws_connect

    headers = {"Cookie": cookie} if cookie else None
    return await asyncio.wait_for(
        ws_connect(
            url,
            additional_headers=headers,
            max_size=MAX_MESSAGE,
            max_queue=None,
            open_timeout=timeout,
            ping_interval=None,
            compression="deflate" if deflate else None,
            create_connection=timed_connection_class(),
        ),
        timeout,
    )


async def gather_bounded(coros: Sequence[Any], limit: int) -> list[Any]:
    sem = asyncio.Semaphore(limit)

    async def run(coro: Any) -> Any:
        async with sem:
            return await coro

    return await asyncio.gather(*(run(c) for c in coros))


# ---------------------------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------------------------


def pct(values: Sequence[float], p: float) -> float:
    """Percentile by the nearest-rank method (p in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(-(-p * len(ordered) // 100)) - 1))
    return ordered[k]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """A hard stop for the whole script: SIGALRM raises after ``seconds``. SIGTERM and SIGINT (even when
    started in the background, where SIGINT is ignored) raise too, so servers are always stopped."""
    import signal

    def on_alarm(*_: Any) -> None:
        raise TimeoutError(f"benchmark exceeded its {seconds:.0f} s budget")

    def on_term(signum: int, *_: Any) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = {
        sig: signal.signal(sig, handler)
        for sig, handler in ((signal.SIGALRM, on_alarm), (signal.SIGTERM, on_term), (signal.SIGINT, on_term))
    }
    signal.alarm(int(seconds))
    try:
        yield
    finally:
        signal.alarm(0)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def write_docs_section(heading: str, text: str, docs: Path = REPO / "docs" / "benchmarks.md") -> None:
    """Replace the section that starts with the line ``heading`` (up to the next ``## `` heading) with
    ``text``, or add it at the end; the other sections stay as they are."""
    current = docs.read_text(encoding="utf-8") if docs.exists() else "# Benchmarks\n"
    start = current.find(heading + "\n")
    if start >= 0:
        following = current.find("\n## ", start + len(heading))
        after = current[following + 1 :] if following >= 0 else ""
        current = current[:start] + text.rstrip() + "\n" + ("\n" + after if after else "")
    else:
        current = current.rstrip() + "\n\n" + text.rstrip() + "\n"
    docs.write_text(current, encoding="utf-8")


def code_fingerprint() -> dict[str, Any]:
    """SHA-256 over the server's sources (agenda/, session_server/) and their newest modification time:
    the code measured, since the repository may change between runs."""
    import hashlib

    digest = hashlib.sha256()
    newest = 0.0
    for path in sorted([*REPO.glob("agenda/**/*.py"), *REPO.glob("session_server/**/*.py")]):
        digest.update(str(path.relative_to(REPO)).encode())
        digest.update(path.read_bytes())
        newest = max(newest, path.stat().st_mtime)
    return {
        "sha256": digest.hexdigest()[:16],
        "newest_change": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(newest)),
    }


async def first_message(ws: Any, timeout: float) -> dict[str, Any]:
    """The next message of a stamped client socket (see ``connect``), decoded."""
    text = await asyncio.wait_for(ws.recv(), timeout)
    ws.stamps.popleft()
    return json.loads(text)


async def request(ws: Any, payload: dict[str, Any], timeout: float = 30) -> dict[str, Any]:
    """Send an action and read (discarding events) until its ack/error — only on a socket nobody else reads."""
    await ws.send(json.dumps(payload))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg = await first_message(ws, max(0.1, deadline - time.monotonic()))
        if msg.get("id") == payload["id"] and msg.get("type") in ("ack", "error"):
            return msg
    raise TimeoutError(f"no answer to {payload['id']}")

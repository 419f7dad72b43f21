"""Work on untrusted PDFs in worker processes under limits: CPU time (``RLIMIT_CPU``), address space
(``RLIMIT_AS``) and a wall-clock timeout after which the worker is killed.

A :class:`Pool` keeps a few worker processes, started from multiprocessing's *forkserver* (a clean process
started once, with the PDF libraries already imported — never a fork of the server, which has threads and an
event loop), and bounds how many jobs of its kind run at once, so upload checks and page renders never queue
behind each other. Before each job the worker sets its own limits (the CPU limit counted from the time it has
used so far). A worker that fails without an answer — killed at its CPU limit (``SIGXCPU``), out of address
space (``MemoryError`` or a crash in PDFium), past the wall clock, or given up by its caller — is killed and
replaced, and the job's ``costly`` error (a :class:`~agenda.errors.DomainError` saying what to do) is raised.
After each job a worker hands its freed heap back (``malloc_trim``); one still larger than ``RECYCLE_RSS`` is
ended, so its memory goes back to the system; the server process itself never holds what a check inflates.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import multiprocessing.connection
import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from agenda.errors import DomainError

R = TypeVar("R")

_CONTEXT = multiprocessing.get_context("forkserver")
# Imported once by the forkserver, not by every worker. (Python 3.11's forkserver never preloads
# "__main__" — it is not given the path — so each worker imports the main script once when it starts.)
_CONTEXT.set_forkserver_preload(["__main__", "agenda.pdf.jobs"])
_POLL = 0.1  # seconds between looks at ``cancelled``


@dataclass(frozen=True)
class Bounds:
    """What one job may cost: CPU seconds, bytes of address space, seconds of wall clock."""

    cpu_seconds: int
    memory_bytes: int
    wall_seconds: float


class Pool:
    """At most ``slots`` jobs at once; a caller waits up to ``bounds.wall_seconds`` for a slot."""

    def __init__(self, slots: int, busy: Callable[[], DomainError]) -> None:
        self.slots = slots
        self._free = threading.BoundedSemaphore(slots)
        self._busy = busy
        self._idle: list[_Worker] = []
        self._guard = threading.Lock()

    def run(
        self,
        job: Callable[..., R],
        args: tuple[Any, ...],
        bounds: Bounds,
        costly: Callable[[], DomainError],
        cancelled: Callable[[], bool] | None = None,
    ) -> R:
        """``job(*args)`` in a worker under ``bounds``; its result, or the DomainError it raised (re-raised
        here), or ``costly()`` when it failed without an answer, ran out of time or was ``cancelled()``."""
        if not self._free.acquire(timeout=bounds.wall_seconds):
            raise self._busy()
        try:
            with self._guard:
                worker = self._idle.pop() if self._idle else None
            if worker is not None and not worker.alive():  # died while idle (the system ran short)
                worker.end()
                worker = None
            worker = worker or _Worker()
            answer = worker.ask((job, args, bounds), time.monotonic() + bounds.wall_seconds, cancelled)
            if answer is not None and answer[2] <= RECYCLE_RSS:
                with self._guard:
                    self._idle.append(worker)
            else:  # failed (and ended already), or grown: its successor starts now, off the next job's path
                worker.end()
                self.warm()
        finally:
            self._free.release()
        if answer is None:
            raise costly()
        kind, value, _ = answer
        if kind == "ok":
            result: R = value
            return result
        if kind == "refused":
            vi, en, code, field, status = value
            raise DomainError(vi, en, code=code, field=field, status=status)
        raise costly()

    def warm(self) -> None:
        """Start a worker now (in a thread), so the first job does not wait for it."""
        threading.Thread(target=self._spare, name="pdf-worker-start", daemon=True).start()

    def _spare(self) -> None:
        worker = _Worker()
        with self._guard:
            if len(self._idle) < self.slots:
                self._idle.append(worker)
                return
        worker.end()


WORKER_NICENESS = 10  # added to the server's nice value (0 normal, 19 lowest)
RECYCLE_RSS = 256 * 1024 * 1024  # a worker still this large after its job (and a trim) is ended


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self) -> None:
        self.conn, theirs = _CONTEXT.Pipe(duplex=True)
        self.process = _CONTEXT.Process(target=_serve, args=(theirs,), daemon=True)
        self.process.start()
        theirs.close()

    def alive(self) -> bool:
        return self.process.is_alive()

    def ask(
        self, request: tuple[Any, ...], deadline: float, cancelled: Callable[[], bool] | None
    ) -> tuple[str, Any, int] | None:
        """The worker's answer (kind, value, its peak resident bytes); None (and the worker killed) when it
        died, ran past ``deadline`` or was cancelled."""
        try:
            self.conn.send(request)
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or (cancelled is not None and cancelled()):
                    break
                ready = multiprocessing.connection.wait([self.conn, self.process.sentinel], min(left, _POLL))
                if self.conn in ready:
                    answer: tuple[str, Any, int] = self.conn.recv()
                    return answer
                if self.process.sentinel in ready:
                    break  # died before answering
        except (EOFError, OSError):
            pass
        self.end()
        return None

    def end(self) -> None:
        if self.conn.closed:
            return
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.process.close()


def _limit_self(bounds: Bounds) -> None:
    """This job's limits: ``bounds.cpu_seconds`` more CPU time than used so far (then ``SIGXCPU`` ends the
    process), ``bounds.memory_bytes`` of address space (a soft limit: LibreOffice may lift it)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = int(usage.ru_utime + usage.ru_stime) + 1
    _, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    cpu = used + bounds.cpu_seconds
    resource.setrlimit(
        resource.RLIMIT_CPU, (cpu if cpu_hard == resource.RLIM_INFINITY else min(cpu, cpu_hard), cpu_hard)
    )
    _, as_hard = resource.getrlimit(resource.RLIMIT_AS)
    memory = bounds.memory_bytes if as_hard == resource.RLIM_INFINITY else min(as_hard, bounds.memory_bytes)
    resource.setrlimit(resource.RLIMIT_AS, (memory, as_hard))


def _answer(job: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any]:
    """("ok", result) / ("refused", its error) / ("failed", what) — a DomainError travels as its fields,
    never as a pickled exception."""
    try:
        return "ok", job(*args)
    except DomainError as error:
        return "refused", (error.vi, error.en, error.code, error.field, error.status)
    except (MemoryError, RecursionError) as error:
        return "failed", type(error).__name__
    except Exception as error:  # noqa: BLE001 - reported as the job's costly error, never a 500
        return "failed", f"{type(error).__name__}: {error}"[:500]


def _resident_after_trim() -> int:
    """Resident bytes once the freed heap is handed back (glibc ``malloc_trim``: a job's many small blocks,
    freed, otherwise stay with the process)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return (
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        )  # (the peak, where there is no /proc)


def _serve(conn: multiprocessing.connection.Connection) -> None:
    """In the worker: one job after another, each under its limits, until the pipe closes. At a lower
    priority than the server: on a busy machine the live session's ballots and events come first, an
    upload's checks take what is left. Ctrl+C at the terminal (SIGINT to the whole process group) is the
    parent's to handle — it ends its workers itself — so a job under way is not lost to it."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(WORKER_NICENESS)
    while True:
        try:
            job, args, bounds = conn.recv()
        except (EOFError, OSError):
            return
        _limit_self(bounds)
        kind, value = _answer(job, args)
        del job, args  # (the upload itself)
        try:
            conn.send((kind, value, _resident_after_trim()))
        except (MemoryError, OSError, ValueError):
            return  # the parent reports it as costly

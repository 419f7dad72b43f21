"""Serving the content-addressed files (documents, session packs, page images) with little work per byte.

Starlette's ``FileResponse`` reads 64 KiB at a time, each read a trip to a worker thread. With 200
tablets fetching a 20 MB session pack at once that is 64,000 trips, and on a small server each trip
(waking a thread, handing the GIL over and back) costs more than copying the 64 KiB it brings
(``bench/download.py``, ``docs/benchmarks.md``). Two ways out, the first one preferred:

- **Zero copy.** uvicorn offers neither ASGI's ``http.response.zerocopysend`` nor ``http.response.pathsend``
  extension, so :class:`ZeroCopySend` (the outermost layer of the app) offers the first itself when the
  connection is served by uvicorn's httptools HTTP/1.1 protocol on asyncio's own event loop (as
  ``kyhop serve`` runs it): the file goes from the page cache to the socket with ``sendfile(2)``, as nginx
  sends it, without passing through the process.
- **Big reads.** Otherwise :class:`FastFileResponse` reads a megabyte at a time — on the event loop itself
  when that megabyte is in the page cache (see :func:`read_cached`), else in a worker thread — and hands
  each megabyte to the server as one ``bytes`` object. A file that is not in the page cache is always
  sent this way (``sendfile`` would wait for the disk on the event loop).

The answers are those of ``FileResponse``: Content-Length, Last-Modified, Content-Disposition, the
caller's headers (ETag, Cache-Control), ``Accept-Ranges: bytes``; one satisfiable ``Range`` → 206 with
Content-Range (unless ``If-Range`` names another version: then 200 and the whole file); HEAD → the head
only. Whatever else a ``Range`` header may be — several ranges, malformed, unsatisfiable (206 multipart,
400, 416) — is answered by ``FileResponse`` itself.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import threading
from email.utils import formatdate
from pathlib import Path

import anyio
import anyio.lowlevel
import anyio.to_thread
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.types import Receive, Scope, Send

from session_server.http.zerocopy import ZERO_COPY

CHUNK = 1024 * 1024


_ONE_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)


class FastFileResponse(FileResponse):
    """``FileResponse`` that sends the whole file, or one range of it, itself, a megabyte at a time."""

    chunk_size = CHUNK

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
        if self.stat_result is not None:  # stat()ed in a worker thread just now: opening it will not wait
            fd = os.open(self.path, flags)
        else:
            fd = await anyio.to_thread.run_sync(os.open, self.path, flags)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise RuntimeError(f"File at path {self.path} is not a file.")
            self.set_stat_headers(
                info
            )  # (the length and date of what is sent, even if stat_result was older)
            self.headers["content-length"] = str(info.st_size)
            self.headers["last-modified"] = formatdate(info.st_mtime, usegmt=True)
            selected = self._one_range(scope, info.st_size)
            if selected is None:  # several ranges, malformed, unsatisfiable: FileResponse answers
                self.stat_result = info
                await super().__call__(scope, receive, send)
                return
            start, end, partial_content = selected
            status, headers = 200, self.raw_headers
            if partial_content:
                partial = MutableHeaders(raw=list(self.raw_headers))
                partial["content-range"] = f"bytes {start}-{end - 1}/{info.st_size}"
                partial["content-length"] = str(end - start)
                status, headers = 206, partial.raw
            await send({"type": "http.response.start", "status": status, "headers": headers})
            if scope["method"].upper() == "HEAD":
                await send({"type": "http.response.body", "body": b"", "more_body": False})
            else:
                await self._send_body(fd, start, end, scope, receive, send)
        finally:
            os.close(fd)
        if self.background is not None:
            await self.background()

    def _one_range(self, scope: Scope, size: int) -> tuple[int, int, bool] | None:
        """(start, end — excluded —, whether it is a range): the whole file, or the one range asked for
        (206 even when it covers the whole file); None: ``FileResponse`` answers."""
        request = Headers(scope=scope)
        header = request.get("range")
        if self.status_code != 200 or header is None or scope["method"].upper() not in ("GET", "HEAD"):
            return 0, size, False
        if_range = request.get("if-range")
        if if_range is not None and (
            if_range.startswith("W/")
            or if_range not in (self.headers.get("etag"), self.headers.get("last-modified"))
        ):
            return 0, size, False  # the tablet holds part of another version: the whole file
        match = _ONE_RANGE.match(header)
        if match is None or size == 0:
            return None
        first, last = match.groups()
        if first:
            start, end = int(first), size if not last else int(last) + 1
            return (start, min(end, size), True) if start < size and end > start else None
        if last and int(last) > 0:
            return max(0, size - int(last)), size, True
        return None

    async def _send_body(
        self, fd: int, start: int, end: int, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """The bytes from ``start`` to ``end``. Before ASGI 2.4 a server tells the app that the client has
        gone only through ``receive`` (``send`` returns as if nothing happened), so that is watched, as
        ``FileResponse`` does, to stop reading a file nobody will get."""
        spec_version = tuple(map(int, scope.get("asgi", {}).get("spec_version", "2.0").split(".")))
        if spec_version >= (2, 4):
            await self._copy(fd, start, end, scope, send)
            return
        async with anyio.create_task_group() as group:

            async def watch() -> None:
                while (await receive())["type"] != "http.disconnect":
                    pass
                group.cancel_scope.cancel()

            group.start_soon(watch)
            await self._copy(fd, start, end, scope, send)
            group.cancel_scope.cancel()

    async def _copy(self, fd: int, start: int, end: int, scope: Scope, send: Send) -> None:
        offset = start
        if offset >= end:
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            return
        if (
            end - start > self.chunk_size
            and ZERO_COPY in (scope.get("extensions") or {})
            and is_cached(fd, start, end - start)
        ):  # (a small piece: one read and one write cost less)
            with open(fd, "rb", buffering=0, closefd=False) as file:
                await send(
                    {
                        "type": ZERO_COPY,
                        "file": file,
                        "offset": start,
                        "count": end - start,
                        "more_body": False,
                    }
                )
            return
        while offset < end:
            size = min(self.chunk_size, end - offset)
            chunk = read_cached(fd, size, offset)
            if chunk is None:  # (some of) it is on the disk only: read in a worker thread
                chunk = await anyio.to_thread.run_sync(os.pread, fd, size, offset)
            if not chunk:
                raise RuntimeError(f"File at path {self.path} is shorter than expected.")
            offset += len(chunk)
            await send({"type": "http.response.body", "body": chunk, "more_body": offset < end})
            # Reads from the page cache do not wait, nor does ``send`` while the socket takes the bytes (or
            # once the client is gone): let the loop run others — and notice a disconnect — between pieces.
            await anyio.lowlevel.checkpoint()


_NOWAIT: int | None = getattr(os, "RWF_NOWAIT", None) if hasattr(os, "preadv") else None


_probe = threading.local()


def is_cached(fd: int, offset: int, size: int) -> bool:
    """Whether the first and the last byte of the piece are in the page cache (read with ``RWF_NOWAIT``,
    Linux ≥ 4.14, which fails rather than wait for the disk); False when the system cannot tell."""
    global _NOWAIT
    if _NOWAIT is None or size <= 0:
        return False
    byte = getattr(_probe, "byte", None)
    if byte is None:
        byte = _probe.byte = bytearray(1)
    try:
        return (
            os.preadv(fd, [byte], offset, _NOWAIT) == 1
            and os.preadv(fd, [byte], offset + size - 1, _NOWAIT) == 1
        )
    except BlockingIOError:
        return False
    except OSError as error:
        if error.errno in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
            _NOWAIT = None  # not on this system or file system: always the worker thread
        return False


def read_cached(fd: int, size: int, offset: int) -> bytes | None:
    """Up to ``size`` bytes at ``offset``, read on the calling thread (the event loop) if they are in the
    page cache (:func:`is_cached`); None when they may have to come from the disk. (Reading the whole
    piece with ``RWF_NOWAIT`` costs far more system time than ``os.pread``; a page evicted between two
    cached ones would still be read from the disk here — a millisecond or two for at most ``size`` bytes.)"""
    return os.pread(fd, size, offset) if is_cached(fd, offset, size) else None


def etag_matches(header: str | None, etag: str) -> bool:
    """If-None-Match uses the weak comparison: W/"x" matches "x"; * matches anything."""
    if not header:
        return False
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == etag:
            return True
    return False


def serve_file(
    request: Request, path: Path, tag: str, media_type: str, filename: str | None = None
) -> Response:
    """The file with a strong ETag (``tag``: the SHA-256 of exactly these bytes): 304 when the reader has it,
    206 for one range of it (a tablet on flaky Wi-Fi resumes), the whole file otherwise."""
    etag = f'"{tag}"'
    headers = {"etag": etag, "cache-control": "private, no-cache", "accept-ranges": "bytes"}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    response: FileResponse = FastFileResponse(
        path,
        media_type=media_type,
        headers=headers,
        filename=filename,
        content_disposition_type="inline",
        stat_result=path.stat(),
    )
    return response

"""Files by content (SHA-256): the database holds them, a disk cache serves them.

``StoredFile`` rows are the truth and are written inside the caller's transaction, so an upload is stored
whole or not at all. Downloads are served from ``<root>/<sha[:2]>/<sha>``, written on first use (to a
temporary name, then renamed: a reader never sees half a file). A file in the cache that the database
no longer knows is harmless — its name is its content. Derived files (page images) live under
``<root>/derived/``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session as DbSession

from agenda.clock import utcnow
from agenda.models import StoredFile
from agenda.models.base import table_of


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def put(db: DbSession, content: bytes) -> str:
    """Store ``content`` once (by its hash) in the current transaction; its hash. (A Core INSERT: the row is
    never read back as an object in the transaction, and an import stores thousands.)"""
    digest = sha256(content)
    if db.scalar(select(StoredFile.sha256).where(StoredFile.sha256 == digest)) is None:
        db.execute(
            insert(table_of(StoredFile)),
            {"sha256": digest, "size": len(content), "content": content, "created_at": utcnow()},
        )
    return digest


def load(db: DbSession, digest: str) -> bytes:
    content = db.scalar(select(StoredFile.content).where(StoredFile.sha256 == digest))
    if content is None:
        raise LookupError(digest)
    return bytes(content)


def root_for(database_url: str) -> Path:
    """``KYHOP_FILES_DIR``, else ``files/`` beside a SQLite database, else ``var/files``."""
    explicit = os.environ.get("KYHOP_FILES_DIR")
    if explicit:
        return Path(explicit)
    if database_url.startswith("sqlite") and ":///" in database_url:
        path = database_url.split(":///", 1)[1].split("?", 1)[0]
        if path and path != ":memory:":
            return Path(path).resolve().parent / "files"
    return Path("var") / "files"


@dataclass(frozen=True)
class Pruned:
    removed: int
    freed: int
    kept: int
    kept_bytes: int


class FileCache:
    """Content-addressed files on disk. Everything in it can be made again from the database (originals,
    stamped copies, packs) or from those files (page images), so :meth:`prune` may remove any of it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._making: dict[Path, threading.Lock] = {}
        self._guard = threading.Lock()
        self._known: OrderedDict[Hashable, Any] = OrderedDict()

    def remember(self, name: Hashable, value: Any, keep: int = 1024) -> None:
        """Note which file holds something named by its content (a pack's content key → its SHA-256), so
        the next request for it needs no query; the last ``keep`` names are kept. Only for facts that never
        change: the name says what the content is."""
        with self._guard:
            self._known[name] = value
            self._known.move_to_end(name)
            while len(self._known) > keep:
                self._known.popitem(last=False)

    def recall(self, name: Hashable) -> Any | None:
        return self._known.get(name)

    def make_once(self, path: Path, make: Callable[[], bytes]) -> Path:
        """``path``, written from ``make()`` if missing — once, when many requests ask at the same moment
        (fifty tablets fetching the same new page: one render, the others wait for it)."""
        if path.is_file():
            return path
        with self._guard:
            lock = self._making.setdefault(path, threading.Lock())
        try:
            with lock:
                if not path.is_file():
                    self.write(path, make())
        finally:
            with self._guard:
                self._making.pop(path, None)
        return path

    def path(self, digest: str) -> Path:
        if len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
            raise ValueError("not a SHA-256")
        return self.root / digest[:2] / digest

    def has(self, digest: str, size: int | None = None) -> bool:
        path = self.path(digest)
        try:
            return path.is_file() and (size is None or path.stat().st_size == size)
        except OSError:
            return False

    def ensure(self, digest: str, size: int, loader: Callable[[], bytes]) -> Path:
        """The file of ``digest``, written from ``loader()`` if it is not on disk yet."""
        if not self.has(digest, size):
            self.write(self.path(digest), loader())
        return self.path(digest)

    def put(self, content: bytes) -> tuple[str, Path]:
        digest = sha256(content)
        path = self.path(digest)
        if not self.has(digest, len(content)):
            self.write(path, content)
        return digest, path

    def derived(self, name: str) -> Path:
        """A file made from others (e.g. a page image); ``name`` may contain one folder level."""
        safe = "/".join(part for part in name.split("/") if part not in ("", ".", ".."))
        return self.root / "derived" / safe

    def read(self, path: Path) -> bytes:
        return path.read_bytes()

    @staticmethod
    def write(path: Path, content: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def prune(self, max_bytes: int, *, spare_seconds: float = 3600, now: float | None = None) -> Pruned:
        """Remove the least recently used files until the cache holds at most ``max_bytes``; files used in
        the last ``spare_seconds`` stay (a download may be reading them). Half-written temporary files
        older than that go too."""
        now = time.time() if now is None else now
        entries: list[tuple[float, int, Path]] = []
        removed = freed = 0
        if self.root.is_dir():
            for path in self.root.rglob("*"):
                try:
                    info = path.stat()
                except OSError:
                    continue
                if not path.is_file():
                    continue
                last_used = max(info.st_atime, info.st_mtime)
                if path.name.startswith(".tmp-"):
                    if now - last_used > spare_seconds:
                        with contextlib.suppress(OSError):
                            path.unlink()
                            removed, freed = removed + 1, freed + info.st_size
                    continue
                entries.append((last_used, info.st_size, path))
        total = sum(size for _, size, _ in entries)
        for last_used, size, path in sorted(entries, key=lambda e: e[0]):
            if total <= max_bytes:
                break
            if now - last_used < spare_seconds:
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                removed, freed, total = removed + 1, freed + size, total - size
        return Pruned(removed, freed, len(entries) - removed, total)

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
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.models import StoredFile


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def put(db: DbSession, content: bytes) -> str:
    """Store ``content`` once (by its hash) in the current transaction; its hash."""
    digest = sha256(content)
    if db.scalar(select(StoredFile.sha256).where(StoredFile.sha256 == digest)) is None:
        db.add(StoredFile(sha256=digest, size=len(content), content=content))
        db.flush()
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


class FileCache:
    """Content-addressed files on disk."""

    def __init__(self, root: Path) -> None:
        self.root = root

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

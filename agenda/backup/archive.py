"""The backup archive: one uncompressed tar holding a manifest, every table as JSON lines and every stored
file under its SHA-256.

``manifest.json`` says what the archive is (format, version, the schema revision, the database it came
from, when) and lists every other member with its SHA-256; a member not listed, a listed one missing, or
one whose bytes do not hash to what is listed makes the whole archive refused before anything is written.
Values are written by the kind of their column (bytes as base64, times as ISO 8601), so an archive taken
from SQLite restores into PostgreSQL and back.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import re
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import JSON, Date, DateTime, LargeBinary, Time
from sqlalchemy.types import TypeEngine

from agenda.errors import DomainError

FORMAT = "kyhop-backup"
VERSION = 1
MANIFEST = "manifest.json"
FILES_TABLE = "stored_file"  # its ``content`` goes to ``files/<sha256>``, not into the table's lines
FILES_KEY, FILES_CONTENT = "sha256", "content"
_MEMBER = re.compile(r"^(tables/[a-z0-9_]+\.jsonl|files/[0-9a-f]{64})$")
_CHUNK = 1 << 20
KINDS = frozenset({"plain", "bytes", "datetime", "date", "time", "json"})


def kind_of(column_type: TypeEngine[Any]) -> str:
    """How a column's values are written: ``bytes``, ``datetime``, ``date``, ``time``, ``json`` or ``plain``."""
    for kind, base in (
        ("bytes", LargeBinary),
        ("datetime", DateTime),
        ("date", Date),
        ("time", Time),
        ("json", JSON),
    ):
        if isinstance(column_type, base):
            return kind
    return "plain"


def encode(kind: str, value: Any) -> Any:
    if value is None or kind in ("plain", "json"):
        return value
    if kind == "bytes":
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value.isoformat())


def decode(kind: str, value: Any) -> Any:
    if value is None or kind in ("plain", "json"):
        return value
    if kind == "bytes":
        return base64.b64decode(value)
    if kind == "datetime":
        return dt.datetime.fromisoformat(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    return dt.time.fromisoformat(value)


def bad_archive(vi: str, en: str) -> DomainError:
    return DomainError(
        f"Tệp sao lưu không dùng được: {vi}. Không có gì được ghi.",
        f"The backup file cannot be used: {en}. Nothing was written.",
        code="bad_backup",
    )


@dataclass(frozen=True)
class TableDump:
    name: str
    columns: tuple[tuple[str, str], ...]  # (name, kind) in the order of each line's values
    rows: int

    @property
    def member(self) -> str:
        return f"tables/{self.name}.jsonl"


@dataclass(frozen=True)
class Manifest:
    revision: str
    database: str  # "sqlite" or "postgresql": where it was taken
    created_at: str
    tables: tuple[TableDump, ...]
    members: dict[str, str]  # member → SHA-256 of its bytes
    missing_files: tuple[str, ...] = ()  # referenced by a row, not stored
    damaged_files: tuple[str, ...] = ()  # stored, but the content does not hash to its name

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "version": VERSION,
            "revision": self.revision,
            "database": self.database,
            "created_at": self.created_at,
            "tables": [{"name": t.name, "columns": t.columns, "rows": t.rows} for t in self.tables],
            "files": sum(1 for m in self.members if m.startswith("files/")),
            "missing_files": self.missing_files,
            "damaged_files": self.damaged_files,
            "members": self.members,
        }
        return json.dumps(data, ensure_ascii=False, indent=1).encode()

    @classmethod
    def parse(cls, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise bad_archive("không phải tệp sao lưu Kỳ họp số", "not a Kỳ họp số backup")
            if data.get("version") != VERSION:
                raise bad_archive(
                    f"định dạng phiên bản {data.get('version')} chưa được hỗ trợ",
                    f"format version {data.get('version')} is not supported by this version of kyhop",
                )
            tables = tuple(
                TableDump(str(t["name"]), tuple((str(c), str(k)) for c, k in t["columns"]), int(t["rows"]))
                for t in data["tables"]
            )
            members = {str(k): str(v) for k, v in data["members"].items()}
            manifest = cls(
                str(data["revision"]),
                str(data["database"]),
                str(data["created_at"]),
                tables,
                members,
                tuple(data.get("missing_files", ())),
                tuple(data.get("damaged_files", ())),
            )
        except DomainError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError):
            raise bad_archive("bản kê (manifest.json) hỏng", "its manifest.json is malformed") from None
        if (
            any(not _MEMBER.match(name) for name in members)
            or any(t.member not in members for t in tables)
            or any(kind not in KINDS for t in tables for _, kind in t.columns)
        ):
            raise bad_archive("bản kê liệt kê thành phần lạ", "its manifest lists unexpected members")
        return manifest

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(m.removeprefix("files/") for m in self.members if m.startswith("files/"))


class ArchiveWriter:
    """Members added one by one with their hashes noted; the manifest goes last."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.tar = tarfile.open(fileobj=handle, mode="w", format=tarfile.PAX_FORMAT)
        self.hashes: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        self.mtime = time.time()

    def add(self, name: str, source: IO[bytes], size: int, digest: str) -> None:
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = size, 0o600, self.mtime
        self.tar.addfile(info, source)
        self.hashes[name] = digest
        self.sizes[name] = size

    def add_bytes(self, name: str, content: bytes) -> None:
        self.add(name, io.BytesIO(content), len(content), hashlib.sha256(content).hexdigest())

    def finish(self, manifest: Manifest) -> None:
        raw = manifest.to_json()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode, info.mtime = len(raw), 0o600, self.mtime
        self.tar.addfile(info, io.BytesIO(raw))
        self.tar.close()


class ArchiveReader:
    """An archive opened for restoring: :meth:`verify` checks every member against the manifest first."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise DomainError(
                f"Không tìm thấy tệp sao lưu {path}.",
                f"The backup file {path} does not exist.",
                code="not_found",
            )
        try:
            self.tar = tarfile.open(path, mode="r:")
            self.entries = {m.name: m for m in self.tar.getmembers()}
        except (tarfile.TarError, OSError):
            raise bad_archive("không phải tệp tar", "it is not a tar file") from None
        entry = self.entries.get(MANIFEST)
        if entry is None or not entry.isfile():
            raise bad_archive("thiếu bản kê manifest.json", "manifest.json is missing")
        self.manifest = Manifest.parse(self._read(entry))

    def _read(self, entry: tarfile.TarInfo) -> bytes:
        handle = self.tar.extractfile(entry)
        if handle is None:
            raise bad_archive(f"thành phần {entry.name} không đọc được", f"member {entry.name} is unreadable")
        return handle.read()

    def verify(self) -> None:
        """Every member is listed, every listed member is there, and each hashes to what is listed."""
        expected = set(self.manifest.members) | {MANIFEST}
        if set(self.entries) != expected:
            odd = sorted(set(self.entries) ^ expected)[:3]
            raise bad_archive(
                f"thành phần thiếu hoặc lạ: {', '.join(odd)}", f"members missing or extra: {odd}"
            )
        for name, digest in self.manifest.members.items():
            entry = self.entries[name]
            handle = self.tar.extractfile(entry) if entry.isfile() else None
            if handle is None:
                raise bad_archive(f"{name} không phải tệp", f"{name} is not a file")
            hasher = hashlib.sha256()
            try:
                while chunk := handle.read(_CHUNK):
                    hasher.update(chunk)
            except (tarfile.TarError, OSError, EOFError):
                raise bad_archive(f"{name} bị cắt cụt", f"{name} is truncated") from None
            if hasher.hexdigest() != digest:
                raise bad_archive(f"{name} đã bị sửa hoặc hỏng", f"{name} was altered or damaged")
        for sha in self.manifest.files:
            if sha not in self.manifest.damaged_files and sha != self.manifest.members[f"files/{sha}"]:
                raise bad_archive(
                    f"tệp {sha[:12]}… không khớp tên", f"file {sha[:12]}… does not match its name"
                )

    def lines(self, table: TableDump) -> Iterator[list[Any]]:
        handle = self.tar.extractfile(self.entries[table.member])
        assert handle is not None  # checked by verify()
        for line in handle:
            yield self._decoded(table, line)

    @staticmethod
    def _decoded(table: TableDump, line: bytes) -> list[Any]:
        try:
            values = json.loads(line)
            if isinstance(values, list) and len(values) == len(table.columns):
                return [decode(kind, v) for (_, kind), v in zip(table.columns, values, strict=True)]
        except (ValueError, TypeError, AttributeError):
            pass
        raise bad_archive(
            f"một dòng của bảng {table.name} hỏng", f"a line of table {table.name} is malformed"
        )

    def file(self, sha: str) -> bytes:
        return self._read(self.entries[f"files/{sha}"])

    def close(self) -> None:
        self.tar.close()

"""What an import did with each file — imported, skipped or refused, and why — as JSON lines, one per file
as it is decided, so a killed import leaves its journal up to the last file written (and the SHA-256 of the
stored files, not the journal, decides what a re-run skips).

The lines: first a header ``{"header": {...}}`` — when it started, who ran it, what it read (a folder, an
upload), its options — then one outcome per file, then, once it ended, ``{"summary": {...}}`` with its
counts, whether it was interrupted and when it finished. A journal without a summary is an import that was
killed (or is still running). Journals written before the header existed start with their first outcome;
they are read the same (:mod:`agenda.archive.importer.history`)."""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any


class Status(enum.StrEnum):
    IMPORTED = "imported"
    SKIPPED = "skipped"
    REFUSED = "refused"


@dataclass(frozen=True)
class Outcome:
    file: str
    status: Status
    sha256: str | None = None
    code: str | None = None
    vi: str | None = None
    en: str | None = None
    resolution_id: int | None = None
    number: str | None = None
    pages: int = 0
    scanned: bool = False
    ocr: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            k: (v.value if isinstance(v, Status) else v)
            for k, v in asdict(self).items()
            if v not in (None, False)
        }

    @classmethod
    def of(cls, data: dict[str, Any]) -> Outcome:
        return cls(**{**data, "status": Status(data["status"])})


def journal_path(folder: Path, now: dt.datetime | None = None) -> Path:
    """A new journal's file in ``folder``: import-YYYYMMDD-HHMMSS.jsonl (UTC), numbered if taken."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%d-%H%M%S")
    path = folder / f"import-{stamp}.jsonl"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"import-{stamp}-{n}.jsonl"
    return path


class Journal:
    """Appends outcomes to ``path`` (flushed line by line) after its ``header`` line; ``close`` adds the
    summary line (with the time it finished)."""

    def __init__(self, path: Path, header: dict[str, Any] | None = None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._file: IO[str] = path.open("a", encoding="utf-8")
        if header is not None:
            self._file.write(json.dumps({"header": header}, ensure_ascii=False) + "\n")
            self._file.flush()

    def write(self, outcome: Outcome) -> None:
        self._file.write(json.dumps(outcome.as_dict(), ensure_ascii=False) + "\n")
        self._file.flush()

    def close(self, summary: dict[str, Any]) -> None:
        finished = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self._file.write(
            json.dumps({"summary": summary | {"finished_at": finished}}, ensure_ascii=False) + "\n"
        )
        self._file.close()


def read_journal(path: Path) -> list[Outcome]:
    """The outcomes a journal holds (its header and summary lines aside)."""
    return list(outcomes_of(path))


def outcomes_of(path: Path) -> Iterator[Outcome]:
    """The outcomes of the journal at ``path``, one line at a time (a cut last line — a killed import's —
    left out)."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            try:
                data = json.loads(line)
            except ValueError:
                continue
            if isinstance(data, dict) and "summary" not in data and "header" not in data:
                yield Outcome.of(data)

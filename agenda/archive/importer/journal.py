"""What an import did with each file — imported, skipped or refused, and why — as JSON lines, one per file
as it is decided, so a killed import leaves its journal up to the last file written (and the SHA-256 of the
stored files, not the journal, decides what a re-run skips)."""

from __future__ import annotations

import datetime as dt
import enum
import json
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
    """Appends outcomes to ``path`` (flushed line by line); ``close`` adds the summary line."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._file: IO[str] = path.open("a", encoding="utf-8")

    def write(self, outcome: Outcome) -> None:
        self._file.write(json.dumps(outcome.as_dict(), ensure_ascii=False) + "\n")
        self._file.flush()

    def close(self, summary: dict[str, Any]) -> None:
        self._file.write(json.dumps({"summary": summary}, ensure_ascii=False) + "\n")
        self._file.close()


def read_journal(path: Path) -> list[Outcome]:
    """The outcomes a journal holds (its summary line aside)."""
    outcomes = []
    for line in path.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        if "summary" not in data:
            outcomes.append(Outcome.of(data))
    return outcomes

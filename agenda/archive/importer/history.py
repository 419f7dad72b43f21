"""Past imports, read back from their journals on disk (the folder ``journal_dir`` of
:mod:`agenda.archive.importer.journal`; nothing of them is in the database): when each started, who ran it,
what it read, its counts and whether it finished, was interrupted or never ended (killed, or still
running) — and each one's report, file by file.

A journal written before the header line existed is still listed: its start is read from its file name
(``import-YYYYMMDD-HHMMSS``), who and what are unknown."""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agenda.archive.importer.journal import Outcome, Status, outcomes_of
from agenda.errors import NotFound

NAME = re.compile(r"import-(\d{8}-\d{6})(?:-\d+)?")  # a journal's name, without ".jsonl"
LISTED = 500  # past imports listed at most (the newest)
PAGE = 500  # outcomes of a report per answer at most


class State(enum.StrEnum):
    FINISHED = "finished"
    INTERRUPTED = "interrupted"  # stopped (Ctrl+C, the page's stop): a re-run resumes it
    UNFINISHED = "unfinished"  # no summary: killed, or still running


@dataclass(frozen=True)
class PastImport:
    name: str
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    actor: str | None
    source: str | None
    files: int | None  # files it was given (None: an old journal)
    options: dict[str, Any]
    state: State
    counts: dict[str, int] = field(default_factory=dict)  # imported, skipped, refused
    ocr: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "started_at": _iso(self.started_at),
            "finished_at": _iso(self.finished_at),
            "actor": self.actor,
            "source": self.source,
            "files": self.files,
            "options": self.options,
            "state": self.state.value,
            **{status.value: self.counts.get(status.value, 0) for status in Status},
            "ocr": self.ocr,
        }


@dataclass(frozen=True)
class ImportReportPage:
    """A past import and a page of its outcomes (those of ``status``, if given)."""

    past: PastImport
    outcomes: list[Outcome]
    matching: int  # outcomes of ``status`` in all
    offset: int


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def _when(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _line(raw: str) -> dict[str, Any] | None:
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _last_line(path: Path) -> str:
    with path.open("rb") as file:
        size = file.seek(0, 2)
        file.seek(max(0, size - 65536))
        tail = file.read().decode("utf-8", "replace").rstrip("\n")
    return tail.rsplit("\n", 1)[-1]


def read_past(path: Path) -> PastImport:
    """What the journal at ``path`` says of its import (its header and summary; the outcomes are counted
    only when it has no summary)."""
    name = path.name.removesuffix(".jsonl")
    with path.open(encoding="utf-8", errors="replace") as file:
        first = _line(file.readline()) or {}
    header: dict[str, Any] = first.get("header") or {}
    summary: dict[str, Any] = (_line(_last_line(path)) or {}).get("summary") or {}
    started = _when(header.get("started_at"))
    if started is None and (stamp := NAME.fullmatch(name)):
        started = dt.datetime.strptime(stamp.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)
    if summary:
        counts = {status.value: int(summary.get(status.value, 0)) for status in Status}
        state = State.INTERRUPTED if summary.get("interrupted") else State.FINISHED
        ocr = {"available": bool(summary.get("ocr_available")), **(summary.get("ocr") or {})}
    else:
        counts = dict(Counter(outcome.status.value for outcome in outcomes_of(path)))
        state, ocr = State.UNFINISHED, None
    return PastImport(
        name=name,
        started_at=started,
        finished_at=_when(summary.get("finished_at")),
        actor=header.get("actor"),
        source=header.get("source"),
        files=header.get("files") if isinstance(header.get("files"), int) else summary.get("total"),
        options=header.get("options") or {},
        state=state,
        counts=counts,
        ocr=ocr,
    )


def past_imports(journal_dir: Path) -> list[PastImport]:
    """The imports whose journals are in ``journal_dir``, the newest first."""
    if not journal_dir.is_dir():
        return []
    paths = [p for p in journal_dir.glob("import-*.jsonl") if NAME.fullmatch(p.name.removesuffix(".jsonl"))]
    paths.sort(key=lambda p: p.name, reverse=True)
    return [read_past(path) for path in paths[:LISTED]]


def journal_of(journal_dir: Path, name: str) -> Path:
    """The journal named ``name`` (as listed: "import-20261203-141500"); not found for any other name."""
    path = journal_dir / f"{name}.jsonl"
    if not NAME.fullmatch(name) or not path.is_file():
        raise NotFound("lần nhập", "import")
    return path


def import_report(
    journal_dir: Path, name: str, *, status: Status | None = None, offset: int = 0, limit: int = PAGE
) -> ImportReportPage:
    """The import ``name`` and its outcomes from ``offset`` (at most ``limit``), of ``status`` if given."""
    path = journal_of(journal_dir, name)
    chosen: list[Outcome] = []
    matching = 0
    for outcome in outcomes_of(path):
        if status is not None and outcome.status is not status:
            continue
        if offset <= matching < offset + limit:
            chosen.append(outcome)
        matching += 1
    return ImportReportPage(read_past(path), chosen, matching, offset)

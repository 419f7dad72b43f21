"""An import of historical resolutions on the wire: what became of a file, and a past import (read from its
journal: :mod:`agenda.archive.importer.history`) with its counts and, for its report, its files."""

from __future__ import annotations

from typing import Any

from agenda.archive.importer.history import ImportReportPage, PastImport, State
from session_server.http.schemas import (
    BOOL,
    INT,
    OPT_DATETIME,
    OPT_INT,
    OPT_STR,
    STR,
    array,
    choices,
    component,
    enum,
    nullable,
    reply,
)

OUTCOME = component(
    "ImportOutcome",
    reply(
        ["sha256", "code", "vi", "en", "resolution_id", "number", "pages", "scanned", "ocr"],
        file=STR,
        status=enum(["imported", "skipped", "refused"]),
        sha256=STR,
        code=STR,
        vi=STR,
        en=STR,
        resolution_id=INT,
        number=STR,
        pages=INT,
        scanned=BOOL,
        ocr=BOOL,
    ),
)
PAST_IMPORT = component(
    "PastImport",
    reply(
        name=STR,
        started_at=OPT_DATETIME,
        finished_at=OPT_DATETIME,
        actor=OPT_STR,
        source=OPT_STR,
        files=OPT_INT,
        options=reply(
            ["council_id", "create_councils", "csv", "jobs", "batch"],
            council_id=OPT_INT,
            create_councils=BOOL,
            csv=OPT_STR,
            jobs=INT,
            batch=INT,
        ),
        state=choices(State),
        running=BOOL,
        imported=INT,
        skipped=INT,
        refused=INT,
        ocr=nullable(reply(["vi", "en"], available=BOOL, vi=STR, en=STR)),
    ),
)
PAST_IMPORT_REPORT = reply(
    past_import=PAST_IMPORT, outcomes=array(OUTCOME), matching=INT, offset=INT, page_size=INT
)


def past_import(past: PastImport, running: set[str]) -> dict[str, Any]:
    """``running``: the names of the journals of imports running now (theirs have no summary yet)."""
    return past.as_dict() | {"running": past.name in running}


def past_import_report(page: ImportReportPage, running: set[str], page_size: int) -> dict[str, Any]:
    return {
        "past_import": past_import(page.past, running),
        "outcomes": [o.as_dict() for o in page.outcomes],
        "matching": page.matching,
        "offset": page.offset,
        "page_size": page_size,
    }

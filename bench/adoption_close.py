"""Closing a vote that adopts a resolution, with and without the archive's search index written in the same
transaction (issue 14: the index kept current in the change's transaction; the close is on the live path).

Each trial builds a fresh SQLite hall (tests/agenda/sitting/test_sitting.py's helpers): nine delegates, two
agenda items for adopting a resolution (the first closed untimed, to warm the engine's statement cache) with its tờ trình, draft and báo cáo thẩm tra (--pages pages each), a
named motion with eight ballots; then times ``votes.close_vote`` — its whole transaction, commit included:
the tally, the result sentence, the archive's record with its dossier and (``indexed``) the index of its
metadata and every page. ``bare``: the same with the index's refresh replaced by nothing. Alternating;
medians of --trials each.

    .venv/bin/python bench/adoption_close.py [--trials 9] [--pages 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def trial(pages: int, indexed: bool) -> float:
    from agenda import db as storage
    from agenda.archive.search import maintain
    from agenda.documents import upload
    from agenda.models import AgendaItem, AgendaItemKind, DocumentType
    from agenda.pdf import typeset
    from agenda.sitting import votes
    from tests.agenda.sitting.test_sitting import act, ballot, build_hall, open_and_check_in, open_motion
    from tests.session_server.api.test_documents import PROSE

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KYHOP_FILES_DIR"] = str(Path(tmp) / "files")
        engine = storage.make_engine(f"sqlite:///{tmp}/hall.sqlite")
        storage.upgrade(engine)
        factory = storage.session_factory(engine)
        hall = build_hall(factory)
        warm, timed = hall["item_ids"][2], hall["item_ids"][1]
        with storage.transaction(factory) as db:
            for item in (warm, timed):
                db.get_one(AgendaItem, item).kind = AgendaItemKind.RESOLUTION
        for item in (warm, timed):
            for title, kind in (
                ("Tờ trình về dự toán ngân sách", DocumentType.SUBMISSION),
                ("Dự thảo Nghị quyết về dự toán ngân sách", DocumentType.DRAFT_RESOLUTION),
                ("Báo cáo thẩm tra của Ban Kinh tế - Ngân sách", DocumentType.REVIEW_REPORT),
            ):
                pdf = typeset.text_pdf(title, PROSE * (pages * 2))
                processed = upload.process_upload(upload.Upload("t.pdf", "application/pdf", pdf))
                fields = upload.DocumentFields(title=title, doc_type=kind, agenda_item_id=item)
                act(
                    factory,
                    hall,
                    lambda db, s, f=fields, p=processed: upload.add_document(db, s, f, p, "t.pdf", None),
                )
        open_and_check_in(factory, hall, 8)

        def adopt(item: int) -> int:
            vote_id = open_motion(factory, hall, agenda_item_id=item)
            for i, person in enumerate(hall["people"][:8]):
                ballot(factory, hall, person, vote_id, "yes", f"ballot-{item}-{i:04d}")
            return int(vote_id)

        # A first adoption closed untimed: the engine's statements compiled, as in a server that has run.
        act(factory, hall, votes.close_vote, votes.VoteRef(adopt(warm)), None)
        vote_id = adopt(timed)
        refresh = maintain.refresh
        if not indexed:
            maintain.refresh = lambda db, record, **kw: 0  # type: ignore[assignment]
        try:
            started = time.perf_counter()
            act(factory, hall, votes.close_vote, votes.VoteRef(vote_id), None)
            took = time.perf_counter() - started
        finally:
            maintain.refresh = refresh
        engine.dispose()
        return took


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trials", type=int, default=9)
    parser.add_argument("--pages", type=int, default=20, help="pages of each of the three documents (about)")
    args = parser.parse_args()
    times: dict[bool, list[float]] = {True: [], False: []}
    load = os.getloadavg()
    for _ in range(args.trials):
        for indexed in (False, True):
            times[indexed].append(trial(args.pages, indexed))
    bare, indexed = statistics.median(times[False]), statistics.median(times[True])
    print(f"load average before {load[0]:.2f}, after {os.getloadavg()[0]:.2f}; {args.trials} trials each")
    print(f"close_vote, bare (no index):     median {bare * 1000:.1f} ms")
    print(f"close_vote, record indexed:      median {indexed * 1000:.1f} ms  ({indexed / bare:.2f}×)")
    result: dict[str, Any] = {"bare_ms": bare * 1000, "indexed_ms": indexed * 1000, "trials": args.trials}
    print(result)


if __name__ == "__main__":
    main()

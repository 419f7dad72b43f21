"""How large is the snapshot a screen gets on connect, and does it grow with the session's history?

Builds a hall of --delegates delegates, all checked in (bench/setup_hall.py, SQLite), then holds --votes
named votes one after the other — every delegate votes, the vote is closed — and after each one writes
the size of the snapshot's encoded shared part (what every screen receives, ``agenda.sitting.snapshot``)
and of the ``vote.closed`` event. No server: the database calls only, in this process.

    .venv/bin/python bench/snapshot_size.py                 # 1,000 delegates, 9 named votes
    .venv/bin/python bench/snapshot_size.py --delegates 200 --votes 3
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("KYHOP_FAST_PASSWORD_HASH", "1")  # before agenda.accounts is imported

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, write_json  # noqa: E402


def measure(database: str, delegates: int, count: int) -> dict[str, Any]:
    from agenda import db as storage
    from agenda.models import Session, SessionEvent
    from agenda.sitting import ballots, votes
    from agenda.sitting.snapshot import shared_state
    from bench.setup_hall import build
    from session_server.commit import encode

    manifest = build(database, delegates)
    engine = storage.make_engine(manifest["database_url"])
    factory = storage.session_factory(engine)
    sid = manifest["session_id"]
    people = [d["person_id"] for d in manifest["delegates"]]

    def snapshot_bytes() -> int:
        with factory() as db:
            return len(encode(shared_state(db, db.get(Session, sid))).encode())

    sizes = [{"votes": 0, "snapshot_bytes": snapshot_bytes()}]
    for n in range(1, count + 1):
        with storage.transaction(factory) as db:
            session = db.get(Session, sid)
            opening = votes.VoteOpening.parse({"title": f"Biểu quyết số {n}"})
            vote_id = votes.open_vote(db, session, opening, None).id
        with storage.transaction(factory) as db:
            session = db.get(Session, sid)
            requests = [
                ballots.BallotRequest(
                    person,
                    ballots.Ballot.parse(
                        {
                            "vote_id": vote_id,
                            "ballot_id": f"b-{n}-{person:06d}",
                            "choice": "yes" if i % 3 else "no",
                        }
                    ),
                )
                for i, person in enumerate(people)
            ]
            ballots.cast_ballots(db, session, requests, lock=True)
        open_size = snapshot_bytes()
        with storage.transaction(factory) as db:
            votes.close_vote(db, db.get(Session, sid), votes.VoteRef(vote_id), None)
        with factory() as db:
            closed = db.query(SessionEvent).filter_by(session_id=sid, type="vote.closed").all()[-1]
            event_bytes = len(encode({"type": "event", "data": closed.data}).encode())
        sizes.append(
            {
                "votes": n,
                "snapshot_bytes_while_open": open_size,
                "snapshot_bytes": snapshot_bytes(),
                "vote_closed_event_bytes": event_bytes,
            }
        )
        print(json.dumps(sizes[-1]), flush=True)
    engine.dispose()
    return {"delegates": delegates, "sizes": sizes}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default=str(OUT / "snapshot-size.sqlite"), help="SQLite path (rebuilt)")
    parser.add_argument(
        "--delegates", type=int, default=1000, help="delegates in office (default: %(default)s)"
    )
    parser.add_argument("--votes", type=int, default=9, help="named votes held (default: %(default)s)")
    parser.add_argument("--output", type=Path, default=OUT / "snapshot-size.json")
    args = parser.parse_args(argv)
    if not 1 <= args.delegates <= 5000 or not 0 <= args.votes <= 50:
        parser.error("--delegates must be 1–5000 and --votes 0–50")
    started = time.monotonic()
    result = measure(args.database, args.delegates, args.votes)
    result["seconds"] = round(time.monotonic() - started, 1)
    write_json(args.output, result)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The session's minutes PDF (issue 15): a 3-day session of a provincial council — 95 delegates, 40 votes
(37 named motions, a secret motion, a confidence rating on two officials), 20 speeches a day, 15 questions
(answered in person, in writing, or left for a written answer), a resolution numbered 05/2026/NQ-HĐND —
built once through the domain's functions on a frozen clock (tests/agenda/sitting/minutes_hall.py), then
timed, alternating, --trials times:

- ``read``: ``agenda.sitting.minutes.build.session_minutes`` — the database read into typed values;
- ``render``: ``agenda.pdf.minutes.render_minutes_pdf`` — the values typeset (document numbers kept whole);
- ``minutes``: both, what ``GET /api/sessions/{id}/record.pdf`` does (target: ≤ 2 s);
- ``baseline``: fpdf2 typesetting the same text plain — the minutes' own lines, read back from their PDF,
  each a ``multi_cell`` in the same font and size (9 pt DejaVu) on A4: about the same pages, no layout logic.

Medians; the ratio minutes / baseline. SQLite by default, ``--database postgresql://…`` for PostgreSQL (a
fresh schema is made and dropped).

    .venv/bin/python bench/minutes_pdf.py [--trials 7] [--delegates 95] [--database URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _database(url: str | None, tmp: str) -> tuple[str, Any]:
    """The database URL to use, and a function that drops what was made (PostgreSQL: a schema)."""
    if not url:
        return f"sqlite:///{tmp}/minutes.sqlite", lambda: None
    from sqlalchemy import create_engine, text

    schema = f"bench_minutes_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}", drop


def plain_pdf(lines: list[str]) -> bytes:
    """The baseline: the same lines, fpdf2's ``multi_cell`` each, in 9 pt DejaVu on A4."""
    from agenda.pdf.typeset import new_pdf, output_bytes

    pdf = new_pdf(running="Biên bản kỳ họp")
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    pdf.set_font("DejaVu", size=9)
    for line in lines:
        pdf.multi_cell(0, 4.3, line, new_x="LMARGIN", new_y="NEXT")
    return output_bytes(pdf)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trials", type=int, default=7)
    parser.add_argument("--delegates", type=int, default=95)
    parser.add_argument("--database", help="a PostgreSQL URL (default: SQLite in a temporary directory)")
    args = parser.parse_args()

    from agenda import db as storage
    from agenda.models import Session
    from agenda.pdf.minutes import render_minutes_pdf
    from agenda.pdf.text import extract_texts
    from agenda.sitting.minutes.build import session_minutes
    from tests.agenda.sitting.minutes_hall import build

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KYHOP_FILES_DIR"] = str(Path(tmp) / "files")
        url, drop = _database(args.database, tmp)
        try:
            engine = storage.make_engine(url)
            storage.upgrade(engine)
            factory = storage.session_factory(engine)
            started = time.perf_counter()
            hall = build(
                factory, delegates=args.delegates, motions=37, speeches_per_day=20, extra_questions=12
            )
            built = time.perf_counter() - started
            times: dict[str, list[float]] = {"read": [], "render": [], "minutes": [], "baseline": []}
            with factory() as db:
                session = db.get_one(Session, hall.session_id)
                minutes = session_minutes(db, session)
                pdf = render_minutes_pdf(minutes)  # warm: fonts parsed, statements compiled
            pages = extract_texts(pdf)
            lines = [line for page in pages for line in page.splitlines() if line.strip()]
            plain = plain_pdf(lines)
            load = os.getloadavg()
            for _ in range(args.trials):
                with factory() as db:
                    session = db.get_one(Session, hall.session_id)
                    t0 = time.perf_counter()
                    minutes = session_minutes(db, session)
                    t1 = time.perf_counter()
                    pdf = render_minutes_pdf(minutes)
                    t2 = time.perf_counter()
                times["read"].append(t1 - t0)
                times["render"].append(t2 - t1)
                times["minutes"].append(t2 - t0)
                t3 = time.perf_counter()
                plain = plain_pdf(lines)
                times["baseline"].append(time.perf_counter() - t3)
            engine.dispose()
        finally:
            drop()
    med = {k: statistics.median(v) for k, v in times.items()}
    kind = "PostgreSQL" if args.database else "SQLite"
    print(
        f"{kind}; {args.delegates} delegates, {len(minutes.votes)} votes, {len(minutes.speeches)} speeches, "
        f"{len(minutes.questions)} questions, {len(minutes.days)} days; hall built in {built:.1f} s"
    )
    print(
        f"minutes: {len(pages)} pages, {len(pdf) / 1024:.0f} KiB; baseline: {len(extract_texts(plain))} pages"
    )
    print(f"load average before {load[0]:.2f}, after {os.getloadavg()[0]:.2f}; {args.trials} trials each")
    for key in ("read", "render", "minutes", "baseline"):
        print(
            f"{key:>9}: median {med[key] * 1000:7.1f} ms  (min {min(times[key]) * 1000:.1f}, max {max(times[key]) * 1000:.1f})"
        )
    print(
        f"minutes / baseline: {med['minutes'] / med['baseline']:.2f}×; target ≤ 2 s: {'met' if med['minutes'] <= 2 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()

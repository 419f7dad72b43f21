"""The metrics dashboard on a synthetic province (issue 16): a provincial council and its commune councils,
five terms each, delegates with seats and memberships, units, sessions with attendance and speeches, and
activity records: ``--records N`` activities with 1–3 participants, each with 3 recommendations and 1
petition beside it — 5 N activity records (``--records 250000`` is 1,250,000, the full size; default 50,000,
i.e. 250,000 records, for a short run). Times every dashboard query for the
province in the last year and in the current term (p50/p95 of ``--repeat`` runs), against a bare
``SELECT count(*) FROM activity`` in the same run, and the annual report built as XLSX and as PDF.

    .venv/bin/python bench/metrics_dashboard.py                      # 50,000 records, SQLite
    .venv/bin/python bench/metrics_dashboard.py --records 250000   # 1,250,000 activity records
    .venv/bin/python bench/metrics_dashboard.py --database-url postgresql://postgres@127.0.0.1:5432/kyhop_bench

The SQLite file is bench/out/metrics.sqlite (made again each run); a PostgreSQL database given is DROPPED
and recreated. Writes bench/out/metrics_dashboard.json."""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from agenda import db as storage  # noqa: E402
from agenda.metrics import drill, figures, report, scoring  # noqa: E402
from agenda.metrics.measures import Level  # noqa: E402
from agenda.metrics.period import term_period, year_period  # noqa: E402
from agenda.models import (  # noqa: E402
    Activity,
    ActivityParticipant,
    Attendance,
    Council,
    CriteriaVersion,
    Criterion,
    Mandate,
    Membership,
    Organization,
    Person,
    Petition,
    Recommendation,
    Session,
    SpeechRequest,
    Term,
)
from agenda.pdf import metrics as pdf_metrics  # noqa: E402
from bench.common import OUT, median, ms, pct, write_json  # noqa: E402

TODAY = dt.date(2026, 12, 4)
TERMS = [(n, dt.date(2001 + 5 * i, 7, 1), dt.date(2006 + 5 * i, 6, 30)) for i, n in enumerate(range(12, 17))]
KINDS = ["supervision", "survey", "voter_contact", "citizen_reception", "explanation"]


def _fresh(url: str | None) -> str:
    if url is None:
        path = OUT / "metrics.sqlite"
        OUT.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}"'))
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()
    return url


def build(url: str, records: int, communes: int, seed: int) -> dict[str, Any]:
    """Write the province; returns the province council's id and its last term's id."""
    rnd = random.Random(seed)
    engine = storage.make_engine(url)
    storage.upgrade(engine)
    started = time.perf_counter()
    ids: dict[str, Any] = {}
    councils = 1 + communes
    per_council = records // councils
    with engine.begin() as conn:

        def add(model: Any, rows: list[dict[str, Any]]) -> None:
            for i in range(0, len(rows), 5000):
                conn.execute(insert(model), rows[i : i + 5000])

        person_id = 0
        for c in range(councils):
            seats = 80 if c == 0 else 25
            council = conn.execute(
                insert(Council).returning(Council.id),
                {
                    "name": f"HĐND {'tỉnh' if c == 0 else 'xã'} {c}",
                    "short_name": f"HĐND {c}",
                    "place_name": f"Nơi {c}",
                    "level": "province" if c == 0 else "commune",
                    "is_home": c == 0,
                    "time_zone": "Asia/Ho_Chi_Minh",
                    "created_at": dt.datetime(2026, 1, 1),
                },
            ).scalar_one()
            for number, start, end in TERMS:
                term = conn.execute(
                    insert(Term).returning(Term.id),
                    {
                        "council_id": council,
                        "number": number,
                        "starts_on": start,
                        "ends_on": None if number == 16 else end,
                    },
                ).scalar_one()
                people = list(range(person_id + 1, person_id + seats + 1))
                person_id += seats
                add(
                    Person,
                    [
                        {"id": p, "full_name": f"Đại biểu {p}", "created_at": dt.datetime(2026, 1, 1)}
                        for p in people
                    ],
                )
                mandates = []
                for i, p in enumerate(people):
                    late = i % 17 == 0  # a by-election seat
                    mandates.append(
                        {
                            "term_id": term,
                            "person_id": p,
                            "started_on": start + dt.timedelta(days=700 if late else 0),
                            "ended_on": None if number == 16 else end,
                        }
                    )
                add(Mandate, mandates)
                units = [("standing", "Thường trực")] + [
                    ("committee", f"Ban {b}") for b in range(3 if c == 0 else 2)
                ]
                units += [("group", f"Tổ {g}") for g in range(8 if c == 0 else 3)]
                org_ids = [
                    conn.execute(
                        insert(Organization).returning(Organization.id),
                        {"term_id": term, "kind": k, "name": n},
                    ).scalar_one()
                    for k, n in units
                ]
                add(
                    Membership,
                    [
                        {
                            "organization_id": org_ids[1 + i % (len(org_ids) - 1)],
                            "person_id": p,
                            "role": "member",
                            "started_on": start,
                            "ended_on": None,
                        }
                        for i, p in enumerate(people)
                    ]
                    + [
                        {
                            "organization_id": org_ids[0],
                            "person_id": p,
                            "role": "member",
                            "started_on": start,
                            "ended_on": None,
                        }
                        for p in people[:3]
                    ],
                )
                sessions = []
                for year in range(start.year, min(end.year, 2026) + 1):
                    for half in (7, 12):
                        day = dt.date(year, half, 5)
                        if start <= day <= min(end, TODAY):
                            sessions.append(day)
                session_ids = [
                    conn.execute(
                        insert(Session).returning(Session.id),
                        {
                            "term_id": term,
                            "number": n + 1,
                            "session_type": "regular",
                            "title": f"Kỳ họp thứ {n + 1}",
                            "starts_on": d,
                            "ends_on": d + dt.timedelta(days=1),
                            "status": "closed",
                            "is_public": True,
                            "quorum_fraction": "2/3",
                            "speech_seconds": 420,
                            "question_seconds": 180,
                            "created_at": dt.datetime(2026, 1, 1),
                            "updated_at": dt.datetime(2026, 1, 1),
                        },
                    ).scalar_one()
                    for n, d in enumerate(sessions)
                ]
                if c < 4:  # the sittings of the province and a few communes
                    add(
                        Attendance,
                        [
                            {
                                "session_id": s,
                                "person_id": p,
                                "day": d,
                                "status": rnd.choice(["present"] * 8 + ["excused", "absent"]),
                                "late": False,
                                "updated_at": dt.datetime(2026, 1, 1),
                            }
                            for s, d in zip(session_ids, sessions, strict=True)
                            for p in people
                        ],
                    )
                    add(
                        SpeechRequest,
                        [
                            {
                                "session_id": s,
                                "person_id": rnd.choice(people),
                                "kind": "speak",
                                "status": "done",
                                "position": k,
                                "seconds_allowed": 420,
                                "requested_at": dt.datetime(2026, 1, 1),
                            }
                            for s in session_ids
                            for k in range(10)
                        ],
                    )
                _activities(
                    conn, add, rnd, council, term, start, min(end, TODAY), people, org_ids, per_council // 5
                )
                if c == 0 and number == 16:
                    ids = {"council": council, "term": term}
        version = conn.execute(
            insert(CriteriaVersion).returning(CriteriaVersion.id),
            {
                "council_id": ids["council"],
                "valid_from": dt.date(2021, 7, 1),
                "title": "Tiêu chí",
                "created_at": dt.datetime(2026, 1, 1),
            },
        ).scalar_one()
        add(
            Criterion,
            [
                {"version_id": version, "unit_type": u, "measure": m, "target": t, "per": p, "weight": w}
                for u, m, t, p, w in [
                    ("committee", "supervisions", 2, "year", 30),
                    ("committee", "surveys", 1, "year", 10),
                    ("group", "voter_contacts", 1, "session", 50),
                    ("delegate", "voter_contacts", 2, "year", 20),
                ]
            ],
        )
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))  # statistics after a bulk load (autovacuum's job in service)
    with engine.connect() as conn:
        counted = {
            m.__tablename__: conn.scalar(select(func.count()).select_from(m))
            for m in (Activity, Recommendation, Petition, ActivityParticipant)
        }
    engine.dispose()
    return {**ids, "build_seconds": round(time.perf_counter() - started, 1), "rows": counted}


def _activities(
    conn: Any,
    add: Callable[..., None],
    rnd: random.Random,
    council: int,
    term: int,
    start: dt.date,
    end: dt.date,
    people: list[int],
    orgs: list[int],
    n: int,
) -> None:
    """``n`` activities (participants: 1–3 delegates), 3n recommendations and n petitions: 5n records."""
    span = (end - start).days
    rows, parts = [], []
    first = conn.scalar(select(func.coalesce(func.max(Activity.id), 0))) + 1
    for i in range(n):
        day = start + dt.timedelta(days=rnd.randrange(span))
        kind = rnd.choice(KINDS)
        rows.append(
            {
                "id": first + i,
                "council_id": council,
                "term_id": term,
                "kind": kind,
                "thematic": False,
                "organiser": "group",
                "organization_id": rnd.choice(orgs),
                "title": f"{kind} {i}",
                "starts_on": day,
                "ends_on": day,
                "completed_on": day,
                "voters": rnd.randrange(300),
                "citizens": rnd.randrange(30),
                "created_at": dt.datetime(2026, 1, 1),
                "updated_at": dt.datetime(2026, 1, 1),
            }
        )
        for p in rnd.sample(people, rnd.randint(1, 3)):
            parts.append({"activity_id": first + i, "person_id": p, "role": "member"})
    add(Activity, rows)
    add(ActivityParticipant, parts)
    recs, pets = [], []
    for i in range(3 * n):
        act = rows[i % n] if n else None
        raised = act["completed_on"] if act else start
        forwarded = raised + dt.timedelta(days=7) if i % 3 else None
        answered = forwarded + dt.timedelta(days=30) if forwarded and i % 2 else None
        recs.append(
            {
                "council_id": council,
                "term_id": term,
                "activity_id": act["id"] if act else None,
                "kind": "recommendation",
                "text": f"Kiến nghị {i}",
                "raised_on": raised,
                "forwarded_on": forwarded,
                "due_on": forwarded + dt.timedelta(days=30) if forwarded else None,
                "answered_on": answered,
                "outcome": "resolved" if answered and i % 5 == 0 else None,
                "outcome_on": answered if answered and i % 5 == 0 else None,
                "created_at": dt.datetime(2026, 1, 1),
                "updated_at": dt.datetime(2026, 1, 1),
            }
        )
    for i in range(n):
        received = start + dt.timedelta(days=rnd.randrange(span))
        pets.append(
            {
                "council_id": council,
                "term_id": term,
                "kind": "complaint",
                "sender": "Công dân",
                "subject": f"Đơn {i}",
                "received_on": received,
                "due_on": received + dt.timedelta(days=30),
                "resolved_on": received + dt.timedelta(days=rnd.randrange(60)) if i % 2 else None,
                "handler_person_id": rnd.choice(people),
                "created_at": dt.datetime(2026, 1, 1),
                "updated_at": dt.datetime(2026, 1, 1),
            }
        )
    add(Recommendation, recs)
    add(Petition, pets)


def timed(fn: Callable[[], Any], repeat: int) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return {"p50_ms": round(ms(median(times)), 2), "p95_ms": round(ms(pct(times, 95)), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--communes", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    url = _fresh(args.database_url)
    built = build(url, args.records, args.communes, args.seed)
    print(f"built in {built['build_seconds']} s: {built['rows']}", flush=True)
    engine = storage.make_engine(url)
    factory = storage.session_factory(engine)
    results: dict[str, Any] = {
        "records": args.records,
        "database": engine.dialect.name,
        "built": built,
        "queries": {},
    }
    with factory() as db:
        council = db.get(Council, built["council"])
        assert council is not None
        periods = {
            "year 2026": year_period(council.id, 2026, TODAY),
            "term": term_period(db, council.id, built["term"], TODAY),
        }
        delegate = db.scalar(select(Mandate.person_id).where(Mandate.term_id == built["term"]).limit(1))
        unit = db.scalar(
            select(Organization.id)
            .where(Organization.term_id == built["term"], Organization.kind == "group")
            .limit(1)
        )
        queries: dict[str, Callable[[Any], Any]] = {
            "baseline SELECT count(*) FROM activity": lambda p: db.scalar(
                select(func.count()).select_from(Activity)
            ),
            "council figures (26 measures)": lambda p: figures.council_table(db, p, council.name),
            "unit figures": lambda p: figures.unit_table(db, p),
            "delegate figures": lambda p: figures.delegate_table(db, p),
            "scores and ranking": lambda p: scoring.score(db, council, p),
            "drill: a unit's voter contacts": lambda p: drill.evidence(
                db, p, "voter_contacts", Level.UNIT, unit
            ),
            "drill: a delegate's recommendations": lambda p: drill.evidence(
                db, p, "recommendations_raised", Level.DELEGATE, delegate
            ),
            "drill: the council's sitting days present": lambda p: drill.evidence(
                db, p, "sittings_present", Level.COUNCIL
            ),
        }
        for label, p in periods.items():
            for name, fn in queries.items():
                got = timed(lambda fn=fn, p=p: fn(p), args.repeat)
                results["queries"][f"{label}: {name}"] = got
                print(
                    f"{label:10} {name:45} p50 {got['p50_ms']:9.2f} ms  p95 {got['p95_ms']:9.2f} ms",
                    flush=True,
                )
        p = periods["year 2026"]
        made: dict[str, Any] = {}
        results["report"] = {
            "build (figures + scores)": timed(lambda: made.update(r=report.annual_report(db, council, p)), 3),
            "xlsx": timed(lambda: report.report_xlsx(made["r"]), 3),
            "pdf": timed(lambda: pdf_metrics.report_pdf(made["r"]), 3),
        }
        print(results["report"], flush=True)
    engine.dispose()
    write_json(OUT / "metrics_dashboard.json", results)


if __name__ == "__main__":
    main()

"""The demo's year of activities: every kind, recommendations at every stage of the chain, petitions late to
process and past due — deterministic and quick (under a second)."""

from __future__ import annotations

import collections
import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest

from agenda import audit
from agenda import db as storage
from agenda.activity import chain
from agenda.demo import build
from agenda.demo.activity import add_activity
from agenda.models import Activity, ActivityKind, AuditEntry, Council, Petition, Recommendation, Term

TODAY = dt.date(2026, 11, 28)


def _built(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, float]:
    engine = storage.make_engine(f"sqlite:///{path}")
    storage.upgrade(engine)
    factory = storage.session_factory(engine)
    monkeypatch.setattr(build, "add_activity", lambda *a, **k: 0)  # timed apart below
    with storage.transaction(factory) as db:
        build.build_demo(db, today=TODAY)
        council = db.query(Council).filter_by(is_home=True).one()
        term = db.query(Term).filter_by(council_id=council.id).one()
        started = time.perf_counter()
        add_activity(db, council, term, TODAY)
        spent = time.perf_counter() - started
    return factory, spent


def test_the_demo_has_a_year_of_activities_at_every_stage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory, spent = _built(tmp_path / "a.sqlite", monkeypatch)
    assert spent < 1.0, f"the demo's activities took {spent:.2f} s"
    with storage.transaction(factory) as db:
        kinds = collections.Counter(a.kind for a in db.query(Activity))
        assert set(kinds) == set(ActivityKind)
        assert kinds[ActivityKind.VOTER_CONTACT] >= 10 and kinds[ActivityKind.SUPERVISION] >= 5
        stages = collections.Counter(chain.recommendation_stage(r, TODAY) for r in db.query(Recommendation))
        wanted = {"raised", "opinion", "forwarded", "overdue", "answered", "resolved", "partly", "unresolved"}
        assert wanted <= {s.value for s in stages}
        late = {chain.petition_stage(p, TODAY).value for p in db.query(Petition)}
        assert {"processing_late", "overdue", "resolved"} <= late
        assert all(a.completed_on is None or a.completed_on <= TODAY for a in db.query(Activity))
        first = sorted((a.external_id, a.title, a.starts_on) for a in db.query(Activity))
        assert audit.verify(db).ok  # every write audited, the chain whole
        assert db.query(AuditEntry).filter(AuditEntry.action == "activity.created").count() == len(first)
    again, _ = _built(tmp_path / "b.sqlite", monkeypatch)
    with storage.transaction(again) as db:
        assert sorted((a.external_id, a.title, a.starts_on) for a in db.query(Activity)) == first

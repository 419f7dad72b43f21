"""A resolution that loses its force wholly closes its open tasks with the reason — at once when the repeal is
in effect, the day it comes into effect otherwise (the daily run) — and closing again changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from agenda import clock
from agenda import db as storage
from agenda.archive import links
from agenda.archive.links import RelationInput
from agenda.archive.tracking import closing, tasks
from agenda.archive.tracking.rollup import TaskStatus
from agenda.archive.tracking.values import TaskInput
from agenda.models import AuditEntry, Resolution, Task
from tests.agenda.archive.tracking.conftest import TODAY, add_resolution


def tasks_of(db: Any, resolution_id: int) -> list[Task]:
    return db.query(Task).filter(Task.resolution_id == resolution_id).order_by(Task.id).all()


def seed(factory: Any, resolution_id: int) -> None:
    with storage.transaction(factory) as db:
        record = db.get(Resolution, resolution_id)
        tasks.create_task(db, record, TaskInput.parse({"title": "Còn mở", "progress": 40}))
        done = tasks.create_task(db, record, TaskInput.parse({"title": "Đóng tay"}))
        done.closed_on, done.closed_reason = dt.date(2026, 11, 1), "Gộp vào nhiệm vụ khác"


def repeal(factory: Any, archive: dict[str, Any], effective: dt.date) -> None:
    acting = add_resolution(factory, archive["council_id"], "20/NQ-HĐND", dt.date(2026, 11, 20), "Bãi bỏ")
    with storage.transaction(factory) as db:
        links.add_relation(
            db,
            db.get(Resolution, acting),
            RelationInput.parse(
                {"target_id": archive["second"], "kind": "repeals", "effective_on": effective.isoformat()}
            ),
        )


def test_a_repeal_in_effect_closes_the_open_tasks_with_its_reason(
    factory: Any, archive: dict[str, Any]
) -> None:
    seed(factory, archive["second"])
    repeal(factory, archive, dt.date(2026, 12, 1))
    with storage.transaction(factory) as db:
        opened, by_hand = tasks_of(db, archive["second"])
        assert opened.closed_on == dt.date(2026, 12, 1)
        assert opened.closed_reason == (
            "Nghị quyết hết hiệu lực toàn bộ từ ngày 01/12/2026 (bị bãi bỏ bởi Nghị quyết 20/NQ-HĐND)"
        )
        assert by_hand.closed_reason == "Gộp vào nhiệm vụ khác"  # closed before: left as it was
        views = tasks.tree(db, db.get(Resolution, archive["second"]))
        assert {v.status for v in views} == {TaskStatus.CLOSED}
        assert closing.close_tasks_of_ended(db, TODAY) == 0  # again: nothing more
        assert db.query(AuditEntry).filter(AuditEntry.action == "task.closed").count() == 1


def test_a_repeal_dated_later_waits_for_the_daily_run_of_that_day(
    factory: Any, archive: dict[str, Any]
) -> None:
    seed(factory, archive["second"])
    repeal(factory, archive, dt.date(2027, 1, 1))
    with storage.transaction(factory) as db:
        assert tasks_of(db, archive["second"])[0].closed_on is None
        assert closing.close_all_ended(db) == 0
    with (
        clock.frozen(dt.datetime(2026, 12, 31, 17, 30)),
        storage.transaction(factory) as db,
    ):  # 00:30 on 1 Jan in Vietnam
        assert closing.close_all_ended(db) == 1
        assert tasks_of(db, archive["second"])[0].closed_on == dt.date(2027, 1, 1)
        assert closing.close_all_ended(db) == 0


def test_a_resolution_past_its_own_term_closes_its_tasks(factory: Any, archive: dict[str, Any]) -> None:
    seed(factory, archive["first"])
    with storage.transaction(factory) as db:
        db.get(Resolution, archive["first"]).expires_on = dt.date(2026, 12, 1)
    with storage.transaction(factory) as db:
        assert closing.close_tasks_of_ended(db, TODAY) == 1
        assert tasks_of(db, archive["first"])[0].closed_reason == (
            "Nghị quyết hết hiệu lực toàn bộ từ ngày 01/12/2026 (hết thời hạn áp dụng)"
        )
        assert tasks_of(db, archive["second"]) == []


def test_a_repeal_of_one_article_or_an_amendment_leaves_the_tasks_open(
    factory: Any, archive: dict[str, Any]
) -> None:
    seed(factory, archive["second"])
    acting = add_resolution(factory, archive["council_id"], "21/NQ-HĐND", dt.date(2026, 11, 20), "Sửa đổi")
    with storage.transaction(factory) as db:
        for body in [
            {"kind": "repeals", "parts": ["Điều 3"], "effective_on": "2026-12-01"},
            {"kind": "amends", "effective_on": "2026-12-01"},
        ]:
            links.add_relation(
                db, db.get(Resolution, acting), RelationInput.parse({"target_id": archive["second"], **body})
            )
        assert tasks_of(db, archive["second"])[0].closed_on is None
        assert closing.close_all_ended(db) == 0

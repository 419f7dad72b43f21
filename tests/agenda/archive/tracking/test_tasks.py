"""Tasks of a resolution in the database, on SQLite and PostgreSQL: the tree rolls up, a task cannot go under
its own sub-task, reports move progress, the overdue list is on the council's clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from agenda import db as storage
from agenda.archive.tracking import reports, tasks
from agenda.archive.tracking.rollup import TaskStatus
from agenda.archive.tracking.values import MilestoneInput, ReportInput, TaskInput, TaskPatch
from agenda.documents import upload
from agenda.errors import DomainError
from agenda.models import AuditEntry, Resolution, Task
from tests.agenda.archive.tracking.conftest import TODAY
from tests.session_server.api.test_documents import sample_pdf


def make(db: Any, resolution_id: int, **values: Any) -> Task:
    return tasks.create_task(db, db.get(Resolution, resolution_id), TaskInput.parse(values))


def test_a_parent_shows_the_weighted_progress_of_its_children(factory: Any, archive: dict[str, Any]) -> None:
    with storage.transaction(factory) as db:
        root = make(db, archive["first"], title="Đầu tư hạ tầng giao thông", article="Điều 2", progress=5)
        make(db, archive["first"], title="Tuyến đường tỉnh 477", parent_id=root.id, weight=3, progress=80)
        make(db, archive["first"], title="Cầu Khánh Thành", parent_id=root.id, progress=0)
        views = tasks.tree(db, db.get(Resolution, archive["first"]))
        assert [v.task.title for v in views] == ["Đầu tư hạ tầng giao thông"]
        assert views[0].progress == 60  # (3·80 + 1·0) / 4; its own 5 % set aside
        assert views[0].status is TaskStatus.IN_PROGRESS
        assert [c.progress for c in views[0].children] == [80, 0]
        assert root.external_id == f"NV-{root.id}"


def test_a_task_cannot_go_under_its_own_sub_task(factory: Any, archive: dict[str, Any]) -> None:
    with storage.transaction(factory) as db:
        root = make(db, archive["first"], title="A")
        child = make(db, archive["first"], title="B", parent_id=root.id)
        with pytest.raises(DomainError) as caught:
            tasks.update_task(db, root, TaskPatch.parse({"parent_id": child.id}))
        assert caught.value.code == "task_cycle"
        other = make(db, archive["second"], title="C")
        with pytest.raises(DomainError) as caught:
            tasks.update_task(db, other, TaskPatch.parse({"parent_id": root.id}))
        assert "cùng nghị quyết" in caught.value.vi


def test_a_code_is_used_once_per_resolution(factory: Any, archive: dict[str, Any]) -> None:
    with storage.transaction(factory) as db:
        make(db, archive["first"], title="A", external_id="1")
        make(db, archive["second"], title="A", external_id="1")  # another resolution: its own codes
        with pytest.raises(DomainError) as caught:
            make(db, archive["first"], title="B", external_id="1")
        assert caught.value.status == 409


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"title": "A", "progress": 120}, "0 đến 100"),
        ({"title": "A", "progress": -1}, "0 đến 100"),
        ({"title": "A", "weight": 0}, "Trọng số"),
        ({"title": "A", "deadline": "31/02/2027"}, "Hạn hoàn thành"),
        ({"progress": 10}, "tên nhiệm vụ"),
    ],
)
def test_bad_values_are_refused_in_both_languages(body: dict[str, Any], words: str) -> None:
    with pytest.raises(DomainError) as caught:
        TaskInput.parse(body)
    assert words in caught.value.vi and caught.value.en and caught.value.status == 400


def test_the_latest_report_sets_the_progress_and_carries_its_pdf(
    factory: Any, archive: dict[str, Any]
) -> None:
    pdf = upload.process_upload(upload.Upload("bao-cao.pdf", "application/pdf", sample_pdf("Báo cáo quý IV")))
    with storage.transaction(factory) as db:
        task = make(db, archive["first"], title="A")
        reports.add_report(
            db,
            task,
            ReportInput.parse({"dated": "2026-11-30", "text": "Đã khởi công", "progress": 40}),
            ("bao-cao.pdf", pdf),
        )
        reports.add_report(
            db, task, ReportInput.parse({"dated": "2026-10-01", "text": "Trước đó", "progress": 10})
        )
        assert task.progress == 40  # an older report does not take it back
        assert task.reports[0].dated == dt.date(2026, 10, 1)
        assert task.reports[1].attachment_pages == 1 and task.reports[1].attachment_sha256
        with pytest.raises(DomainError) as caught:
            reports.add_report(db, task, ReportInput.parse({"dated": "2026-12-04", "text": "Ngày mai"}))
        assert "sau hôm nay" in caught.value.vi and "after today" in caught.value.en
        with pytest.raises(DomainError):
            ReportInput.parse({"dated": "2026-12-01", "text": "x", "progress": 101})
        assert db.query(AuditEntry).filter(AuditEntry.action == "task.reported").count() == 2


def test_the_overdue_list_is_of_the_council_s_today(factory: Any, archive: dict[str, Any]) -> None:
    with storage.transaction(factory) as db:
        make(db, archive["first"], title="Muộn", agency="Sở Giao thông vận tải", deadline="2026-12-02")
        make(
            db,
            archive["first"],
            title="Hạn hôm nay",
            agency="Sở Giao thông vận tải",
            deadline=TODAY.isoformat(),
        )
        make(db, archive["second"], title="Xong", agency="Sở Tài chính", deadline="2026-11-01", progress=100)
        done = make(db, archive["second"], title="Đã đóng", agency="Sở Tài chính", deadline="2026-11-01")
        tasks.update_task(db, done, TaskPatch.parse({"closed_reason": "Không còn cần thiết"}))
        make(
            db, archive["second"], title="Muộn nữa", agency="Sở Tài chính", deadline="2026-10-01", progress=30
        )
        late = tasks.overdue(db)
        assert [o.view.task.title for o in late] == ["Muộn nữa", "Muộn"]
        assert [o.view.task.title for o in tasks.overdue(db, agency="giao thông")] == ["Muộn"]
        assert tasks.overdue(db, council_id=archive["council_id"] + 99) == []
        assert done.closed_on == TODAY and done.closed_reason == "Không còn cần thiết"


def test_milestones_are_kept_by_due_date(factory: Any, archive: dict[str, Any]) -> None:
    with storage.transaction(factory) as db:
        task = make(db, archive["first"], title="A")
        reports.add_milestone(
            db, task, MilestoneInput.parse({"title": "Phê duyệt dự án", "due": "2027-03-01"})
        )
        first = reports.add_milestone(
            db, task, MilestoneInput.parse({"title": "Khảo sát", "due": "2027-01-15"})
        )
        db.refresh(task)
        assert [m.title for m in task.milestones] == ["Khảo sát", "Phê duyệt dự án"]
        with pytest.raises(DomainError):
            MilestoneInput.parse({"title": "x", "due": "15/13/2027"})
        reports.delete_milestone(db, first)
        db.refresh(task)
        assert [m.title for m in task.milestones] == ["Phê duyệt dự án"]


def test_deleting_a_task_takes_its_sub_tasks(factory: Any, archive: dict[str, Any]) -> None:
    with storage.transaction(factory) as db:
        root = make(db, archive["first"], title="A")
        make(db, archive["first"], title="B", parent_id=root.id)
        tasks.delete_task(db, root)
        db.expire_all()
        assert db.query(Task).count() == 0


def test_the_demo_tracks_three_resolutions_and_closed_the_replaced_one_s_task(demo_built: Any) -> None:
    from agenda.archive.tracking import tasks as tracking

    factory, today = demo_built
    with factory() as db:
        rural = db.query(Resolution).filter(Resolution.number == "11/2025/NQ-HĐND").one()
        (root,) = tracking.tree(db, rural, today)
        assert root.progress == (3 * 45 + 2 * 70 + 20) // 6 and len(root.children) == 3
        late = [o.view.task.external_id for o in tracking.overdue(db)]
        assert late == ["DTC-1"]  # GD-1 is late too, but done
        fees = db.query(Task).filter(Task.external_id == "PHI-1").one()
        assert fees.closed_reason and "thay thế bởi Nghị quyết 08/2025/NQ-HĐND" in fees.closed_reason

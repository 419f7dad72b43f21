"""The demo's implementation tracking: tasks of three of the archive's resolutions, placed around today — one
tree rolled up by weight, one task overdue, milestones and reports — and the tasks of the replaced fees
resolution closed, with the reason, by the daily run (:func:`agenda.archive.tracking.closing.close_all_ended`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.archive.tracking import closing, reports, tasks
from agenda.archive.tracking.values import MilestoneInput, TaskInput
from agenda.models import Council, Resolution, Task, TaskReport

# (resolution, code, parent code, article, task, agency, deadline in days from today, weight, progress)
TASKS = [
    (
        "11/2025/NQ-HĐND",
        "NTM",
        None,
        None,
        "Xây dựng nông thôn mới giai đoạn 2026–2030",
        "UBND tỉnh",
        1460,
        None,
        0,
    ),
    (
        "11/2025/NQ-HĐND",
        "NTM-1",
        "NTM",
        "Điều 2",
        "Hỗ trợ xã đạt chuẩn nông thôn mới nâng cao",
        "Sở Nông nghiệp và Môi trường",
        400,
        3,
        45,
    ),
    (
        "11/2025/NQ-HĐND",
        "NTM-2",
        "NTM",
        "Điều 3",
        "Hỗ trợ xây dựng đường giao thông nông thôn",
        "Sở Xây dựng",
        200,
        2,
        70,
    ),
    ("11/2025/NQ-HĐND", "NTM-3", "NTM", "Điều 4", "Hỗ trợ sản phẩm OCOP", "Sở Công Thương", 300, None, 20),
    (
        "27/NQ-HĐND",
        "DTC-1",
        None,
        "Điều 1",
        "Giải ngân vốn đầu tư công năm đầu kỳ kế hoạch",
        "Sở Tài chính",
        -20,
        None,
        85,
    ),
    (
        "27/NQ-HĐND",
        "DTC-2",
        None,
        "Điều 2",
        "Báo cáo Hội đồng nhân dân kết quả thực hiện kế hoạch",
        "UBND tỉnh",
        90,
        None,
        0,
    ),
    (
        "18/2023/NQ-HĐND",
        "GD-1",
        None,
        "Điều 3",
        "Chi trả hỗ trợ học sinh vùng khó khăn năm học",
        "Sở Giáo dục và Đào tạo",
        -60,
        None,
        100,
    ),
    (
        "12/2022/NQ-HĐND",
        "PHI-1",
        None,
        "Điều 2",
        "Niêm yết mức thu phí tham quan tại các khu du lịch",
        "Sở Du lịch",
        30,
        None,
        60,
    ),
]


def add_tracking(db: DbSession, council: Council, today: dt.date) -> int:
    """The demo's tasks; how many are still open."""
    records = {r.number: r for r in db.scalars(select(Resolution).where(Resolution.council_id == council.id))}
    made: dict[tuple[str, str], Task] = {}
    for number, code, parent, article, title, agency, days, weight, progress in TASKS:
        values = TaskInput(
            title=title,
            external_id=code,
            parent_id=made[(number, parent)].id if parent else None,
            article=article,
            agency=agency,
            deadline=today + dt.timedelta(days=days),
            weight=weight,
            progress=progress,
        )
        made[(number, code)] = tasks.create_task(db, records[number], values, actor="demo")
    roads = made[("11/2025/NQ-HĐND", "NTM-2")]
    for title, due, done in [
        ("Phê duyệt danh mục tuyến đường", -90, -95),
        ("Hoàn thành 50 % khối lượng", 60, None),
    ]:
        done_on = today + dt.timedelta(days=done) if done is not None else None
        reports.add_milestone(
            db, roads, MilestoneInput(title, today + dt.timedelta(days=due), done_on), actor="demo"
        )
    # Reports written as rows: the demo's "today" may be a later date than the clock's (a report is refused
    # after the council's today).
    for days, text, progress in [
        (-120, "Đã phê duyệt danh mục 42 tuyến đường, tổng chiều dài 186 km.", 30),
        (-30, "Đã thi công xong 118 km; các tuyến còn lại đang triển khai.", 70),
    ]:
        dated = today + dt.timedelta(days=days)
        db.add(TaskReport(task_id=roads.id, dated=dated, text=text, progress=progress, created_by="demo"))
        roads.progress = progress
    db.flush()
    closing.close_all_ended(
        db, actor="demo"
    )  # the replaced fees resolution: its task closed, with the reason
    return int(sum(1 for t in made.values() if t.closed_on is None))

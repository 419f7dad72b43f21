"""The tracking API on SQLite and PostgreSQL: archivists write, the staff read, delegates see nothing; the
tree with rolled-up progress, reports with a PDF, the overdue list, CSV out and in (a bad file: 422 with the
report, nothing written); and ``kyhop archive close-ended``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from agenda import clock
from agenda import db as storage
from agenda.archive import links
from agenda.archive.links import RelationInput
from agenda.models import Resolution, Task
from session_server.cli import main
from tests.agenda.archive.tracking.conftest import NOW, add_resolution
from tests.conftest import ADMIN, ARCHIVIST, DELEGATE, SECRETARY
from tests.session_server.api.test_documents import sample_pdf


@pytest.fixture
def resolution_id(factory: Any, small_council: dict[str, Any]) -> Iterator[int]:
    with clock.frozen(NOW):
        yield add_resolution(
            factory, small_council["council_id"], "05/2026/NQ-HĐND", dt.date(2026, 7, 10), "Về giao thông"
        )


def test_an_archivist_builds_the_tree_and_the_staff_read_it(visitor: Any, resolution_id: int) -> None:
    archivist = visitor().login(ARCHIVIST)
    base = f"/api/archive/resolutions/{resolution_id}/tasks"
    root = archivist.post(base, {"title": "Đầu tư hạ tầng", "article": "Điều 2", "deadline": "31/12/2027"})
    assert root.status_code == 201, root.text
    root_id = root.json()["id"]
    child = archivist.post(base, {"title": "Đường 477", "parent_id": root_id, "weight": 3, "progress": 80})
    archivist.post(base, {"title": "Cầu", "parent_id": root_id})
    assert child.status_code == 201 and child.json()["status_vi"] == "Đang thực hiện"
    secretary = visitor().login(SECRETARY)
    tree = secretary.get(base).json()
    assert tree["tasks"][0]["progress"] == 60 and len(tree["tasks"][0]["child_ids"]) == 2
    assert [(t["title"], t["depth"]) for t in tree["tasks"]] == [
        ("Đầu tư hạ tầng", 0),
        ("Đường 477", 1),
        ("Cầu", 1),
    ]
    assert secretary.post(base, {"title": "x"}).status_code == 403  # the staff read, archivists write
    delegate = visitor().login(DELEGATE)
    assert delegate.get(base).status_code == 403
    listed = secretary.get("/api/archive/tracking/resolutions").json()["resolutions"]
    assert listed[0]["tasks"] == 3 and listed[0]["progress"] == 60


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"title": "A", "progress": 150}, "progress", "0 đến 100"),
        ({"title": "A", "weight": 0}, "weight", "Trọng số"),
        ({"title": "A", "deadline": "2027-02-30"}, "deadline", "Hạn hoàn thành"),
        ({"title": "A", "colour": "red"}, "colour", "colour"),
    ],
)
def test_bad_input_is_refused_with_its_field_and_writes_nothing(
    visitor: Any, factory: Any, resolution_id: int, body: dict[str, Any], field: str, words: str
) -> None:
    archivist = visitor().login(ARCHIVIST)
    response = archivist.post(f"/api/archive/resolutions/{resolution_id}/tasks", body)
    assert response.status_code == 400 and response.json()["error"]["field"] == field
    assert words in response.json()["error"]["message_vi"] and response.json()["error"]["message_en"]
    with factory() as db:
        assert db.query(Task).count() == 0


def test_a_report_with_its_pdf_moves_the_progress(visitor: Any, resolution_id: int) -> None:
    archivist = visitor().login(ADMIN)
    task = archivist.post(f"/api/archive/resolutions/{resolution_id}/tasks", {"title": "A"}).json()
    today = clock.today("Asia/Ho_Chi_Minh").isoformat()
    sent = archivist.client.post(
        f"/api/archive/tasks/{task['id']}/reports",
        data={"dated": today, "text": "Đã hoàn thành 70 %", "progress": "70"},
        files={"file": ("bao-cao.pdf", sample_pdf("Báo cáo"), "application/pdf")},
        headers={"x-csrf-token": archivist.csrf},
    )
    assert sent.status_code == 201, sent.text
    assert sent.json()["progress"] == 70 and sent.json()["reports"][0]["attachment"]["pages"] == 1
    pdf = archivist.get(sent.json()["reports"][0]["attachment"]["url"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    not_pdf = archivist.client.post(
        f"/api/archive/tasks/{task['id']}/reports",
        data={"dated": today, "text": "x"},
        files={"file": ("a.pdf", b"not a pdf at all", "application/pdf")},
        headers={"x-csrf-token": archivist.csrf},
    )
    assert not_pdf.status_code in (400, 415, 422) and "message_vi" in not_pdf.json()["error"]
    milestone = archivist.post(
        f"/api/archive/tasks/{task['id']}/milestones", {"title": "Khảo sát", "due": "2026-01-01"}
    )
    assert milestone.status_code == 201 and milestone.json()["milestones"][0]["late"] is True


def test_the_overdue_list_filters_by_agency(
    visitor: Any, resolution_id: int, small_council: dict[str, Any]
) -> None:
    archivist = visitor().login(ARCHIVIST)
    base = f"/api/archive/resolutions/{resolution_id}/tasks"
    archivist.post(base, {"title": "Muộn", "agency": "Sở Giao thông vận tải", "deadline": "2026-01-31"})
    archivist.post(base, {"title": "Muộn khác", "agency": "Sở Tài chính", "deadline": "2026-02-28"})
    archivist.post(base, {"title": "Còn hạn", "agency": "Sở Tài chính", "deadline": "2099-01-01"})
    late = archivist.get("/api/archive/tracking/overdue").json()["tasks"]
    assert [t["title"] for t in late] == ["Muộn", "Muộn khác"] and late[0]["resolution"][
        "number"
    ] == "05/2026/NQ-HĐND"
    one = archivist.get(
        "/api/archive/tracking/overdue",
        params={"agency": "tài chính", "council_id": small_council["council_id"]},
    )
    assert [t["title"] for t in one.json()["tasks"]] == ["Muộn khác"]


def test_csv_out_and_back_in_and_a_bad_file_writes_nothing(
    visitor: Any, factory: Any, resolution_id: int
) -> None:
    archivist = visitor().login(ARCHIVIST)
    archivist.post(f"/api/archive/resolutions/{resolution_id}/tasks", {"title": "A", "external_id": "1"})
    exported = archivist.get("/api/archive/tracking/tasks.csv")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")

    def send(content: bytes, commit: str = "true") -> Any:
        return archivist.client.post(
            "/api/archive/tracking/import",
            data={"commit": commit},
            files={"file": ("nv.csv", content, "text/csv")},
            headers={"x-csrf-token": archivist.csrf},
        )

    again = send(exported.content)
    assert again.status_code == 200 and again.json()["counts"] == {"created": 0, "updated": 0, "unchanged": 1}
    lines = exported.content.decode("utf-8-sig").splitlines()
    bad = "\r\n".join([*lines, "05/2026/NQ-HĐND,HĐND tỉnh Ninh Bình,2,,,B,Sở X,32/01/2027,,101"]).encode()
    refused = send(bad)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "import_refused"
    columns = {(e["row"], e["column"]) for e in refused.json()["error"]["report"]["errors"]}
    assert columns == {(3, "Hạn hoàn thành"), (3, "Tiến độ (%)")}
    preview = send(
        "\r\n".join([*lines, "05/2026/NQ-HĐND,HĐND tỉnh Ninh Bình,2,,,B,Sở X,,,"]).encode(), "false"
    )
    assert preview.json()["counts"]["created"] == 1 and not preview.json()["committed"]
    with factory() as db:
        assert db.query(Task).count() == 1
    assert visitor().login(SECRETARY).client.post("/api/archive/tracking/import").status_code == 403


def test_the_daily_run_closes_the_tasks_of_a_repealed_resolution(
    database_url: str, factory: Any, resolution_id: int, small_council: dict[str, Any], capsys: Any
) -> None:
    with storage.transaction(factory) as db:
        db.add(Task(resolution_id=resolution_id, external_id="1", title="A", progress=10))
    later = add_resolution(factory, small_council["council_id"], "30/NQ-HĐND", dt.date(2026, 11, 1), "Bãi bỏ")
    with clock.frozen(NOW), storage.transaction(factory) as db:
        links.add_relation(
            db,
            db.get(Resolution, later),
            RelationInput.parse(
                {"target_id": resolution_id, "kind": "repeals", "effective_on": "2027-01-01"}
            ),
        )
    with clock.frozen(dt.datetime(2027, 1, 1, 1, 0)):
        assert main(["archive", "close-ended", "--database", database_url]) == 0
    assert "Đã đóng 1 nhiệm vụ" in capsys.readouterr().out
    with factory() as db:
        assert db.query(Task).one().closed_on == dt.date(2027, 1, 1)


def test_closing_by_hand_reopening_and_deleting(visitor: Any, resolution_id: int) -> None:
    archivist = visitor().login(ARCHIVIST)
    task = archivist.post(
        f"/api/archive/resolutions/{resolution_id}/tasks", {"title": "A", "deadline": "2026-01-01"}
    )
    path = f"/api/archive/tasks/{task.json()['id']}"
    closed = archivist.patch(path, {"closed_reason": "Đã lồng ghép vào chương trình khác"})
    assert closed.status_code == 200 and closed.json()["status"] == "closed" and closed.json()["closed_on"]
    assert archivist.get("/api/archive/tracking/overdue").json()["tasks"] == []
    reopened = archivist.patch(path, {"closed_reason": None})
    assert reopened.json()["status"] == "overdue" and reopened.json()["closed_reason"] is None
    refused = archivist.patch(path, {"weight": 0})
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "weight"
    assert archivist.patch(path, {"title": None}).status_code == 400
    assert archivist.delete(path).json() == {"deleted": task.json()["id"]}
    assert archivist.get(path).status_code == 404
    assert archivist.get("/api/archive/tasks/99999999999").status_code == 404
    assert archivist.get("/api/archive/resolutions/424242/tasks").json()["error"]["code"] == "not_found"


def test_a_report_dated_tomorrow_or_over_100_is_refused(visitor: Any, resolution_id: int) -> None:
    archivist = visitor().login(ARCHIVIST)
    task = archivist.post(f"/api/archive/resolutions/{resolution_id}/tasks", {"title": "A"}).json()
    tomorrow = (clock.today("Asia/Ho_Chi_Minh") + dt.timedelta(days=1)).isoformat()
    for data, field in [
        ({"dated": tomorrow, "text": "x"}, "dated"),
        ({"dated": "2026-01-01", "text": "x", "progress": "101"}, "progress"),
        ({"dated": "31/13/2026", "text": "x"}, "dated"),
    ]:
        sent = archivist.client.post(
            f"/api/archive/tasks/{task['id']}/reports",
            data=data,
            files={"file": ("", b"", "application/octet-stream")},  # a browser's form, no file chosen
            headers={"x-csrf-token": archivist.csrf},
        )
        assert sent.status_code == 400 and sent.json()["error"]["field"] == field, sent.text
    assert archivist.get(f"/api/archive/tasks/{task['id']}").json()["reports"] == []
    plain = archivist.client.post(
        f"/api/archive/tasks/{task['id']}/reports",
        data={"dated": "2026-01-01", "text": "Không kèm tệp"},
        files={"file": ("", b"", "application/octet-stream")},
        headers={"x-csrf-token": archivist.csrf},
    )
    assert plain.status_code == 201 and plain.json()["reports"][0]["attachment"] is None

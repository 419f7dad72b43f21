"""The delegates, a session's votes and attendance, and the implementation tasks as CSV and XLSX: the rows
the JSON gives, the same values (dates as real dates in the workbook), Vietnamese headers (English on
request), a secret vote's counts only — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.conftest import ARCHIVIST, CHAIR, DELEGATE, SECRETARY
from tests.opendata.exports_files import by_header, csv_rows, xlsx_book, xlsx_sheets
from tests.session_server.api.session_calls import act


def test_the_delegates_files_hold_the_delegates_the_json_lists(visitor: Any) -> None:
    anyone = visitor()
    listed = anyone.get("/api/delegates").json()["delegates"]
    answer = anyone.get("/api/delegates.csv")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert 'filename="danh-sach-dai-bieu.csv"' in answer.headers["content-disposition"]
    rows = by_header(csv_rows(answer.content))
    assert [(r["Họ và tên"], r["Đơn vị bầu cử"], r["Chỗ ngồi"]) for r in rows] == [
        (d["full_name"], d["constituency"], d["seat_label"]) for d in listed
    ]
    assert [r["Ngày bắt đầu"] for r in rows] == [
        dt.date.fromisoformat(d["started_on"]).strftime("%d/%m/%Y") for d in listed
    ]
    assert [r["Đang là đại biểu"] for r in rows] == ["Có" if d["in_office"] else "Không" for d in listed]
    assert "Điện thoại" not in csv_rows(answer.content)[0]  # contacts are the staff's

    sheets = xlsx_sheets(anyone.get("/api/delegates.xlsx").content)
    assert list(sheets) == ["Danh sách đại biểu"]
    cells = by_header(sheets["Danh sách đại biểu"])
    assert [(c["Họ và tên"], c["Ngày bắt đầu"]) for c in cells] == [
        (d["full_name"], dt.datetime.fromisoformat(d["started_on"])) for d in listed
    ]


def test_staff_download_every_delegate_with_contacts_and_english_headers_on_request(visitor: Any) -> None:
    staff = visitor().login(SECRETARY)
    listed = staff.get("/api/delegates?all=1").json()["delegates"]
    rows = by_header(csv_rows(staff.get("/api/delegates.csv?all=1&lang=en").content))
    assert [(r["Full name"], r["Birth year"], r["Telephone"], r["Ended on"]) for r in rows] == [
        (
            d["full_name"],
            "" if d["birth_year"] is None else str(d["birth_year"]),
            d["phone"] or "",
            "" if d["ended_on"] is None else dt.date.fromisoformat(d["ended_on"]).strftime("%d/%m/%Y"),
        )
        for d in listed
    ]
    assert any(r["In office"] == "No" for r in rows)  # the former delegate
    book = xlsx_book(staff.get("/api/delegates.xlsx?all=1", headers={"accept-language": "en-GB"}).content)
    sheet = book["Delegates"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].value == "Full name" and sheet["A1"].font.bold
    assert sheet.column_dimensions["A"].width >= 20


@pytest.fixture
def held(visitor: Any, small_council: dict[str, Any]) -> dict[str, Any]:
    """The session sat: a delegate checked in, one excused with a reason, a named vote with two ballots, a
    secret motion and a confidence rating (secret)."""
    sid = small_council["session_id"]
    secretary, delegate, chair = visitor().login(SECRETARY), visitor().login(DELEGATE), visitor().login(CHAIR)
    act(secretary, sid, "sitting.open", confirm=True)
    act(delegate, sid, "attendance.check_in")
    act(chair, sid, "attendance.check_in")
    person = small_council["person_ids"][2]
    act(secretary, sid, "attendance.mark", person_id=person, status="excused", reason="Đi công tác")
    named = act(secretary, sid, "vote.open", title="Thông qua Nghị quyết về ngân sách")["vote_id"]
    act(delegate, sid, "ballot.cast", vote_id=named, ballot_id="phieu-0001", choice="yes")
    act(chair, sid, "ballot.cast", vote_id=named, ballot_id="phieu-0002", choice="no")
    act(secretary, sid, "vote.close", vote_id=named)
    secret = act(secretary, sid, "vote.open", title="Bầu Ủy viên Thường trực", secret=True)["vote_id"]
    act(delegate, sid, "ballot.cast", vote_id=secret, ballot_id="phieu-0003", choice="yes")
    act(secretary, sid, "vote.close", vote_id=secret)
    official = visitor().get("/api/officials").json()["officials"][0]["id"]
    rating = act(
        secretary,
        sid,
        "vote.open",
        title="Lấy phiếu tín nhiệm",
        kind="confidence_rating",
        official_ids=[official],
    )["vote_id"]
    subject = visitor().get(f"/api/sessions/{sid}/live").json()["votes"][-1]["subjects"][0]["key"]
    act(delegate, sid, "ballot.cast", vote_id=rating, ballot_id="phieu-0004", choice={subject: "high"})
    act(secretary, sid, "vote.close", vote_id=rating)
    record = visitor().get(f"/api/sessions/{sid}/record").json()
    return {"sid": sid, "record": record, "secretary": secretary}


def test_the_votes_files_say_what_the_record_says_and_no_secret_ballot(
    visitor: Any, held: dict[str, Any]
) -> None:
    anyone, sid, votes = visitor(), held["sid"], held["record"]["votes"]
    rows = by_header(csv_rows(anyone.get(f"/api/sessions/{sid}/votes.csv").content))
    motions = [v for v in votes if v["kind"] == "motion"]
    assert [(r["Số thứ tự"], r["Nội dung biểu quyết"], r["Bỏ phiếu kín"]) for r in rows[: len(motions)]] == [
        (str(v["number"]), v["title"], "Có" if v["secret"] else "Không") for v in motions
    ]
    for row, vote in zip(rows, motions, strict=False):
        assert row["Kết quả"] == vote["result"]["sentence"] and row["Kết luận"] == vote["result"]["verdict"]
        assert row["Kết quả từng phương án"] == "; ".join(
            f"{o['label']}: {o['count']}" for o in vote["result"]["options"]
        )
        assert row["Hình thức"] == "Biểu quyết thông qua"
    rating = next(v for v in votes if v["kind"] == "confidence_rating")
    rated = [r for r in rows if r["Hình thức"] == "Lấy phiếu tín nhiệm"]
    assert [r["Người được lấy phiếu"] for r in rated] == [s["label"] for s in rating["result"]["subjects"]]

    sheets = xlsx_sheets(anyone.get(f"/api/sessions/{sid}/votes.xlsx").content)
    assert list(sheets) == ["Biểu quyết", "Phiếu từng đại biểu"]
    assert len(sheets["Biểu quyết"]) == len(rows) + 1
    named = next(v for v in votes if not v["secret"])
    ballots = by_header(sheets["Phiếu từng đại biểu"])
    assert [(b["Họ và tên"], b["Lựa chọn"]) for b in ballots] == [
        (b["full_name"], b["option"]) for b in named["named_ballots"]
    ]
    assert {b["Số thứ tự"] for b in ballots} == {named["number"]}  # nothing of the secret votes
    alone = by_header(csv_rows(anyone.get(f"/api/sessions/{sid}/ballots.csv").content))
    assert [(b["Họ và tên"], b["Lựa chọn"]) for b in alone] == [
        (b["Họ và tên"], b["Lựa chọn"]) for b in ballots
    ]


def test_the_attendance_files_list_each_day_with_the_reasons(visitor: Any, held: dict[str, Any]) -> None:
    anyone, sid = visitor(), held["sid"]
    days = held["record"]["attendance"]
    rows = by_header(csv_rows(anyone.get(f"/api/sessions/{sid}/attendance.csv").content))
    labels = {
        "present": "Có mặt",
        "excused": "Vắng có lý do",
        "absent": "Vắng không lý do",
        None: "Chưa điểm danh",
    }
    assert [(r["Ngày họp"], r["Họ và tên"], r["Tình trạng"], r["Lý do"]) for r in rows] == [
        (
            dt.date.fromisoformat(day["day"]).strftime("%d/%m/%Y"),
            d["full_name"],
            labels[d["status"]],
            d["reason"] or "",
        )
        for day in days
        for d in day["delegates"]
    ]
    assert ("Vắng có lý do", "Đi công tác") in [(r["Tình trạng"], r["Lý do"]) for r in rows]
    sheet = xlsx_book(anyone.get(f"/api/sessions/{sid}/attendance.xlsx").content)["Điểm danh"]
    assert isinstance(sheet["A2"].value, dt.datetime) and sheet["A2"].number_format == "DD/MM/YYYY"
    checked = [r[6] for r in sheet.iter_rows(min_row=2, values_only=True) if r[6] is not None]
    assert checked and all(isinstance(at, dt.datetime) for at in checked)


def test_an_unpublished_session_has_no_file_for_the_public(
    visitor: Any, small_council: dict[str, Any]
) -> None:
    draft = small_council["draft_id"]
    for path in ("votes.csv", "attendance.xlsx", "ballots.csv"):
        assert visitor().get(f"/api/sessions/{draft}/{path}").status_code == 404
        assert visitor().login(SECRETARY).get(f"/api/sessions/{draft}/{path}").status_code == 200
    answer = visitor().get("/api/sessions/99999/votes.xlsx")
    assert answer.status_code == 404 and answer.json()["error"]["message"]


def test_the_tasks_workbook_has_the_rows_and_columns_of_the_tasks_csv(
    visitor: Any, small_council: dict[str, Any]
) -> None:
    archivist = visitor().login(ARCHIVIST)
    record = archivist.post(
        "/api/archive/resolutions",
        {
            "council_id": small_council["council_id"],
            "title": "Nghị quyết về phát triển giao thông",
            "adopted_on": "2026-06-10",
            "number": "31/NQ-HĐND",
            "gap_reason": "Số trước cấp ngoài hệ thống",
        },
    ).json()["resolution"]
    tasks = f"/api/archive/resolutions/{record['id']}/tasks"
    root = archivist.post(tasks, {"title": "=Đầu tư hạ tầng", "deadline": "2026-01-31"}).json()
    archivist.post(tasks, {"title": "Đường 477", "parent_id": root["id"], "weight": 2, "agency": "Sở GTVT"})
    written = csv_rows(archivist.get(f"/api/archive/tracking/tasks.csv?resolution_id={record['id']}").content)
    book = xlsx_book(archivist.get(f"/api/archive/tracking/tasks.xlsx?resolution_id={record['id']}").content)
    sheet = book["Theo dõi thực hiện"]
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert cells[0] == written[0] and len(cells) == len(written) == 3
    assert written[1][5] == "'=Đầu tư hạ tầng"  # the CSV: kept text, as the import reads it back
    assert cells[1][5] == "=Đầu tư hạ tầng" and sheet.cell(row=2, column=6).data_type == "s"  # not a formula
    assert cells[1][7] == dt.datetime(2026, 1, 31) and written[1][7] == "31/01/2026"
    assert [str(c) if c is not None else "" for c in cells[2][:7]] == written[2][:7]
    assert visitor().get(f"/api/archive/tracking/tasks.xlsx?resolution_id={record['id']}").status_code == 401

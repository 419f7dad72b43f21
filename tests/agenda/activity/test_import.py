"""Import of activities and recommendations from CSV and XLSX on SQLite and PostgreSQL: all rows or none, a
per-row report in both languages, idempotent on the codes."""

from __future__ import annotations

import io
from typing import Any

import pytest

from agenda import db as storage
from agenda.activity.importer.run import ImportRefused, import_file
from agenda.activity.importer.sheets import read_file
from agenda.errors import DomainError
from agenda.models import Activity, ActivityParticipant, ParticipantRole, Recommendation

ACTIVITIES = [
    "Hội đồng nhân dân;Mã hoạt động;Loại hoạt động;Cơ quan tổ chức;Tên hoạt động;Ngày bắt đầu;Ngày kết thúc;"
    "Ngày hoàn thành;Số cử tri;Đại biểu chủ trì;Thành phần tham gia",
    "HĐND tỉnh Ninh Bình;GS-01;giám sát;Ban Pháp chế;Giám sát công tác thi hành án;14/09/2026;18/09/2026;"
    "18/09/2026;;Nguyễn Văn An;Nguyễn Văn An, Lê Hoàng Cường",
    "HĐND tỉnh Ninh Bình;TXCT-01;tiếp xúc cử tri;Tổ đại biểu số 1;Tiếp xúc cử tri trước kỳ họp;20/11/2026;;"
    "20/11/2026;120;;Trần Thị Bình, Phạm Thu Dung",
]
RECOMMENDATIONS = [
    "Hội đồng nhân dân,Mã kiến nghị,Mã hoạt động,Nội dung kiến nghị,Ngày nêu,Cơ quan nhận,Ngày chuyển,Hạn trả lời,"
    "Ngày trả lời,Kết quả giải quyết",
    "HĐND tỉnh Ninh Bình,KN-01,TXCT-01,Sửa đường liên xã,20/11/2026,UBND tỉnh,22/11/2026,30/11/2026,"
    "01/12/2026,chưa giải quyết",
    "HĐND tỉnh Ninh Bình,KN-02,TXCT-01,Nạo vét kênh,20/11/2026,,,,,",
]


def csv_of(lines: list[str]) -> bytes:
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def counts(db: Any) -> tuple[int, int, int]:
    return (
        db.query(Activity).count(),
        db.query(ActivityParticipant).count(),
        db.query(Recommendation).count(),
    )


def test_a_csv_imports_and_again_changes_nothing(factory: Any, council: dict[str, Any]) -> None:
    with storage.transaction(factory) as db:
        preview = import_file(db, "a.csv", csv_of(ACTIVITIES), commit=False)
        assert preview.counts() == {"created": 2, "updated": 0, "unchanged": 0} and not preview.committed
        assert counts(db) == (0, 0, 0)
        report = import_file(db, "a.csv", csv_of(ACTIVITIES), commit=True)
        assert report.committed and report.errors == []
        report = import_file(db, "k.csv", csv_of(RECOMMENDATIONS), commit=True)
        assert report.counts()["created"] == 2
    with storage.transaction(factory) as db:
        assert counts(db) == (2, 4, 2)
        lead = db.query(Activity).filter_by(external_id="GS-01").one()
        assert {p.role for p in lead.participants} == {ParticipantRole.LEAD, ParticipantRole.MEMBER}
        assert import_file(db, "a.csv", csv_of(ACTIVITIES), commit=True).counts()["unchanged"] == 2
        assert import_file(db, "k.csv", csv_of(RECOMMENDATIONS), commit=True).counts()["unchanged"] == 2
        changed = [*ACTIVITIES[:2], ACTIVITIES[2].replace(";120;", ";150;")]
        assert import_file(db, "a.csv", csv_of(changed), commit=True).counts() == {
            "created": 0,
            "updated": 1,
            "unchanged": 1,
        }
        assert counts(db) == (2, 4, 2)


def test_bad_rows_are_reported_and_nothing_is_written(factory: Any, council: dict[str, Any]) -> None:
    bad = [
        ACTIVITIES[0],
        ACTIVITIES[1],
        ACTIVITIES[1]
        .replace("GS-01", "GS-02")
        .replace("18/09/2026;;", "25/12/2026;;")
        .replace("14/09/2026;18/09/2026", "14/12/2026;25/12/2026"),
        ACTIVITIES[1].replace("HĐND tỉnh Ninh Bình", "HĐND tỉnh Không Có").replace("GS-01", "GS-03"),
        ACTIVITIES[1].replace("GS-01", "GS-04").replace("Lê Hoàng Cường", "Đặng Quốc Đạt"),
        ACTIVITIES[1],  # GS-01 again
        ACTIVITIES[2].replace("Tổ đại biểu số 1", "Tổ đại biểu số 9"),
    ]
    with storage.transaction(factory) as db:
        with pytest.raises(ImportRefused) as caught:
            import_file(db, "a.csv", csv_of(bad), commit=True)
        errors = caught.value.report.errors
        assert [(e.row, e.column) for e in errors] == [
            (3, "Ngày hoàn thành"),
            (4, "Hội đồng nhân dân"),
            (5, "Thành phần tham gia"),
            (6, "Mã hoạt động"),
            (7, "Cơ quan tổ chức"),
        ]
        assert "sau hôm nay" in errors[0].vi and "after today" in errors[0].en
        assert "không phải là đại biểu đang làm nhiệm vụ" in errors[2].vi
        assert "not a delegate in office" in errors[2].en
        assert "dòng 2" in errors[3].vi
        assert caught.value.as_dict()["report"]["errors"][0]["message_en"]
        assert counts(db) == (0, 0, 0)


def test_a_recommendation_without_an_answer_cannot_be_resolved(factory: Any, council: dict[str, Any]) -> None:
    rows = [
        "Hội đồng nhân dân,Mã kiến nghị,Nhiệm kỳ (khóa),Nội dung kiến nghị,Ngày nêu,Kết quả giải quyết",
        "HĐND tỉnh Ninh Bình,KN-09,17,Đèn đường,20/11/2026,đã giải quyết",
        "HĐND tỉnh Ninh Bình,KN-10,,Đèn đường,20/11/2026,",
        "HĐND tỉnh Ninh Bình,KN-11,17,Đèn đường,20/11/2026,xong",
    ]
    with storage.transaction(factory) as db:
        report = import_file(db, "k.csv", csv_of(rows), commit=False)
        assert [(e.row, e.column) for e in report.errors] == [
            (2, "Kết quả giải quyết"),
            (3, "Mã hoạt động"),
            (4, "Kết quả giải quyết"),
        ]
        assert "without an answer" in report.errors[0].en


def test_an_xlsx_with_both_sheets(factory: Any, council: dict[str, Any]) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    first.title = "Hoạt động"
    for line in ACTIVITIES:
        first.append(line.split(";"))
    second = book.create_sheet("Kiến nghị")
    for line in RECOMMENDATIONS:
        second.append(line.split(","))
    out = io.BytesIO()
    book.save(out)
    with storage.transaction(factory) as db:
        report = import_file(db, "hoat-dong.xlsx", out.getvalue(), commit=True)
        assert report.counts()["created"] == 4
        assert counts(db) == (2, 4, 2)


def test_unreadable_files(factory: Any, council: dict[str, Any]) -> None:
    for content in (b"", b"a,b\n1,2\n", "x\n".encode("utf-16")):
        with pytest.raises(DomainError) as caught:
            read_file("x.csv", content)
        assert caught.value.status == 422 and caught.value.en
    with pytest.raises(DomainError) as caught:
        read_file("x.csv", csv_of(["Loại hoạt động,Cột lạ", "giám sát,1"]))
    assert "Cột lạ" in caught.value.vi


def test_the_template_reads_back_and_its_examples_import(factory: Any, council: dict[str, Any]) -> None:
    from agenda.activity.importer.template import template_xlsx

    sheets = read_file("mau.xlsx", template_xlsx())
    assert [(s.title, len(s.rows)) for s in sheets] == [("Hoạt động", 1), ("Kiến nghị", 1)]
    with storage.transaction(factory) as db:
        report = import_file(db, "mau.xlsx", template_xlsx(), commit=True)
        assert report.counts()["created"] == 2, report.errors

"""CSV export and import of tasks, on SQLite and PostgreSQL: the same columns both ways, a re-import changes
nothing, a file with one bad row writes nothing and names every bad cell in Vietnamese and English."""

from __future__ import annotations

from typing import Any

import pytest

from agenda import db as storage
from agenda.archive.tracking import csvfile, csvimport
from agenda.errors import DomainError
from agenda.models import AuditEntry, Task

HEADER = ",".join(f'"{h}"' for _, h in csvfile.COLUMNS)
GOOD = [
    "05/2026/NQ-HĐND,HĐND tỉnh Ninh Bình,1,,Điều 2,Đầu tư hạ tầng giao thông,Sở Giao thông vận tải,31/12/2027,,0",
    "05/2026/NQ-HĐND,HĐND tỉnh Ninh Bình,1.1,1,Điều 2,Tuyến đường tỉnh 477,Sở Giao thông vận tải,30/06/2027,3,80",
    "05/2026/NQ-HĐND,Hội đồng nhân dân tỉnh Ninh Bình,1.2,1,Điều 2,Cầu Khánh Thành,UBND huyện Yên Khánh,2027-06-30,,0",
    "12/NQ-HĐND,HĐND tỉnh Ninh Bình,A,,,Giám sát chuyên đề,Ban Pháp chế,,,100",
]


def file_of(*rows: str) -> bytes:
    return ("\ufeff" + "\r\n".join([HEADER, *rows]) + "\r\n").encode()


def run(factory: Any, content: bytes, *, commit: bool = True) -> csvimport.ImportReport:
    with storage.transaction(factory) as db:
        return csvimport.import_csv(db, content, commit=commit, actor="luutru")


def count(factory: Any) -> int:
    with factory() as db:
        return db.query(Task).count()


def test_an_import_creates_the_tree_and_a_reimport_changes_nothing(
    factory: Any, archive: dict[str, Any]
) -> None:
    first = run(factory, file_of(*GOOD))
    assert first.committed and first.errors == []
    assert first.counts() == {"created": 4, "updated": 0, "unchanged": 0}
    with factory() as db:
        child = db.query(Task).filter(Task.external_id == "1.1").one()
        assert child.parent_id == db.query(Task).filter(Task.external_id == "1").one().id
        assert child.weight == 3 and child.progress == 80
    again = run(factory, file_of(*GOOD))
    assert again.counts() == {"created": 0, "updated": 0, "unchanged": 4}
    with factory() as db:
        assert db.query(AuditEntry).filter(AuditEntry.action == "task.imported").count() == 1
    changed = run(factory, file_of(*GOOD[:3], GOOD[3].replace(",100", ",90")))
    assert changed.counts() == {"created": 0, "updated": 1, "unchanged": 3}
    assert count(factory) == 4


def test_the_export_reads_back_as_unchanged(factory: Any, archive: dict[str, Any]) -> None:
    run(factory, file_of(*GOOD))
    with factory() as db:
        exported = csvfile.export_csv(db)
    assert exported.startswith(b"\xef\xbb\xbf")
    lines = exported.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[:3] == ["Số nghị quyết", "Hội đồng nhân dân", "Mã nhiệm vụ"]
    assert len(lines) == 5 and "30/06/2027" in lines[2]
    assert run(factory, exported).counts() == {"created": 0, "updated": 0, "unchanged": 4}
    with factory() as db:
        only = csvfile.export_csv(db, resolution_id=archive["second"]).decode("utf-8-sig").splitlines()
    assert len(only) == 2 and only[1].startswith("12/NQ-HĐND")


def test_a_preview_says_what_would_happen_and_writes_nothing(factory: Any, archive: dict[str, Any]) -> None:
    report = run(factory, file_of(*GOOD), commit=False)
    assert not report.committed and report.counts()["created"] == 4
    assert count(factory) == 0


def test_one_bad_row_writes_nothing_and_every_bad_cell_is_named(
    factory: Any, archive: dict[str, Any]
) -> None:
    bad = [
        *GOOD,
        "05/2026/NQ-HĐND,HĐND tỉnh Ninh Bình,2,,,Quá tiến độ,Sở Xây dựng,31/02/2027,0,150",
        "99/2026/NQ-HĐND,HĐND tỉnh Ninh Bình,3,,,Không có nghị quyết,Sở Xây dựng,,,",
        "05/2026/NQ-HĐND,HĐND tỉnh Ninh Bình,1.1,,,Trùng mã,Sở Xây dựng,,,",
        "05/2026/NQ-HĐND,HĐND tỉnh Ninh Bình,4,9,,Cha không có,Sở Xây dựng,,,",
    ]
    report = run(factory, file_of(*bad))
    assert not report.committed and count(factory) == 0
    found = {(e.row, e.column) for e in report.errors}
    assert {(6, "Hạn hoàn thành"), (6, "Trọng số"), (6, "Tiến độ (%)")} <= found
    assert (7, "Số nghị quyết") in found and (8, "Mã nhiệm vụ") in found and (9, "Mã nhiệm vụ cha") in found
    date_error = next(e for e in report.errors if e.column == "Hạn hoàn thành")
    assert "không hợp lệ" in date_error.vi and "not a valid date" in date_error.en
    progress_error = next(e for e in report.errors if e.column == "Tiến độ (%)")
    assert "0 đến 100" in progress_error.vi and "150" in progress_error.en


def test_a_parent_circle_in_the_file_is_refused(factory: Any, archive: dict[str, Any]) -> None:
    rows = [
        "12/NQ-HĐND,HĐND tỉnh Ninh Bình,X,Y,,Một,Sở Tài chính,,,",
        "12/NQ-HĐND,HĐND tỉnh Ninh Bình,Y,X,,Hai,Sở Tài chính,,,",
    ]
    report = run(factory, file_of(*rows))
    assert [(e.row, e.column) for e in report.errors] == [(2, "Mã nhiệm vụ cha"), (3, "Mã nhiệm vụ cha")]
    assert count(factory) == 0


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("Số nghị quyết,Nhiệm vụ\r\n".encode("utf-16"), "UTF-8"),
        ("Số nghị quyết,Tên lạ\r\n".encode(), "Tên lạ"),
        (b"", "trống"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_as_a_whole(
    factory: Any, archive: dict[str, Any], content: bytes, words: str
) -> None:
    with pytest.raises(DomainError) as caught:
        run(factory, content)
    assert words in caught.value.vi and caught.value.en


def test_a_semicolon_file_from_excel_is_read_too(factory: Any, archive: dict[str, Any]) -> None:
    header = ";".join(h for _, h in csvfile.COLUMNS)
    row = "12/NQ-HĐND;HĐND tỉnh Ninh Bình;A;;;Giám sát;Ban Pháp chế;01/03/2027;;10"
    assert run(factory, f"{header}\r\n{row}\r\n".encode()).counts()["created"] == 1


def test_a_title_a_spreadsheet_would_run_as_a_formula_is_quoted_and_reads_back(
    factory: Any, archive: dict[str, Any]
) -> None:
    row = '12/NQ-HĐND,HĐND tỉnh Ninh Bình,F,,,"=HYPERLINK(""http://x"")",- Sở Tài chính,,,'
    assert run(factory, file_of(row)).counts()["created"] == 1
    with factory() as db:
        assert db.query(Task).one().title == '=HYPERLINK("http://x")'
        exported = csvfile.export_csv(db)
    line = exported.decode("utf-8-sig").splitlines()[1]
    assert "'=HYPERLINK" in line and ",'- Sở Tài chính," in line
    assert run(factory, exported).counts() == {"created": 0, "updated": 0, "unchanged": 1}

"""Checking each row: cells read as their column says, then by the domain's own readers, errors by row and
column in both languages, and a person named twice in one file."""

from __future__ import annotations

import datetime as dt

from agenda.council.roster import parse
from agenda.council.roster.validate import DelegateRow, OfficialRow, check_sheet
from agenda.models import MembershipRole, OrganizationKind
from tests.agenda.council.roster.sheets import xlsx

HEADERS = [
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số điện thoại",
    "Ngày bắt đầu nhiệm vụ",
    "Ban",
    "Chức vụ trong Ban",
    "Thường trực HĐND",
]


def _checked(rows: list[list[object]], headers: list[str] = HEADERS) -> list:
    return check_sheet(parse.read_workbook("ds.xlsx", xlsx(rows, headers)).sheets[0])


def test_cells_become_typed_values_in_nfc_and_trimmed() -> None:
    decomposed = "Nguye\u0302\u0303n  Văn   An "
    (checked,) = _checked(
        [
            [
                decomposed,
                dt.datetime(1975, 5, 20),
                "nữ",
                912345678,
                "15-03-2026",
                " Ban Pháp chế ",
                "trưởng ban",
                "Phó Chủ tịch HĐND",
            ]
        ]
    )
    row = checked.row
    assert isinstance(row, DelegateRow) and not checked.errors
    assert row.full_name == "Nguyễn Văn An" and row.birth_year == 1975 and row.gender == "nữ"
    assert row.phone == "912345678" and row.started_on == dt.date(2026, 3, 15)
    assert [(m.kind, m.name, m.role) for m in row.memberships] == [
        (OrganizationKind.STANDING, None, MembershipRole.VICE_CHAIR),
        (OrganizationKind.COMMITTEE, "Ban Pháp chế", MembershipRole.HEAD),
    ]


def test_an_excel_serial_date_and_a_plain_year_are_read() -> None:
    (checked,) = _checked([["Lê Văn Cường", "1980", None, None, 46096]])
    assert checked.row is not None and checked.row.birth_year == 1980
    assert checked.row.started_on == dt.date(2026, 3, 15)


def test_each_wrong_cell_is_reported_with_its_column_in_both_languages() -> None:
    (checked,) = _checked([["Trần Thị Bình", "năm ngoái", "khác", None, "31/02/2026", None, "Trưởng Ban"]])
    assert checked.row is None and checked.number == 2 and checked.name == "Trần Thị Bình"
    by_column = {e.column.header: e for e in checked.errors if e.column}
    assert set(by_column) == {"Năm sinh", "Giới tính", "Ngày bắt đầu nhiệm vụ", "Chức vụ trong Ban"}
    assert by_column["Giới tính"].vi == "Giới tính là “nam” hoặc “nữ”." and by_column["Giới tính"].en


def test_a_missing_name_and_an_unknown_role_are_errors() -> None:
    (checked,) = _checked([[None, 1970, None, None, None, "Ban Pháp chế", "Chủ nhiệm"]])
    assert {e.column.key for e in checked.errors if e.column} == {"full_name", "committee_role"}
    assert "Trưởng Ban, Phó Trưởng Ban, Ủy viên" in next(
        e.vi for e in checked.errors if e.column.key == "committee_role"
    )


def test_the_same_delegate_twice_in_one_file_is_an_error_naming_the_first_row() -> None:
    first, second, other = _checked(
        [["Phạm Thu Dung", 1970], ["phạm  thu dung", 1970], ["Phạm Thu Dung", 1971]]
    )
    assert first.row is not None and other.row is not None
    assert second.row is None and "dòng 2" in second.errors[0].vi and "row 2" in second.errors[0].en


def test_an_official_needs_position_and_agency() -> None:
    rows = _checked(
        [["Hoàng Minh Tuấn", "Giám đốc Sở Y tế", "Sở Y tế"], ["Vũ Văn Hải", "", "Sở Tài chính"]],
        ["Họ và tên", "Chức vụ", "Cơ quan"],
    )
    assert isinstance(rows[0].row, OfficialRow) and rows[0].row.agency == "Sở Y tế"
    assert rows[1].row is None and rows[1].errors[0].column.key == "position"

"""Reading an uploaded list: XLSX and CSV, their headers, and the files refused with the reason."""

from __future__ import annotations

import io
import zipfile

import pytest

from agenda.council.roster import parse
from agenda.council.roster.columns import RosterList
from agenda.council.roster.template import template_xlsx
from agenda.errors import DomainError
from tests.agenda.council.roster.sheets import csv_bytes, windows_1258, xlsx

ROW = [1, "Nguyễn Văn An", 1975, "Nam", "Đơn vị bầu cử số 1", "A01", "Ban Pháp chế", "", "Tổ 1", ""]


def test_an_xlsx_list_is_found_below_its_title_with_its_columns() -> None:
    book = parse.read_workbook("ds.xlsx", xlsx([ROW], above=[["DANH SÁCH ĐẠI BIỂU HĐND TỈNH"], []]))
    (sheet,) = book.sheets
    assert book.kind == "xlsx" and sheet.roster == RosterList.DELEGATES
    assert sheet.rows[0].number == 4 and sheet.rows[0].cells["full_name"] == "Nguyễn Văn An"
    assert [c.key for c in sheet.columns][:3] == ["number", "full_name", "birth_year"]


def test_headers_match_without_case_or_diacritics_and_unknown_ones_are_listed() -> None:
    book = parse.read_workbook("ds.xlsx", xlsx([["Trần Thị Bình", "x"]], headers=["HO VA TEN", "Ghi chú"]))
    assert [c.key for c in book.sheets[0].columns] == ["full_name"]
    assert book.sheets[0].ignored == ("Ghi chú",)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "utf-16"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_csv_is_read_in_utf8_with_or_without_bom_and_any_usual_separator(
    encoding: str, delimiter: str
) -> None:
    book = parse.read_workbook("ds.csv", csv_bytes([ROW], delimiter=delimiter, encoding=encoding))
    assert book.kind == "csv"
    assert book.sheets[0].rows[0].cells["full_name"] == "Nguyễn Văn An"
    assert book.sheets[0].rows[0].cells["seat_label"] == "A01"


def test_a_windows_1258_csv_is_refused_with_how_to_save_it() -> None:
    with pytest.raises(DomainError) as refused:
        parse.read_workbook("ds.csv", windows_1258("STT,Họ và tên\r\n1,Lê Văn Đạt\r\n"))
    assert (
        refused.value.status == 422 and "CSV UTF-8" in refused.value.vi and "Windows-1258" in refused.value.en
    )


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04garbage", b"\xd0\xcf\x11\xe0old excel", b"", b"just,some\ntext,here\n", b"\x00\x01\x02"],
)
def test_garbage_is_refused_as_a_4xx(content: bytes) -> None:
    with pytest.raises(DomainError) as refused:
        parse.read_workbook("x.xlsx", content)
    assert 400 <= refused.value.status < 500


def test_a_decompression_bomb_is_refused_before_it_is_inflated() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (parse.MAX_UNPACKED_BYTES + 1))
    with pytest.raises(DomainError) as refused:
        parse.read_workbook("bomb.xlsx", out.getvalue())
    assert refused.value.code == "unreadable_file" and "XLSX" in refused.value.en


def test_too_many_rows_are_refused_with_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse, "MAX_ROWS", 3)
    with pytest.raises(DomainError) as refused:
        parse.read_workbook("ds.xlsx", xlsx([ROW] * 4))
    assert refused.value.status == 413 and "3" in refused.value.vi


def test_the_template_reads_as_both_lists_and_not_its_guide() -> None:
    book = parse.read_workbook("mau.xlsx", template_xlsx())
    assert [(s.roster, len(s.rows)) for s in book.sheets] == [
        (RosterList.DELEGATES, 1),
        (RosterList.OFFICIALS, 1),
    ]


def test_rows_numbered_in_advance_but_not_filled_in_are_left_out() -> None:
    book = parse.read_workbook("ds.xlsx", xlsx([ROW, [2], [3, None, None], [4, " "]]))
    assert [r.number for r in book.sheets[0].rows] == [2]

"""The template a council fills in: each list's sheet with its headers and a sample row, lists to pick
from where a column takes only a few values, and a guide sheet that explains every column."""

from __future__ import annotations

from typing import Any

from agenda.council.roster.columns import COLUMNS, GUIDE_TITLE, SHEET_TITLES, RosterList
from agenda.council.roster.workbook import write_xlsx


def template_xlsx() -> bytes:
    samples = [
        (roster, [{c.key: c.example for c in columns if c.example is not None}])
        for roster, columns in COLUMNS.items()
    ]
    return write_xlsx(samples, more=add_guide)


def add_guide(book: Any) -> None:
    """The guide sheet: the rules of the import, then each list's columns, what each means, whether required."""
    from openpyxl.styles import Alignment, Font

    guide = book.create_sheet(GUIDE_TITLE)
    for line in _RULES:
        guide.append([line])
    guide.append([])
    guide.append(["Trang", "Cột", "Column", "Bắt buộc", "Ý nghĩa", "Meaning", "Cũng nhận tiêu đề"])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    for roster in RosterList:
        for column in COLUMNS[roster]:
            guide.append(
                [
                    SHEET_TITLES[roster],
                    column.header,
                    column.header_en,
                    "Có" if column.required else "",
                    column.note_vi,
                    column.note_en,
                    ", ".join(column.aliases),
                ]
            )
    for letter, width in zip("ABCDEFG", (20, 24, 20, 9, 60, 60, 34), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=len(_RULES) + 2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide["A1"].font = Font(bold=True, size=13)


_RULES = (
    "Hướng dẫn nhập danh sách — Importing the lists",
    "• Xóa các dòng mẫu trước khi nhập. Delete the sample rows before importing.",
    "• Mỗi đại biểu một dòng; nhận ra đại biểu theo Họ và tên + Năm sinh (người được chất vấn: Họ và tên + Cơ quan). "
    "One row per person; a delegate is recognised by name + birth year (an official: name + agency).",
    "• Nhập lại cùng tệp không thay đổi gì; ô để trống xóa giá trị đó, cột không có trong tệp thì giữ nguyên. "
    "Importing the same file again changes nothing; an empty cell empties the field, a missing column keeps it.",
    "• Nhập không bao giờ xóa đại biểu, Ban, Tổ hay thành viên; chỉ thêm hoặc sửa. "
    "An import never removes a delegate, a Ban, a Tổ or a membership; it only adds and edits.",
    "• Có một dòng lỗi thì không ghi dòng nào; bản xem trước chỉ ra dòng và cột. "
    "One wrong row and nothing is written; the preview names the row and the column.",
    "• Ngày ghi dạng dd/mm/yyyy (15/03/2026) hoặc dạng ngày của Excel. Dates as dd/mm/yyyy or Excel dates.",
    "• Tệp CSV: lưu dạng “CSV UTF-8”. A CSV file: save it as “CSV UTF-8”.",
)

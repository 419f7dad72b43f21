"""The import's template: an XLSX workbook with the two sheets the import reads (“Hoạt động”, “Kiến nghị”),
their Vietnamese headers bold and frozen, and one example row each — what it writes reads back."""

from __future__ import annotations

import io

from agenda.activity.importer.columns import COLUMNS, SHEET_TITLES, Table

EXAMPLES: dict[Table, dict[str, str]] = {
    Table.ACTIVITIES: {
        "council": "HĐND tỉnh Ninh Bình",
        "external_id": "GS-2026-01",
        "kind": "giám sát",
        "organization": "Ban Pháp chế",
        "lead": "Nguyễn Văn An",
        "title": "Giám sát việc giải quyết thủ tục hành chính về đất đai",
        "thematic": "không",
        "starts_on": "14/09/2026",
        "ends_on": "18/09/2026",
        "completed_on": "18/09/2026",
        "participants": "Nguyễn Văn An; Lê Hoàng Cường",
    },
    Table.RECOMMENDATIONS: {
        "council": "HĐND tỉnh Ninh Bình",
        "external_id": "KN-2026-01",
        "activity": "GS-2026-01",
        "kind": "kiến nghị",
        "field": "Đất đai",
        "text": "Đẩy nhanh cấp giấy chứng nhận quyền sử dụng đất",
        "raised_on": "18/09/2026",
        "addressee": "UBND tỉnh",
        "forwarded_on": "25/09/2026",
        "due_on": "25/10/2026",
    },
}


def template_xlsx() -> bytes:
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    book.remove(book.active)
    for table in Table:
        sheet = book.create_sheet(SHEET_TITLES[table])
        columns = COLUMNS[table]
        sheet.append([c.vi for c in columns])
        sheet.append([EXAMPLES[table].get(c.key, "") for c in columns])
        for index, column in enumerate(columns, start=1):
            sheet.cell(row=1, column=index).font = Font(bold=True)
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = (
                40 if column.key in ("title", "text", "participants") else 18
            )
            sheet.column_dimensions[letter].number_format = "@"  # dates typed as 15/07/2026 stay as written
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

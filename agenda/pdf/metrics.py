"""The annual report (báo cáo tổng kết) of :mod:`agenda.metrics.report`, printed: A4 landscape, a table per
section, in DejaVu (every Vietnamese letter). Text is cleaned as the minutes clean theirs
(:func:`agenda.pdf.minutes.typography.clean`: NFC, no soft hyphen); the table breaks lines only at spaces,
and a number holds none, so a number is never cut across lines — each column is wide enough for its
widest number."""

from __future__ import annotations

from agenda.metrics.report import Report
from agenda.pdf.minutes.typography import clean
from agenda.pdf.typeset import new_pdf, output_bytes


def report_pdf(report: Report) -> bytes:
    pdf = new_pdf(running=clean(report.title)[:90])
    pdf.set_margins(15, 15, 15)
    pdf.add_page(orientation="L")
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 6, clean(report.title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 6, clean(report.subtitle), align="C", new_x="LMARGIN", new_y="NEXT")
    for section in report.sections:
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 5, clean(section.title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 7.5)
        if not section.rows:
            pdf.multi_cell(0, 5, "Không có số liệu.", new_x="LMARGIN", new_y="NEXT")
            continue
        with pdf.table(
            col_widths=section.widths,
            width=sum(section.widths),
            align="LEFT",
            text_align="LEFT",
            line_height=4,
            repeat_headings=1,
        ) as table:
            head = table.row()
            for text in section.headers:
                head.cell(clean(text))
            for values in section.rows:
                row = table.row()
                for value in values:
                    row.cell(clean(str(value)))
    return output_bytes(pdf)

"""A table as CSV: UTF-8 with the byte-order mark (without it Excel reads Vietnamese as mojibake), RFC 4180
(comma, CRLF, a field with a comma, quote or line break in quotes, quotes doubled), the headers in the
caller's language, every cell through :func:`.cells.written` (dates dd/mm/yyyy, no formula)."""

from __future__ import annotations

import csv
import io
from typing import Any

from agenda.opendata.exports.cells import written
from agenda.opendata.exports.columns import Table

CSV_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"


def write_csv(table: Table[Any], lang: str = "vi") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(table.headers(lang))
    for values in table.values(lang):
        writer.writerow(written(v) for v in values)
    return (BOM + out.getvalue()).encode("utf-8")

"""The archive's search results as a table: every resolution the search finds (not one page), up to
:data:`MAX_ROWS` — a larger result is cut there and the file says so (and how to narrow it down). The same
search as the page's (:func:`agenda.archive.search.service.search`), in the same order, the same scope."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy.orm import Session as DbSession

from agenda.archive import permalinks
from agenda.archive.force import FORCE_LABELS
from agenda.archive.search.hits import Hit
from agenda.archive.search.request import SearchRequest
from agenda.archive.search.service import search
from agenda.opendata.exports.columns import Column, Kind, Label, Table

MAX_ROWS = 5000  # the most rows an export of the search holds
NORMATIVE = Label("Quy phạm pháp luật", "Normative")
OTHER = Label("Cá biệt", "Other")
TITLE = Label("Kết quả tìm kiếm", "Search results")


def cut_note(total: int) -> Label:
    return Label(
        f"Có {total} nghị quyết phù hợp; tệp chỉ gồm {MAX_ROWS} nghị quyết đầu tiên. "
        "Hãy thu hẹp tìm kiếm (năm, lĩnh vực, loại) để tải đủ.",
        f"{total} resolutions match; the file holds the first {MAX_ROWS}. "
        "Narrow the search (year, field, type) to download them all.",
    )


def _signer(h: Hit) -> str | None:
    return " ".join(p for p in [h.record.signer_title, h.record.signer_name] if p) or None


def _status(h: Hit) -> Label | None:
    return None if h.status is None else Label(*FORCE_LABELS[h.status])


def columns(base: str) -> tuple[Column[Hit], ...]:
    """``base``: the site's address, before each resolution's permalink."""

    def link(h: Hit) -> str | None:
        path = permalinks.path_of(h.record)
        return base + path if path and h.record.published_on is not None else None

    return (
        Column("number", "Số, ký hiệu", "Number", lambda h: h.record.number, width=22),
        Column("title", "Trích yếu", "Title", lambda h: h.record.title, width=60),
        Column("council", "Cơ quan ban hành", "Council", lambda h: h.record.council.name, width=28),
        Column("kind", "Loại", "Type", lambda h: NORMATIVE if h.record.normative else OTHER, width=18),
        Column("field", "Lĩnh vực", "Field", lambda h: h.record.field, width=20),
        Column("signer", "Người ký", "Signed by", _signer, width=26),
        Column("adopted_on", "Ngày thông qua", "Adopted on", lambda h: h.record.adopted_on, Kind.DATE, 14),
        Column(
            "published_on", "Ngày công bố", "Published on", lambda h: h.record.published_on, Kind.DATE, 14
        ),
        Column("status", "Hiệu lực", "Legal force", _status, width=22),
        Column("permalink", "Đường dẫn", "Link", link, width=50),
    )


def search_table(
    db: DbSession, request: SearchRequest, *, public: bool, day: dt.date, base: str
) -> tuple[Table[Hit], int]:
    """The table of every hit (at most :data:`MAX_ROWS`) and how many the search found."""
    everything = dataclasses.replace(request, page=1, per_page=MAX_ROWS)
    found = search(db, everything, public=public, day=day, snippets=False)
    note = cut_note(found.total) if found.total > MAX_ROWS else None
    if found.message is not None:  # nothing could be searched: why, as the page says it
        note = Label(*found.message)
    return Table(TITLE, columns(base), found.hits, note), found.total

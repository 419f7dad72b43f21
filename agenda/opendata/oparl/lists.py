"""A list's page and its filters, as OParl 1.1 says (chapter "Paginierung", "Filter"): ``data``, ``pagination``
(``totalElements``, ``elementsPerPage``, ``currentPage``, ``totalPages``) and ``links`` (``first``, ``prev``,
``next``, ``last``, each keeping the filters); ``created_since``, ``modified_since``, ``modified_until`` (ISO
8601 date-times; inclusive), ``limit`` (1–1,000 per page; 100 by default) and ``page`` (1…). A page past the
end is an empty page; a malformed filter a 400 in Vietnamese and English. Tombstones are part of every list."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session as DbSession

from agenda.errors import DomainError
from agenda.models import OparlEntry
from agenda.opendata.oparl.ids import Kind, stamp

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
FILTERS = {
    "created_since": ("created_since (tạo từ)", "created_since"),
    "modified_since": ("modified_since (sửa từ)", "modified_since"),
    "modified_until": ("modified_until (sửa đến)", "modified_until"),
}


def _bad(name: str, vi: str, en: str) -> DomainError:
    return DomainError(
        f"Tham số {name} không hợp lệ: {vi}.", f"The parameter {name} is not valid: {en}.", code="bad_filter"
    )


def parse_time(name: str, raw: str) -> dt.datetime:
    """An ISO 8601 date-time (``2026-12-04T10:00:00Z``, ``…+07:00``; without an offset: UTC) as naive UTC."""
    text = raw.strip()
    if len(text) < 19 or text[10:11] not in ("T", "t", " "):
        raise _bad(
            name,
            "cần ngày giờ ISO 8601, ví dụ 2026-12-04T10:00:00Z",
            "an ISO 8601 date-time is needed, e.g. 2026-12-04T10:00:00Z",
        )
    try:
        value = dt.datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] in ("Z", "z") else text)
    except ValueError:
        raise _bad(
            name,
            "cần ngày giờ ISO 8601, ví dụ 2026-12-04T10:00:00Z",
            "an ISO 8601 date-time is needed, e.g. 2026-12-04T10:00:00Z",
        ) from None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _whole(name: str, raw: str, low: int, high: int) -> int:
    if re.fullmatch(r"[0-9]{1,9}", raw) is None or not low <= int(raw) <= high:
        raise _bad(
            name, f"cần số nguyên từ {low} đến {high}", f"a whole number from {low} to {high} is needed"
        )
    return int(raw)


@dataclass(frozen=True)
class Filters:
    created_since: dt.datetime | None = None
    modified_since: dt.datetime | None = None
    modified_until: dt.datetime | None = None
    page: int = 1
    limit: int = PAGE_SIZE

    @classmethod
    def parse(cls, query: Mapping[str, str]) -> Filters:
        times = {name: parse_time(name, query[name]) for name in FILTERS if query.get(name)}
        page = _whole("page", query["page"], 1, 10**9) if query.get("page") else 1
        limit = _whole("limit", query["limit"], 1, MAX_PAGE_SIZE) if query.get("limit") else PAGE_SIZE
        return cls(**times, page=page, limit=limit)

    @property
    def first_page(self) -> bool:
        return self.page == 1

    def where(self) -> list[ColumnElement[bool]]:
        e = OparlEntry
        conditions: list[ColumnElement[bool]] = []
        if self.created_since is not None:
            conditions.append(e.created_at >= self.created_since)
        if self.modified_since is not None:
            conditions.append(e.modified_at >= self.modified_since)
        if self.modified_until is not None:
            conditions.append(e.modified_at <= self.modified_until)
        return conditions

    def query(self, page: int) -> str:
        named: dict[str, str] = {}
        for name in FILTERS:
            value = getattr(self, name)
            if value is not None:
                named[name] = stamp(value)
        if self.limit != PAGE_SIZE:
            named["limit"] = str(self.limit)
        named["page"] = str(page)
        return urlencode(named)


def shown(entry: OparlEntry) -> dict[str, Any]:
    """An entry as the API shows it: its object with ``created`` and ``modified`` (a tombstone: id, type,
    ``deleted``)."""
    return {**entry.data, "created": stamp(entry.created_at), "modified": stamp(entry.modified_at)}


def page(db: DbSession, body: int | None, kind: Kind, filters: Filters, address: str) -> dict[str, Any]:
    """One page of the list of ``kind`` of ``body`` (of every body: the body list) at ``address``."""
    e = OparlEntry
    conditions = [e.kind == kind.value, *filters.where()]
    if body is not None:
        conditions.append(e.body_id == body)
    total = int(db.scalar(select(func.count()).select_from(e).where(*conditions)) or 0)
    rows = db.scalars(
        select(e)
        .where(*conditions)
        .order_by(e.body_id, e.key)
        .offset((filters.page - 1) * filters.limit)
        .limit(filters.limit)
    ).all()
    pages = max(1, math.ceil(total / filters.limit))
    links = {"first": f"{address}?{filters.query(1)}", "last": f"{address}?{filters.query(pages)}"}
    if filters.page > 1:
        links["prev"] = f"{address}?{filters.query(min(filters.page - 1, pages))}"
    if filters.page < pages:
        links["next"] = f"{address}?{filters.query(filters.page + 1)}"
    return {
        "data": [shown(r) for r in rows],
        "pagination": {
            "totalElements": total,
            "elementsPerPage": filters.limit,
            "currentPage": filters.page,
            "totalPages": pages,
        },
        "links": links,
    }

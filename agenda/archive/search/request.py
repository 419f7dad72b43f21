"""A search as asked — words and filters from the address (``?q=…&year=2026&status=in_force``) — read into
typed values before anything runs: a bad value is a clear refusal naming the filter, never a 500."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Self

from agenda.archive.force import Force
from agenda.archive.search.query import MAX_LENGTH
from agenda.inputs import Fields
from agenda.models import CouncilLevel

PER_PAGE = 20
MAX_PAGE = 10_000  # beyond: an empty page, as past the last


class Sort(enum.StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"


class Kind(enum.StrEnum):
    NORMATIVE = "normative"  # quy phạm pháp luật
    OTHER = "other"


@dataclass(frozen=True)
class Filters:
    council_id: int | None = None
    level: CouncilLevel | None = None
    year: int | None = None
    term_id: int | None = None
    session_id: int | None = None
    kind: Kind | None = None
    field: str | None = None
    signer: str | None = None
    status: Force | None = None
    since: dt.date | None = None  # adopted on or after
    until: dt.date | None = None  # adopted on or before

    @property
    def any(self) -> bool:
        return any(value is not None for value in self.__dict__.values())


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    filters: Filters = Filters()
    on: dt.date | None = None  # the day of the legal force (default: the council's today)
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    per_page: int = PER_PAGE
    typing: bool = False  # the box is being typed in: the last word is a prefix

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> Self:
        given = {k: v for k, v in params.items() if v != ""}
        f = Fields(given)
        q = f.text("q", ("từ cần tìm", "search"), required=False, max_length=MAX_LENGTH) or ""
        filters = Filters(
            council_id=f.integer("council_id", ("Hội đồng nhân dân", "council"), required=False, minimum=1),
            level=f.choice("level", ("cấp", "level"), CouncilLevel, required=False),
            year=f.integer("year", ("năm", "year"), required=False, minimum=1945, maximum=9999),
            term_id=f.integer("term_id", ("khóa", "term"), required=False, minimum=1),
            session_id=f.integer("session_id", ("kỳ họp", "session"), required=False, minimum=1),
            kind=f.choice("kind", ("loại", "type"), Kind, required=False),
            field=f.text("field", ("lĩnh vực", "field"), required=False, max_length=200),
            signer=f.text("signer", ("người ký", "signer"), required=False, max_length=200),
            status=f.choice("status", ("hiệu lực", "legal force"), Force, required=False),
            since=f.date("since", ("từ ngày", "from"), required=False),
            until=f.date("until", ("đến ngày", "to"), required=False),
        )
        return cls(
            q=q,
            filters=filters,
            on=f.date("on", ("ngày", "date"), required=False),
            sort=f.choice("sort", ("sắp xếp", "sort"), Sort, required=False) or Sort.RELEVANCE,
            page=f.integer("page", ("trang", "page"), required=False, minimum=1) or 1,
            per_page=f.integer(
                "per_page", ("số kết quả mỗi trang", "results a page"), required=False, minimum=1, maximum=100
            )
            or PER_PAGE,
            typing=given.get("typing") == "1" and not given.get("q", "").endswith(" "),
        )

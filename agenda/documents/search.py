"""The text of a document's pages and search inside it, with or without diacritics."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.errors import DomainError
from agenda.models import DocumentPage, DocumentVersion
from agenda.text import fold, has_marks


class PageText(NamedTuple):
    number: int
    text: str


def page_texts(db: DbSession, version: DocumentVersion, page: int | None = None) -> list[PageText]:
    """The text of every page of ``version`` in order, or of page ``page``."""
    stmt = select(DocumentPage.page_number, DocumentPage.text).where(DocumentPage.version_id == version.id)
    if page is not None:
        stmt = stmt.where(DocumentPage.page_number == page)
    rows = db.execute(stmt.order_by(DocumentPage.page_number))
    return [PageText(number, text) for number, text in rows]


@dataclass(frozen=True)
class Hit:
    page: int
    count: int
    snippets: list[dict[str, Any]]


class SearchResult(NamedTuple):
    mode: str  # "exact" (the query has diacritics) or "folded"
    hits: list[Hit]


def search_text(query: str) -> str:
    """What to search for (``query`` normalised); refused when empty or longer than 200 characters."""
    text = unicodedata.normalize("NFC", query).strip()
    if not text:
        raise DomainError(
            "Vui lòng nhập từ cần tìm.", "Please enter what to search for.", code="required", field="q"
        )
    if len(text) > 200:
        raise DomainError(
            "Từ cần tìm dài quá 200 ký tự.", "The search is longer than 200 characters.", field="q"
        )
    return text


def search(pages: Iterable[PageText], query: str, *, context: int = 60, per_page: int = 3) -> SearchResult:
    """Pages where ``query`` occurs, with snippets. Case never matters; a query typed without diacritics
    matches with or without them ("dong" finds "Đồng", "động", "dòng"), a query with diacritics matches
    them exactly ("đồng" finds "Đồng" but not "động")."""
    text = search_text(query)
    exact = has_marks(text)
    needle = fold(text, keep_marks=exact)[0]
    hits = []
    for number, page_text in pages:
        source = unicodedata.normalize("NFC", page_text)
        haystack, index = fold(source, keep_marks=exact)
        starts = [m.start() for m in re.finditer(re.escape(needle), haystack)]
        if starts:
            hits.append(
                Hit(
                    number,
                    len(starts),
                    [_snippet(source, index, s, len(needle), context) for s in starts[:per_page]],
                )
            )
    return SearchResult("exact" if exact else "folded", hits)


def _snippet(source: str, index: list[int], start: int, length: int, context: int) -> dict[str, Any]:
    begin, end = index[start], index[start + length - 1] + 1
    left, right = max(0, begin - context), min(len(source), end + context)
    before = ("…" if left > 0 else "") + re.sub(r"\s+", " ", source[left:begin]).lstrip()
    match = re.sub(r"\s+", " ", source[begin:end])
    after = re.sub(r"\s+", " ", source[end:right]).rstrip() + ("…" if right < len(source) else "")
    return {"text": before + match + after, "match_start": len(before), "match_end": len(before) + len(match)}

"""The page each hit opens at, found for the whole page of hits in one statement (``Engine.best_pages``), is the
page the engines found one resolution at a time before (kept here as the reference: ``_one_at_a_time``) — on
both engines, for words, prefixes, phrases and exact accents, with every page readable or only some."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session as DbSession

from agenda import db as storage
from agenda.archive.search.engines import engine_for, sqlite
from agenda.archive.search.engines.postgres import ts_query
from agenda.archive.search.engines.sqlite import CANDIDATE_PAGES, page_query
from agenda.archive.search.query import parse
from agenda.archive.search.snippets import best_text
from agenda.archive.search.terms import Words, words_of
from agenda.models import Council, CouncilLevel
from agenda.models.search import PAGES_PER_RESOLUTION
from tests.agenda.archive.search.test_search import add

PAGES = [
    "Bảng giá đất ở các phường. Giá đất nông nghiệp.",
    "Đất công ích; giá dịch vụ thuỷ lợi.",
    "Giá đất, giá đất, giá đất ở đô thị và đất rừng.",
    "Không có gì về đất.",
    "Hỗ trợ giá giống cây trồng; đất trồng lúa.",
]
QUERIES = ("dat", "gia dat", '"gia dat"', "giá đất", "thuy loi", "đât", "gi", "dat rung", "khong co")


def _one_at_a_time(db: DbSession, words: Words, rid: int, positions: Sequence[int]) -> int | None:
    """The engines' ``best_page`` before ``best_pages``: one resolution's pages in one statement."""
    low = rid * PAGES_PER_RESOLUTION
    if words.empty or not positions:
        return None
    if db.get_bind().dialect.name != "sqlite":
        row = db.execute(
            text(
                "SELECT id FROM fts_page, CAST(:q AS tsquery) q WHERE id = ANY(:ids) AND f @@ q "
                "ORDER BY ts_rank(f, q) DESC, id LIMIT 1"
            ),
            {"q": ts_query(words), "ids": [low + p for p in positions]},
        ).first()
        return None if row is None else int(row[0] - low)
    rows = db.execute(
        text("SELECT rowid FROM fts_page WHERE fts_page MATCH :q AND rowid BETWEEN :low AND :high"),
        {"q": page_query(words), "low": low, "high": low + PAGES_PER_RESOLUTION - 1},
    )
    matched = [int(r) for (r,) in rows if r - low in set(positions)][:CANDIDATE_PAGES]
    if len(matched) <= 1:
        return matched[0] - low if matched else None
    texts = db.execute(
        text(f"SELECT id, text FROM search_page WHERE id IN ({', '.join(map(str, matched))}) ORDER BY id")
    )
    best = best_text([(int(i), str(b)) for i, b in texts], words.folded())
    return None if best is None else best - low


def test_best_pages_equal_the_pages_found_one_resolution_at_a_time(factory: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(sqlite, "RANGES_A_STATEMENT", 5)  # (SQLite: the ranges in several statements too)
    with storage.transaction(factory) as db:
        province = Council(
            name="HĐND tỉnh Lâm Đồng",
            short_name="Lâm Đồng",
            place_name="Lâm Đồng",
            level=CouncilLevel.PROVINCE,
        )
        commune = Council(
            name="HĐND xã Tân Hà", short_name="Tân Hà", place_name="Tân Hà", level=CouncilLevel.COMMUNE
        )
        db.add_all([province, commune])
        db.flush()
        made = [
            add(
                db,
                province if n % 2 else commune,
                f"{n + 1:02d}/2026/NQ-HĐND",
                f"Nghị quyết số {n + 1} về giá đất",
                [PAGES[(n + k) % len(PAGES)] for k in range(1 + n % len(PAGES))],
                adopted=dt.date(2026, 1, 1) + dt.timedelta(days=n),
            ).id
            for n in range(12)
        ]
    with factory() as db:
        engine = engine_for(db)
        every = {rid: range(1 + n % len(PAGES)) for n, rid in enumerate(made)}
        some = {rid: [p for p in positions if p % 2 == 0] for rid, positions in every.items()}
        for readable in (every, some, {made[0]: []}, {}):
            for q in QUERIES:
                words = words_of(parse(q, typing=q == "gi"))
                expected = {
                    rid: page
                    for rid, positions in readable.items()
                    if (page := _one_at_a_time(db, words, rid, positions)) is not None
                }
                assert engine.best_pages(db, words, readable) == expected, (q, readable is some)
        # (the reference finds pages at all: the comparison is not of two empty answers)
        assert len(engine.best_pages(db, words_of(parse("dat", typing=False)), every)) == len(made)

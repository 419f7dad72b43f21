"""What design A2 of the SQLite engine adds (agenda/archive/search/engines/sqlite.py), held on both engines:
phrases found in the metadata or on one page, facet counts equal to counting the hits by hand, filters with
words, the facet counts kept per generation of the archive, pages only staff may read, and migration 0015
refilling an existing index."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from alembic import command
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda import db as storage
from agenda.archive.search import maintain
from agenda.archive.search.indexed import Page
from agenda.archive.search.request import Kind
from agenda.models import Council, CouncilLevel, Resolution
from tests.agenda.archive.search.test_search import add, ids, run


def _councils(db: DbSession) -> tuple[Council, Council]:
    province = Council(
        name="Hội đồng nhân dân tỉnh Lâm Đồng",
        short_name="HĐND tỉnh Lâm Đồng",
        place_name="Lâm Đồng",
        level=CouncilLevel.PROVINCE,
        is_home=True,
    )
    commune = Council(
        name="Hội đồng nhân dân xã Tân Hà",
        short_name="HĐND xã Tân Hà",
        place_name="Tân Hà",
        level=CouncilLevel.COMMUNE,
    )
    db.add_all([province, commune])
    db.flush()
    return province, commune


def _archive(factory: sessionmaker[DbSession]) -> dict[str, int]:
    with storage.transaction(factory) as db:
        province, commune = _councils(db)
        out: dict[str, int] = {"province": province.id, "commune": commune.id}
        out["together"] = add(
            db,
            province,
            "01/2026/NQ-HĐND",
            "Nghị quyết về chợ đầu mối nông sản",
            ["Trang một.", "Bảng giá đất ở các phường trung tâm."],
            field="Đất đai",
        ).id
        out["apart"] = add(
            db,
            province,
            "02/2026/NQ-HĐND",
            "Nghị quyết về quy hoạch đô thị",
            ["Đất dành cho công viên.", "Giá dịch vụ trông giữ xe."],
            field="Xây dựng",
        ).id
        out["titled"] = add(
            db,
            commune,
            "07/NQ-HĐND",
            "Nghị quyết về giá đất nông nghiệp",
            ["Không có gì khác."],
            adopted=dt.date(2025, 5, 4),
            field="Đất đai",
        ).id
        out["old"] = add(
            db,
            commune,
            "03/2024/NQ-HĐND",
            "Nghị quyết về đất công ích",
            ["Đất công ích của xã giao cho thôn."],
            adopted=dt.date(2024, 2, 1),
            field="Đất đai",
        ).id
    return out


def test_a_phrase_is_found_in_the_metadata_or_on_one_page(factory: Any) -> None:
    made = _archive(factory)
    assert set(ids(run(factory, "gia dat"))) == {made["together"], made["apart"], made["titled"]}
    assert set(ids(run(factory, '"gia dat"'))) == {made["together"], made["titled"]}  # page 2; the title
    assert ids(run(factory, '"giá đất" nông nghiệp')) == [made["titled"]]
    assert ids(run(factory, '"dat gia"')) == []
    hit = next(h for h in run(factory, '"gia dat"').hits if h.record.id == made["together"])
    assert hit.page is not None and hit.page.page_number == 2


def test_the_metadata_ranks_above_the_text(factory: Any) -> None:
    made = _archive(factory)
    found = ids(run(factory, "đất"))
    # "đất" in the metadata of three (trích yếu, field "Đất đai"); only in the text of one
    assert set(found[:3]) == {made["together"], made["titled"], made["old"]} and found[3:] == [made["apart"]]
    assert ids(run(factory, "dich vu")) == [made["apart"]]


def test_facet_counts_equal_counting_the_hits(factory: Any) -> None:
    made = _archive(factory)
    for q, params in (("dat", {}), ("gia", {}), ("", {"field": "Đất đai"}), ("dat", {"year": "2026"})):
        result = run(factory, q, per_page="100", **params)
        assert result.total == len(result.hits)
        records = [h.record for h in result.hits]
        by_hand = {
            "council": Counter(r.council_id for r in records),
            "year": Counter(r.year for r in records),
            "kind": Counter(Kind.NORMATIVE.value if r.normative else Kind.OTHER.value for r in records),
            "field": Counter(r.field for r in records if r.field),
            "status": Counter(h.status.value for h in result.hits if h.status is not None),
        }
        for name, counts in by_hand.items():
            assert dict(result.facets[name]) == dict(counts), (q, params, name)
    assert made  # (the archive was made)


def test_a_filter_narrows_the_words(factory: Any) -> None:
    made = _archive(factory)
    assert set(ids(run(factory, "dat", year="2026"))) == {made["together"], made["apart"]}
    assert ids(run(factory, "dat", council_id=str(made["commune"]), kind="other")) == [made["titled"]]
    narrowed = run(factory, "dat", level="commune")
    assert set(ids(narrowed)) == {made["titled"], made["old"]}
    assert dict(narrowed.facets["council"]) == {made["commune"]: 2}
    assert ids(run(factory, "gia dat", since="2026-01-01", field="Xây dựng")) == [made["apart"]]


def test_the_kept_facet_counts_follow_a_change(factory: Any) -> None:
    made = _archive(factory)
    before = run(factory, "dat")
    assert dict(before.facets["year"]) == {2026: 2, 2025: 1, 2024: 1}
    with storage.transaction(factory) as db:
        council = db.get_one(Council, made["province"])
        add(db, council, "09/2026/NQ-HĐND", "Nghị quyết về thuế sử dụng đất", ["Thuế đất."], field="Đất đai")
    after = run(factory, "dat")
    assert dict(after.facets["year"]) == {2026: 3, 2025: 1, 2024: 1}


def test_the_migration_refills_an_existing_index(factory: Any, engine: Engine) -> None:
    made = _archive(factory)
    config = storage.alembic_config(engine)
    command.downgrade(config, "0013")  # the index as it was before 0015 (SQLite: the tiers' tables gone)
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            tables = {
                r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE name LIKE 'fts_%'"))
            }
        assert "fts_meta" not in tables and "fts_resolution" in tables
    storage.upgrade(engine)
    assert set(ids(run(factory, '"gia dat"'))) == {made["together"], made["titled"]}
    assert ids(run(factory, "cong ich")) == [made["old"]]
    assert ids(run(factory, "trung tam")) == [made["together"]]


def test_pages_only_staff_may_read_are_never_found_by_the_public(factory: Any, monkeypatch: Any) -> None:
    made = _archive(factory)
    dossier = [
        Page("dossier", None, 1, True, "Tờ trình công khai về chợ đầu mối."),
        Page("dossier", None, 1, False, "Báo cáo mật về kho vũ khí dự trữ."),
    ]
    monkeypatch.setattr(maintain, "dossier_pages", lambda db, rid: dossier)
    with storage.transaction(factory) as db:
        maintain.refresh(db, db.get_one(Resolution, made["apart"]))
    assert ids(run(factory, "kho vu khi")) == []
    assert ids(run(factory, '"kho vu khi"')) == []
    staff = run(factory, '"kho vu khi"', public=False)
    assert ids(staff) == [made["apart"]]
    assert staff.hits[0].page is not None and staff.hits[0].page.source == "dossier"
    public = run(factory, "to trinh cong khai")
    assert ids(public) == [made["apart"]]
    page = public.hits[0].page
    assert (
        page is not None
        and page.source == "dossier"
        and [p.text for p in page.snippet if p.hit][:2]
        == [
            "Tờ",
            "trình",
        ]
    )
    # a page of the signed copy (public) still opens for the public
    signed = run(factory, "trong giu xe").hits[0].page
    assert signed is not None and signed.source == "signed" and signed.page_number == 2


def test_sorts_and_pages_take_the_same_order(factory: Any) -> None:
    made = _archive(factory)
    newest = [made["together"], made["apart"], made["titled"], made["old"]]  # adopted 2026, 2026, 2025, 2024
    by_date = ids(run(factory, "dat", sort="newest", per_page="100"))
    assert set(by_date[:2]) == {made["together"], made["apart"]} and by_date[2:] == newest[2:]
    assert ids(run(factory, "dat", sort="oldest", per_page="100")) == by_date[::-1]
    relevance = ids(run(factory, "dat", per_page="100"))
    paged = [i for n in (1, 2, 3, 4) for i in ids(run(factory, "dat", per_page="1", page=str(n)))]
    assert paged == relevance and ids(run(factory, "dat", per_page="1", page="5")) == []
    assert [
        i for n in (1, 2) for i in ids(run(factory, "dat", sort="oldest", per_page="2", page=str(n)))
    ] == (by_date[::-1])

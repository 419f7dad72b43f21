"""The archive's search on both engines (SQLite FTS5 and PostgreSQL full text): Vietnamese as people type it,
numbers straight to the resolution, exact accents above folded ones, filters and facets, snippets from the
page that matched, and what the public may never find."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from agenda import db as storage
from agenda.archive import resolutions
from agenda.archive.force import Force
from agenda.archive.links import RelationInput, add_relation
from agenda.archive.relations import RelationKind
from agenda.archive.search import maintain
from agenda.archive.search.engines import engine_for
from agenda.archive.search.request import SearchRequest
from agenda.archive.search.service import SearchResult, search
from agenda.archive.values import ResolutionInput, ResolutionPatch
from agenda.errors import DomainError
from agenda.models import Council, CouncilLevel, Resolution, SearchEntry, SearchPage
from tests.session_server.api.test_documents import sample_pdf

TODAY = dt.date(2026, 12, 3)


def add(
    db: DbSession,
    council: Council,
    number: str | None,
    title: str,
    pages: list[str],
    *,
    adopted: dt.date = dt.date(2026, 7, 10),
    published: bool = True,
    field: str | None = None,
) -> Resolution:
    record = resolutions.create_resolution(
        db,
        ResolutionInput(
            council_id=council.id,
            title=title,
            adopted_on=adopted,
            normative=number is not None and number.count("/") == 2,
            number=number,
            field=field,
            published_on=adopted + dt.timedelta(days=2) if published else None,
            effective_on=adopted + dt.timedelta(days=12) if number and number.count("/") == 2 else None,
            gap_reason="Kiểm thử" if number else None,
        ),
    )
    if number is not None and pages:
        resolutions.attach_signed(db, record, sample_pdf(title), len(pages), "nq.pdf", texts=pages)
    return record


@pytest.fixture
def archive(factory: sessionmaker[DbSession]) -> dict[str, Any]:
    with storage.transaction(factory) as db:
        province = Council(
            name="Hội đồng nhân dân tỉnh Hòa Bình",
            short_name="HĐND tỉnh Hòa Bình",
            place_name="Hòa Bình",
            level=CouncilLevel.PROVINCE,
            is_home=True,
        )
        commune = Council(
            name="Hội đồng nhân dân xã Đồng Tâm",
            short_name="HĐND xã Đồng Tâm",
            place_name="Đồng Tâm",
            level=CouncilLevel.COMMUNE,
        )
        db.add_all([province, commune])
        db.flush()
        land = add(
            db,
            province,
            "05/2026/NQ-HĐND",
            "Nghị quyết quy định giá đất trên địa bàn tỉnh",
            ["Trang một nói về ngân sách.", "Điều 2. Bảng giá đất đai ở các huyện miền núi."],
            field="Đất đai",
        )
        fire = add(
            db,
            province,
            "12/NQ-HĐND",
            "Nghị quyết về phòng chống thiên tai và hỏa hoạn",
            ["Biện pháp phòng cháy, chữa cháy khi có họa hoạn lớn."],
            adopted=dt.date(2025, 3, 1),
        )
        flower = add(
            db,
            commune,
            "03/2026/NQ-HĐND",
            "Nghị quyết về trồng hoa trên các tuyến đường",
            ["Trồng hoa ban ở khu dân cư; thuỷ lợi nội đồng."],
            field="Nông nghiệp",
        )
        draft = add(db, province, None, "Nghị quyết về đất đai chưa công bố", [], published=False)
        commune5 = add(
            db,
            commune,
            "05/2026/NQ-HĐND",
            "Nghị quyết về chợ nông thôn",
            ["Chợ phiên họp vào ngày rằm."],
            field="Thương mại",
        )
        ids = {
            "land": land.id,
            "fire": fire.id,
            "flower": flower.id,
            "draft": draft.id,
            "commune5": commune5.id,
        }
        return ids | {"province": province.id, "commune": commune.id}


def run(factory: sessionmaker[DbSession], q: str = "", *, public: bool = True, **params: str) -> SearchResult:
    with storage.transaction(factory) as db:
        return search(db, SearchRequest.parse({"q": q, **params}), public=public, day=TODAY)


def ids(result: SearchResult) -> list[int]:
    return [hit.record.id for hit in result.hits]


def test_words_without_diacritics_find_them_with_diacritics_and_d_folds(
    factory: Any, archive: dict[str, Any]
) -> None:
    assert ids(run(factory, "dat dai")) == [archive["land"]]
    assert ids(run(factory, "ĐẤT ĐAI")) == [archive["land"]]
    assert ids(run(factory, "nghi quyet dat dai")) == [archive["land"]]  # the common words decide nothing
    assert ids(run(factory, "dong tam")) == [archive["commune5"], archive["flower"]]  # the council's name


def test_both_tone_placements_are_equal(factory: Any, archive: dict[str, Any]) -> None:
    assert ids(run(factory, "thủy lợi")) == ids(run(factory, "thuỷ lợi")) == [archive["flower"]]
    assert ids(run(factory, "hoà bình")) == ids(run(factory, "hòa bình"))


def test_an_exact_accent_ranks_above_a_folded_match(factory: Any, archive: dict[str, Any]) -> None:
    found = ids(run(factory, "họa"))
    assert found[0] == archive["fire"]  # "họa hoạn" is written so; "hoa" of flowers only folds to it
    assert archive["flower"] in found
    assert ids(run(factory, "hoa"))[0] == archive["flower"]  # its title says "hoa"


def test_a_number_goes_straight_to_the_resolution_or_the_candidates_across_councils(
    factory: Any, archive: dict[str, Any]
) -> None:
    result = run(factory, "5/2026/nq-hdnd")
    assert set(ids(result)) == {archive["land"], archive["commune5"]} and all(
        h.by_number for h in result.hits
    )
    assert ids(run(factory, "05/2026/NQ-HĐND", council_id=str(archive["province"]))) == [archive["land"]]
    assert ids(run(factory, "NQ 12")) == [archive["fire"]]
    assert ids(run(factory, "nghị quyết 03 năm 2026")) == [archive["flower"]]
    first = run(factory, "05/2026 chợ")
    assert ids(first)[:2] == [archive["commune5"], archive["land"]] or first.hits[0].by_number


def test_phrases_and_prefixes(factory: Any, archive: dict[str, Any]) -> None:
    assert ids(run(factory, '"gia dat"')) == [archive["land"]]
    assert ids(run(factory, '"dat gia"')) == []
    assert ids(run(factory, "phòng chố", typing="1")) == [archive["fire"]]
    assert ids(run(factory, "phòng chố ", typing="1")) == []  # a space after it: a whole word
    assert ids(run(factory, "phòng c", typing="1")) == [archive["fire"]]  # one letter more: not yet a word
    started = run(factory, "đ", typing="1")
    assert started.hits == [] and started.message is None


def test_the_public_never_finds_an_unpublished_record_staff_do(factory: Any, archive: dict[str, Any]) -> None:
    assert archive["draft"] not in ids(run(factory, "chua cong bo"))
    assert ids(run(factory, "chua cong bo", public=False)) == [archive["draft"]]


def test_filters_narrow_and_facets_count(factory: Any, archive: dict[str, Any]) -> None:
    result = run(factory, "nghi quyet ve", year="2026")
    assert result.message is not None  # only words every resolution carries
    everything = run(factory, "", year="2026")
    assert set(ids(everything)) == {archive["land"], archive["flower"], archive["commune5"]}
    assert dict(everything.facets["year"]) == {2026: 3}
    assert dict(everything.facets["council"]) == {archive["province"]: 1, archive["commune"]: 2}
    assert dict(everything.facets["kind"]) == {"normative": 3}
    provincial = run(factory, "", year="2026", level="province")
    assert ids(provincial) == [archive["land"]]
    assert run(factory, "", field="Đất đai").total == 1
    by_force = run(factory, "", status=Force.IN_FORCE.value)
    assert archive["land"] in ids(by_force) and all(h.status is Force.IN_FORCE for h in by_force.hits)


def test_the_status_facet_follows_the_relations(factory: Any, archive: dict[str, Any]) -> None:
    with storage.transaction(factory) as db:
        add_relation(
            db,
            db.get_one(Resolution, archive["commune5"]),
            RelationInput(archive["flower"], RelationKind.REPLACES, dt.date(2026, 9, 1), (), None, None),
        )
    result = run(factory, "", council_id=str(archive["commune"]))
    assert dict(result.facets["status"]).get("ended") == 1


def test_a_hit_opens_the_page_that_matched_with_the_words_marked(
    factory: Any, archive: dict[str, Any]
) -> None:
    hit = run(factory, "gia dat dai mien nui").hits[0]
    assert hit.page is not None and hit.page.source == "signed" and hit.page.page_number == 2
    marked = [p.text for p in hit.page.snippet if p.hit]
    assert marked == ["giá", "đất", "đai", "miền", "núi"]
    assert [p.text for p in hit.title if p.hit] == ["giá", "đất"]


def test_changes_are_indexed_in_their_transaction(factory: Any, archive: dict[str, Any]) -> None:
    with storage.transaction(factory) as db:
        record = db.get_one(Resolution, archive["fire"])
        resolutions.update_resolution(
            db, record, ResolutionPatch.parse({"title": "Nghị quyết về cứu hộ cứu nạn"})
        )
    assert ids(run(factory, "cuu ho")) == [archive["fire"]]
    assert ids(run(factory, "thien tai")) == []
    seen: list[tuple[int, int]] = []
    assert maintain.reindex(factory, progress=lambda done, total: seen.append((done, total)), batch=2) == 5
    assert seen == [(2, 5), (4, 5), (5, 5)]
    with storage.transaction(factory) as db:
        assert db.scalar(select(func.count()).select_from(SearchPage)) == 5  # the signed copies' pages kept
    assert ids(run(factory, "cuu ho")) == [archive["fire"]]
    assert ids(run(factory, "dat dai mien nui")) == [archive["land"]]


@pytest.mark.parametrize(
    "typed", ['"', "*", "NEAR(a b)", "-", "(", "đất AND OR NOT (x*) ^:", '"unclosed', "a" * 300, "x:y"]
)
def test_engine_syntax_typed_is_only_words(factory: Any, archive: dict[str, Any], typed: str) -> None:
    run(factory, typed)  # never an engine error


def test_bad_input_is_refused_clearly(factory: Any, archive: dict[str, Any]) -> None:
    with pytest.raises(DomainError, match="longer than 300"):
        run(factory, "x" * 10_000)
    for params in ({"year": "abc"}, {"status": "maybe"}, {"page": "0"}, {"since": "2026-13-01"}):
        with pytest.raises(DomainError):
            run(factory, "dat", **params)
    assert run(factory, "dat", page="10000").hits == []
    assert run(factory, "").message is not None


def test_a_database_from_before_the_index_is_indexed_from_its_stored_pdfs(
    factory: Any, archive: dict[str, Any]
) -> None:
    with storage.transaction(factory) as db:
        engine_for(db).clear(db)
        db.execute(delete(SearchEntry))
        db.execute(delete(SearchPage))
    assert ids(run(factory, "dat dai")) == []
    assert maintain.reindex(factory) == 5
    assert set(ids(run(factory, "trong diem vung sau vung xa"))) == {
        archive["land"],
        archive["fire"],
        archive["flower"],
        archive["commune5"],
    }  # the words of the stored PDFs (tests' sample text), read again

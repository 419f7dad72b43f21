"""Every resolution exports as Akoma Ntoso 3.0 that validates against ``akomantoso30.xsd`` — the demo archive's,
one a vote adopted with its dossier (and no number yet), one suspended and supplemented by others, one whose
signed copy has no articles, one with no text at all — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import pytest
from lxml import etree
from sqlalchemy import select

from agenda import clock
from agenda import db as storage
from agenda.archive import links, resolutions
from agenda.archive.links import RelationInput
from agenda.archive.values import ResolutionInput
from agenda.demo.build import build_demo
from agenda.documents import upload
from agenda.models import AgendaItem, AgendaItemKind, Council, DocumentAccess, DocumentType, Resolution
from agenda.opendata.akn.document import export
from agenda.opendata.akn.sources import source_of
from agenda.pdf import typeset
from agenda.sitting import votes
from tests.agenda.sitting.test_sitting import act, ballot, build_hall, open_and_check_in, open_motion
from tests.conftest import build_small_council
from tests.opendata.akn_schema import NS, valid
from tests.opendata.test_akn_structure import RESOLUTION, SEEDS

TODAY = dt.date(2026, 12, 3)


def exported(factory: Any, resolution_id: int, *, public: bool) -> etree._Element:
    with storage.transaction(factory) as db:
        record = db.get_one(Resolution, resolution_id)
        return valid(export(source_of(db, record, public=public)))


def values(doc: etree._Element, path: str, attribute: str) -> list[str]:
    return [str(e.get(attribute)) for e in doc.iterfind(path, NS)]


def work(doc: etree._Element) -> str:
    return values(doc, ".//a:FRBRWork/a:FRBRuri", "value")[0]


@pytest.fixture
def demo(factory: Any) -> dict[str, int]:
    """The demo council and its archive; the ids of its resolutions by number."""
    with storage.transaction(factory) as db:
        build_demo(db, today=TODAY)
        return {r.number or "": r.id for r in db.scalars(select(Resolution))}


def test_every_resolution_of_the_demo_archive_exports_valid(factory: Any, demo: dict[str, int]) -> None:
    assert len(demo) >= 10
    works = set()
    for number, resolution_id in demo.items():
        for public in (True, False):
            doc = exported(factory, resolution_id, public=public)
            assert values(doc, ".//a:FRBRWork/a:FRBRnumber", "showAs") == [number]
            assert values(doc, ".//a:FRBRExpression/a:FRBRlanguage", "language") == ["vie"]
            assert doc.find(".//a:mainBody/a:article", NS) is not None  # the signed copies have articles
        works.add(work(doc))
    assert len(works) == len(demo)  # one work each


def test_the_historical_district_councils_resolution_and_the_one_replacing_it(
    factory: Any, demo: dict[str, int]
) -> None:
    with storage.transaction(factory) as db:
        district = db.scalars(select(Council).where(Council.abolished_on.is_not(None))).one()
        province = db.scalars(select(Council).where(Council.is_home.is_(True))).one()
        district_id, province_id = district.id, province.id
    replaced = exported(factory, demo["03/2024/NQ-HĐND"], public=True)
    replacing = exported(factory, demo["11/2025/NQ-HĐND"], public=True)
    assert work(replaced) == f"/akn/vn-hdnd{district_id}/statement/nghi-quyet/2024-07-19/03-2024-nq-hdnd"
    assert work(replacing).startswith(f"/akn/vn-hdnd{province_id}/")
    assert values(replaced, ".//a:TLCOrganization[@eId='council']", "showAs") == [
        "Hội đồng nhân dân huyện Gia Viễn"
    ]
    abolished = replaced.find(".//a:proprietary/{urn:kyhop:akn:1}councilAbolished", NS)
    assert abolished is not None and abolished.get("date") == "2025-07-01"
    (passive,) = replaced.iterfind(".//a:passiveModifications/a:textualMod", NS)
    assert passive.get("type") == "replacement"
    assert values(passive, "a:source", "href") == [work(replacing)]
    assert values(passive, "a:destination", "href") == [work(replaced)]
    assert "repeal" in values(replaced, ".//a:lifecycle/a:eventRef", "type")  # replaced: its force ends
    (active,) = replacing.iterfind(".//a:activeModifications/a:textualMod", NS)
    assert values(active, "a:destination", "href") == [work(replaced)]
    assert values(replacing, ".//a:references/a:activeRef", "href") == [work(replaced)]


def test_a_partial_repeal_names_the_article_both_ways(factory: Any, demo: dict[str, int]) -> None:
    repealed = exported(factory, demo["05/2023/NQ-HĐND"], public=True)
    repealing = exported(factory, demo["14/2025/NQ-HĐND"], public=True)
    (passive,) = repealed.iterfind(".//a:passiveModifications/a:textualMod", NS)
    assert passive.get("type") == "repeal"
    assert values(passive, "a:destination", "href") == [f"{work(repealed)}/~art_4"]
    changes = [
        e for e in repealed.iterfind(".//a:lifecycle/a:eventRef", NS) if e.get("eId", "").startswith("e_rel_")
    ]
    assert [e.get("type") for e in changes] == ["amendment"]  # only Điều 4: the resolution stays in force
    (active,) = repealing.iterfind(".//a:activeModifications/a:textualMod", NS)
    assert values(active, "a:destination", "href") == [f"{work(repealed)}/~art_4"]
    assert repealed.find(".//a:mainBody/a:article[@eId='art_4']", NS) is not None  # the part the IRI names
    cites = values(repealed, ".//a:otherReferences/a:implicitReference", "href")
    assert cites == [work(exported(factory, demo["18/2023/NQ-HĐND"], public=True))]
    amended = exported(factory, demo["40/NQ-HĐND"], public=True)
    (amendment,) = amended.iterfind(".//a:activeModifications/a:textualMod", NS)
    assert amendment.get("type") == "substitution"
    target = work(exported(factory, demo["27/NQ-HĐND"], public=True))
    assert values(amendment, "a:destination", "href") == [f"{target}/~art_1", f"{target}/~att_1"]


def test_the_articles_of_a_long_signed_copy_are_its_clauses(factory: Any, demo: dict[str, int]) -> None:
    doc = exported(factory, demo["05/2026/NQ-HĐND"], public=True)
    clauses = doc.findall(".//a:article[@eId='art_2']/a:paragraph", NS)
    assert len(clauses) == 18 and clauses[17].get("eId") == "art_2__para_18"
    assert values(doc, ".//a:mainBody/a:article", "eId") == [f"art_{i}" for i in range(1, 6)]
    assert doc.find(".//a:preamble/a:formula", NS) is not None


def _attach(
    factory: Any, hall: dict[str, Any], title: str, kind: DocumentType, pdf: bytes, public: bool
) -> None:
    processed = upload.process_upload(upload.Upload("tai-lieu.pdf", "application/pdf", pdf))
    access = DocumentAccess.PUBLIC if public else DocumentAccess.DELEGATES
    fields = upload.DocumentFields(
        title=title, doc_type=kind, access=access, agenda_item_id=hall["item_ids"][1]
    )
    act(factory, hall, lambda db, s: upload.add_document(db, s, fields, processed, "t.pdf", None))


@pytest.fixture
def adopted(factory: Any) -> int:
    """A draft with articles adopted by 6 of 9; its submission public, the draft and the review not."""
    hall = build_hall(factory)
    with storage.transaction(factory) as db:
        db.get_one(AgendaItem, hall["item_ids"][1]).kind = AgendaItemKind.RESOLUTION
    draft = typeset.text_pdf("DỰ THẢO NGHỊ QUYẾT", RESOLUTION.splitlines())
    _attach(
        factory,
        hall,
        "Tờ trình về phí tham quan",
        DocumentType.SUBMISSION,
        typeset.text_pdf("TỜ TRÌNH", ["Kính trình."]),
        True,
    )
    _attach(factory, hall, "Dự thảo Nghị quyết về phí tham quan", DocumentType.DRAFT_RESOLUTION, draft, False)
    _attach(
        factory,
        hall,
        "Báo cáo thẩm tra",
        DocumentType.REVIEW_REPORT,
        typeset.text_pdf("BÁO CÁO", ["Đồng ý."]),
        False,
    )
    open_and_check_in(factory, hall, 8)
    vote_id = open_motion(factory, hall)
    for i, person in enumerate(hall["people"][:8]):
        ballot(factory, hall, person, vote_id, "yes" if i < 6 else "no", f"ballot-key-{i:04d}")
    act(factory, hall, votes.close_vote, votes.VoteRef(vote_id), None)
    with storage.transaction(factory) as db:
        return db.scalars(select(Resolution.id)).one()


def test_a_resolution_a_vote_adopted_exports_its_workflow_and_the_drafts_articles(
    factory: Any, adopted: int
) -> None:
    staff = exported(factory, adopted, public=False)
    assert work(staff).endswith(f"/nn-{adopted}")  # no number yet
    assert values(staff, ".//a:FRBRWork/a:FRBRnumber", "showAs") == ["chưa có số"]
    steps = values(staff, ".//a:workflow/a:step", "refersTo")
    assert steps[:4] == ["#draft", "#submission", "#review", "#vote"]
    vote = staff.find(".//a:workflow/a:step[@refersTo='#vote']", NS)
    assert vote is not None and vote.get("outcome") == "#passed" and vote.get("by") == "#council"
    sentence = vote.findtext("{urn:kyhop:akn:1}sentence") or ""
    assert sentence.startswith("6/8 đại biểu có mặt tán thành")
    assert staff.find(".//{urn:kyhop:akn:1}text").get("source") == "draft"  # type: ignore[union-attr]
    assert values(staff, ".//a:mainBody/a:article", "eId") == ["art_1", "art_2", "art_3"]
    assert values(staff, ".//a:article[@eId='art_1']/a:paragraph[@eId='art_1__para_2']/a:point", "eId") == [
        "art_1__para_2__point_a",
        "art_1__para_2__point_b",
        "art_1__para_2__point_c",
    ]
    assert len(staff.findall(".//a:preamble/a:citations/a:citation", NS)) == 2
    public = exported(factory, adopted, public=True)  # only the public submission; the draft not read
    assert values(public, ".//a:workflow/a:step", "refersTo")[:2] == ["#submission", "#vote"]
    assert public.find(".//{urn:kyhop:akn:1}text").get("source") == "summary"  # type: ignore[union-attr]
    block = public.find(".//a:mainBody/a:hcontainer[@name='toanVan']", NS)
    assert block is not None and [p.text for p in block.iterfind(".//a:p", NS)] == [
        "Nghị quyết về phí tham quan"
    ]


def _record(factory: Any, council_id: int, title: str, adopted: str, number: str | None, **extra: Any) -> int:
    with storage.transaction(factory) as db:
        fields = {"council_id": council_id, "title": title, "adopted_on": adopted, "number": number}
        fields |= {"gap_reason": "Số trước cấp ngoài hệ thống"} | extra
        return resolutions.create_resolution(db, ResolutionInput.parse(fields)).id


def _relate(factory: Any, source: int, target: int, **body: Any) -> None:
    with storage.transaction(factory) as db:
        links.add_relation(
            db, db.get_one(Resolution, source), RelationInput.parse({"target_id": target, **body})
        )


def test_a_suspended_and_supplemented_resolution_shows_each_change_and_its_dates(factory: Any) -> None:
    council = build_small_council(factory)["council_id"]
    with clock.frozen(dt.datetime(2026, 12, 3, 3, 0)):
        base = _record(
            factory,
            council,
            "Nghị quyết về hỗ trợ nông thôn mới",
            "2026-03-10",
            "02/2026/NQ-HĐND",
            normative=True,
        )
        suspending = _record(factory, council, "Nghị quyết đình chỉ", "2026-07-10", "30/NQ-HĐND")
        adding = _record(
            factory, council, "Nghị quyết bổ sung", "2026-08-10", "04/2026/NQ-HĐND", normative=True
        )
        _relate(factory, suspending, base, kind="suspends", effective_on="2026-07-15", until_on="2026-09-01")
        _relate(
            factory, adding, base, kind="supplements", parts=["khoản 2 Điều 1"], effective_on="2026-08-25"
        )
        doc = exported(factory, base, public=False)
    mods = doc.findall(".//a:passiveModifications/*", NS)
    assert [(etree.QName(m).localname, m.get("type")) for m in mods] == [
        ("efficacyMod", "inapplication"),
        ("textualMod", "insertion"),
    ]
    assert values(mods[1], "a:destination", "href") == [f"{work(doc)}/~art_1__para_2"]
    events = [(e.get("date"), e.get("refersTo")) for e in doc.iterfind(".//a:lifecycle/a:eventRef", NS)]
    assert ("2026-07-15", "#suspends_passive") in events and ("2026-09-01", "#suspensionEnd") in events
    assert ("2026-08-25", "#supplements_passive") in events
    assert [d for d, _ in events] == sorted(d for d, _ in events)
    assert values(doc, ".//a:references/a:passiveRef", "showAs") == [
        "Nghị quyết 30/NQ-HĐND",
        "Nghị quyết 04/2026/NQ-HĐND",
    ]


def test_a_signed_copy_with_no_articles_exports_as_one_block(factory: Any) -> None:
    council = build_small_council(factory)["council_id"]
    seed = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    paragraphs = [line for line in seed.splitlines() if line.strip()][:6]
    record = _record(factory, council, "Nghị quyết về phong trào thi đua", "2026-05-04", "21/NQ-HĐND")
    bare = _record(factory, council, "Nghị quyết chưa có văn bản", "2026-05-05", None)
    checked = upload.process_upload(
        upload.Upload("21.pdf", "application/pdf", typeset.text_pdf("NGHỊ QUYẾT", paragraphs))
    )
    with storage.transaction(factory) as db:
        row = db.get_one(Resolution, record)
        resolutions.attach_signed(
            db, row, checked.pdf, checked.facts.page_count, "21.pdf", texts=checked.facts.texts
        )
    doc = exported(factory, record, public=True)
    assert doc.find(".//a:mainBody/a:article", NS) is None and doc.find(".//a:preamble", NS) is None
    block = " ".join(p.text or "" for p in doc.iterfind(".//a:mainBody/a:hcontainer/a:content/a:p", NS))
    assert paragraphs[2].split()[0] in block and " ".join(paragraphs[1].split()) in block
    empty = exported(factory, bare, public=False)
    assert [p.text for p in empty.iterfind(".//a:mainBody//a:p", NS)] == ["Nghị quyết chưa có văn bản"]
    assert empty.find(".//a:publication", NS) is None  # not published: no publication


def test_the_export_is_nfc_utf8_with_its_declaration(factory: Any, demo: dict[str, int]) -> None:
    with storage.transaction(factory) as db:
        content = export(source_of(db, db.get_one(Resolution, demo["05/2026/NQ-HĐND"]), public=True))
    assert content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    text = content.decode("utf-8")
    assert unicodedata.is_normalized("NFC", text) and "Hội đồng nhân dân tỉnh Ninh Bình" in text

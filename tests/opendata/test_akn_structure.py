"""A resolution's text cut into articles, clauses and points — or, when it has none, kept as one block; the
identifiers built from a record; the parts a relation names as eIds. Pure: no database."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest

from agenda.opendata.akn import structure
from agenda.opendata.akn.ids import frbr_of, number_part, part_eid
from agenda.opendata.akn.structure import Clause, Point

SEEDS = Path(__file__).resolve().parent / "seeds"  # copies of ../shared/seeds, in the checkout

RESOLUTION = """HỘI ĐỒNG NHÂN DÂN TỈNH NINH BÌNH
Số: 05/2026/NQ-HĐND
NGHỊ QUYẾT
Quy định mức thu phí tham quan danh lam thắng cảnh trên địa bàn tỉnh
HỘI ĐỒNG NHÂN DÂN TỈNH NINH BÌNH KHÓA XVII, KỲ HỌP THỨ 3
Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;
Căn cứ Luật Phí và lệ phí ngày 25 tháng 11 năm 2015;
Xét Tờ trình số 45/TTr-UBND ngày 20 tháng 6 năm 2026 của Ủy ban nhân dân tỉnh; Báo cáo thẩm tra của Ban Kinh
tế - Ngân sách; ý kiến thảo luận của đại biểu Hội đồng nhân dân tỉnh tại kỳ họp.
QUYẾT NGHỊ:
Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng
1. Nghị quyết này quy định mức thu, chế độ thu, nộp phí tham quan theo quy định tại khoản 2
Điều 141 của Luật Đất đai và các văn bản hướng dẫn.
2. Đối tượng áp dụng:
a) Tổ chức, cá nhân đến tham quan;
b) Tổ chức thu phí;
c) Cơ quan, tổ chức khác có liên quan.
Điều 2. Mức thu phí
Mức thu phí tham quan thực hiện theo Phụ lục ban hành kèm theo Nghị quyết này.
Điều 3. Tổ chức thực hiện
1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết.
2. Thường trực Hội đồng nhân dân, các Ban, các Tổ đại biểu và các đại biểu giám sát việc thực hiện.
Nghị quyết này được Hội đồng nhân dân tỉnh khóa XVII, kỳ họp thứ 3 thông qua ngày 10 tháng 7 năm 2026.
Trang 1/2
Nơi nhận:
- Ủy ban Thường vụ Quốc hội;
- Như Điều 3;
TM. HỘI ĐỒNG NHÂN DÂN
CHỦ TỊCH
"""


def seed_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def test_a_resolution_is_cut_into_its_articles_clauses_and_points() -> None:
    text = structure.parse(RESOLUTION)
    assert [a.number for a in text.articles] == [1, 2, 3]
    first, second, third = text.articles
    assert first.heading == "Phạm vi điều chỉnh và đối tượng áp dụng" and first.paragraphs == []
    clauses = [p for p in first.parts if isinstance(p, Clause)]
    assert [c.number for c in clauses] == [1, 2]
    # the line the PDF broke before "Điều 141" goes on in the clause: not an article 141
    assert clauses[0].paragraphs == [
        "Nghị quyết này quy định mức thu, chế độ thu, nộp phí tham quan theo quy định tại khoản 2 Điều 141 của "
        "Luật Đất đai và các văn bản hướng dẫn."
    ]
    assert clauses[1].paragraphs == ["Đối tượng áp dụng:"]
    assert [(p.letter, p.paragraphs) for p in clauses[1].points] == [
        ("a", ["Tổ chức, cá nhân đến tham quan;"]),
        ("b", ["Tổ chức thu phí;"]),
        ("c", ["Cơ quan, tổ chức khác có liên quan."]),
    ]
    assert second.heading == "Mức thu phí" and second.parts == []
    assert second.paragraphs == [
        "Mức thu phí tham quan thực hiện theo Phụ lục ban hành kèm theo Nghị quyết này."
    ]
    last = third.parts[-1]
    assert isinstance(last, Clause) and last.paragraphs[-1].startswith(
        "Nghị quyết này được Hội đồng nhân dân"
    )
    assert text.preamble[:2] == ["HỘI ĐỒNG NHÂN DÂN TỈNH NINH BÌNH", "Số: 05/2026/NQ-HĐND"]
    assert [p for p in text.preamble if p.startswith("Căn cứ")] == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ Luật Phí và lệ phí ngày 25 tháng 11 năm 2015;",
    ]
    assert text.preamble[-1] == "QUYẾT NGHỊ:"
    assert text.closing == [
        "Nơi nhận:",
        "- Ủy ban Thường vụ Quốc hội;",
        "- Như Điều 3;",
        "TM. HỘI ĐỒNG NHÂN DÂN",
        "CHỦ TỊCH",
    ]  # and "Trang 1/2", the page's number, is gone


@pytest.mark.parametrize("index", range(5))
def test_the_seed_texts_have_no_articles_and_stay_one_block_with_every_word(index: int) -> None:
    texts = seed_texts()
    if index >= len(texts):
        pytest.skip("fewer seed texts")
    text = structure.parse(texts[index])
    assert not text.structured and text.articles == [] and text.closing == []
    words = re.findall(r"\w+", unicodedata.normalize("NFC", texts[index]))
    kept = re.findall(r"\w+", " ".join(text.preamble))
    page_numbers = [line for line in texts[index].splitlines() if structure.PAGE_NUMBER.match(line.strip())]
    assert len(kept) == len(words) - sum(len(re.findall(r"\w+", n)) for n in page_numbers)


def test_a_marker_counts_only_in_its_place_in_the_sequence() -> None:
    text = structure.parse(
        "QUYẾT NGHỊ:\nĐiều 2. Không phải điều đầu.\nĐiều 1. Điều đầu\n3. không phải khoản 1\n1. Khoản một:\n"
        "b) không phải điểm a\na) Điểm a;\nđ) không phải điểm b\nb) Điểm b.\nĐiều 3. Không phải điều 2.\n"
    )
    assert text.preamble == ["QUYẾT NGHỊ:", "Điều 2. Không phải điều đầu."]
    (article,) = text.articles
    assert article.paragraphs == ["3. không phải khoản 1"]
    (clause,) = article.parts
    assert isinstance(clause, Clause)
    assert clause.paragraphs == ["Khoản một:", "b) không phải điểm a"]
    assert [(p.letter, p.paragraphs) for p in clause.points] == [
        ("a", ["Điểm a;", "đ) không phải điểm b"]),
        ("b", ["Điểm b.", "Điều 3. Không phải điều 2."]),
    ]


def test_points_follow_the_vietnamese_letters_and_may_stand_in_the_article() -> None:
    letters = "abcdđeg"
    text = structure.parse("Điều 1. Các trường hợp:\n" + "".join(f"{x}) Trường hợp {x};\n" for x in letters))
    (article,) = text.articles
    assert article.heading == "Các trường hợp:"
    assert all(isinstance(p, Point) for p in article.parts)
    assert "".join(p.letter for p in article.parts if isinstance(p, Point)) == letters


def test_a_regulation_numbered_from_one_again_is_kept_after_the_articles() -> None:
    text = structure.parse(
        "Điều 1. Ban hành kèm theo Nghị quyết này Quy định.\nĐiều 2. Hiệu lực thi hành.\nQUY ĐỊNH\n"
        "Điều 1. Phạm vi\nQuy định này áp dụng.\n"
    )
    assert [a.number for a in text.articles] == [1, 2]
    assert (text.articles[1].heading, text.articles[1].paragraphs) == ("Hiệu lực thi hành.", ["QUY ĐỊNH"])
    assert text.closing == ["Điều 1. Phạm vi", "Quy định này áp dụng."]


def test_an_article_alone_on_its_line_is_its_text_not_a_heading() -> None:
    text = structure.parse(
        "Điều 1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện.\nĐiều 2. Hiệu lực\nTừ 1/8/2026."
    )
    first, second = text.articles
    assert first.heading is None and first.paragraphs == ["Giao Ủy ban nhân dân tỉnh tổ chức thực hiện."]
    assert second.heading == "Hiệu lực" and second.paragraphs == ["Từ 1/8/2026."]


def test_decomposed_text_is_read_in_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Điều 1. Quy định chung\n1. Hội đồng nhân dân quyết định.")
    text = structure.parse(decomposed)
    (article,) = text.articles
    assert article.heading == "Quy định chung"
    (clause,) = article.parts
    assert isinstance(clause, Clause) and clause.paragraphs == ["Hội đồng nhân dân quyết định."]
    assert unicodedata.is_normalized("NFC", clause.paragraphs[0])


@pytest.mark.parametrize(
    ("name", "eid"),
    [
        ("Điều 4", "art_4"),
        ("khoản 3 Điều 4", "art_4__para_3"),
        ("Khoản 3 điều 4", "art_4__para_3"),
        ("điểm a khoản 3 Điều 4", "art_4__para_3__point_a"),
        ("điểm đ khoản 1 Điều 2", "art_2__para_1__point_dd"),
        ("Phụ lục I", "att_1"),
        ("Phụ lục IV", "att_4"),
        ("Phụ lục số 2", "att_2"),
        ("Mục 2 Chương III", "muc-2-chuong-iii"),
    ],
)
def test_the_parts_a_relation_names_are_the_eids_of_the_body(name: str, eid: str) -> None:
    assert part_eid(name) == eid


# The IRI grammar of the Akoma Ntoso Naming Convention 1.0 (work / expression / manifestation), as Laws.Africa
# reads it: country[-locality]/type[/subtype]/date/number[/language[@date]][/!component][.format].
IRI = re.compile(
    r"^/akn/(?P<country>[a-z]{2})(?:-(?P<locality>[^/]+))?/(?P<type>[^/]+)(?:/(?P<subtype>[^0-9/][^/]*))?"
    r"/(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)/(?P<number>[^/]+)"
    r"(?:/(?P<language>[a-z]{3})(?P<expression_date>@[^/]*)?)?(?:/(?:!(?P<component>[^~.]+))?(?:~(?P<portion>[^.]+))?)?"
    r"(?:\.(?P<format>[a-z0-9]+))?$"
)


def test_the_identifiers_follow_the_naming_convention() -> None:
    frbr = frbr_of(7, dt.date(2026, 7, 10), "05/2026/NQ-HĐND", 31)
    assert frbr.work == "/akn/vn-hdnd7/statement/nghi-quyet/2026-07-10/05-2026-nq-hdnd"
    assert frbr.expression == frbr.work + "/vie@2026-07-10"
    assert frbr.manifestation == frbr.expression + ".xml"
    for iri in [frbr.work, frbr.expression, frbr.manifestation, frbr.portion("art_4__para_3")] + [
        frbr.this(level) for level in ("work", "expression", "manifestation")
    ]:
        match = IRI.match(iri)
        assert match is not None, iri
        assert (match["country"], match["locality"], match["type"]) == ("vn", "hdnd7", "statement")
        assert (match["subtype"], match["date"], match["number"]) == (
            "nghi-quyet",
            "2026-07-10",
            "05-2026-nq-hdnd",
        )
    assert IRI.match(frbr.this("manifestation"))["component"] == "main"  # type: ignore[index]


def test_a_number_without_its_year_and_a_record_without_a_number() -> None:
    assert number_part("12/NQ-HĐND", 3) == "12-nq-hdnd"
    assert number_part(None, 3) == "nn-3"
    assert frbr_of(2, dt.date(2024, 7, 19), None, 9).work.endswith("/2024-07-19/nn-9")


def test_a_running_header_on_every_page_is_dropped_and_the_pages_joined() -> None:
    pages = [
        "NGHỊ QUYẾT 05/2026/NQ-HĐND\nĐiều 1. Phạm vi\n1. Khoản",
        "NGHỊ QUYẾT 05/2026/NQ-HĐND\nmột.\nĐiều 2. Hết.",
    ]
    text = structure.parse(structure.join_pages(pages))
    assert text.preamble == [] and [a.number for a in text.articles] == [1, 2]
    (clause,) = text.articles[0].parts
    assert isinstance(clause, Clause) and clause.paragraphs == ["Khoản một."]
    assert structure.join_pages(["Trang đầu", "Trang sau"]) == "Trang đầu\nTrang sau"  # no header in common

"""The Decree 30 header read from first pages: real two-column layouts (typeset, then extracted by PDFium as
any imported file is — interleaved line by line or column after column), and typed texts with the councils of
the seed texts (quận Ngô Quyền, quận Hai Bà Trưng, Hải Phòng, Hà Nội)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from agenda.archive.importer.header import parse_header
from agenda.archive.importer.specimens import Specimen, resolution_pdf
from agenda.errors import DomainError
from agenda.pdf.text import extract_texts


def first_page(specimen: Specimen) -> str:
    return extract_texts(resolution_pdf(specimen))[0]


QUANG_NINH = Specimen(
    issuer=("HỘI ĐỒNG NHÂN DÂN", "TỈNH QUẢNG NINH"),
    number="05/2026/NQ-HĐND",
    place="Quảng Ninh",
    adopted_on=dt.date(2026, 7, 15),
    title="Quy định mức chi hỗ trợ cho các hoạt động giám sát của Hội đồng nhân dân các cấp trên địa bàn tỉnh "
    "Quảng Ninh",
    pages=2,
)


@pytest.mark.parametrize("interleaved", [True, False], ids=["table-row-by-row", "two-text-boxes"])
def test_a_normative_resolution_of_a_province_is_read_from_its_two_column_header(interleaved: bool) -> None:
    specimen = Specimen(**{**QUANG_NINH.__dict__, "interleaved": interleaved})
    text = first_page(specimen)
    if interleaved:  # the issuer and the motto come out on the same lines
        assert "HỘI ĐỒNG NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    header = parse_header(text)
    assert header.issuer == "HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NINH"
    assert header.number == "05/2026/NQ-HĐND" and header.normative
    assert header.place == "Quảng Ninh" and header.adopted_on == dt.date(2026, 7, 15)
    assert header.title == QUANG_NINH.title  # over two lines on the page, one here
    assert header.session_line == "HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NINH KHÓA XIV, KỲ HỌP THỨ 20"


def test_a_historical_district_council_s_resolution_that_is_not_normative_is_read() -> None:
    specimen = Specimen(
        issuer=("HĐND QUẬN NGÔ QUYỀN",),
        number="12/NQ-HĐND",
        place="Ngô Quyền",
        adopted_on=dt.date(2023, 8, 30),
        title="Về việc phát động phong trào thi đua trong hoạt động của HĐND quận Ngô Quyền",
        session_line=("HỘI ĐỒNG NHÂN DÂN QUẬN NGÔ QUYỀN", "KHÓA XX, KỲ HỌP THỨ 12"),
        pages=1,
    )
    header = parse_header(first_page(specimen))
    assert header.issuer == "HĐND QUẬN NGÔ QUYỀN"
    assert header.number == "12/NQ-HĐND" and not header.normative
    assert (header.place, header.adopted_on) == ("Ngô Quyền", dt.date(2023, 8, 30))
    assert header.title == "Về việc phát động phong trào thi đua trong hoạt động của HĐND quận Ngô Quyền"


def test_a_city_council_with_a_two_line_place_and_a_long_title_is_read() -> None:
    specimen = Specimen(
        issuer=("HỘI ĐỒNG NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG"),
        number="108/2023/NQ-HĐND",
        place="Hải Phòng",
        adopted_on=dt.date(2023, 12, 8),
        title="Quy định một số chính sách đặc thù, vượt trội về an sinh xã hội; tăng cường công tác quản lý đất "
        "đai, đô thị và giải phóng mặt bằng trên địa bàn thành phố Hải Phòng giai đoạn 2024 - 2026",
        session_line=("HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HẢI PHÒNG", "KHÓA XVI, KỲ HỌP THỨ 14"),
        pages=1,
    )
    header = parse_header(first_page(specimen))
    assert header.issuer == "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"
    assert header.number == "108/2023/NQ-HĐND" and header.adopted_on == dt.date(2023, 12, 8)
    assert header.title.endswith("giai đoạn 2024 - 2026") and "\n" not in header.title


# Typed as extraction gives them (no PDF): the header of the seed texts' councils.
HAI_BA_TRUNG = """HỘI ĐỒNG NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
QUẬN HAI BÀ TRƯNG Độc lập – Tự do – Hạnh phúc
Số: 03/NQ-HĐND Hai Bà Trưng, ngày 30 tháng 01 năm 2024
NGHỊ QUYẾT
Về việc triển khai một số nội dung hoạt động của HĐND, Thường trực HĐND, hai Ban HĐND,
các Tổ đại biểu và Đại biểu HĐND quận năm 2024; kiện toàn Uỷ ban
HỘI ĐỒNG NHÂN DÂN QUẬN HAI BÀ TRƯNG
KHOÁ XX, KỲ HỌP THỨ 15
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
"""


def test_the_other_tone_placement_and_decomposed_text_are_stored_in_the_canonical_form() -> None:
    for text in (HAI_BA_TRUNG, unicodedata.normalize("NFD", HAI_BA_TRUNG)):
        header = parse_header(text)
        assert header.issuer == "HỘI ĐỒNG NHÂN DÂN QUẬN HAI BÀ TRƯNG"  # "CỘNG HOÀ" (the motto) taken out
        assert header.number == "03/NQ-HĐND" and header.adopted_on == dt.date(2024, 1, 30)
        assert header.title.endswith("quận năm 2024; kiện toàn Ủy ban")  # "Uỷ" → "Ủy"
        assert header.title == unicodedata.normalize("NFC", header.title)
        assert header.session_line == "HỘI ĐỒNG NHÂN DÂN QUẬN HAI BÀ TRƯNG KHÓA XX, KỲ HỌP THỨ 15"


HA_NOI = """HỘI ĐỒNG NHÂN DÂN
THÀNH PHỐ HÀ NỘI
-------
Số: 07/2022/NQ-HĐND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Hà Nội, ngày 08 tháng 7 năm 2022
NGHỊ QUYẾT
Quy định nội dung, mức chi phát động phong trào thi đua trong hoạt động Hội đồng nhân dân các cấp
___________
HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI KHÓA XVI, KỲ HỌP THỨ 8
"""


def test_a_header_in_columns_with_its_rules_is_read() -> None:
    header = parse_header(HA_NOI)
    assert header.issuer == "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    assert (header.number, header.place, header.adopted_on) == (
        "07/2022/NQ-HĐND",
        "Hà Nội",
        dt.date(2022, 7, 8),
    )
    assert header.title.startswith("Quy định nội dung") and header.title.endswith("các cấp")


def test_a_page_that_is_not_a_resolution_is_refused_with_its_type() -> None:
    with pytest.raises(DomainError) as refused:
        parse_header(HA_NOI.replace("NGHỊ QUYẾT", "QUYẾT ĐỊNH"))
    assert refused.value.code == "not_a_resolution" and "QUYẾT ĐỊNH" in refused.value.vi


def test_a_page_without_the_type_line_or_the_issuer_is_refused_saying_what_is_missing() -> None:
    with pytest.raises(DomainError) as no_type:
        parse_header(
            "Chiều 30/8, Thường trực HĐND quận Ngô Quyền tổ chức Hội nghị phát động phong trào thi đua."
        )
    assert no_type.value.code == "header_not_found" and "CSV" in no_type.value.en
    with pytest.raises(DomainError) as no_issuer:
        parse_header(
            HA_NOI.replace("HỘI ĐỒNG NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI", "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI")
        )
    assert (
        no_issuer.value.code == "header_no_issuer"
        and "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" in no_issuer.value.vi
    )


def test_a_date_that_does_not_exist_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        parse_header(HA_NOI.replace("ngày 08 tháng 7", "ngày 31 tháng 6"))
    assert refused.value.code == "header_bad_date"

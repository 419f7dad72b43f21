"""The fixed query set of the archive search benchmark (issue 14): what people type, as data.

Each :class:`BenchQuery` is the typed text, the filters of the request (council id, year, normative, field —
the councils and fields of bench/search_corpus.py), whether the box is being typed in (the last word a
prefix), its kind (for the per-kind table) and, for the quality checks, ``exact``: a word typed with its
diacritics whose exact spelling should rank above folded look-alikes ("họa" above "hoa", "hóa", "hòa").
Every query asks for the top 20, facet counts (council, year, type, field) and snippets.

    from bench.search_queries import QUERIES   # 200+ queries
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class BenchQuery:
    text: str
    kind: str
    filters: dict[str, int | str | bool] = field(default_factory=dict)
    typing: bool = False
    exact: str | None = None


def _q(kind: str, texts: str, **kw: object) -> list[BenchQuery]:
    return [BenchQuery(t.strip(), kind, **kw) for t in texts.split("|")]  # type: ignore[arg-type]


# Common words, with and without diacritics.
COMMON = _q(
    "common",
    "đất đai|dat dai|ngân sách|ngan sach|giáo dục|giao duc|y tế|y te|giao thông|giao thong|môi trường|"
    "moi truong|bảo vệ môi trường|bao ve moi truong|nông thôn mới|nong thon moi|thu hồi đất|thu hoi dat|"
    "học phí|hoc phi|bảo hiểm y tế|bao hiem y te|chuyển đổi số|chuyen doi so|an sinh xã hội|an sinh xa hoi|"
    "giải phóng mặt bằng|giai phong mat bang|dự toán|du toan|quyết toán ngân sách|quyet toan ngan sach|"
    "cải cách hành chính|cai cach hanh chinh|quốc phòng an ninh|quoc phong an ninh|tái định cư|tai dinh cu|"
    "biên chế công chức|bien che cong chuc|thiên tai|thien tai|nghi quyet dat dai|nghị quyết đất đai|"
    "đầu tư công|dau tu cong|văn hóa|van hoa|du lịch|du lich|hỗ trợ|ho tro|kinh phí|kinh phi",
)
# The other tone placement, decomposed-looking input and đ typed as d.
TONE = _q(
    "tone",
    "hoà bình|hòa bình|hoa binh|thuỷ lợi|thủy lợi|thuy loi|uỷ ban nhân dân|ủy ban nhân dân|sức khoẻ|sức khỏe|"
    "suc khoe|văn hoá|kiên cố hoá|kien co hoa|thoả thuận|thỏa thuận|khoá XV|khóa XV|khoa XV|tuỳ theo|tùy theo|"
    "huỷ bỏ|hủy bỏ|xoá đói giảm nghèo|xóa đói giảm nghèo|Đông Triều|dong trieu|Đồng Lâm|dong lam|đô thị|do thi",
)
# Exact accents must rank above the folded look-alikes.
ACCENT = [
    BenchQuery("họa", "accent", exact="họa"),
    BenchQuery("thảm họa", "accent", exact="họa"),
    BenchQuery("đồ họa", "accent", exact="họa"),
    BenchQuery("họa sĩ", "accent", exact="họa"),
    BenchQuery("hòa", "accent", exact="hòa"),
    BenchQuery("hóa", "accent", exact="hóa"),
    BenchQuery("thủy sản", "accent", exact="thủy"),
    BenchQuery("đồng", "accent", exact="đồng"),
    BenchQuery("bản", "accent", exact="bản"),
    BenchQuery("rừng", "accent", exact="rừng"),
    BenchQuery("lũ quét", "accent", exact="lũ"),
    BenchQuery("giá đất", "accent", exact="giá"),
]
# Rare words and place names (hamlets, projects, people).
RARE = _q(
    "rare",
    "rừng ngập mặn|rung ngap man|vịnh Hạ Long|vinh ha long|cửa khẩu|cua khau|mỗi xã một sản phẩm|ocop|"
    "sạt lở đất|sat lo dat|lũ quét|lu quet|cháy rừng|chay rung|biên giới biển đảo|bien gioi bien dao|"
    "làng nghề|lang nghe|khoáng sản than|khoang san than|dân tộc bán trú|dan toc ban tru|Móng Cái|mong cai|"
    "Hoành Bồ|hoanh bo|Trà Cổ|tra co|Cái Rồng|cai rong|Thung Khe|thung khe|Tú Lý|tu ly|Mai Châu|mai chau|"
    "Đà Bắc|da bac|Cẩm Phả|cam pha|Uông Bí|uong bi|Vân Đồn|van don|thôn khe lâm|thon khe lam|"
    "bản nà pá|ban na pa|xóm suối cầu|xom suoi cau|Nguyễn Văn Thành|nguyen van thanh|Trịnh Thị Huệ|trinh thi hue|"
    "Đào Kim Toàn|dao kim toan|họa sĩ nghệ nhân|hoa si nghe nhan",
)
NUMBERS = _q(
    "number",
    "05/2026/NQ-HĐND|5/2026/nq-hdnd|05/2026|nghị quyết 05 năm 2026|nghi quyet 5 2026|NQ 12|nq 12|"
    "12/NQ-HĐND|12/nq-hdnd|01/2015/NQ-HĐND|1/2015|nghị quyết số 07|03/2020/NQ-HĐND|3/2020/nq hdnd|"
    "nghi quyet so 15 nam 2019|NQ 3 2021|20/2018|09/NQ-HĐND|nq 9|45/2024/NQ-HĐND|163/2016/NĐ-CP|"
    "30/2020/NĐ-CP|Tờ trình số 12/TTr-UBND|nghị quyết 2 năm 2012|NQ-HĐND 2017",
)
PHRASES = _q(
    "phrase",
    '"đất đai"|"dat dai"|"thu hồi đất"|"thu hoi dat"|"ngân sách nhà nước"|"ngan sach nha nuoc"|'
    '"thảm họa"|"tham hoa"|"hòa bình"|"hoa binh"|"nông thôn mới" hỗ trợ|"nong thon moi" ho tro|'
    '"giá dịch vụ" thủy lợi|"gia dich vu" thuy loi|"bảng giá đất"|"bang gia dat"|"chuyển đổi số" đô thị|'
    '"rừng ngập mặn"|"Ủy ban nhân dân" trách nhiệm|"hộ nghèo"',
)
PREFIXES = [
    BenchQuery(t, "prefix", typing=True)
    for t in (
        "đất đ|dat d|ngân s|ngan s|giáo d|giao|thu hồi đ|thu hoi d|bảo v|bao ve moi tr|hoc p|chuyển đ|"
        "chuyen doi s|ho tr|sạt l|sat lo d|mong c|hoanh|thủy l|thuy l|nông th|nong thon m|tái đ|tai dinh c|"
        "rừng ng|rung ngap m|du l|cửa kh|cua kh|khoáng s"
    ).split("|")
]
STOP = _q(
    "stop",
    "nghị quyết|nghi quyet|hội đồng nhân dân|hoi dong nhan dan|căn cứ|can cu|về việc|ve viec|HĐND|hdnd|"
    "nghị quyết của hội đồng nhân dân|nghi quyet ve viec quy dinh|số|so|năm",
)
SYNTAX = _q(
    "syntax",
    'đất"đai|"|""|* dat|dat*|NEAR(dat dai)|dat NEAR dai|-dat|dat -dai|(dat OR dai)|dat AND dai|NOT dat|'
    "dat: dai|title:dat|^dat|dat + dai|dat'dai|dat; DROP TABLE resolution|[dat]|{dat}|\\dat|%dat%|dat_dai|"
    "ngân sách)|((giáo dục",
)
EMPTY = [
    BenchQuery("", "empty"),
    BenchQuery("   ", "empty"),
    BenchQuery("-", "empty"),
    BenchQuery("…", "empty"),
]

# Filters: council ids of bench/search_corpus.COUNCILS (1 = Quảng Ninh, 2 = Hòa Bình, 7 = Đông Triều,
# 9 = Hoành Bồ, abolished 2019), years, normative or not, fields.
FILTERED = [
    BenchQuery("đất đai", "filter", {"council": 1}),
    BenchQuery("dat dai", "filter", {"council": 1, "year": 2020}),
    BenchQuery("ngân sách", "filter", {"year": 2024}),
    BenchQuery("ngan sach", "filter", {"year": 2016, "normative": True}),
    BenchQuery("học phí", "filter", {"field": "Giáo dục"}),
    BenchQuery("hoc phi", "filter", {"field": "Giáo dục", "year": 2022}),
    BenchQuery("thủy lợi", "filter", {"council": 2}),
    BenchQuery("thuy loi", "filter", {"council": 2, "normative": False}),
    BenchQuery("môi trường", "filter", {"council": 9}),
    BenchQuery("moi truong", "filter", {"council": 9, "year": 2018}),
    BenchQuery("thiên tai", "filter", {"field": "Phòng chống thiên tai"}),
    BenchQuery("ho tro", "filter", {"normative": True}),
    BenchQuery("giao thong", "filter", {"council": 3, "year": 2025}),
    BenchQuery("văn hóa", "filter", {"field": "Văn hóa", "council": 1}),
    BenchQuery("bien che", "filter", {"field": "Tổ chức bộ máy"}),
    BenchQuery("đô thị", "filter", {"year": 2011}),
    BenchQuery("y te", "filter", {"council": 12}),
    BenchQuery("sat lo", "filter", {"council": 10, "field": "Phòng chống thiên tai"}),
    BenchQuery("du toan", "filter", {"year": 2026, "council": 1}),
    BenchQuery("tái định cư", "filter", {"council": 4, "normative": True}),
    BenchQuery("", "filter", {"council": 1, "year": 2021}),
    BenchQuery("", "filter", {"field": "Đất đai"}),
    BenchQuery("05/2026", "filter", {"council": 1}),
    BenchQuery("nq 12", "filter", {"year": 2019}),
    BenchQuery("đất", "filter", {"council": 18}),
    BenchQuery("dat", "filter", {"year": 2013, "field": "Đất đai"}),
    BenchQuery("kinh phi", "filter", {"council": 5, "year": 2023}),
    BenchQuery("chuyen doi so", "filter", {"field": "Khoa học - công nghệ"}),
    BenchQuery("thủy sản", "filter", {"field": "Nông nghiệp", "normative": True}),
    BenchQuery("hoa", "filter", {"council": 2}),
]
LONG = [BenchQuery("đất đai " * 37, "long"), BenchQuery("ngân sách nhà nước thu chi " * 11, "long")]

QUERIES: list[BenchQuery] = [
    *COMMON,
    *TONE,
    *ACCENT,
    *RARE,
    *NUMBERS,
    *PHRASES,
    *PREFIXES,
    *STOP,
    *SYNTAX,
    *EMPTY,
    *FILTERED,
    *LONG,
]

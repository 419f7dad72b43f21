"""A believable demo council, built in an empty database through the ordinary services.

Everything goes through :mod:`agenda.council` and :mod:`agenda.accounts` with plain dicts (as a JSON body
would), so the demo also exercises their validation: seat and group clashes, one head per Ban, dates within
the term. The data is generated deterministically (``random.Random(2026)``); only the dates of events
follow ``today``, so the demo looks current whenever it is built during the 2026–2031 term.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from agenda.accounts import create_user
from agenda.cards import free_username
from agenda.council import (
    add_agenda_item,
    add_delegate,
    add_membership,
    add_official,
    create_council,
    create_organization,
    create_session,
    create_term,
    publish_session,
    session_heading,
    term_label,
    update_delegate,
    update_membership,
)
from agenda.demo_documents import add_session_documents
from agenda.errors import Conflict, DomainError
from agenda.models import (
    Council,
    Mandate,
    Membership,
    Organization,
    Person,
    Session,
    SessionStatus,
    Term,
    User,
)
from agenda.rules import delegates_in_office

SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"

COUNCIL = {
    "name": "Hội đồng nhân dân tỉnh Ninh Bình",
    "short_name": "HĐND tỉnh Ninh Bình",
    "place_name": "Ninh Bình",
    "level": "province",
}
TERM_NUMBER = 17
TERM_START = dt.date(2026, 3, 15)
TERM_END = dt.date(2031, 3, 14)
SEATS = 50
HALL = "Hội trường Trung tâm Hội nghị tỉnh"
PROVINCE_FORMED = dt.date(2025, 7, 1)  # the merged province and its departments date from 1/7/2025

STAFF_LOGINS = [  # username, password, roles, display name, description
    ("thuky", "thuky2026", ["secretary"], "Thư ký kỳ họp", "Thư ký kỳ họp — soạn chương trình, tài liệu"),
    ("luutru", "luutru2026", ["archivist"], "Lưu trữ", "Lưu trữ — hồ sơ kỳ họp, nghị quyết"),
    (
        "quantri",
        "quantri2026",
        ["admin"],
        "Quản trị hệ thống",
        "Quản trị hệ thống — tài khoản, thẻ đăng nhập",
    ),
]
CHAIR_LOGIN = ("chutoa", "chutoa2026")
DELEGATE_PASSWORD = "daibieu2026"


@dataclass
class DemoSummary:
    council_name: str
    term_label: str
    delegates_in_office: int
    upcoming_session_id: int
    upcoming_session_heading: str
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (username, password, who)

    def as_text(self) -> str:
        lines = [
            f"{self.council_name}, {self.term_label}: {self.delegates_in_office} đại biểu đang làm nhiệm vụ.",
            f"Kỳ họp sắp tới: {self.upcoming_session_heading}",
            "Tài khoản để thử:",
        ]
        lines += [f"  {user:<16} {password:<14} {who}" for user, password, who in self.logins]
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Prose from the seed texts
# ---------------------------------------------------------------------------------------------

# Sentences naming real people, other councils or dates would read oddly in a fictional province.
_UNSUITABLE = re.compile(
    r"\d{4}|\d+/\d+|[Qq]uận|[Tt]hành phố|Hải Phòng|Hà Nội|[Đđ]ồng chí|\b(?:[Ôô]ng|[Bb]à)\b|"
    r"Ảnh|Nguồn|thi đua|Bằng khen|[Hh]ội nghị|\ufffd"
)
_LEADING = re.compile(r"^(Đồng thời|Bên cạnh đó|Ngoài ra|Theo đó),\s*")

FALLBACK_PROSE = [
    "HĐND nâng cao chất lượng, đổi mới hoạt động tiếp xúc cử tri, tiếp công dân; tăng cường theo dõi, đôn đốc việc "
    "giải quyết kiến nghị của cử tri, tạo chuyển biến để HĐND các cấp thực sự là cơ quan đại diện cho ý chí, "
    "nguyện vọng và quyền làm chủ của Nhân dân.",
    "Đẩy mạnh chuyển đổi số, ứng dụng công nghệ thông tin trong hoạt động của HĐND, tổ chức kỳ họp số, số hóa dữ "
    "liệu, hồ sơ nghị quyết và theo dõi việc thực hiện nghị quyết trên các phần mềm điện tử.",
]


def seed_sentences(seed_dir: Path) -> list[str]:
    """Whole, self-contained sentences from the seed texts (none if the directory is absent)."""
    if not seed_dir.is_dir():
        return []
    out: list[str] = []
    for path in sorted(seed_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for paragraph in text.splitlines():
            for sentence in re.split(r"(?<=[.;!?…])\s+(?=[A-ZĐÀ-Ỹ“\"])", " ".join(paragraph.split())):
                sentence = sentence.replace("/.", "")
                if _LEADING.match(sentence):
                    sentence = _LEADING.sub("", sentence)
                    sentence = sentence[:1].upper() + sentence[1:]
                if (
                    60 <= len(sentence) <= 500
                    and sentence[0].isupper()
                    and sentence.endswith(".")
                    and not _UNSUITABLE.search(sentence)
                    and sentence not in out
                ):
                    out.append(sentence)
    return out


class _Prose:
    """Hands out seed sentences by keyword, each at most once, else a built-in sentence."""

    def __init__(self, sentences: list[str]) -> None:
        self.unused = list(sentences)

    def pick(self, keywords: Iterable[str], fallback: str) -> str:
        for sentence in self.unused:
            if any(k.lower() in sentence.lower() for k in keywords):
                self.unused.remove(sentence)
                return sentence
        return fallback


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------

# Family names weighted roughly as in the northern provinces (Nguyễn is about a third of the people).
FAMILY_NAMES = {
    "Nguyễn": 30,
    "Trần": 10,
    "Lê": 9,
    "Phạm": 7,
    "Hoàng": 5,
    "Vũ": 5,
    "Đặng": 3,
    "Bùi": 3,
    "Đỗ": 3,
    "Đinh": 2,
    "Trịnh": 2,
    "Ngô": 2,
    "Dương": 1.5,
    "Hồ": 1,
    "Mai": 1,
    "Lương": 1,
    "Lý": 1,
    "Tạ": 0.5,
}
MALE_MIDDLE = [
    "Văn",
    "Văn",
    "Đức",
    "Minh",
    "Quang",
    "Hữu",
    "Thanh",
    "Xuân",
    "Công",
    "Ngọc",
    "Mạnh",
    "Tiến",
    "Quốc",
]
MALE_GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Tuấn",
    "Việt",
    "Hiếu",
    "Trung",
    "Hưng",
    "Tùng",
    "Lâm",
    "Toàn",
    "Thành",
    "Huy",
    "Kiên",
]
FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Thúy", "Phương", "Kim"]
FEMALE_SECOND = ["Thu", "Phương", "Hồng", "Thanh", "Minh", "Bích", "Kim", "Ngọc"]
FEMALE_GIVEN = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hằng",
    "Hoa",
    "Hương",
    "Lan",
    "Liên",
    "Mai",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phượng",
    "Thảo",
    "Trang",
    "Tuyết",
    "Vân",
    "Yến",
    "Loan",
    "Huyền",
    "Nga",
    "Thủy",
    "Hạnh",
]

BANS = [  # name, what it reviews, keywords for a seed sentence
    (
        "Ban Pháp chế",
        "Thẩm tra các dự thảo nghị quyết, báo cáo về thi hành pháp luật, quốc phòng, an ninh, trật tự an toàn xã hội, "
        "xây dựng chính quyền; giám sát hoạt động của Tòa án nhân dân, Viện kiểm sát nhân dân và cơ quan thi hành án.",
        ["khiếu nại", "tố cáo", "pháp luật"],
    ),
    (
        "Ban Kinh tế – Ngân sách",
        "Thẩm tra các dự thảo nghị quyết, báo cáo về kinh tế, ngân sách, đầu tư công, đất đai và môi trường; giám sát "
        "việc thực hiện dự toán ngân sách địa phương.",
        ["kinh tế", "ngân sách", "đầu tư"],
    ),
    (
        "Ban Văn hóa – Xã hội",
        "Thẩm tra các dự thảo nghị quyết, báo cáo về giáo dục, y tế, văn hóa, du lịch, lao động và chính sách xã hội; "
        "giám sát việc thực hiện chính sách an sinh xã hội.",
        ["an sinh", "y tế", "giáo dục"],
    ),
    (
        "Ban Dân tộc",
        "Thẩm tra các dự thảo nghị quyết, báo cáo về công tác dân tộc; giám sát việc thực hiện chính sách dân tộc và "
        "chương trình mục tiêu quốc gia phát triển kinh tế – xã hội vùng đồng bào dân tộc thiểu số và miền núi.",
        ["dân tộc", "miền núi"],
    ),
]

# Standing officers come first: 0 Chủ tịch, 1–2 Phó Chủ tịch, 3–6 Trưởng Ban, 7–10 Phó Trưởng Ban.
SENIOR, MIDDLE, YOUNG = (1966, 1977), (1970, 1988), (1984, 1996)
LEADERSHIP: list[tuple[str, str | None, tuple[int, int]]] = (
    [
        ("Phó Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh", "nam", SENIOR),
        ("Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch HĐND tỉnh", "nam", SENIOR),
        ("Phó Chủ tịch HĐND tỉnh", "nữ", SENIOR),
    ]
    + [(f"Trưởng {name} HĐND tỉnh", None, SENIOR) for name, _, _ in BANS]
    + [(f"Phó Trưởng {name} HĐND tỉnh", None, MIDDLE) for name, _, _ in BANS]
)
CHAIR, VICE_CHAIRS, BAN_HEADS, BAN_DEPUTIES = 0, (1, 2), (3, 4, 5, 6), (7, 8, 9, 10)

OCCUPATIONS: list[tuple[str, str | None, tuple[int, int]]] = [  # occupation, gender if fixed, birth years
    ("Bí thư Tỉnh ủy", "nam", SENIOR),
    ("Trưởng Ban Tổ chức Tỉnh ủy", None, SENIOR),
    ("Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy", None, SENIOR),
    ("Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy", None, SENIOR),
    ("Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", None, SENIOR),
    ("Chánh Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh", None, SENIOR),
    ("Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh", "nam", SENIOR),
    ("Phó Giám đốc Công an tỉnh", "nam", SENIOR),
    ("Phó Chánh án Tòa án nhân dân tỉnh", None, SENIOR),
    ("Giám đốc Sở Tư pháp", None, SENIOR),
    ("Giám đốc Sở Dân tộc và Tôn giáo", None, SENIOR),
    ("Chủ tịch Hội Liên hiệp Phụ nữ tỉnh", "nữ", SENIOR),
    ("Chủ tịch Hội Nông dân tỉnh", None, SENIOR),
    ("Chủ tịch Liên đoàn Lao động tỉnh", None, SENIOR),
    ("Bí thư Tỉnh đoàn", None, YOUNG),
    ("Chủ tịch Hội Cựu chiến binh tỉnh", "nam", SENIOR),
    ("Bí thư Đảng ủy phường Hoa Lư", None, MIDDLE),
    ("Bí thư Đảng ủy phường Nam Định", None, MIDDLE),
    ("Chủ tịch UBND phường Phủ Lý", None, MIDDLE),
    ("Bí thư Đảng ủy xã Kim Sơn", None, MIDDLE),
    ("Chủ tịch UBND xã Hải Hậu", None, MIDDLE),
    ("Bí thư Đảng ủy xã Nho Quan", None, MIDDLE),
    ("Giám đốc Bệnh viện đa khoa tỉnh", None, SENIOR),
    ("Bác sĩ chuyên khoa II, Trưởng khoa Nhi, Bệnh viện đa khoa tỉnh", "nữ", MIDDLE),
    ("Bác sĩ, Trung tâm Y tế khu vực Kim Sơn", None, MIDDLE),
    ("Hiệu trưởng Trường THPT chuyên Lương Văn Tụy", None, SENIOR),
    ("Giáo viên Trường THPT Kim Sơn A", "nữ", MIDDLE),
    ("Giáo viên Trường THCS Trương Hán Siêu", "nữ", YOUNG),
    ("Phó Hiệu trưởng Trường Đại học Hoa Lư", None, MIDDLE),
    ("Giám đốc Hợp tác xã nông nghiệp Gia Hưng", None, MIDDLE),
    ("Giám đốc Công ty TNHH Cơ khí Tam Điệp", "nam", MIDDLE),
    ("Chủ tịch Hiệp hội Doanh nghiệp tỉnh", None, MIDDLE),
    ("Luật sư, Đoàn Luật sư tỉnh", None, MIDDLE),
    ("Nghệ nhân ưu tú, làng nghề thêu ren Văn Lâm", "nữ", MIDDLE),
    ("Công nhân Khu công nghiệp Đồng Văn", None, YOUNG),
    ("Nông dân sản xuất giỏi xã Giao Thủy", None, MIDDLE),
    ("Phóng viên Báo và Phát thanh, Truyền hình tỉnh", "nữ", YOUNG),
    ("Trưởng phòng Công tác HĐND, Văn phòng Đoàn ĐBQH và HĐND tỉnh", None, MIDDLE),
    ("Giám đốc Trung tâm Y tế khu vực Hải Hậu", None, MIDDLE),
    ("Phó Chánh Văn phòng Đoàn ĐBQH và HĐND tỉnh", "nữ", MIDDLE),  # elected at the by-election
]

# Eight delegate groups (Tổ đại biểu), each for the two electoral units (đơn vị bầu cử) of one area.
AREAS: list[tuple[str, list[str]]] = [
    ("Hoa Lư", ["phường Hoa Lư, phường Nam Hoa Lư", "phường Tây Hoa Lư, phường Đông Hoa Lư"]),
    (
        "Tam Điệp – Nho Quan",
        ["phường Tam Điệp, phường Yên Sơn, phường Trung Sơn", "xã Nho Quan, xã Gia Lâm, xã Phú Long"],
    ),
    (
        "Gia Viễn – Yên Khánh",
        ["xã Gia Viễn, xã Đại Hoàng, xã Gia Hưng", "xã Yên Khánh, xã Khánh Nhạc, xã Khánh Thiện"],
    ),
    ("Kim Sơn – Yên Mô", ["xã Kim Sơn, xã Phát Diệm, xã Bình Minh", "xã Yên Mô, xã Yên Từ, xã Yên Mạc"]),
    (
        "Phủ Lý – Duy Tiên",
        ["phường Phủ Lý, phường Châu Sơn, phường Phù Vân", "phường Duy Tiên, phường Duy Hà, phường Đồng Văn"],
    ),
    ("Bình Lục – Lý Nhân", ["xã Bình Lục, xã Bình An, xã Bình Giang", "xã Lý Nhân, xã Nam Xang, xã Bắc Lý"]),
    (
        "Nam Định – Ý Yên",
        ["phường Nam Định, phường Thiên Trường, phường Đông A", "xã Ý Yên, xã Vụ Bản, xã Yên Đồng"],
    ),
    (
        "Hải Hậu – Nghĩa Hưng",
        ["xã Hải Hậu, xã Giao Thủy, xã Xuân Trường", "xã Nghĩa Hưng, xã Trực Ninh, xã Rạng Đông"],
    ),
]
# Seats elected in each unit, in order (at most five per unit; 14 × 3 + 2 × 4 = 50).
UNIT_SEATS = [4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 3, 3, 3]

OFFICIALS = [  # position, agency; the UBND leaders are elected at the first session
    ("Chủ tịch UBND tỉnh", "Ủy ban nhân dân tỉnh"),
    ("Phó Chủ tịch Thường trực UBND tỉnh", "Ủy ban nhân dân tỉnh"),
    ("Phó Chủ tịch UBND tỉnh", "Ủy ban nhân dân tỉnh"),
    ("Giám đốc Sở Tài chính", "Sở Tài chính"),
    ("Giám đốc Sở Y tế", "Sở Y tế"),
    ("Giám đốc Sở Giáo dục và Đào tạo", "Sở Giáo dục và Đào tạo"),
    ("Giám đốc Sở Nông nghiệp và Môi trường", "Sở Nông nghiệp và Môi trường"),
    ("Giám đốc Sở Xây dựng", "Sở Xây dựng"),
    ("Giám đốc Sở Công Thương", "Sở Công Thương"),
    ("Giám đốc Sở Nội vụ", "Sở Nội vụ"),
    ("Giám đốc Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
    ("Giám đốc Công an tỉnh", "Công an tỉnh"),
    ("Chánh án Tòa án nhân dân tỉnh", "Tòa án nhân dân tỉnh"),
    ("Viện trưởng Viện kiểm sát nhân dân tỉnh", "Viện kiểm sát nhân dân tỉnh"),
]
UBND_LEADERS = 3

DEPARTED_INDEX = 37  # an ordinary delegate who leaves mid-term ("Chuyển công tác")
DEMO_DELEGATE_INDEX = 22  # the delegate whose password is printed in the summary


@dataclass(frozen=True)
class _DelegateSpec:
    full_name: str
    gender: str
    birth_year: int
    occupation: str


class _NameMaker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def make(self, gender: str) -> str:
        while True:
            name = self._draw(gender)
            if name not in self.used:
                self.used.add(name)
                return name

    def _draw(self, gender: str) -> str:
        rng = self.rng
        family = rng.choices(list(FAMILY_NAMES), weights=list(FAMILY_NAMES.values()))[0]
        if gender == "nam":
            return f"{family} {rng.choice(MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}"
        if rng.random() < 0.35:
            return f"{family} Thị {rng.choice(FEMALE_SECOND)} {rng.choice(FEMALE_GIVEN)}"
        return f"{family} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}"


def _delegate_specs(rng: random.Random, names: _NameMaker) -> list[_DelegateSpec]:
    """Fifty-one people: the fifty elected in March and the one elected at the by-election (last)."""
    specs = []
    for occupation, fixed_gender, (born_from, born_to) in LEADERSHIP + OCCUPATIONS:
        gender = fixed_gender or ("nữ" if rng.random() < 0.4 else "nam")
        birth_year = rng.randint(born_from, born_to)
        specs.append(_DelegateSpec(names.make(gender), gender, birth_year, occupation))
    return specs


def _units() -> list[tuple[int, str, int]]:
    """(area index, constituency text, seats) for the sixteen electoral units."""
    units = []
    number = 0
    for area, (_, wards) in enumerate(AREAS):
        for ward_list in wards:
            units.append((area, f"Đơn vị bầu cử số {number + 1} — {ward_list}", UNIT_SEATS[number]))
            number += 1
    return units


def _home_unit(occupation: str, units: list[tuple[int, str, int]]) -> int | None:
    """The unit of a ward or commune the occupation names ("Bí thư Đảng ủy xã Kim Sơn" → the Kim Sơn unit)."""
    for number, (_, text, _) in enumerate(units):
        if any(ward in occupation for ward in text.split(" — ", 1)[1].split(", ")):
            return number
    return None


def _assign_units(specs: Sequence[_DelegateSpec], rng: random.Random) -> list[int]:
    """A unit for each delegate: local officials stand where they work, the others are spread at random."""
    units = _units()
    free = [number for number, (_, _, seats) in enumerate(units) for _ in range(seats)]
    local: dict[int, int] = {}
    for index, spec in enumerate(specs):
        unit = _home_unit(spec.occupation, units)
        if unit is not None and unit in free:
            free.remove(unit)
            local[index] = unit
    rng.shuffle(free)
    others = iter(free)
    return [local[index] if index in local else next(others) for index in range(len(specs))]


def _seat_label(index: int) -> str:
    row, seat = divmod(index, 10)
    return f"{'ABCDE'[row]}{seat + 1:02d}"


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Timeline:
    today: dt.date
    first_session: tuple[dt.date, dt.date]
    past_sessions: list[tuple[dt.date, dt.date]]
    mandate_ended: dt.date
    by_election: dt.date
    upcoming: tuple[dt.date, dt.date]
    thematic: dt.date


def _weekday_start(day: dt.date) -> dt.date:
    """The first Monday–Wednesday on or after ``day``, so a three-day sitting ends by Friday."""
    while day.weekday() > 2:
        day += dt.timedelta(days=1)
    return day


def _timeline(today: dt.date) -> _Timeline:
    earliest, latest = TERM_START + dt.timedelta(days=30), TERM_END - dt.timedelta(days=60)
    if not earliest <= today <= latest:
        raise DomainError(
            f"Dữ liệu mẫu dựng cho nhiệm kỳ 2026–2031: ngày hiện tại phải từ {earliest:%d/%m/%Y} đến {latest:%d/%m/%Y}.",
            f"The demo is built for the 2026–2031 term: today must be between {earliest} and {latest}.",
            field="today",
        )
    first = (TERM_START + dt.timedelta(days=10), TERM_START + dt.timedelta(days=11))
    past = []
    for year in range(TERM_START.year, today.year + 1):
        for month in (7, 12):  # the mid-year and year-end regular sessions
            start = _weekday_start(dt.date(year, month, 8))
            end = start + dt.timedelta(days=2)
            if start > first[1] and end < today - dt.timedelta(days=45):
                past.append((start, end))
    elapsed = (today - TERM_START).days
    upcoming_start = _weekday_start(today + dt.timedelta(days=10))
    upcoming_end = upcoming_start + dt.timedelta(days=2)
    return _Timeline(
        today=today,
        first_session=first,
        past_sessions=past,
        mandate_ended=TERM_START + dt.timedelta(days=elapsed * 2 // 5),
        by_election=TERM_START + dt.timedelta(days=elapsed * 3 // 5),
        upcoming=(upcoming_start, upcoming_end),
        thematic=_weekday_start(upcoming_end + dt.timedelta(days=30)),
    )


# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------


def build_demo(db: DbSession, *, today: dt.date | None = None) -> DemoSummary:
    """Build the demo council in an EMPTY database (refused otherwise) and say how to sign in."""
    _ensure_empty(db)
    timeline = _timeline(today or dt.date.today())
    rng = random.Random(2026)
    prose = _Prose(seed_sentences(SEED_DIR))
    council = create_council(db, COUNCIL, is_home=True)
    term = _create_term(db, council)
    names = _NameMaker(rng)
    specs = _delegate_specs(rng, names)
    mandates, unit_of = _elect_delegates(db, term, specs[:SEATS], rng)
    orgs = _organize(db, term, mandates, unit_of, rng, prose)
    successor = _replace_departed(db, term, mandates[DEPARTED_INDEX], specs[SEATS], orgs, timeline)
    in_office = [m for i, m in enumerate(mandates) if i != DEPARTED_INDEX] + [successor]
    _add_officials(db, council, names, timeline)
    logins = _create_accounts(db, in_office, mandates[CHAIR], mandates[DEMO_DELEGATE_INDEX])
    upcoming = _create_sessions(db, term, timeline, prose)
    _add_neighbouring_councils(db, council)
    return DemoSummary(
        council_name=council.name,
        term_label=term_label(term),
        delegates_in_office=delegates_in_office(db, term.id, timeline.today),
        upcoming_session_id=upcoming.id,
        upcoming_session_heading=session_heading(upcoming, council),
        logins=logins,
    )


def _add_neighbouring_councils(db: DbSession, province: Council) -> None:
    """A commune council under the province, and a district council abolished on 1/7/2025 (archive only)."""
    for data in (
        {
            "name": "Hội đồng nhân dân phường Hoa Lư",
            "short_name": "HĐND phường Hoa Lư",
            "place_name": "Hoa Lư",
            "level": "commune",
        },
        {
            "name": "Hội đồng nhân dân huyện Gia Viễn",
            "short_name": "HĐND huyện Gia Viễn",
            "place_name": "Gia Viễn",
            "level": "district",
            "abolished_on": "2025-07-01",
        },
    ):
        create_council(db, {**data, "parent_id": province.id})


def _ensure_empty(db: DbSession) -> None:
    for model in (Council, Person, User, Session):
        if db.scalar(select(model.id).limit(1)) is not None:
            raise Conflict(
                "Cơ sở dữ liệu đã có dữ liệu — chỉ tạo dữ liệu mẫu trong cơ sở dữ liệu trống.",
                "The database already has data — the demo is only built in an empty database.",
            )


def _create_term(db: DbSession, council: Council) -> Term:
    return create_term(
        db,
        council,
        {
            "number": TERM_NUMBER,
            "starts_on": TERM_START.isoformat(),
            "ends_on": TERM_END.isoformat(),
            "seats": SEATS,
        },
    )


def _elect_delegates(
    db: DbSession, term: Term, specs: Sequence[_DelegateSpec], rng: random.Random
) -> tuple[list[Mandate], dict[int, int]]:
    """The fifty delegates elected on election day, spread over the units; returns mandates and unit index."""
    units = _units()
    slots = _assign_units(specs, rng)
    mandates, unit_of = [], {}
    for index, spec in enumerate(specs):
        unit = slots[index]
        mandate = add_delegate(
            db,
            term,
            {
                "full_name": spec.full_name,
                "gender": spec.gender,
                "birth_year": spec.birth_year,
                "occupation": spec.occupation,
                "constituency": units[unit][1],
                "seat_label": _seat_label(index),
                "started_on": TERM_START.isoformat(),
            },
        )
        mandates.append(mandate)
        unit_of[index] = unit
    return mandates, unit_of


@dataclass
class _Orgs:
    standing: Organization
    bans: list[Organization]
    groups: list[Organization]
    ban_of: dict[int, int]  # delegate index → Ban index, for ordinary Ban members
    group_of: dict[int, int]  # delegate index → Tổ index


def _organize(
    db: DbSession,
    term: Term,
    mandates: list[Mandate],
    unit_of: dict[int, int],
    rng: random.Random,
    prose: _Prose,
) -> _Orgs:
    standing = create_organization(
        db,
        term,
        {
            "kind": "standing",
            "name": "Thường trực HĐND tỉnh",
            "description": (
                "Chủ tịch, các Phó Chủ tịch HĐND tỉnh và Trưởng các Ban; chuẩn bị, triệu tập và chủ trì "
                "kỳ họp, điều hòa, phối hợp hoạt động của các Ban và Tổ đại biểu. "
                + prose.pick(["Thường trực"], "")
            ).strip(),
        },
    )
    _join(db, standing, mandates[CHAIR], "chair")
    for index in VICE_CHAIRS:
        _join(db, standing, mandates[index], "vice_chair")
    for index in BAN_HEADS:  # the Trưởng Ban sit in Thường trực as such
        _join(db, standing, mandates[index], "head")
    bans, ban_of = _create_bans(db, term, mandates, rng, prose)
    groups, group_of = _create_groups(db, term, mandates, unit_of)
    return _Orgs(standing, bans, groups, ban_of, group_of)


def _join(
    db: DbSession, org: Organization, mandate: Mandate, role: str, started_on: dt.date | None = None
) -> Membership:
    data: dict[str, Any] = {"person_id": mandate.person_id, "role": role}
    if started_on is not None:
        data["started_on"] = started_on.isoformat()
    return add_membership(db, org, data)


def _create_bans(
    db: DbSession, term: Term, mandates: list[Mandate], rng: random.Random, prose: _Prose
) -> tuple[list[Organization], dict[int, int]]:
    ordinary = list(range(len(LEADERSHIP) + 1, len(mandates)))  # not the Bí thư Tỉnh ủy
    members = rng.sample([i for i in ordinary if i != DEPARTED_INDEX], 19) + [DEPARTED_INDEX]
    bans, ban_of = [], {}
    for number, (name, remit, keywords) in enumerate(BANS):
        ban = create_organization(
            db,
            term,
            {"kind": "committee", "name": name, "description": f"{remit} {prose.pick(keywords, '')}".strip()},
        )
        _join(db, ban, mandates[BAN_HEADS[number]], "head")
        _join(db, ban, mandates[BAN_DEPUTIES[number]], "deputy")
        for index in sorted(members[number :: len(BANS)]):
            _join(db, ban, mandates[index], "member")
            ban_of[index] = number
        bans.append(ban)
    return bans, ban_of


def _create_groups(
    db: DbSession, term: Term, mandates: list[Mandate], unit_of: dict[int, int]
) -> tuple[list[Organization], dict[int, int]]:
    units = _units()
    groups, group_of = [], {}
    for area, (area_name, _) in enumerate(AREAS):
        numbers = [n + 1 for n, (a, _, _) in enumerate(units) if a == area]
        group = create_organization(
            db,
            term,
            {
                "kind": "group",
                "name": f"Tổ đại biểu số {area + 1} — {area_name}",
                "description": f"Đại biểu ứng cử tại đơn vị bầu cử số {numbers[0]} và số {numbers[1]}; tiếp xúc cử "
                "tri trước và sau mỗi kỳ họp, tiếp công dân theo lịch của Thường trực HĐND tỉnh.",
            },
        )
        members = sorted(i for i, unit in unit_of.items() if units[unit][0] == area)
        # Tổ trưởng and Tổ phó: the first-listed members other than the Chủ tịch and Phó Chủ tịch HĐND
        officers = [i for i in members if i not in (CHAIR, *VICE_CHAIRS, DEPARTED_INDEX)][:2]
        for index in members:
            role = "head" if index == officers[0] else "deputy" if index == officers[1] else "member"
            _join(db, group, mandates[index], role)
            group_of[index] = area
        groups.append(group)
    return groups, group_of


def _replace_departed(
    db: DbSession, term: Term, departed: Mandate, spec: _DelegateSpec, orgs: _Orgs, timeline: _Timeline
) -> Mandate:
    """One delegate leaves mid-term; a by-election fills the seat in the same unit some weeks later."""
    update_delegate(
        db, departed, {"ended_on": timeline.mandate_ended.isoformat(), "end_reason": "Chuyển công tác"}
    )
    for membership in db.scalars(select(Membership).where(Membership.person_id == departed.person_id)):
        update_membership(db, membership, {"ended_on": timeline.mandate_ended.isoformat()})
    successor = add_delegate(
        db,
        term,
        {
            "full_name": spec.full_name,
            "gender": spec.gender,
            "birth_year": spec.birth_year,
            "occupation": spec.occupation,
            "constituency": departed.constituency,
            "seat_label": departed.seat_label,
            "started_on": timeline.by_election.isoformat(),
        },
    )
    _join(db, orgs.groups[orgs.group_of[DEPARTED_INDEX]], successor, "member", timeline.by_election)
    _join(db, orgs.bans[orgs.ban_of[DEPARTED_INDEX]], successor, "member", timeline.by_election)
    return successor


def _add_officials(db: DbSession, council: Council, names: _NameMaker, timeline: _Timeline) -> None:
    for number, (position, agency) in enumerate(OFFICIALS):
        started = timeline.first_session[0] if number < UBND_LEADERS else PROVINCE_FORMED
        gender = "nữ" if number in (2, 5, 10) else "nam"
        add_official(
            db,
            council,
            {
                "full_name": names.make(gender),
                "position": position,
                "agency": agency,
                "started_on": started.isoformat(),
            },
        )


def _create_accounts(
    db: DbSession, delegates: list[Mandate], chair: Mandate, demo_delegate: Mandate
) -> list[tuple[str, str, str]]:
    """Staff accounts, the chair's account and one account per delegate in office (signing in by QR card)."""
    logins: list[tuple[str, str, str]] = []
    for username, password, roles, display_name, description in STAFF_LOGINS:
        create_user(
            db, {"username": username, "password": password, "roles": roles, "display_name": display_name}
        )
        logins.append((username, password, description))
    create_user(
        db,
        {
            "username": CHAIR_LOGIN[0],
            "password": CHAIR_LOGIN[1],
            "roles": ["chair", "delegate"],
            "display_name": chair.person.full_name,
            "person_id": chair.person_id,
        },
    )
    logins.insert(1, (*CHAIR_LOGIN, f"Chủ tọa — {chair.person.full_name}, Chủ tịch HĐND tỉnh"))
    for mandate in delegates:
        if mandate is chair:
            continue
        data: dict[str, Any] = {
            "username": free_username(db, mandate.person.full_name),
            "display_name": mandate.person.full_name,
            "person_id": mandate.person_id,
            "roles": ["delegate"],
        }
        if mandate is demo_delegate:
            data["password"] = DELEGATE_PASSWORD
            logins.append(
                (
                    data["username"],
                    DELEGATE_PASSWORD,
                    f"Đại biểu {mandate.person.full_name} (ghế {mandate.seat_label})",
                )
            )
        create_user(db, data)
    return logins


# ---------------------------------------------------------------------------------------------
# Sessions and agendas
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    title: str
    kind: str
    presenter: str | None
    minutes: int
    day: int = 0  # 0-based day of the session
    depth: int = 0
    notes: str | None = None


@dataclass(frozen=True)
class _Period:
    """What a regular session reports on and plans for, from the month it sits in."""

    title: str
    reported: str  # "năm 2026", "6 tháng đầu năm 2027"
    planned: str  # "năm 2027", "6 tháng cuối năm 2027"
    year_end: bool
    budget_year: int


def _period(start: dt.date) -> _Period:
    year = start.year
    if 4 <= start.month <= 9:
        return _Period(
            f"Kỳ họp thường lệ giữa năm {year}",
            f"6 tháng đầu năm {year}",
            f"6 tháng cuối năm {year}",
            False,
            year,
        )
    if start.month >= 10:
        return _Period(f"Kỳ họp thường lệ cuối năm {year}", f"năm {year}", f"năm {year + 1}", True, year + 1)
    return _Period(f"Kỳ họp thường lệ đầu năm {year}", f"năm {year - 1}", f"năm {year}", True, year)


def _create_sessions(db: DbSession, term: Term, timeline: _Timeline, prose: _Prose) -> Session:
    first = _session(
        db,
        term,
        "regular",
        "Kỳ họp thứ nhất — kiện toàn tổ chức bộ máy nhiệm kỳ 2026–2031",
        timeline.first_session,
    )
    _fill(db, first, _first_agenda())
    publish_session(db, first)
    first.status = SessionStatus.CLOSED  # held in the past (history, not a live sitting)
    for dates in timeline.past_sessions:
        period = _period(dates[0])
        past = _session(db, term, "regular", period.title, dates)
        _fill(db, past, _short_agenda(period))
        publish_session(db, past)
        past.status = SessionStatus.CLOSED
    period = _period(timeline.upcoming[0])
    upcoming = _session(db, term, "regular", period.title, timeline.upcoming)
    confidence = period.year_end and period.budget_year == TERM_START.year + 3  # end of the term's third year
    _fill(db, upcoming, _full_agenda(period, prose, confidence=confidence))
    publish_session(db, upcoming)
    add_session_documents(db, upcoming, period.budget_year, prose.pick)
    thematic = _session(
        db,
        term,
        "thematic",
        "Kỳ họp chuyên đề về chuyển đổi số và đầu tư công",
        (timeline.thematic, timeline.thematic),
    )
    _fill(db, thematic, _thematic_agenda(prose))
    return upcoming


def _session(db: DbSession, term: Term, kind: str, title: str, dates: tuple[dt.date, dt.date]) -> Session:
    return create_session(
        db,
        term,
        {
            "session_type": kind,
            "title": title,
            "starts_on": dates[0].isoformat(),
            "ends_on": dates[1].isoformat(),
            "place": HALL,
            "is_public": True,
        },
    )


def _fill(db: DbSession, session: Session, items: list[_Item]) -> None:
    for item in items:
        add_agenda_item(
            db,
            session,
            {
                "title": item.title,
                "kind": item.kind,
                "presenter": item.presenter,
                "planned_minutes": item.minutes,
                "scheduled_on": (session.starts_on + dt.timedelta(days=item.day)).isoformat(),
                "depth": item.depth,
                "notes": item.notes,
            },
        )


CHAIR_TITLE = "Chủ tịch HĐND tỉnh"


def _first_agenda() -> list[_Item]:
    return [
        _Item("Khai mạc kỳ họp", "procedural", "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", 20),
        _Item(
            "Báo cáo kết quả bầu cử đại biểu HĐND tỉnh khóa XVII và kết quả xác nhận tư cách đại biểu",
            "report",
            "Chủ tịch Ủy ban bầu cử tỉnh",
            30,
        ),
        _Item(
            "Bầu Chủ tịch, Phó Chủ tịch HĐND tỉnh, Trưởng Ban, Phó Trưởng Ban của HĐND tỉnh",
            "election",
            "Tổ kiểm phiếu",
            120,
        ),
        _Item("Bầu Chủ tịch, Phó Chủ tịch và Ủy viên UBND tỉnh", "election", "Tổ kiểm phiếu", 120, day=1),
        _Item(
            "Xem xét, thông qua Nghị quyết thành lập các Ban của HĐND tỉnh khóa XVII",
            "resolution",
            "Phó Chủ tịch HĐND tỉnh",
            30,
            day=1,
        ),
        _Item("Bế mạc kỳ họp", "procedural", CHAIR_TITLE, 20, day=1),
    ]


def _short_agenda(period: _Period) -> list[_Item]:
    items = [
        _Item("Khai mạc kỳ họp", "procedural", CHAIR_TITLE, 20),
        _Item(
            f"Báo cáo tình hình kinh tế – xã hội {period.reported}; nhiệm vụ, giải pháp {period.planned}",
            "report",
            "Chủ tịch UBND tỉnh",
            45,
        ),
        _Item(
            "Báo cáo thẩm tra của Ban Kinh tế – Ngân sách",
            "report",
            "Trưởng Ban Kinh tế – Ngân sách",
            20,
            depth=1,
        ),
        _Item("Thảo luận tại Tổ đại biểu", "discussion", None, 180, day=1),
        _Item("Chất vấn và trả lời chất vấn", "questioning", "Chủ tọa kỳ họp", 150, day=1),
    ]
    if period.year_end:
        items.append(
            _Item(
                f"Xem xét, thông qua Nghị quyết về dự toán ngân sách địa phương năm {period.budget_year}",
                "resolution",
                "Giám đốc Sở Tài chính",
                30,
                day=2,
            )
        )
    else:
        items.append(
            _Item(
                f"Xem xét, thông qua Nghị quyết điều chỉnh kế hoạch đầu tư công năm {period.budget_year}",
                "resolution",
                "Giám đốc Sở Tài chính",
                30,
                day=2,
            )
        )
    items.append(_Item("Bế mạc kỳ họp", "procedural", CHAIR_TITLE, 20, day=2))
    return items


def _full_agenda(period: _Period, prose: _Prose, *, confidence: bool) -> list[_Item]:
    year = period.budget_year
    questioning_note = (
        "Thường trực HĐND tỉnh lựa chọn các nhóm vấn đề từ phiếu chất vấn của đại biểu và kiến nghị của cử tri; "
        "người bị chất vấn trả lời trực tiếp, nội dung chưa trả lời tại phiên họp được trả lời bằng văn bản trong "
        "20 ngày."
    )
    items = [
        _Item("Khai mạc kỳ họp", "procedural", CHAIR_TITLE, 20),
        _Item(
            f"Báo cáo tình hình kinh tế – xã hội {period.reported}; mục tiêu, nhiệm vụ, giải pháp {period.planned}",
            "report",
            "Chủ tịch UBND tỉnh",
            45,
            notes=prose.pick(
                ["kinh tế", "an ninh", "đô thị"], "Báo cáo của UBND tỉnh và báo cáo thẩm tra gửi kèm."
            ),
        ),
        _Item(
            "Báo cáo thẩm tra của Ban Kinh tế – Ngân sách",
            "report",
            "Trưởng Ban Kinh tế – Ngân sách",
            20,
            depth=1,
        ),
        _Item(
            f"Báo cáo tình hình thu, chi ngân sách nhà nước {period.reported}",
            "report",
            "Giám đốc Sở Tài chính",
            20,
            depth=1,
        ),
        _Item(
            "Báo cáo công tác của Tòa án nhân dân tỉnh và Viện kiểm sát nhân dân tỉnh",
            "report",
            "Chánh án Tòa án nhân dân tỉnh; Viện trưởng Viện kiểm sát nhân dân tỉnh",
            30,
        ),
        _Item(
            "Thông báo của Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh về công tác tham gia xây dựng chính quyền và "
            "ý kiến, kiến nghị của cử tri",
            "report",
            "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
            20,
            notes=prose.pick(["cử tri"], FALLBACK_PROSE[0]),
        ),
        _Item("Thảo luận tại Tổ đại biểu", "discussion", None, 150, day=1),
        _Item(
            "Chất vấn và trả lời chất vấn",
            "questioning",
            "Chủ tọa kỳ họp",
            150,
            day=1,
            notes=questioning_note,
        ),
        _Item(
            "Nhóm vấn đề về y tế cơ sở và khám, chữa bệnh bảo hiểm y tế",
            "questioning",
            "Giám đốc Sở Y tế",
            60,
            day=1,
            depth=1,
        ),
        _Item(
            "Nhóm vấn đề về đất đai, môi trường và xử lý rác thải ở khu vực nông thôn",
            "questioning",
            "Giám đốc Sở Nông nghiệp và Môi trường",
            60,
            day=1,
            depth=1,
        ),
    ]
    if confidence:
        items.append(
            _Item(
                "Lấy phiếu tín nhiệm đối với người giữ chức vụ do HĐND tỉnh bầu",
                "confidence",
                "Tổ kiểm phiếu",
                60,
                day=2,
            )
        )
    budget = (
        f"Xem xét, thông qua Nghị quyết về dự toán ngân sách địa phương và phân bổ ngân sách cấp tỉnh năm {year}"
        if period.year_end
        else f"Xem xét, thông qua Nghị quyết điều chỉnh dự toán ngân sách địa phương năm {year}"
    )
    items += [
        _Item(budget, "resolution", "Giám đốc Sở Tài chính", 30, day=2),
        _Item(
            f"Xem xét, thông qua Nghị quyết về kế hoạch đầu tư công năm {year}",
            "resolution",
            "Giám đốc Sở Tài chính",
            30,
            day=2,
        ),
        _Item(
            "Xem xét, thông qua Nghị quyết quy định mức hỗ trợ học phí cho trẻ em mầm non và học sinh phổ thông",
            "resolution",
            "Giám đốc Sở Giáo dục và Đào tạo",
            25,
            day=2,
        ),
        _Item(
            "Xem xét, thông qua Nghị quyết về chính sách hỗ trợ xây dựng nông thôn mới kiểu mẫu",
            "resolution",
            "Giám đốc Sở Nông nghiệp và Môi trường",
            25,
            day=2,
        ),
        _Item(
            "Xem xét, thông qua Nghị quyết về chương trình giám sát của HĐND tỉnh",
            "resolution",
            "Phó Chủ tịch HĐND tỉnh",
            20,
            day=2,
            notes=prose.pick(["giám sát"], "Chương trình giám sát do Thường trực HĐND tỉnh trình."),
        ),
        _Item("Bế mạc kỳ họp", "procedural", CHAIR_TITLE, 20, day=2),
    ]
    return items


def _thematic_agenda(prose: _Prose) -> list[_Item]:
    return [
        _Item("Khai mạc kỳ họp", "procedural", CHAIR_TITLE, 15),
        _Item(
            "Xem xét, thông qua Nghị quyết về chuyển đổi số trong hoạt động của HĐND các cấp",
            "resolution",
            "Chánh Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh",
            40,
            notes=prose.pick(["chuyển đổi số", "kỳ họp số"], FALLBACK_PROSE[1]),
        ),
        _Item(
            "Xem xét, thông qua Nghị quyết điều chỉnh chủ trương đầu tư một số dự án giao thông trọng điểm",
            "resolution",
            "Giám đốc Sở Xây dựng",
            40,
        ),
        _Item("Bế mạc kỳ họp", "procedural", CHAIR_TITLE, 15),
    ]

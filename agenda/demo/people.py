"""The demo council's facts (name, term, seats, hall) and its people: Vietnamese names weighted as in the northern provinces, the Ban and Tổ, electoral units
and seats, and the officials of the UBND."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from agenda.council.terms import CouncilInput
from agenda.models import CouncilLevel

COUNCIL = CouncilInput(
    name="Hội đồng nhân dân tỉnh Ninh Bình",
    short_name="HĐND tỉnh Ninh Bình",
    place_name="Ninh Bình",
    level=CouncilLevel.PROVINCE,
)
TERM_NUMBER = 17
TERM_START = dt.date(2026, 3, 15)
TERM_END = dt.date(2031, 3, 14)
SEATS = 50
HALL = "Hội trường Trung tâm Hội nghị tỉnh"
PROVINCE_FORMED = dt.date(2025, 7, 1)  # the merged province and its departments date from 1/7/2025

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


Post = tuple[str, str | None, tuple[int, int]]  # occupation, gender (None: either), birth years
LEADERSHIP: list[Post] = [
    ("Phó Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh", "nam", SENIOR),
    ("Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch HĐND tỉnh", "nam", SENIOR),
    ("Phó Chủ tịch HĐND tỉnh", "nữ", SENIOR),
    *[(f"Trưởng {name} HĐND tỉnh", None, SENIOR) for name, _, _ in BANS],
    *[(f"Phó Trưởng {name} HĐND tỉnh", None, MIDDLE) for name, _, _ in BANS],
]


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
class DelegateSpec:
    full_name: str
    gender: str
    birth_year: int
    occupation: str


class NameMaker:
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


def delegate_specs(rng: random.Random, names: NameMaker) -> list[DelegateSpec]:
    """Fifty-one people: the fifty elected in March and the one elected at the by-election (last)."""
    specs = []
    for occupation, fixed_gender, (born_from, born_to) in LEADERSHIP + OCCUPATIONS:
        gender = fixed_gender or ("nữ" if rng.random() < 0.4 else "nam")
        birth_year = rng.randint(born_from, born_to)
        specs.append(DelegateSpec(names.make(gender), gender, birth_year, occupation))
    return specs


def electoral_units() -> list[tuple[int, str, int]]:
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


def assign_units(specs: Sequence[DelegateSpec], rng: random.Random) -> list[int]:
    """A unit for each delegate: local officials stand where they work, the others are spread at random."""
    units = electoral_units()
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


def seat_label(index: int) -> str:
    row, seat = divmod(index, 10)
    return f"{'ABCDE'[row]}{seat + 1:02d}"

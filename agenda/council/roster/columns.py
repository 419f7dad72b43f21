"""The columns of the council's lists, declared once: each one's Vietnamese header (as the template and the
export write it), its English name and key, how its cells are read, what it means, an example value, and
the other headers councils use for it in their own files (matched without case or diacritics)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from agenda.council.memberships import role_label
from agenda.models import MembershipRole, OrganizationKind
from agenda.text import fold


class Cell(enum.StrEnum):
    """How a cell's value is read before the domain's reader checks it."""

    TEXT = "text"  # numbers as their digits (a phone typed as a number), dates as dd/mm/yyyy
    DATE = "date"  # an Excel date, its serial number, dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy or ISO
    YEAR = "year"  # a year, or a whole date of birth (its year is kept)
    ORDINAL = "ordinal"  # STT: the row's number in the list, not stored


class RosterList(enum.StrEnum):
    DELEGATES = "delegates"
    OFFICIALS = "officials"


def role_labels(kind: OrganizationKind) -> dict[MembershipRole, str]:
    """The roles in an organization of this kind, as the file writes them ("Trưởng Ban", …)."""
    return {role: role_label(kind, role) for role in MembershipRole if role_label(kind, role) != role.value}


def role_choices(kind: OrganizationKind) -> tuple[str, ...]:
    return tuple(role_labels(kind).values())


# Columns that name a membership: (organization kind, the column of its name or None, the column of the role)
MEMBERSHIP_COLUMNS: tuple[tuple[OrganizationKind, str | None, str], ...] = (
    (OrganizationKind.STANDING, None, "standing_role"),
    (OrganizationKind.COMMITTEE, "committee", "committee_role"),
    (OrganizationKind.GROUP, "group", "group_role"),
)


@dataclass(frozen=True)
class Column:
    key: str  # the English key: the domain's field name where there is one
    header: str  # the Vietnamese header
    header_en: str
    cell: Cell
    note_vi: str
    note_en: str
    example: str | int | dt.date | None = None
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()  # a list the template offers in the cell (Excel data validation)
    required: bool = False
    width: int = 18

    def names(self) -> set[str]:
        """Every header this column is recognised by, folded."""
        return {header_key(n) for n in (self.header, self.header_en, self.key, *self.aliases)}


def header_key(text: str) -> str:
    """A header as compared: without case, diacritics, surrounding spaces, a trailing "*" or ":"."""
    return fold(text.strip().rstrip("*:").strip())[0]


_NUMBER = Column(
    "number", "STT", "No.", Cell.ORDINAL, "Số thứ tự; không lưu.", "Row number; not stored.", 1, width=6
)
_NAME = Column(
    "full_name",
    "Họ và tên",
    "Full name",
    Cell.TEXT,
    "Bắt buộc. Cùng với năm sinh, là cách nhận ra một đại biểu khi nhập lại tệp.",
    "Required. With the birth year, how a delegate is recognised when the file is imported again.",
    "Nguyễn Văn Mẫu",
    aliases=("Họ tên", "Tên"),
    required=True,
    width=28,
)
_ENDED = Column(
    "ended_on",
    "Ngày thôi nhiệm vụ",
    "End date",
    Cell.DATE,
    "Để trống khi vẫn đang làm nhiệm vụ.",
    "Empty while still in office.",
)

DELEGATE_COLUMNS: tuple[Column, ...] = (
    _NUMBER,
    _NAME,
    Column(
        "birth_year",
        "Năm sinh",
        "Birth year",
        Cell.YEAR,
        "Năm sinh (1975) hoặc ngày sinh (20/05/1975: chỉ lưu năm). Cùng họ tên, nhận ra đại biểu khi nhập lại.",
        "The year (1975) or the date of birth (20/05/1975: the year is kept). With the name, the identity.",
        1975,
        aliases=("Ngày sinh", "Ngày tháng năm sinh", "Sinh năm"),
        width=11,
    ),
    Column(
        "gender",
        "Giới tính",
        "Gender",
        Cell.TEXT,
        "“Nam” hoặc “Nữ”.",
        "“Nam” or “Nữ”.",
        "Nam",
        choices=("Nam", "Nữ"),
        width=10,
    ),
    Column(
        "occupation",
        "Chức vụ, nơi công tác",
        "Occupation",
        Cell.TEXT,
        "Chức vụ và nơi công tác của đại biểu.",
        "The delegate's post and workplace.",
        "Giám đốc Sở Tư pháp",
        aliases=("Chức vụ", "Nơi công tác", "Nghề nghiệp, chức vụ", "Chức vụ, đơn vị công tác"),
        width=32,
    ),
    Column(
        "constituency",
        "Đơn vị bầu cử",
        "Constituency",
        Cell.TEXT,
        "Đơn vị bầu cử nơi đại biểu trúng cử.",
        "Where the delegate was elected.",
        "Đơn vị bầu cử số 1",
        aliases=("Đơn vị", "Khu vực bầu cử"),
        width=22,
    ),
    Column(
        "seat_label",
        "Số ghế",
        "Seat",
        Cell.TEXT,
        "Ghế trong hội trường, ví dụ A01.",
        "The hall seat, e.g. A01.",
        "A01",
        aliases=("Ghế", "Vị trí ghế"),
        width=9,
    ),
    Column(
        "email",
        "Email",
        "Email",
        Cell.TEXT,
        "Thư điện tử.",
        "Email address.",
        "nvan@example.vn",
        aliases=("Thư điện tử", "E-mail"),
        width=24,
    ),
    Column(
        "phone",
        "Số điện thoại",
        "Phone",
        Cell.TEXT,
        "Nhập dạng văn bản để giữ số 0 ở đầu.",
        "Type it as text to keep the leading 0.",
        "0912345678",
        aliases=("Điện thoại", "SĐT"),
        width=15,
    ),
    Column(
        "started_on",
        "Ngày bắt đầu nhiệm vụ",
        "Start date",
        Cell.DATE,
        "Để trống: ngày đầu nhiệm kỳ.",
        "Empty: the term's first day.",
        aliases=("Ngày bắt đầu",),
    ),
    _ENDED,
    Column(
        "end_reason",
        "Lý do thôi nhiệm vụ",
        "End reason",
        Cell.TEXT,
        "Bắt buộc khi có ngày thôi nhiệm vụ.",
        "Required with an end date.",
        aliases=("Lý do",),
        width=22,
    ),
    Column(
        "standing_role",
        "Thường trực HĐND",
        "Standing committee",
        Cell.TEXT,
        "Chức danh trong Thường trực HĐND, nếu có.",
        "The delegate's role in the standing committee, if any.",
        choices=role_choices(OrganizationKind.STANDING),
        aliases=("Thường trực",),
        width=20,
    ),
    Column(
        "committee",
        "Ban",
        "Committee",
        Cell.TEXT,
        "Tên Ban của HĐND (tạo mới nếu chưa có).",
        "The committee's name (created if new).",
        "Ban Pháp chế",
        aliases=("Ban của HĐND", "Thành viên Ban"),
        width=24,
    ),
    Column(
        "committee_role",
        "Chức vụ trong Ban",
        "Committee role",
        Cell.TEXT,
        "Để trống: Ủy viên.",
        "Empty: member.",
        "Ủy viên",
        choices=role_choices(OrganizationKind.COMMITTEE),
        width=17,
    ),
    Column(
        "group",
        "Tổ đại biểu",
        "Delegate group",
        Cell.TEXT,
        "Tên Tổ đại biểu (tạo mới nếu chưa có).",
        "The delegate group's name (created if new).",
        "Tổ đại biểu số 1",
        aliases=("Tổ",),
        width=20,
    ),
    Column(
        "group_role",
        "Chức vụ trong Tổ",
        "Group role",
        Cell.TEXT,
        "Để trống: Thành viên.",
        "Empty: member.",
        "Tổ trưởng",
        choices=role_choices(OrganizationKind.GROUP),
        width=16,
    ),
)

OFFICIAL_COLUMNS: tuple[Column, ...] = (
    _NUMBER,
    Column(
        "full_name",
        "Họ và tên",
        "Full name",
        Cell.TEXT,
        "Bắt buộc. Cùng với cơ quan, là cách nhận ra một người khi nhập lại tệp.",
        "Required. With the agency, how an official is recognised when the file is imported again.",
        "Trần Thị Mẫu",
        aliases=("Họ tên",),
        required=True,
        width=28,
    ),
    Column(
        "position",
        "Chức vụ",
        "Position",
        Cell.TEXT,
        "Bắt buộc, ví dụ Giám đốc Sở Y tế.",
        "Required, e.g. Giám đốc Sở Y tế.",
        "Giám đốc Sở Y tế",
        required=True,
        width=28,
    ),
    Column(
        "agency",
        "Cơ quan",
        "Agency",
        Cell.TEXT,
        "Bắt buộc, ví dụ Sở Y tế.",
        "Required, e.g. Sở Y tế.",
        "Sở Y tế",
        aliases=("Cơ quan, đơn vị",),
        required=True,
        width=24,
    ),
    Column(
        "started_on",
        "Ngày nhận nhiệm vụ",
        "Start date",
        Cell.DATE,
        "Để trống: hôm nay (với người mới); giữ nguyên (với người đã có).",
        "Empty: today (someone new); unchanged (someone known).",
        aliases=("Ngày bắt đầu",),
    ),
    _ENDED,
)

COLUMNS: dict[RosterList, tuple[Column, ...]] = {
    RosterList.DELEGATES: DELEGATE_COLUMNS,
    RosterList.OFFICIALS: OFFICIAL_COLUMNS,
}
SHEET_TITLES: dict[RosterList, str] = {
    RosterList.DELEGATES: "Đại biểu",
    RosterList.OFFICIALS: "Người được chất vấn",
}
GUIDE_TITLE = "Hướng dẫn"


def list_of_headers(headers: list[str]) -> RosterList | None:
    """Which list a header row belongs to: officials when it names the agency, delegates when it names
    the full name only, None (not a list of ours: the guide, a summary) without a full name."""
    keys = {header_key(h) for h in headers}
    if not keys & _NAME.names():
        return None
    agency = next(c for c in OFFICIAL_COLUMNS if c.key == "agency")
    return RosterList.OFFICIALS if keys & agency.names() else RosterList.DELEGATES


def column_for(roster: RosterList, header: str) -> Column | None:
    key = header_key(header)
    return next((c for c in COLUMNS[roster] if key in c.names()), None)


def column_named(roster: RosterList, key: str) -> Column:
    return next(c for c in COLUMNS[roster] if c.key == key)

"""Raw rows → typed rows, or each row's errors (the row's number, the column, Vietnamese and English).

A cell is first read as its column says (:class:`~agenda.council.roster.columns.Cell`), then checked by the
very reader the API uses for that field (``DelegatePatch.READERS``, ``OfficialPatch.READERS``): a name too
long or a birth year in the future is refused here as it is on the delegates' page. A column the file does
not have is left out of the row (``given``), so that importing it leaves that field as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from agenda.council.delegates import DelegatePatch
from agenda.council.officials import OfficialPatch
from agenda.council.roster.columns import (
    MEMBERSHIP_COLUMNS,
    Cell,
    Column,
    RosterList,
    column_named,
    header_key,
    role_choices,
    role_labels,
)
from agenda.council.roster.parse import RawRow, Sheet
from agenda.council.values import Reader
from agenda.errors import DomainError
from agenda.inputs import Fields, parse_date
from agenda.models import MembershipRole, OrganizationKind
from agenda.text import fold

_EXCEL_SERIALS = range(1, 2958466)  # 1900-01-01 … 9999-12-31 as Excel numbers days
_DAY_FIRST = re.compile(r"(\d{1,2})[-.](\d{1,2})[-.](\d{4})")


@dataclass(frozen=True)
class RowError:
    column: Column | None  # None: the row as a whole
    vi: str
    en: str


@dataclass(frozen=True)
class MembershipCell:
    kind: OrganizationKind
    name: str | None  # the Ban's or Tổ's name; None: the term's Thường trực
    role: MembershipRole
    column: str  # the key of the column that names it (its errors are reported there)
    role_column: str  # the key of the column of the role


@dataclass(frozen=True)
class DelegateRow:
    number: int
    given: frozenset[str]
    full_name: str
    birth_year: int | None = None
    gender: str | None = None
    occupation: str | None = None
    constituency: str | None = None
    seat_label: str | None = None
    email: str | None = None
    phone: str | None = None
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    end_reason: str | None = None
    memberships: tuple[MembershipCell, ...] = ()

    @property
    def identity(self) -> tuple[str, int | None]:
        return delegate_identity(self.full_name, self.birth_year)


@dataclass(frozen=True)
class OfficialRow:
    number: int
    given: frozenset[str]
    full_name: str
    position: str
    agency: str
    started_on: dt.date | None = None
    ended_on: dt.date | None = None

    @property
    def identity(self) -> tuple[str, str]:
        return official_identity(self.full_name, self.agency)


Row = DelegateRow | OfficialRow


@dataclass(frozen=True)
class CheckedRow:
    number: int
    name: str  # the name as the file writes it (for the report, even when it is wrong)
    row: Row | None  # None when the row has errors
    errors: tuple[RowError, ...] = ()


def delegate_identity(full_name: str, birth_year: int | None) -> tuple[str, int | None]:
    """The identity of a delegate in a file: the name (without case or extra spaces, marks kept) and year."""
    return fold(full_name, keep_marks=True)[0], birth_year


def official_identity(full_name: str, agency: str) -> tuple[str, str]:
    return fold(full_name, keep_marks=True)[0], fold(agency, keep_marks=True)[0]


def cell_value(column: Column, value: Any) -> Any:
    """A cell as its column's reader takes it: text, a date, a year — or as it was, to be refused there."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if column.cell == Cell.DATE:
        return _date(value)
    if column.cell == Cell.YEAR:
        return _year(value)
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = value if isinstance(value, str) else str(value)
    return " ".join(text.replace("\r", " ").replace("\n", " ").replace("\t", " ").split())


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and int(value) in _EXCEL_SERIALS:
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).date()
    if isinstance(value, str):
        text = value.strip()
        match = _DAY_FIRST.fullmatch(text)
        return f"{match[1]}/{match[2]}/{match[3]}" if match else text
    return value


def _year(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and not value.strip().isdigit():
        try:
            return parse_date(_date(value)).year
        except DomainError:
            return value
    return value


def _read(column: Column, reader: Reader, value: Any, errors: list[RowError]) -> Any:
    try:
        return reader(Fields({column.key: value}))
    except DomainError as error:
        errors.append(RowError(column, error.vi, error.en))
        return None


def _fields(
    raw: RawRow, columns: tuple[Column, ...], readers: Mapping[str, Reader]
) -> tuple[dict[str, Any], list[RowError]]:
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for column in columns:
        if column.key not in readers:
            continue
        value = cell_value(column, raw.cells.get(column.key))
        if column.key == "gender" and isinstance(value, str):
            value = {"nam": "nam", "nu": "nữ"}.get(header_key(value), value)
        if value is None and not column.required:
            values[column.key] = None
        else:
            values[column.key] = _read(column, readers[column.key], value, errors)
    return values, errors


def _role(kind: OrganizationKind, column: Column, value: Any, errors: list[RowError]) -> MembershipRole:
    if value is None:
        return MembershipRole.MEMBER
    text = header_key(str(value))
    for role, label in role_labels(kind).items():
        if text in (role.value, header_key(label)):
            return role
    allowed = ", ".join(role_choices(kind))
    errors.append(
        RowError(
            column,
            f"{column.header} không hợp lệ (chọn một trong: {allowed}).",
            f"{column.header_en} is not valid (one of: {allowed}).",
        )
    )
    return MembershipRole.MEMBER


def _org_name(key: str) -> Reader:
    return lambda f: f.text(key, ("tên", "name"), max_length=200)


def _memberships(raw: RawRow, given: frozenset[str], errors: list[RowError]) -> tuple[MembershipCell, ...]:
    cells: list[MembershipCell] = []
    for kind, name_key, role_key in MEMBERSHIP_COLUMNS:
        role_column = column_named(RosterList.DELEGATES, role_key)
        role_text = cell_value(role_column, raw.cells.get(role_key)) if role_key in given else None
        if name_key is None:
            if role_text is not None:
                role = _role(kind, role_column, role_text, errors)
                cells.append(MembershipCell(kind, None, role, role_key, role_key))
            continue
        name_column = column_named(RosterList.DELEGATES, name_key)
        name_text = cell_value(name_column, raw.cells.get(name_key)) if name_key in given else None
        if name_text is None:
            if role_text is not None:
                errors.append(
                    RowError(
                        role_column,
                        f"Có {role_column.header} nhưng chưa ghi {name_column.header}.",
                        f"{role_column.header_en} is given without the {name_column.header_en.lower()}.",
                    )
                )
            continue
        name = _read(name_column, _org_name(name_key), name_text, errors)
        role = _role(kind, role_column, role_text, errors)
        if name is not None:
            cells.append(MembershipCell(kind, name, role, name_key, role_key))
    return tuple(cells)


def _delegate(raw: RawRow, sheet: Sheet) -> tuple[DelegateRow | None, list[RowError]]:
    values, errors = _fields(raw, sheet.columns, DelegatePatch.READERS)
    given = frozenset(c.key for c in sheet.columns)
    memberships = _memberships(raw, given, errors)
    if errors:
        return None, errors
    return DelegateRow(raw.number, frozenset(values), memberships=memberships, **values), errors


def _official(raw: RawRow, sheet: Sheet) -> tuple[OfficialRow | None, list[RowError]]:
    values, errors = _fields(raw, sheet.columns, OfficialPatch.READERS)
    for key in ("position", "agency"):
        if key not in values:
            column = column_named(RosterList.OFFICIALS, key)
            errors.append(
                RowError(
                    column, f"Thiếu cột “{column.header}”.", f"The “{column.header_en}” column is missing."
                )
            )
    if errors:
        return None, errors
    return OfficialRow(raw.number, frozenset(values), **values), errors


def check_sheet(sheet: Sheet) -> list[CheckedRow]:
    """Every row of the sheet checked; a row naming someone an earlier row already named is an error."""
    out: list[CheckedRow] = []
    seen: dict[Any, int] = {}
    for raw in sheet.rows:
        row, errors = (_delegate if sheet.roster == RosterList.DELEGATES else _official)(raw, sheet)
        name = cell_value(column_named(sheet.roster, "full_name"), raw.cells.get("full_name")) or ""
        if row is not None:
            first = seen.setdefault(row.identity, row.number)
            if first != row.number:
                errors.append(_duplicate(sheet.roster, first))
                row = None
        out.append(CheckedRow(raw.number, str(name), row, tuple(errors)))
    return out


def _duplicate(roster: RosterList, first: int) -> RowError:
    column = column_named(roster, "full_name")
    if roster == RosterList.DELEGATES:
        return RowError(
            column,
            f"Trùng với dòng {first} (cùng họ tên và năm sinh).",
            f"The same delegate as row {first} (same name and birth year).",
        )
    return RowError(
        column,
        f"Trùng với dòng {first} (cùng họ tên và cơ quan).",
        f"The same official as row {first} (same name and agency).",
    )

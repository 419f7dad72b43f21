"""Reading untrusted input (JSON objects from the wire, CLI arguments) into typed values.

Every failure is a :class:`DomainError` naming the field, in Vietnamese and English.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Mapping
from typing import Any, TypeVar

from agenda.errors import DomainError

E = TypeVar("E", bound=enum.Enum)

_MISSING = object()

INT_MAX = 2**31 - 1  # the largest id or count every integer column holds (PostgreSQL INTEGER is 32-bit)
_WHOLE = re.compile(r"-?[0-9]{1,40}")  # ASCII digits only: int() also reads "٥" and " 5 "
# Control characters (C0 but tab and newlines, DEL, C1) and the bidirectional overrides that make a name
# read differently from what it is; NUL cannot even be stored in PostgreSQL.
_ONE_LINE_BAD = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MULTI_LINE_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def whole_number(text: str) -> int | None:
    """``text`` as a whole number that an integer column can hold (ASCII digits, 32 bits), else None."""
    if not _WHOLE.fullmatch(text):
        return None
    number = int(text)
    return number if -INT_MAX <= number <= INT_MAX else None


def clean_text(value: str, *, multi_line: bool) -> str | None:
    """``value`` in Unicode NFC (one form for "hòa" whatever the keyboard sent), or None when it holds a
    control character (NUL, a bell, a bidirectional override) that has no place in a council's text."""
    pattern = _MULTI_LINE_BAD if multi_line else _ONE_LINE_BAD
    if pattern.search(value):
        return None
    return unicodedata.normalize("NFC", value)


class Fields:
    """Typed access to a JSON object; ``label`` pairs give the field's name in both languages."""

    def __init__(self, data: Any) -> None:
        if not isinstance(data, Mapping):
            raise DomainError(
                "Dữ liệu gửi lên phải là một đối tượng JSON.",
                "The request body must be a JSON object.",
                code="bad_body",
            )
        self.data = data

    def has(self, key: str) -> bool:
        return key in self.data

    def _raw(self, key: str, label: tuple[str, str], required: bool) -> Any:
        value = self.data.get(key, _MISSING)
        if value is _MISSING or value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise DomainError(
                    f"Vui lòng nhập {label[0]}.",
                    f"{label[1].capitalize()} is required.",
                    code="required",
                    field=key,
                )
            return None
        return value

    def text(self, key: str, label: tuple[str, str], *, required: bool = True, max_length: int = 300) -> Any:
        value = self._raw(key, label, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise DomainError(
                f"{label[0].capitalize()} phải là chuỗi ký tự.",
                f"{label[1].capitalize()} must be text.",
                field=key,
            )
        multi_line = max_length > 500
        cleaned = clean_text(value, multi_line=multi_line)
        if cleaned is None:
            raise DomainError(
                f"{label[0].capitalize()} chứa ký tự điều khiển không được phép.",
                f"{label[1].capitalize()} contains a control character that is not allowed.",
                code="bad_text",
                field=key,
            )
        value = cleaned.strip() if multi_line else " ".join(cleaned.split())
        if len(value) > max_length:
            raise DomainError(
                f"{label[0].capitalize()} dài quá {max_length} ký tự.",
                f"{label[1].capitalize()} is longer than {max_length} characters.",
                field=key,
            )
        return value

    def integer(
        self,
        key: str,
        label: tuple[str, str],
        *,
        required: bool = True,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> Any:
        value = self._raw(key, label, required)
        if value is None:
            return None
        if isinstance(value, str):
            value = int(value.strip()) if _WHOLE.fullmatch(value.strip()) else value
        if isinstance(value, bool) or not isinstance(value, int):
            raise DomainError(
                f"{label[0].capitalize()} phải là số nguyên.",
                f"{label[1].capitalize()} must be a whole number.",
                field=key,
            )
        if not -INT_MAX <= value <= INT_MAX:
            raise DomainError(
                f"{label[0].capitalize()} quá lớn.", f"{label[1].capitalize()} is too large.", field=key
            )
        if minimum is not None and value < minimum:
            raise DomainError(
                f"{label[0].capitalize()} không được nhỏ hơn {minimum}.",
                f"{label[1].capitalize()} must be at least {minimum}.",
                field=key,
            )
        if maximum is not None and value > maximum:
            raise DomainError(
                f"{label[0].capitalize()} không được lớn hơn {maximum}.",
                f"{label[1].capitalize()} must be at most {maximum}.",
                field=key,
            )
        return value

    def date(self, key: str, label: tuple[str, str], *, required: bool = True) -> Any:
        value = self._raw(key, label, required)
        if value is None:
            return None
        return parse_date(value, key, label)

    def boolean(self, key: str, label: tuple[str, str], *, default: bool | None = None) -> Any:
        value = self.data.get(key, None)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise DomainError(
                f"{label[0].capitalize()} phải là true hoặc false.",
                f"{label[1].capitalize()} must be true or false.",
                field=key,
            )
        return value

    def choice(self, key: str, label: tuple[str, str], enum_type: type[E], *, required: bool = True) -> Any:
        value = self._raw(key, label, required)
        if value is None:
            return None
        try:
            return enum_type(value)
        except ValueError:
            allowed = ", ".join(str(m.value) for m in enum_type)
            raise DomainError(
                f"{label[0].capitalize()} không hợp lệ (chọn một trong: {allowed}).",
                f"{label[1].capitalize()} is not valid (one of: {allowed}).",
                field=key,
            ) from None

    def id_list(self, key: str, label: tuple[str, str]) -> list[int]:
        value = self._raw(key, label, True)
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= INT_MAX for v in value
        ):
            raise DomainError(
                f"{label[0].capitalize()} phải là danh sách mã số.",
                f"{label[1].capitalize()} must be a list of ids.",
                field=key,
            )
        return value


def parse_date(value: Any, key: str = "date", label: tuple[str, str] = ("ngày", "date")) -> dt.date:
    """ISO ``2026-07-15`` or Vietnamese ``15/07/2026`` (or a ``date`` from Python callers)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if "/" in text:
                day, month, year = (int(p) for p in text.split("/"))
                return dt.date(year, month, day)
            return dt.date.fromisoformat(text)
        except (ValueError, OverflowError):  # 15/07/99999999999999999999 overflows the C date
            pass
    raise DomainError(
        f"{label[0].capitalize()} không hợp lệ (dạng 2026-07-15 hoặc 15/07/2026).",
        f"{label[1].capitalize()} is not a valid date (2026-07-15 or 15/07/2026).",
        field=key,
    )

"""Errors a person can act on, in Vietnamese first with an English version."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError

T = TypeVar("T")


class DomainError(Exception):
    """A rule of the council was broken, or the input makes no sense.

    ``status`` is the HTTP-like class of the problem (400 invalid, 403 forbidden, 404 not found,
    409 conflict); the web layer maps it, the domain just says what kind of problem it is.
    """

    status = 400
    retry_after: int | None = None  # seconds: when trying again later will do (429, 503)

    def __init__(
        self, vi: str, en: str, *, code: str = "invalid", field: str | None = None, status: int | None = None
    ) -> None:
        super().__init__(en)
        self.vi = vi
        self.en = en
        self.code = code
        self.field = field
        if status is not None:
            self.status = status

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi

    def as_dict(self, lang: str = "vi") -> dict[str, object]:
        out: dict[str, object] = {
            "code": self.code,
            "message": self.message(lang),
            "message_vi": self.vi,
            "message_en": self.en,
        }
        if self.field:
            out["field"] = self.field
        if self.retry_after is not None:
            out["retry_after"] = self.retry_after
        return out


class Unavailable(DomainError):
    """The database could not do it now (busy, connection lost): nothing was recorded; try again."""

    status = 503

    def __init__(self) -> None:
        super().__init__(
            "Máy chủ đang bận, thao tác chưa được ghi nhận — vui lòng thử lại.",
            "The server is busy; nothing was recorded — please try again.",
            code="unavailable",
        )


class NotFound(DomainError):
    status = 404

    def __init__(self, what_vi: str, what_en: str) -> None:
        super().__init__(f"Không tìm thấy {what_vi}.", f"{what_en} not found.", code="not_found")


class Conflict(DomainError):
    status = 409

    def __init__(self, vi: str, en: str, *, field: str | None = None) -> None:
        super().__init__(vi, en, code="conflict", field=field)


class Forbidden(DomainError):
    status = 403

    def __init__(
        self,
        vi: str = "Bạn không có quyền thực hiện thao tác này.",
        en: str = "You are not allowed to do this.",
    ) -> None:
        super().__init__(vi, en, code="forbidden")


def from_database(exc: SQLAlchemyError) -> DomainError:
    """What a failed statement tells the caller (the unit of work rolled back, nothing was recorded): a
    database constraint that no rule caught first conflicts with what is recorded (409); a value the column
    cannot hold is bad input (400); anything else — busy, connection lost — is :class:`Unavailable` (503)."""
    if isinstance(exc, IntegrityError):
        return Conflict(
            "Thao tác mâu thuẫn với dữ liệu đã có (trùng tên, trùng mã hoặc ngày không hợp lệ); chưa có gì được ghi.",
            "The change conflicts with what is recorded (a name or number already used, or dates out of "
            "order); nothing was recorded.",
        )
    if isinstance(exc, DataError):
        return DomainError(
            "Giá trị gửi lên nằm ngoài phạm vi cho phép; chưa có gì được ghi.",
            "A value sent is out of the allowed range; nothing was recorded.",
            code="out_of_range",
        )
    return Unavailable()


def found(row: T | None, what_vi: str, what_en: str) -> T:
    """``row``, or "not found" naming what was looked for (``db.get`` returns None for an unknown id)."""
    if row is None:
        raise NotFound(what_vi, what_en)
    return row

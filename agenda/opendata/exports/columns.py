"""A table as its columns, declared once: each column's Vietnamese and English header, the function that
gives a row's value and the value's type — what the CSV and the XLSX writers both read. A value that is a
word (a status, yes/no) is a :class:`Label` in both languages, chosen when the file is written."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

R = TypeVar("R")


@dataclass(frozen=True)
class Label:
    """A word in both languages."""

    vi: str
    en: str

    def said(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


YES = Label("Có", "Yes")
NO = Label("Không", "No")

Value = str | int | float | dt.date | dt.datetime | Label | None


def yes_no(value: bool) -> Label:
    return YES if value else NO


class Kind(enum.StrEnum):
    """What a column holds: how a spreadsheet shows it (a date as a date, a number as a number)."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"
    DATETIME = "datetime"  # on the council's clock, to the minute


@dataclass(frozen=True)
class Column(Generic[R]):
    key: str
    vi: str
    en: str
    value: Callable[[R], Value]
    kind: Kind = Kind.TEXT
    width: int = 18

    def header(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


@dataclass(frozen=True)
class Table(Generic[R]):
    """Rows under their columns, with the sheet's title and — when the list was cut — why (vi, en)."""

    title: Label
    columns: Sequence[Column[R]]
    rows: Sequence[R]
    note: Label | None = None

    def headers(self, lang: str) -> list[str]:
        return [c.header(lang) for c in self.columns]

    def values(self, lang: str) -> Iterator[list[str | int | float | dt.date | dt.datetime | None]]:
        """Each row's values, the words said in ``lang``."""
        for row in self.rows:
            yield [said(c.value(row), lang) for c in self.columns]


def said(value: Value, lang: str) -> str | int | float | dt.date | dt.datetime | None:
    return value.said(lang) if isinstance(value, Label) else value


def file_name(stem: str, lang: str, extension: str) -> str:
    """``danh-sach-dai-bieu.xlsx``; the English file ``…-en.xlsx``."""
    return f"{stem}{'-en' if lang == 'en' else ''}.{extension}"

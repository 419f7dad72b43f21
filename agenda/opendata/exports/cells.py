"""A cell's text as a file writes it: what a spreadsheet would run as a formula is kept text (OWASP "CSV
injection": a cell starting with = + - @, a tab or a carriage return), and taken back off when a file the
project wrote is read again; dates and times as people read them."""

from __future__ import annotations

import datetime as dt

from agenda.clock import written_date

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_out(text: str) -> str:
    """A cell as written: one a spreadsheet would take for a formula ("=HYPERLINK(…)") is quoted with ``'``."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_in(text: str) -> str:
    """A cell as read: the quote :func:`cell_out` put before a would-be formula taken off again."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def written(value: str | int | float | dt.date | dt.datetime | None) -> str:
    """A value as text: a date ``02/12/2026``, a time ``02/12/2026 08:30``, a number its digits."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return written_date(value)
    if isinstance(value, str):
        return cell_out(value)
    return str(value)

"""The OParl ledger: every public object the OParl API has shown, with the digest of what it showed, when it was
first seen and last changed, and whether it has gone (a tombstone) — so that a client syncing with
``modified_since`` learns of every change and every deletion (agenda/opendata/oparl/ledger.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from agenda.models.base import Base


class OparlEntry(Base):
    """One object of one body: ``kind`` (the list it is in: ``paper``, ``meeting``…) and ``key`` (its id in the
    address). ``data`` is the object as last shown (without ``created``/``modified``); ``deleted``: no longer
    public or no longer there, kept so that an incremental sync hears of it."""

    __tablename__ = "oparl_entry"
    __table_args__ = (Index("ix_oparl_entry_modified", "body_id", "kind", "modified_at"),)

    body_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    modified_at: Mapped[dt.datetime] = mapped_column(DateTime)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)

"""The archive's search index: what was indexed of each resolution, kept beside the engine's own tables.

- ``SearchEntry`` — one per indexed resolution: the metadata text as it was indexed (number, trích yếu, type,
  field, council, signer), so that the engine's rows can be taken out again exactly (SQLite's contentless
  FTS5 tables delete a row by its indexed values).
- ``SearchPage`` — the text of every page of its dossier and signed copy, NFC canonical, with whether the
  public may read it (public documents and the signed copy: yes; documents for delegates or confidential:
  never). Its id is ``resolution_id * PAGES_PER_RESOLUTION + position``, so a resolution's pages are one range
  of ids: the engine finds the page that matched a hit with a range, not a list.

The engine's tables (``fts_*``: FTS5 virtual tables on SQLite, tsvector tables on PostgreSQL) are made by
the migration for its dialect and are not models (:func:`is_modelled`)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from agenda.models.base import Base

PAGES_PER_RESOLUTION = 4096  # pages indexed of one resolution (dossier and signed copy together)
ENGINE_TABLE_PREFIX = "fts_"


def is_modelled(name: str | None) -> bool:
    """Whether a table is one of the models' (the search engine's own tables are not)."""
    return not (name or "").startswith(ENGINE_TABLE_PREFIX)


class SearchEntry(Base):
    __tablename__ = "search_entry"

    resolution_id: Mapped[int] = mapped_column(
        ForeignKey("resolution.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    meta: Mapped[str] = mapped_column(Text)  # the metadata as indexed
    private_pages: Mapped[bool] = mapped_column(Boolean, default=False)  # pages the public may not read


class SearchPage(Base):
    __tablename__ = "search_page"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("resolution.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 0, 1, … across the resolution's documents
    source: Mapped[str] = mapped_column(String(20))  # "signed" (the signed copy) or "dossier"
    document_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_version.id", ondelete="CASCADE"), index=True
    )
    page_number: Mapped[int] = mapped_column(Integer)  # 1-based, in its file
    public: Mapped[bool] = mapped_column(Boolean)
    text: Mapped[str] = mapped_column(Text)

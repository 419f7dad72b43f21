"""search tiers: the SQLite search index as design A2 (issue 14)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 18:50:00.000000

On SQLite the one big row per resolution (``fts_resolution``, ranked by bm25 over every match) gives way to
the tiers of agenda/archive/search/engines/sqlite.py: ``fts_meta`` (metadata, bm25), ``fts_hits`` and
``fts_hits_exact`` (``detail=none`` match sets); ``fts_page`` stays as it is. The new tables are filled here
from what was indexed (``search_entry``: the metadata; ``search_page``: the pages' text), so an upgraded
archive searches at once. On PostgreSQL nothing changes.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

BATCH = 500


def _refill(db: Session) -> None:
    from agenda.archive.search.engines.sqlite import SqliteEngine
    from agenda.archive.search.indexed import Page, rows_of

    engine = SqliteEngine()
    last = 0
    while True:
        entries = db.execute(
            sa.text(
                "SELECT resolution_id, meta FROM search_entry WHERE resolution_id > :last "
                "ORDER BY resolution_id LIMIT :n"
            ),
            {"last": last, "n": BATCH},
        ).all()
        if not entries:
            return
        last = entries[-1][0]
        pages: dict[int, list[Page]] = {rid: [] for rid, _ in entries}
        rows = db.execute(
            sa.text(
                "SELECT resolution_id, source, document_version_id, page_number, public, text FROM search_page "
                "WHERE resolution_id BETWEEN :lo AND :hi ORDER BY resolution_id, position"
            ),
            {"lo": entries[0][0], "hi": last},
        )
        for rid, source, version, number, public, body in rows:
            if rid in pages:
                pages[rid].append(Page(source, version, number, bool(public), body))
        docs = []
        for rid, meta in entries:
            docs += rows_of(rid, meta, pages[rid])[0]
        engine.add(db, docs, [])  # (fts_page already holds the pages)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    from agenda.archive.search.engines.sqlite import create_tables

    op.execute("DROP TABLE IF EXISTS fts_resolution")
    create_tables(bind.exec_driver_sql)
    _refill(Session(bind=bind))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for table in ("fts_hits_exact", "fts_hits", "fts_meta"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
    op.execute(
        "CREATE VIRTUAL TABLE fts_resolution USING fts5(xm, fm, xb, fb, content='', "
        "tokenize='unicode61 remove_diacritics 0', prefix='2 3')"
    )  # (empty: `kyhop archive reindex` fills it)

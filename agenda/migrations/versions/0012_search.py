"""search: the archive's search index (issue 14)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 14:00:00.000000

``search_entry`` and ``search_page`` are models (agenda/models/search.py). The engine's own tables are not:
on SQLite two contentless FTS5 tables — ``fts_resolution`` (one row per resolution and audience: exact and
folded metadata, exact and folded text) and ``fts_page`` (one row per page, folded) —, on PostgreSQL the same
two as tables of ``tsvector`` with GIN indexes. The rows are written by agenda/archive/search/ in the same
transaction as the change; ``kyhop archive reindex`` fills them for what existed before this migration.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_entry",
        sa.Column("resolution_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("meta", sa.Text(), nullable=False),
        sa.Column("private_pages", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["resolution.id"],
            name=op.f("fk_search_entry_resolution_id_resolution"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("resolution_id", name=op.f("pk_search_entry")),
    )
    op.create_table(
        "search_page",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("resolution_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("document_version_id", sa.Integer(), nullable=True),
        sa.Column("page_number", sa.Integer(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_version_id"],
            ["document_version.id"],
            name=op.f("fk_search_page_document_version_id_document_version"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["resolution.id"],
            name=op.f("fk_search_page_resolution_id_resolution"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_page")),
    )
    op.create_index(op.f("ix_search_page_resolution_id"), "search_page", ["resolution_id"], unique=False)
    op.create_index(
        op.f("ix_search_page_document_version_id"), "search_page", ["document_version_id"], unique=False
    )
    # The archive's fingerprint (its latest changes) read through an index: agenda/archive/search/status.py.
    op.create_index(op.f("ix_resolution_updated_at"), "resolution", ["updated_at"], unique=False)
    op.create_index(
        op.f("ix_resolution_relation_created_at"), "resolution_relation", ["created_at"], unique=False
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE fts_resolution USING fts5(xm, fm, xb, fb, content='', "
            "tokenize='unicode61 remove_diacritics 0', prefix='2 3')"
        )
        op.execute(
            "CREATE VIRTUAL TABLE fts_page USING fts5(f, content='', "
            "tokenize='unicode61 remove_diacritics 0', prefix='2 3')"
        )
    else:
        op.execute("CREATE TABLE fts_resolution (id BIGINT PRIMARY KEY, doc TSVECTOR NOT NULL)")
        op.execute("CREATE INDEX fts_resolution_doc ON fts_resolution USING GIN (doc)")
        op.execute("CREATE TABLE fts_page (id BIGINT PRIMARY KEY, f TSVECTOR NOT NULL)")
        op.execute("CREATE INDEX fts_page_f ON fts_page USING GIN (f)")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS fts_page")
    op.execute("DROP TABLE IF EXISTS fts_resolution")
    op.drop_index(op.f("ix_resolution_relation_created_at"), table_name="resolution_relation")
    op.drop_index(op.f("ix_resolution_updated_at"), table_name="resolution")
    op.drop_index(op.f("ix_search_page_document_version_id"), table_name="search_page")
    op.drop_index(op.f("ix_search_page_resolution_id"), table_name="search_page")
    op.drop_table("search_page")
    op.drop_table("search_entry")

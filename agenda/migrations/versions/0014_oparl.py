"""oparl: the OParl API's ledger of public objects — digests, first seen, last changed, tombstones (issue 15)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 18:35:00.000000

``oparl_entry`` (agenda/models/oparl.py) is filled by the OParl API itself as clients read it
(agenda/opendata/oparl/ledger.py): nothing to fill for what existed before this migration.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "oparl_entry",
        sa.Column("body_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("body_id", "kind", "key", name=op.f("pk_oparl_entry")),
    )
    op.create_index(
        "ix_oparl_entry_modified", "oparl_entry", ["body_id", "kind", "modified_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_oparl_entry_modified", table_name="oparl_entry")
    op.drop_table("oparl_entry")

"""council set-up: each council's time zone, and at most one home council (the one this installation serves)

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-02 16:30:00.000000

Councils recorded before this revision are in Asia/Ho_Chi_Minh. The partial unique index lets the database
itself refuse a second home council (two first-run set-ups racing each other).
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("council", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("time_zone", sa.String(length=64), nullable=False, server_default="Asia/Ho_Chi_Minh")
        )
    op.create_index(
        "ix_council_one_home",
        "council",
        ["is_home"],
        unique=True,
        sqlite_where=sa.text("is_home"),
        postgresql_where=sa.text("is_home"),
    )


def downgrade() -> None:
    op.drop_index("ix_council_one_home", table_name="council")
    with op.batch_alter_table("council", schema=None) as batch_op:
        batch_op.drop_column("time_zone")

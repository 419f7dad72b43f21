"""sign-in sessions: one row per browser or tablet signed in, checked on every request and websocket

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 13:03:02.973489

The cookie carries the row's id and a random token (only its SHA-256 is stored). Cookies signed before this
revision name no row: everyone signs in again once.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signin_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("end_reason", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["signin_card.id"],
            name=op.f("fk_signin_session_card_id_signin_card"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_signin_session_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signin_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_signin_session_token_hash")),
    )
    with op.batch_alter_table("signin_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signin_session_card_id"), ["card_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_signin_session_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("signin_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signin_session_user_id"))
        batch_op.drop_index(batch_op.f("ix_signin_session_card_id"))

    op.drop_table("signin_session")

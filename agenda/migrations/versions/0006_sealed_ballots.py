"""secret ballots sealed under a key of their vote, counted at the close (agenda.sitting.secrecy)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 12:00:00

The secret tally was increments committed with each participation row — linkable from the database's own
files. Ballots are now sealed rows (no delegate, no ballot id) and the tally is written once, at the close.
A secret vote open while upgrading has no key: it cannot be counted and must be cancelled and held again
(upgrade between sittings).
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sealed_ballot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["vote.id"], name=op.f("fk_sealed_ballot_vote_id_vote"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sealed_ballot")),
    )
    op.create_index(op.f("ix_sealed_ballot_vote_id"), "sealed_ballot", ["vote_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_sealed_ballot_vote_id"), table_name="sealed_ballot")
    op.drop_table("sealed_ballot")

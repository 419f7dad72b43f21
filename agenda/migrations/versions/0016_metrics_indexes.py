"""metrics indexes: each step of a recommendation's chain and of a petition by its council and date

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 19:35:00.000000

The dashboard (agenda/metrics/measures.py) counts recommendations forwarded, answered, settled and overdue,
and petitions resolved and overdue, of a council within a period: without these a year's count read every
recommendation of the council (36,000 of them at the benchmark's full size).
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_recommendation_council_forwarded", "recommendation", "forwarded_on"),
    ("ix_recommendation_council_answered", "recommendation", "answered_on"),
    ("ix_recommendation_council_outcome", "recommendation", "outcome_on"),
    ("ix_recommendation_council_due", "recommendation", "due_on"),
    ("ix_petition_council_resolved", "petition", "resolved_on"),
    ("ix_petition_council_due", "petition", "due_on"),
)


def upgrade() -> None:
    for name, table, column in INDEXES:
        op.create_index(name, table, ["council_id", column], unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)

"""tracing confidential copies: document_copy.kind (a stamped PDF, or the text of the pages) and .mark (the
number hidden in a stamped copy's pages, agenda/pdf/mark.py)

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-29 09:00:00

Copies handed out before this revision are PDFs without a mark: ``kind`` defaults to "pdf", ``mark`` is NULL
(their SHA-256 still names the reader of an untouched file).
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document_copy", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind",
                sa.Enum("pdf", "text", name="copykind", native_enum=False, length=32),
                server_default="pdf",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("mark", sa.BigInteger(), nullable=True))
        batch_op.create_index(batch_op.f("ix_document_copy_mark"), ["mark"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("document_copy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_copy_mark"))
        batch_op.drop_column("mark")
        batch_op.drop_column("kind")

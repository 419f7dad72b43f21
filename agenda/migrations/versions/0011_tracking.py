"""tracking: the tasks of a resolution (theo dõi thực hiện), their milestones and dated reports

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 09:30:00.000000

A task's status is not a column: it is derived on a day from its progress, deadline and closing
(agenda/archive/tracking/rollup.py). ``external_id`` is unique within a resolution: a CSV re-import finds
its task again.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resolution_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("external_id", sa.String(length=80), nullable=False),
        sa.Column("article", sa.String(length=100), nullable=True),
        sa.Column("title", sa.String(length=1000), nullable=False),
        sa.Column("agency", sa.String(length=300), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("weight", sa.Integer(), nullable=True),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closed_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name=op.f("ck_task_not_own_parent")),
        sa.CheckConstraint("progress >= 0 AND progress <= 100", name=op.f("ck_task_progress_percent")),
        sa.CheckConstraint("weight IS NULL OR weight > 0", name=op.f("ck_task_weight_positive")),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["task.id"], name=op.f("fk_task_parent_id_task"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["resolution.id"],
            name=op.f("fk_task_resolution_id_resolution"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task")),
        sa.UniqueConstraint("resolution_id", "external_id", name="uq_task_external_id"),
    )
    op.create_index(op.f("ix_task_agency"), "task", ["agency"], unique=False)
    op.create_index(op.f("ix_task_parent_id"), "task", ["parent_id"], unique=False)
    op.create_index(op.f("ix_task_resolution_id"), "task", ["resolution_id"], unique=False)
    op.create_table(
        "task_milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_task_milestone_task_id_task"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_milestone")),
    )
    op.create_index(op.f("ix_task_milestone_task_id"), "task_milestone", ["task_id"], unique=False)
    op.create_table(
        "task_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("dated", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=True),
        sa.Column("attachment_sha256", sa.String(length=64), nullable=True),
        sa.Column("attachment_name", sa.String(length=255), nullable=True),
        sa.Column("attachment_pages", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "progress IS NULL OR (progress >= 0 AND progress <= 100)",
            name=op.f("ck_task_report_progress_percent"),
        ),
        sa.ForeignKeyConstraint(
            ["attachment_sha256"],
            ["stored_file.sha256"],
            name=op.f("fk_task_report_attachment_sha256_stored_file"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_task_report_task_id_task"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_report")),
    )
    op.create_index(op.f("ix_task_report_task_id"), "task_report", ["task_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_task_report_task_id"), table_name="task_report")
    op.drop_table("task_report")
    op.drop_index(op.f("ix_task_milestone_task_id"), table_name="task_milestone")
    op.drop_table("task_milestone")
    op.drop_index(op.f("ix_task_resolution_id"), table_name="task")
    op.drop_index(op.f("ix_task_parent_id"), table_name="task")
    op.drop_index(op.f("ix_task_agency"), table_name="task")
    op.drop_table("task")

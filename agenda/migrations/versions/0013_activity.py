"""activity: records between sessions (giám sát, khảo sát, tiếp xúc cử tri, tiếp công dân, giải trình), voters'
recommendations followed to their outcome, petitions and their time limits; emulation criteria in versions

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 18:27:41.038895

No status is a column: where a recommendation or a petition stands is derived from its dates
(agenda/activity/chain.py); indexes serve the dashboard's counts (council, kind, completed_on).
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "criteria_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"],
            ["council.id"],
            name=op.f("fk_criteria_version_council_id_council"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_criteria_version")),
        sa.UniqueConstraint("council_id", "valid_from", name="uq_criteria_version_from"),
    )
    with op.batch_alter_table("criteria_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_criteria_version_council_id"), ["council_id"], unique=False)

    op.create_table(
        "petition_limit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "complaint",
                "denunciation",
                "recommendation",
                "reflection",
                name="petitionkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=300), nullable=True),
        sa.CheckConstraint("days > 0 AND days <= 365", name=op.f("ck_petition_limit_days_in_range")),
        sa.ForeignKeyConstraint(
            ["council_id"],
            ["council.id"],
            name=op.f("fk_petition_limit_council_id_council"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition_limit")),
        sa.UniqueConstraint("council_id", "kind", name="uq_petition_limit"),
    )
    op.create_table(
        "criterion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column(
            "unit_type",
            sa.Enum(
                "delegate",
                "group",
                "committee",
                "standing",
                "council",
                name="unittype",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("measure", sa.String(length=60), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.Column(
            "per", sa.Enum("year", "session", name="targetper", native_enum=False, length=32), nullable=False
        ),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=True),
        sa.CheckConstraint("target > 0", name=op.f("ck_criterion_target_positive")),
        sa.CheckConstraint("weight > 0 AND weight <= 1000", name=op.f("ck_criterion_weight_in_range")),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["criteria_version.id"],
            name=op.f("fk_criterion_version_id_criteria_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_criterion")),
        sa.UniqueConstraint("version_id", "unit_type", "measure", name="uq_criterion_measure"),
    )
    with op.batch_alter_table("criterion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_criterion_version_id"), ["version_id"], unique=False)

    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "supervision",
                "survey",
                "voter_contact",
                "citizen_reception",
                "explanation",
                name="activitykind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("thematic", sa.Boolean(), nullable=False),
        sa.Column(
            "organiser",
            sa.Enum(
                "council",
                "standing",
                "committee",
                "group",
                "delegate",
                name="organiser",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("lead_person_id", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("external_id", sa.String(length=80), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("subjects", sa.Text(), nullable=True),
        sa.Column("plan", sa.Text(), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("conclusions", sa.Text(), nullable=True),
        sa.Column("voters", sa.Integer(), nullable=True),
        sa.Column("citizens", sa.Integer(), nullable=True),
        sa.Column("cases", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(voters IS NULL OR voters >= 0) AND (citizens IS NULL OR citizens >= 0) AND (cases IS NULL OR cases >= 0)",
            name=op.f("ck_activity_counts_not_negative"),
        ),
        sa.CheckConstraint(
            "completed_on IS NULL OR completed_on >= starts_on",
            name=op.f("ck_activity_completed_after_start"),
        ),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_activity_dates_ordered")),
        sa.ForeignKeyConstraint(
            ["council_id"], ["council.id"], name=op.f("fk_activity_council_id_council"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["lead_person_id"],
            ["person.id"],
            name=op.f("fk_activity_lead_person_id_person"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_activity_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["session.id"], name=op.f("fk_activity_session_id_session"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["term_id"], ["term.id"], name=op.f("fk_activity_term_id_term"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
        sa.UniqueConstraint("council_id", "external_id", name="uq_activity_external_id"),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_council_id"), ["council_id"], unique=False)
        batch_op.create_index(
            "ix_activity_council_kind_completed", ["council_id", "kind", "completed_on"], unique=False
        )
        batch_op.create_index(
            "ix_activity_organization_completed", ["organization_id", "completed_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_activity_term_id"), ["term_id"], unique=False)

    op.create_table(
        "activity_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_attachment_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["stored_file.sha256"],
            name=op.f("fk_activity_attachment_sha256_stored_file"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_attachment")),
    )
    with op.batch_alter_table("activity_attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_attachment_activity_id"), ["activity_id"], unique=False)

    op.create_table(
        "activity_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum("lead", "member", "on_duty", name="participantrole", native_enum=False, length=32),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_participant_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_activity_participant_person_id_person"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_participant")),
        sa.UniqueConstraint("activity_id", "person_id", name="uq_activity_participant"),
    )
    with op.batch_alter_table("activity_participant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_participant_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_activity_participant_person_id"), ["person_id"], unique=False)

    op.create_table(
        "petition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("handler_person_id", sa.Integer(), nullable=True),
        sa.Column("external_id", sa.String(length=80), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "complaint",
                "denunciation",
                "recommendation",
                "reflection",
                name="petitionkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("sender", sa.String(length=300), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("addressee", sa.String(length=300), nullable=True),
        sa.Column("forwarded_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum("resolved", "partly", "unresolved", name="outcome", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "forwarded_on IS NULL OR forwarded_on >= received_on",
            name=op.f("ck_petition_forwarded_after_received"),
        ),
        sa.CheckConstraint(
            "resolved_on IS NULL OR resolved_on >= received_on",
            name=op.f("ck_petition_resolved_after_received"),
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_petition_activity_id_activity"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["council_id"], ["council.id"], name=op.f("fk_petition_council_id_council"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["handler_person_id"],
            ["person.id"],
            name=op.f("fk_petition_handler_person_id_person"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["term_id"], ["term.id"], name=op.f("fk_petition_term_id_term"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_petition")),
        sa.UniqueConstraint("council_id", "external_id", name="uq_petition_external_id"),
    )
    with op.batch_alter_table("petition", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_petition_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_petition_council_id"), ["council_id"], unique=False)
        batch_op.create_index("ix_petition_council_received", ["council_id", "received_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_petition_term_id"), ["term_id"], unique=False)

    op.create_table(
        "recommendation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("carried_from_id", sa.Integer(), nullable=True),
        sa.Column("external_id", sa.String(length=80), nullable=True),
        sa.Column(
            "kind",
            sa.Enum("opinion", "recommendation", name="recommendationkind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("field", sa.String(length=200), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("addressee", sa.String(length=300), nullable=True),
        sa.Column("forwarded_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum("resolved", "partly", "unresolved", name="outcome", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("outcome_on", sa.Date(), nullable=True),
        sa.Column("feedback", sa.Text(), nullable=True),
        sa.Column("feedback_on", sa.Date(), nullable=True),
        sa.Column("resupervised_on", sa.Date(), nullable=True),
        sa.Column("carried_on", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "answered_on IS NULL OR forwarded_on IS NOT NULL",
            name=op.f("ck_recommendation_answered_after_forwarded"),
        ),
        sa.CheckConstraint(
            "outcome IS NULL OR answered_on IS NOT NULL", name=op.f("ck_recommendation_outcome_needs_answer")
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_recommendation_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["carried_from_id"],
            ["recommendation.id"],
            name=op.f("fk_recommendation_carried_from_id_recommendation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["council_id"],
            ["council.id"],
            name=op.f("fk_recommendation_council_id_council"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["term_id"], ["term.id"], name=op.f("fk_recommendation_term_id_term"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation")),
        sa.UniqueConstraint("council_id", "external_id", name="uq_recommendation_external_id"),
    )
    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recommendation_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_recommendation_carried_from_id"), ["carried_from_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_recommendation_council_id"), ["council_id"], unique=False)
        batch_op.create_index("ix_recommendation_council_raised", ["council_id", "raised_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_recommendation_term_id"), ["term_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_term_id"))
        batch_op.drop_index("ix_recommendation_council_raised")
        batch_op.drop_index(batch_op.f("ix_recommendation_council_id"))
        batch_op.drop_index(batch_op.f("ix_recommendation_carried_from_id"))
        batch_op.drop_index(batch_op.f("ix_recommendation_activity_id"))

    op.drop_table("recommendation")
    with op.batch_alter_table("petition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_petition_term_id"))
        batch_op.drop_index("ix_petition_council_received")
        batch_op.drop_index(batch_op.f("ix_petition_council_id"))
        batch_op.drop_index(batch_op.f("ix_petition_activity_id"))

    op.drop_table("petition")
    with op.batch_alter_table("activity_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_participant_person_id"))
        batch_op.drop_index(batch_op.f("ix_activity_participant_activity_id"))

    op.drop_table("activity_participant")
    with op.batch_alter_table("activity_attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_attachment_activity_id"))

    op.drop_table("activity_attachment")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_term_id"))
        batch_op.drop_index("ix_activity_organization_completed")
        batch_op.drop_index("ix_activity_council_kind_completed")
        batch_op.drop_index(batch_op.f("ix_activity_council_id"))

    op.drop_table("activity")
    with op.batch_alter_table("criterion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_criterion_version_id"))

    op.drop_table("criterion")
    op.drop_table("petition_limit")
    with op.batch_alter_table("criteria_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_criteria_version_council_id"))

    op.drop_table("criteria_version")

"""archive: resolutions with their numbers and dates, their dossiers, and the relations between them

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 09:00:00.000000

Legal force is not a column: it is computed on any date from the dates and the relations
(agenda/archive/force.py). A number's series is (council, year, normative): the unique constraint
refuses a number given twice even when two archivists race.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "resolution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column(
            "origin",
            sa.Enum("vote", "import", "manual", name="resolutionorigin", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("vote_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("normative", sa.Boolean(), nullable=False),
        sa.Column("special_procedure", sa.Boolean(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(length=40), nullable=True),
        sa.Column("gap_reason", sa.Text(), nullable=True),
        sa.Column("title", sa.String(length=1000), nullable=False),
        sa.Column("field", sa.String(length=200), nullable=True),
        sa.Column("signer_name", sa.String(length=200), nullable=True),
        sa.Column("signer_title", sa.String(length=200), nullable=True),
        sa.Column("adopted_on", sa.Date(), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("signed_sha256", sa.String(length=64), nullable=True),
        sa.Column("signed_filename", sa.String(length=255), nullable=True),
        sa.Column("signed_pages", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("serial IS NULL OR serial > 0", name=op.f("ck_resolution_serial_positive")),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_resolution_agenda_item_id_agenda_item"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["council_id"], ["council.id"], name=op.f("fk_resolution_council_id_council"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["session.id"], name=op.f("fk_resolution_session_id_session"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["signed_sha256"],
            ["stored_file.sha256"],
            name=op.f("fk_resolution_signed_sha256_stored_file"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["vote.id"], name=op.f("fk_resolution_vote_id_vote"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolution")),
        sa.UniqueConstraint("council_id", "year", "normative", "serial", name="uq_resolution_number"),
        sa.UniqueConstraint("vote_id", name=op.f("uq_resolution_vote_id")),
    )
    op.create_index(op.f("ix_resolution_council_id"), "resolution", ["council_id"], unique=False)
    op.create_index(op.f("ix_resolution_number"), "resolution", ["number"], unique=False)
    op.create_index(op.f("ix_resolution_session_id"), "resolution", ["session_id"], unique=False)
    op.create_table(
        "dossier_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resolution_id", sa.Integer(), nullable=False),
        sa.Column("document_version_id", sa.Integer(), nullable=False),
        sa.Column(
            "doc_type",
            sa.Enum(
                "to_trinh",
                "du_thao_nghi_quyet",
                "bao_cao_tham_tra",
                "bao_cao",
                "tai_lieu_tham_khao",
                "khac",
                name="documenttype",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_version_id"],
            ["document_version.id"],
            name=op.f("fk_dossier_document_document_version_id_document_version"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["resolution.id"],
            name=op.f("fk_dossier_document_resolution_id_resolution"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_document")),
        sa.UniqueConstraint(
            "resolution_id",
            "document_version_id",
            name=op.f("uq_dossier_document_resolution_id_document_version_id"),
        ),
    )
    op.create_index(
        op.f("ix_dossier_document_resolution_id"), "dossier_document", ["resolution_id"], unique=False
    )
    op.create_table(
        "resolution_relation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "based_on",
                "guides",
                "amends",
                "supplements",
                "replaces",
                "repeals",
                "suspends",
                "cites",
                name="relationkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("parts", sa.JSON(), nullable=False),
        sa.Column("parts_key", sa.String(length=700), nullable=False),
        sa.Column("until_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("source_id <> target_id", name=op.f("ck_resolution_relation_not_self")),
        sa.CheckConstraint(
            "until_on IS NULL OR until_on > effective_on",
            name=op.f("ck_resolution_relation_ends_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["resolution.id"],
            name=op.f("fk_resolution_relation_source_id_resolution"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["resolution.id"],
            name=op.f("fk_resolution_relation_target_id_resolution"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolution_relation")),
        sa.UniqueConstraint("source_id", "target_id", "kind", "parts_key", name="uq_resolution_relation"),
    )
    op.create_index(
        op.f("ix_resolution_relation_source_id"), "resolution_relation", ["source_id"], unique=False
    )
    op.create_index(
        op.f("ix_resolution_relation_target_id"), "resolution_relation", ["target_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_resolution_relation_target_id"), table_name="resolution_relation")
    op.drop_index(op.f("ix_resolution_relation_source_id"), table_name="resolution_relation")
    op.drop_table("resolution_relation")
    op.drop_index(op.f("ix_dossier_document_resolution_id"), table_name="dossier_document")
    op.drop_table("dossier_document")
    op.drop_index(op.f("ix_resolution_session_id"), table_name="resolution")
    op.drop_index(op.f("ix_resolution_number"), table_name="resolution")
    op.drop_index(op.f("ix_resolution_council_id"), table_name="resolution")
    op.drop_table("resolution")

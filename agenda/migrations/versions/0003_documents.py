"""session documents: documents, versions, page text, stamped copies, packs, read receipts, notes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 13:36:54.302586

document.current_version_id and document_version.document_id point at each other: the document table
is created without that foreign key, which is added once document_version exists (a batch operation, so
SQLite rebuilds the still-empty table and PostgreSQL runs ALTER TABLE … ADD CONSTRAINT).
"""

import sqlalchemy as sa
from alembic import op

_CURRENT_VERSION_FK = "fk_document_current_version_id_document_version"

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "session_pack",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("content_key", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("built_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_session_pack_session_id_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["stored_file.sha256"],
            name=op.f("fk_session_pack_sha256_stored_file"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_pack")),
        sa.UniqueConstraint("session_id", "content_key", name=op.f("uq_session_pack_session_id_content_key")),
    )
    with op.batch_alter_table("session_pack", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_session_pack_session_id"), ["session_id"], unique=False)

    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
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
        sa.Column(
            "access",
            sa.Enum(
                "public", "delegates", "confidential", name="documentaccess", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("current_version_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("position >= 0", name=op.f("ck_document_position_not_negative")),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_document_agenda_item_id_agenda_item"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["session.id"], name=op.f("fk_document_session_id_session"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_agenda_item_id"), ["agenda_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_session_id"), ["session_id"], unique=False)

    op.create_table(
        "document_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("note", "highlight", "bookmark", name="notekind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("color", sa.String(length=20), nullable=True),
        sa.Column("rects", sa.JSON(), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("server_updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_note_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_document_note_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_note")),
        sa.UniqueConstraint("person_id", "client_id", name=op.f("uq_document_note_person_id_client_id")),
    )
    with op.batch_alter_table("document_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_note_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_note_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_document_note_server_updated_at"), ["server_updated_at"], unique=False
        )

    op.create_table(
        "document_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("pdf_title", sa.String(length=300), nullable=True),
        sa.Column("pdf_author", sa.String(length=300), nullable=True),
        sa.Column("original_filename", sa.String(length=255), nullable=False),
        sa.Column("converted_from", sa.String(length=10), nullable=True),
        sa.Column("uploaded_by", sa.String(length=80), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("page_count > 0", name=op.f("ck_document_version_has_pages")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_version_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["stored_file.sha256"],
            name=op.f("fk_document_version_sha256_stored_file"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_version")),
        sa.UniqueConstraint("document_id", "number", name=op.f("uq_document_version_document_id_number")),
    )
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_version_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_version_sha256"), ["sha256"], unique=False)
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_foreign_key(
            op.f(_CURRENT_VERSION_FK), "document_version", ["current_version_id"], ["id"], ondelete="SET NULL"
        )

    op.create_table(
        "document_copy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("stamp", sa.String(length=300), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_document_copy_person_id_person"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_document_copy_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_version.id"],
            name=op.f("fk_document_copy_version_id_document_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_copy")),
    )
    with op.batch_alter_table("document_copy", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_copy_sha256"), ["sha256"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_copy_version_id"), ["version_id"], unique=False)

    op.create_table(
        "document_page",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("page_number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_version.id"],
            name=op.f("fk_document_page_version_id_document_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_page")),
        sa.UniqueConstraint(
            "version_id", "page_number", name=op.f("uq_document_page_version_id_page_number")
        ),
    )
    op.create_table(
        "read_receipt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("first_opened_at", sa.DateTime(), nullable=False),
        sa.Column("last_page", sa.Integer(), nullable=False),
        sa.Column("max_page_seen", sa.Integer(), nullable=False),
        sa.Column("pages_seen", sa.JSON(), nullable=False),
        sa.Column("pages_total", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_read_receipt_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_read_receipt_person_id_person"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_version.id"],
            name=op.f("fk_read_receipt_version_id_document_version"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_read_receipt")),
        sa.UniqueConstraint("document_id", "person_id", name=op.f("uq_read_receipt_document_id_person_id")),
    )
    with op.batch_alter_table("read_receipt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_read_receipt_document_id"), ["document_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(_CURRENT_VERSION_FK), type_="foreignkey")
    with op.batch_alter_table("read_receipt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_read_receipt_document_id"))

    op.drop_table("read_receipt")
    op.drop_table("document_page")
    with op.batch_alter_table("document_copy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_copy_version_id"))
        batch_op.drop_index(batch_op.f("ix_document_copy_sha256"))

    op.drop_table("document_copy")
    with op.batch_alter_table("document_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_version_sha256"))
        batch_op.drop_index(batch_op.f("ix_document_version_document_id"))

    op.drop_table("document_version")
    with op.batch_alter_table("document_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_note_server_updated_at"))
        batch_op.drop_index(batch_op.f("ix_document_note_person_id"))
        batch_op.drop_index(batch_op.f("ix_document_note_document_id"))

    op.drop_table("document_note")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_session_id"))
        batch_op.drop_index(batch_op.f("ix_document_agenda_item_id"))

    op.drop_table("document")
    with op.batch_alter_table("session_pack", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_pack_session_id"))

    op.drop_table("session_pack")

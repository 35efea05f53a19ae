"""Files staff attach to an organisation's record (issue 13 part 3).

A letter or an e-mail saved as PDF, with a short description: checked as
evidence is and stored under UPLOAD_FOLDER/attachments by a random name.

Revision ID: 71bb663eda15
Revises: 4275329f85c2
Create Date: 2026-12-02 17:55:50.020442

"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "71bb663eda15"
down_revision = "4275329f85c2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "organisation_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("filename", sa.String(length=120), nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"],
            name=op.f("fk_organisation_attachments_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_organisation_attachments_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_attachments")),
    )
    with op.batch_alter_table("organisation_attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_attachments_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_organisation_attachments_organisation_id"), ["organisation_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("organisation_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_attachments_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_organisation_attachments_created_at"))

    op.drop_table("organisation_attachments")

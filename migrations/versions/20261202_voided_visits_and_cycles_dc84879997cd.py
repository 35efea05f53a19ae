"""Voided delivered visits and programme cycles (issue 12 item 5).

A visit recorded as delivered by mistake, or a cycle started by mistake, is
voided, not deleted: it stays (the staff timeline shows it marked voided) but
counts nowhere. Their corrections' history is in record_corrections.

Revision ID: dc84879997cd
Revises: 2c18cb75167f
Create Date: 2026-12-02 12:28:28.851951

"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "dc84879997cd"
down_revision = "2c18cb75167f"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("programme_cycles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("voided_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("void_reason", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_programme_cycles_voided_by_id_users"), "users", ["voided_by_id"], ["id"]
        )

    with op.batch_alter_table("visit_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("voided_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("void_reason", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_visit_requests_voided_by_id_users"), "users", ["voided_by_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("visit_requests", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_visit_requests_voided_by_id_users"), type_="foreignkey")
        batch_op.drop_column("void_reason")
        batch_op.drop_column("voided_by_id")
        batch_op.drop_column("voided_at")

    with op.batch_alter_table("programme_cycles", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_programme_cycles_voided_by_id_users"), type_="foreignkey")
        batch_op.drop_column("void_reason")
        batch_op.drop_column("voided_by_id")
        batch_op.drop_column("voided_at")

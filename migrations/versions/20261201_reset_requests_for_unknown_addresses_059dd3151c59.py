"""Password reset tokens may belong to no account.

A reset request for an address without an account now writes a token row
with no user (it opens nothing), so that both kinds of request do the same
work and take the same time. Downgrade deletes those rows first.

Revision ID: 059dd3151c59
Revises: 54465f4f400a
Create Date: 2026-12-01 22:54:18.178415

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '059dd3151c59'
down_revision = '54465f4f400a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('password_reset_tokens', schema=None) as batch_op:
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=True)


def downgrade():
    op.execute("DELETE FROM password_reset_tokens WHERE user_id IS NULL")
    with op.batch_alter_table('password_reset_tokens', schema=None) as batch_op:
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=False)

"""Sign-in throttling counted in Redis: the sign_in_failures table goes.

Failed sign-ins were rows counted with a check-then-insert that parallel
requests raced past. They are now atomic counters in the rate-limit storage
(see portal/accounts/services.py), so the table is no longer used. Downgrade
recreates it empty, as the foundation migration made it.

Revision ID: bbf0023ddbb1
Revises: 685c0f8cb5f4
Create Date: 2026-12-01 22:41:17.943548

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bbf0023ddbb1'
down_revision = '685c0f8cb5f4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sign_in_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_failures_address'))
        batch_op.drop_index(batch_op.f('ix_sign_in_failures_at'))
        batch_op.drop_index(batch_op.f('ix_sign_in_failures_email'))

    op.drop_table('sign_in_failures')


def downgrade():
    op.create_table('sign_in_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_failures'))
    )
    with op.batch_alter_table('sign_in_failures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_failures_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_in_failures_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_in_failures_email'), ['email'], unique=False)

"""Outcome follow-ups: a reminder link, when it was sent, and who recorded an answer given to staff

Revision ID: 8e0f45d10194
Revises: e4dee81ae5e7
Create Date: 2026-12-02 04:49:49.076163

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '8e0f45d10194'
down_revision = 'e4dee81ae5e7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outcome_follow_ups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('recorded_by_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_outcome_follow_ups_reminder_token_hash'), ['reminder_token_hash'])
        batch_op.create_foreign_key(batch_op.f('fk_outcome_follow_ups_recorded_by_id_users'), 'users', ['recorded_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('outcome_follow_ups', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outcome_follow_ups_recorded_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_outcome_follow_ups_reminder_token_hash'), type_='unique')
        batch_op.drop_column('recorded_by_id')
        batch_op.drop_column('reminded_at')
        batch_op.drop_column('reminder_token_hash')

"""Eligibility decisions that hold: the group's size, the number staff checked, exceptions switch.

- organisations.group_size: how many people the whole group employs (the SME
  test counts the group's size for a group member); unknown for those
  registered before, who are treated as not known to be SMEs.
- eligibility_evidence.checked_number: the Companies House or charity number
  a "number checked" record rests on.
- programme_settings.exceptions_allowed: administrators can switch staff
  exceptions off; on for every existing row, as before.

Revision ID: e4dee81ae5e7
Revises: 3090fbcecab7
Create Date: 2026-12-02 04:51:00.958549

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4dee81ae5e7'
down_revision = '3090fbcecab7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('eligibility_evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checked_number', sa.String(length=12), nullable=True))

    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_size', sa.Integer(), nullable=True))

    with op.batch_alter_table('programme_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('exceptions_allowed', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('programme_settings', schema=None) as batch_op:
        batch_op.drop_column('exceptions_allowed')

    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('group_size')

    with op.batch_alter_table('eligibility_evidence', schema=None) as batch_op:
        batch_op.drop_column('checked_number')

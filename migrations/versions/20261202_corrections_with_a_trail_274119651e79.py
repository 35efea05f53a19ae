"""Corrections with a trail: voided engagements and E&D records, and each record's correction history.

Voided rows stay (the staff timeline shows them marked voided) but count nowhere;
record_corrections keeps who changed what, when, why, and the values before and after.

Revision ID: 274119651e79
Revises: 8e0f45d10194
Create Date: 2026-12-02 04:48:38.667555

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '274119651e79'
down_revision = '8e0f45d10194'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('record_corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('target_type', sa.String(length=50), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_record_corrections_actor_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_record_corrections_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_corrections'))
    )
    with op.batch_alter_table('record_corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_corrections_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_corrections_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('ix_record_corrections_target', ['target_type', 'target_id'], unique=False)

    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('voided_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('void_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_engagements_voided_by_id_users'), 'users', ['voided_by_id'], ['id'])

    with op.batch_alter_table('equality_strategy_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('voided_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('void_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_equality_strategy_records_voided_by_id_users'), 'users', ['voided_by_id'], ['id'])



def downgrade():
    with op.batch_alter_table('equality_strategy_records', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_equality_strategy_records_voided_by_id_users'), type_='foreignkey')
        batch_op.drop_column('void_reason')
        batch_op.drop_column('voided_by_id')
        batch_op.drop_column('voided_at')

    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_engagements_voided_by_id_users'), type_='foreignkey')
        batch_op.drop_column('void_reason')
        batch_op.drop_column('voided_by_id')
        batch_op.drop_column('voided_at')

    with op.batch_alter_table('record_corrections', schema=None) as batch_op:
        batch_op.drop_index('ix_record_corrections_target')
        batch_op.drop_index(batch_op.f('ix_record_corrections_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_record_corrections_at'))

    op.drop_table('record_corrections')

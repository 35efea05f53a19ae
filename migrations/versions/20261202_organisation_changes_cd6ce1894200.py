"""Employer self-service: changes to organisation details waiting for staff.

A contact's change to what the eligibility rules use is kept here until staff
accept or refuse it; the organisation keeps its old values meanwhile. A
waiting-list offer carries a single-use link (its hash on the booking), and
each attendee their own language. Events in person record their town and
local authority (for the catalogue's area filter).

Revision ID: cd6ce1894200
Revises: 274119651e79
Create Date: 2026-12-02 04:53:37.538473

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'cd6ce1894200'
down_revision = '274119651e79'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organisation_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('proposed', sa.JSON(), nullable=False),
    sa.Column('previous', sa.JSON(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_organisation_changes_decided_by_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_changes_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_organisation_changes_requested_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_changes'))
    )
    with op.batch_alter_table('organisation_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_changes_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_changes_requested_at'), ['requested_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_changes_status'), ['status'], unique=False)
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offer_token_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_bookings_offer_token_hash'), ['offer_token_hash'])
        batch_op.add_column(sa.Column('language', sa.String(length=2), nullable=True))
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('town', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('local_authority_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_events_local_authority_id'), ['local_authority_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_events_local_authority_id_local_authorities'),
                                    'local_authorities', ['local_authority_id'], ['id'])



def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_events_local_authority_id_local_authorities'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_events_local_authority_id'))
        batch_op.drop_column('local_authority_id')
        batch_op.drop_column('town')
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_column('language')
        batch_op.drop_constraint(batch_op.f('uq_bookings_offer_token_hash'), type_='unique')
        batch_op.drop_column('offer_token_hash')
    with op.batch_alter_table('organisation_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_changes_status'))
        batch_op.drop_index(batch_op.f('ix_organisation_changes_requested_at'))
        batch_op.drop_index(batch_op.f('ix_organisation_changes_organisation_id'))

    op.drop_table('organisation_changes')

"""Self-referral to individual support: a link per organisation and a dated tally per referral.

No column holds anything about the person who referred themselves (see portal.referrals).

Revision ID: 2c18cb75167f
Revises: cd6ce1894200
Create Date: 2026-12-02 12:20:53.339495

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '2c18cb75167f'
down_revision = 'cd6ce1894200'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('referral_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_referral_links_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_links')),
    sa.UniqueConstraint('code', name=op.f('uq_referral_links_code'))
    )
    with op.batch_alter_table('referral_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_links_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('self_referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('referred_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_self_referrals_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_referrals'))
    )
    with op.batch_alter_table('self_referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_self_referrals_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_self_referrals_referred_on'), ['referred_on'], unique=False)



def downgrade():
    with op.batch_alter_table('self_referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_self_referrals_referred_on'))
        batch_op.drop_index(batch_op.f('ix_self_referrals_organisation_id'))

    op.drop_table('self_referrals')
    with op.batch_alter_table('referral_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_links_organisation_id'))

    op.drop_table('referral_links')

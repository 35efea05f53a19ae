"""Organisations staff record offline, how an organisation heard of the service, evaluation consent.

Staff record organisations met by phone or at events: who recorded it
(``recorded_offline``; who recorded it is in the audit trail), its contact before anyone has an account (name, e-mail)
and how and when that contact agreed to be contacted; a *prospect* is a lead
counted nowhere until a counted engagement. ``heard_via`` (a code),
``intermediary_id`` (administrator-edited ``intermediaries``) and
``heard_via_other`` say how it heard of the service; ``evaluation_consent`` and
its date whether its records may be used pseudonymously for the evaluation.
An organisation invitation is for a colleague or, from staff, to claim the
organisation (``purpose``).

Revision ID: 4275329f85c2
Revises: 8644db859eff
Create Date: 2026-12-02 12:26:31.965370

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '4275329f85c2'
down_revision = '8644db859eff'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('intermediaries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name_en', sa.String(length=150), nullable=False),
    sa.Column('name_cy', sa.String(length=150), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intermediaries'))
    )
    with op.batch_alter_table('organisation_invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purpose', sa.String(length=10), server_default='colleague', nullable=False))

    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recorded_offline', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('contact_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('contact_email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('contact_consent_method', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('contact_consent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('prospect', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('prospect_source', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('heard_via', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('intermediary_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('heard_via_other', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('evaluation_consent', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('evaluation_consent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_organisations_heard_via'), ['heard_via'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisations_intermediary_id'), ['intermediary_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisations_prospect'), ['prospect'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_organisations_intermediary_id_intermediaries'), 'intermediaries', ['intermediary_id'], ['id'])



def downgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_organisations_intermediary_id_intermediaries'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_organisations_prospect'))
        batch_op.drop_index(batch_op.f('ix_organisations_intermediary_id'))
        batch_op.drop_index(batch_op.f('ix_organisations_heard_via'))
        batch_op.drop_column('evaluation_consent_at')
        batch_op.drop_column('evaluation_consent')
        batch_op.drop_column('heard_via_other')
        batch_op.drop_column('intermediary_id')
        batch_op.drop_column('heard_via')
        batch_op.drop_column('prospect_source')
        batch_op.drop_column('prospect')
        batch_op.drop_column('contact_consent_at')
        batch_op.drop_column('contact_consent_method')
        batch_op.drop_column('contact_email')
        batch_op.drop_column('contact_name')
        batch_op.drop_column('recorded_offline')

    with op.batch_alter_table('organisation_invitations', schema=None) as batch_op:
        batch_op.drop_column('purpose')

    op.drop_table('intermediaries')

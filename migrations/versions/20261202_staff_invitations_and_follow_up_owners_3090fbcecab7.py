"""Staff invitations; a follow-up's owner (when reassigned) and note.

Administrators invite staff and administrators by a single-use link
(``staff_invitations``, only the token's hash kept). A follow-up stays with the
adviser who logged the engagement unless it is reassigned, for example when
the adviser leaves (``engagements.follow_up_owner_id``, empty otherwise), and
carries a note of what to follow up (``engagements.follow_up_note``).

Revision ID: 3090fbcecab7
Revises: 059dd3151c59
Create Date: 2026-12-02 04:49:54.939755

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '3090fbcecab7'
down_revision = '059dd3151c59'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('staff_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('role', sa.Enum('employer', 'champion', 'staff', 'admin', name='staff_invitation_role', native_enum=False, length=20), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_staff_invitations_invited_by_id_users')),
    sa.ForeignKeyConstraint(['partner_id'], ['delivery_partners.id'], name=op.f('fk_staff_invitations_partner_id_delivery_partners')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_invitations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_staff_invitations_token_hash'))
    )
    with op.batch_alter_table('staff_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_invitations_email'), ['email'], unique=False)

    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('follow_up_owner_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('follow_up_note', sa.String(length=500), nullable=True))
        batch_op.create_index(batch_op.f('ix_engagements_follow_up_owner_id'), ['follow_up_owner_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_engagements_follow_up_owner_id_users'), 'users', ['follow_up_owner_id'], ['id'])



def downgrade():
    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_engagements_follow_up_owner_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_engagements_follow_up_owner_id'))
        batch_op.drop_column('follow_up_note')
        batch_op.drop_column('follow_up_owner_id')

    with op.batch_alter_table('staff_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_invitations_email'))

    op.drop_table('staff_invitations')

"""Registration idempotency key: one organisation per draft, however often it is sent.

Each registration draft gets a random key, copied to the organisation it
creates; the key is unique on organisations, so two submissions of the same
draft at the same moment cannot both commit. Drafts already saved get a key
each here, before the column becomes required.

Revision ID: 54465f4f400a
Revises: 6cbc4e4af7f9
Create Date: 2026-12-01 22:50:48.180049

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '54465f4f400a'
down_revision = '6cbc4e4af7f9'
branch_labels = None
depends_on = None

drafts = sa.table('registration_drafts', sa.column('id', sa.Integer), sa.column('idempotency_key', sa.String))


def upgrade():
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('registration_key', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_organisations_registration_key'), ['registration_key'])

    with op.batch_alter_table('registration_drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idempotency_key', sa.String(length=32), nullable=True))

    connection = op.get_bind()
    for (draft_id,) in connection.execute(sa.select(drafts.c.id)).all():
        connection.execute(drafts.update().where(drafts.c.id == draft_id)
                           .values(idempotency_key=secrets.token_hex(16)))

    with op.batch_alter_table('registration_drafts', schema=None) as batch_op:
        batch_op.alter_column('idempotency_key', existing_type=sa.String(length=32), nullable=False)


def downgrade():
    with op.batch_alter_table('registration_drafts', schema=None) as batch_op:
        batch_op.drop_column('idempotency_key')

    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_organisations_registration_key'), type_='unique')
        batch_op.drop_column('registration_key')

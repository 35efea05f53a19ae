"""A verification code for each programme (WHP) certificate.

``programme_cycles.certificate_code`` is printed on the certificate and checked
on the public verification page. New codes are given when a cycle's WHP is
first implemented; cycles already implemented get theirs here, so every
certificate that can be downloaded has one from now on and no page view has
to write. The codes are made in the migration itself (same alphabet and form
as ``portal.certificate_codes``), so the migration does not depend on
application code that may change later.

Revision ID: b7e4c2a91d35
Revises: 71bb663eda15
Create Date: 2026-12-02 18:00:00.000000

"""
import secrets

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'b7e4c2a91d35'
down_revision = '71bb663eda15'
branch_labels = None
depends_on = None

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _new_code():
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def upgrade():
    with op.batch_alter_table('programme_cycles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('certificate_code', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_programme_cycles_certificate_code'), ['certificate_code'])

    cycles = sa.table('programme_cycles', sa.column('id', sa.Integer),
                      sa.column('whp_implemented_at', sa.DateTime(timezone=True)),
                      sa.column('certificate_code', sa.String))
    connection = op.get_bind()
    implemented = connection.execute(
        sa.select(cycles.c.id).where(cycles.c.whp_implemented_at.is_not(None))).scalars().all()
    for cycle_id in implemented:
        connection.execute(cycles.update().where(cycles.c.id == cycle_id).values(certificate_code=_new_code()))


def downgrade():
    with op.batch_alter_table('programme_cycles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_programme_cycles_certificate_code'), type_='unique')
        batch_op.drop_column('certificate_code')

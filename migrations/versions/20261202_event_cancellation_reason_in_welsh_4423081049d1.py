"""event cancellation reason in Welsh

Staff now write an event's cancellation reason in the languages of the people
told; the Welsh version sits beside the English one. Events cancelled before
have only ``cancel_reason``, which the event page falls back to.

Revision ID: 4423081049d1
Revises: a421f7d2241a
Create Date: 2026-12-02 12:36:23.887657

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "4423081049d1"
down_revision = "a421f7d2241a"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancel_reason_cy", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("cancel_reason_cy")

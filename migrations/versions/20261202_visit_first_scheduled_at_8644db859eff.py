"""visit first scheduled at

When a workplace visit first got a date it keeps, for the Welsh-language
report's "time from request to scheduling". Filled for earlier visits from the
audit trail: the first time staff scheduled it; for a visit scheduled by the
employer taking a proposed date (which was not audited), the time the date was
proposed, the nearest time on record.

Revision ID: 8644db859eff
Revises: 4423081049d1
Create Date: 2026-12-02 13:03:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8644db859eff"
down_revision = "4423081049d1"
branch_labels = None
depends_on = None


def _first(action):
    return (
        "(SELECT MIN(a.at) FROM audit_events a WHERE a.target_type = 'visit_requests' "
        f"AND a.target_id = visit_requests.id AND a.action = '{action}')"
    )


def upgrade():
    with op.batch_alter_table("visit_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_scheduled_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(f"UPDATE visit_requests SET first_scheduled_at = {_first('visit.scheduled')}")  # noqa: S608
    op.execute(
        f"UPDATE visit_requests SET first_scheduled_at = {_first('visit.proposed')} "  # noqa: S608
        "WHERE first_scheduled_at IS NULL AND status IN ('scheduled', 'delivered')"
    )


def downgrade():
    with op.batch_alter_table("visit_requests", schema=None) as batch_op:
        batch_op.drop_column("first_scheduled_at")

"""How long champion training stays valid: dates in Wales and the validity setting."""


from sqlalchemy import select

from portal.audit.services import record
from portal.champions.models import ChampionSettings, ChampionTraining
from portal.extensions import db
from portal.timeutil import LONDON, add_months, utcnow

DEFAULT_VALIDITY_MONTHS = 36


REMINDER_MONTHS = (6, 3)


def settings():
    """The settings row, created with defaults the first time."""
    row = db.session.scalar(select(ChampionSettings).order_by(ChampionSettings.id).limit(1))
    if row is None:
        row = ChampionSettings(validity_months=DEFAULT_VALIDITY_MONTHS)
        db.session.add(row)
        db.session.flush()
    return row


def validity_months():
    row = db.session.scalar(select(ChampionSettings.validity_months).order_by(ChampionSettings.id).limit(1))
    return row or DEFAULT_VALIDITY_MONTHS


def set_validity_months(months):
    """Change the validity period; every certificate's expiry follows it."""
    row = settings()
    before = row.validity_months
    if before == months:
        return row
    row.validity_months = months
    row.updated_at = utcnow()
    for training in db.session.scalars(select(ChampionTraining)):
        training.valid_until = add_months(training.completed_at.astimezone(LONDON).date(), months)
    record("champion_validity_changed", row, before=before, after=months)
    return row

"""Champions' profiles and the directory of listed champions."""


from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.champions.models import ChampionProfile, Notifications
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.security import Role
from portal.timeutil import utcnow


def profile_for(user):
    """The champion's profile (unsaved defaults if they have not chosen yet)."""
    profile = db.session.get(ChampionProfile, user.id)
    return profile or ChampionProfile(user_id=user.id, notifications=Notifications.REPLIES, listed=False,
                                      speaks_welsh=False)


def save_profile(user, notifications, listed, speaks_welsh):
    profile = db.session.get(ChampionProfile, user.id)
    if profile is None:
        profile = ChampionProfile(user_id=user.id)
        db.session.add(profile)
    profile.notifications = notifications
    profile.listed = listed
    profile.speaks_welsh = speaks_welsh
    profile.updated_at = utcnow()
    return profile


def directory(local_authority_id=None, partner_id=None, sector_id=None, welsh=False, limit=200):
    """Champions who chose to be listed, filtered; name order."""
    query = (
        select(ChampionProfile)
        .join(User, ChampionProfile.user_id == User.id)
        .join(Organisation, User.organisation_id == Organisation.id)
        .where(ChampionProfile.listed.is_(True), User.active.is_(True), User.role == Role.CHAMPION)
        .options(joinedload(ChampionProfile.user).joinedload(User.organisation).joinedload(Organisation.sector),
                 joinedload(ChampionProfile.user).joinedload(User.organisation)
                 .joinedload(Organisation.local_authority))
        .order_by(User.full_name)
        .limit(limit)
    )
    if local_authority_id:
        query = query.where(Organisation.local_authority_id == local_authority_id)
    if partner_id:
        query = query.where(Organisation.partner_id == partner_id)
    if sector_id:
        query = query.where(Organisation.sector_id == sector_id)
    if welsh:
        query = query.where(ChampionProfile.speaks_welsh.is_(True))
    return db.session.scalars(query).unique().all()

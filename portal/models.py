"""Imports every model so SQLAlchemy and Alembic see the whole schema."""

from portal.accounts.models import PasswordResetToken, SignInFailure, User
from portal.audit.models import AuditEvent
from portal.champions.models import (
    ChampionProfile,
    ChampionSettings,
    ChampionTraining,
    DigestDelivery,
    NetworkPost,
    NetworkThread,
    PostReport,
    RefresherReminder,
)
from portal.eligibility.models import SupportTier
from portal.email.models import OutboxMessage
from portal.organisations.models import Organisation
from portal.programme.models import Intervention, ProgrammeCycle
from portal.reference.models import DeliveryPartner, LocalAuthority, Sector
from portal.resources.models import Resource, ResourceFile, ResourceTopic

__all__ = [
    "AuditEvent",
    "DeliveryPartner",
    "LocalAuthority",
    "Intervention",
    "Organisation",
    "OutboxMessage",
    "PasswordResetToken",
    "ProgrammeCycle",
    "Sector",
    "SupportTier",
    "SignInFailure",
    "User",
    "ChampionProfile",
    "ChampionSettings",
    "ChampionTraining",
    "DigestDelivery",
    "NetworkPost",
    "NetworkThread",
    "PostReport",
    "RefresherReminder",
    "Resource",
    "ResourceFile",
    "ResourceTopic",
]

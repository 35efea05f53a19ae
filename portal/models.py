"""Imports every model so SQLAlchemy and Alembic see the whole schema."""

from portal.accounts.models import PasswordResetToken, SignInFailure, User
from portal.audit.models import AuditEvent
from portal.eligibility.models import Decision, Evidence, ProgrammeSettings, SupportTier
from portal.email.models import OutboxMessage
from portal.organisations.models import EmailVerificationToken, Invitation, Organisation, RegistrationDraft
from portal.programme.models import Intervention, ProgrammeCycle
from portal.reference.models import DeliveryPartner, LocalAuthority, Sector

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
    "Decision",
    "EmailVerificationToken",
    "Evidence",
    "Invitation",
    "ProgrammeSettings",
    "RegistrationDraft",
]

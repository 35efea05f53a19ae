"""Imports every model so SQLAlchemy and Alembic see the whole schema."""

from portal.accounts.models import PasswordResetToken, SignInFailure, User
from portal.audit.models import AuditEvent
from portal.eligibility.models import SupportTier
from portal.email.models import OutboxMessage
from portal.engagement.models import CaseloadAssignment, Engagement
from portal.organisations.models import Organisation
from portal.programme.models import EqualityStrategyRecord, Intervention, OutcomeFollowUp, ProgrammeCycle, RuleVersion
from portal.reference.models import DeliveryPartner, LocalAuthority, Sector
from portal.reporting.models import ReportingPeriod, Target

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
    "CaseloadAssignment",
    "Engagement",
    "EqualityStrategyRecord",
    "OutcomeFollowUp",
    "RuleVersion",
    "ReportingPeriod",
    "Target",
]

"""Imports every model so SQLAlchemy and Alembic see the whole schema."""

from portal.accounts.models import PasswordResetToken, SignInFailure, User
from portal.audit.models import AuditEvent
from portal.bookings.models import Booking, Feedback
from portal.eligibility.models import SupportTier
from portal.email.models import OutboxMessage
from portal.events.models import Event, EventSession
from portal.organisations.models import Organisation
from portal.programme.models import Intervention, ProgrammeCycle
from portal.reference.models import DeliveryPartner, LocalAuthority, Sector
from portal.visits.models import VisitRequest

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
    "Booking",
    "Event",
    "EventSession",
    "Feedback",
    "VisitRequest",
]

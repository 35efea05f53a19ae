"""Imports every model so SQLAlchemy and Alembic see the whole schema."""

from portal.accounts.models import PasswordResetToken, User, UserSession
from portal.audit.models import AuditEvent
from portal.bookings.models import Booking, Feedback
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
from portal.eligibility.models import Decision, Evidence, ProgrammeSettings, SupportTier
from portal.email.models import OutboxMessage
from portal.engagement.models import CaseloadAssignment, Engagement
from portal.events.models import Event, EventSession
from portal.organisations.models import (
    EmailVerificationToken,
    Invitation,
    Organisation,
    OrganisationChange,
    RegistrationDraft,
)
from portal.plans.models import ActionPlan, PlanAction, PlanGoal
from portal.programme.models import EqualityStrategyRecord, Intervention, OutcomeFollowUp, ProgrammeCycle, RuleVersion
from portal.reference.models import DeliveryPartner, LocalAuthority, Sector
from portal.referrals.models import ReferralLink, SelfReferral
from portal.reporting.models import ReportingPeriod, Target
from portal.resources.models import Resource, ResourceFile, ResourceTopic
from portal.surveys.models import (
    BrowserMark,
    QuestionSet,
    Survey,
    SurveyAnswer,
    SurveyComment,
    SurveyQuestion,
    SurveyResponse,
    SurveyTheme,
)
from portal.visits.models import VisitRequest

__all__ = [
    "ActionPlan",
    "PlanAction",
    "PlanGoal",
    "BrowserMark",
    "QuestionSet",
    "Survey",
    "SurveyAnswer",
    "SurveyComment",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveyTheme",
    "ReferralLink",
    "SelfReferral",
    "AuditEvent",
    "DeliveryPartner",
    "LocalAuthority",
    "Intervention",
    "Organisation",
    "OutboxMessage",
    "PasswordResetToken",
    "UserSession",
    "ProgrammeCycle",
    "Sector",
    "SupportTier",
    "User",
    "CaseloadAssignment",
    "Engagement",
    "EqualityStrategyRecord",
    "OutcomeFollowUp",
    "RuleVersion",
    "Decision",
    "EmailVerificationToken",
    "Evidence",
    "Invitation",
    "ProgrammeSettings",
    "OrganisationChange",
    "RegistrationDraft",
    "Booking",
    "Event",
    "EventSession",
    "Feedback",
    "VisitRequest",
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
    "ReportingPeriod",
    "Target",
]

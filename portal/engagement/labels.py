"""Engagement type names, translated when shown."""

from flask_babel import lazy_gettext as _l

from portal.eligibility.labels import STATUS_LABELS
from portal.engagement.models import EngagementType

ENGAGEMENT_TYPES = {
    EngagementType.PHONE_CALL: _l("Phone call"),
    EngagementType.EMAIL: _l("Email"),
    EngagementType.MEETING: _l("Meeting"),
    EngagementType.EVENT: _l("Business breakfast or event"),
    EngagementType.ADVICE_SESSION: _l("Advice session"),
    EngagementType.WELLBEING_SURVEY: _l("Staff well-being survey and report"),
    EngagementType.STRATEGY_SUPPORT: _l("Well-being strategy or policy support"),
    EngagementType.INDUCTION_REVIEWS: _l("Embedding well-being in induction or reviews"),
    EngagementType.INDIVIDUAL_SUPPORT: _l("Promotion of individual support to staff"),
}


def engagement_type_label(code):
    """The type's name in the page's language (the code itself if unknown)."""
    label = ENGAGEMENT_TYPES.get(code)
    return str(label) if label is not None else code


def engagement_type_choices():
    return [(code, str(label)) for code, label in ENGAGEMENT_TYPES.items()]


# One set of eligibility status names for the whole service.
ELIGIBILITY_STATUSES = STATUS_LABELS


def eligibility_status_label(code):
    label = ELIGIBILITY_STATUSES.get(getattr(code, "value", code))
    return str(label) if label is not None else str(code)

"""Engagement type names, translated when shown."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.bookings.messages import attendance_label
from portal.eligibility.labels import STATUS_LABELS
from portal.engagement.models import EngagementType
from portal.i18n import date_filter
from portal.programme.labels import EQUALITY_CHANGES
from portal.visits.labels import VISIT_TYPES

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


# The words for the fields a correction changes, for the record's history and the audit trail.
CORRECTED_FIELDS = {
    "type": _l("Type of engagement"),
    "occurred_on": _l("Date"),
    "date": _l("Date"),
    "duration_minutes": _l("Duration in minutes"),
    "adviser_id": _l("Adviser"),
    "outcome": _l("Outcome"),
    "notes": _l("Notes"),
    "counted": _l("Counted as an intervention"),
    "voided": _l("Voided"),
    "change": _l("What the organisation did"),
    "note": _l("Note"),
    "attendance": _l("Attendance"),
    "took_place_on": _l("Date the visit took place"),
    "visit_type": _l("What was delivered"),
    "staff_count": _l("Staff taking part"),
    "started_on": _l("Date the programme started"),
    "ended_on": _l("Date the programme ended"),
}


def corrected_field_label(name):
    label = CORRECTED_FIELDS.get(name)
    return str(label) if label is not None else name


def corrected_value(name, value):
    """A value before or after a correction, in words in the page's language."""
    if name == "attendance":
        return attendance_label(value)
    if value is None or value == "":
        return _("Not given")
    if name in ("counted", "voided"):
        return _("Yes") if value else _("No")
    if name == "type":
        return engagement_type_label(value)
    if name == "change":
        label = EQUALITY_CHANGES.get(value)
        return str(label) if label is not None else value
    if name == "visit_type":
        label = VISIT_TYPES.get(value)
        return str(label) if label is not None else value
    if name in ("occurred_on", "date", "took_place_on", "started_on", "ended_on"):
        try:
            return date_filter(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    return str(value)

"""Every translated label of workplace visits, in one place."""

from flask_babel import lazy_gettext as _l

from portal.visits.models import VisitStatus

VISIT_TYPES = {
    "physiotherapy-outreach": _l("Physiotherapy outreach"),
    "wellbeing-talk": _l("Well-being talk"),
    "staff-survey": _l("Staff survey facilitation"),
    "policy-support": _l("Policy support"),
}
VISIT_LANGUAGES = {"cy": _l("Welsh"), "en": _l("English"), "either": _l("Welsh or English")}
STATUS_LABELS = {
    VisitStatus.REQUESTED: _l("Requested"),
    VisitStatus.PROPOSED: _l("Another date proposed"),
    VisitStatus.SCHEDULED: _l("Scheduled"),
    VisitStatus.DECLINED: _l("Declined"),
    VisitStatus.DELIVERED: _l("Delivered"),
    VisitStatus.CANCELLED: _l("Cancelled"),
}

"""Every translated label of workplace visits, in one place."""

from flask_babel import lazy_gettext as _l

from portal.visits.models import VisitStatus

VISIT_TYPES = {
    "physiotherapy-outreach": _l("Physiotherapy outreach"),
    "wellbeing-talk": _l("Well-being talk"),
    "staff-survey": _l("Staff survey facilitation"),
    "policy-support": _l("Policy support"),
}
# What each kind of visit is, for the public page that lists them.
VISIT_TYPE_DESCRIPTIONS = {
    "physiotherapy-outreach": _l("A physiotherapist comes to your workplace to advise staff on musculoskeletal "
                                 "health, posture and moving and handling, and to look at how work is set up."),
    "wellbeing-talk": _l("A short talk for your staff on a well-being topic such as stress, sleep, healthy eating "
                         "or physical activity, with time for questions."),
    "staff-survey": _l("An adviser helps you run a staff health and well-being survey and make sense of the "
                       "results, so you know where to start."),
    "policy-support": _l("An adviser helps you write or review workplace health policies, such as sickness "
                         "absence, mental health or menopause policies."),
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

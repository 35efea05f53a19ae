"""Names of intervention kinds and follow-up answers, translated when shown."""

from flask_babel import lazy_gettext as _l

from portal.programme.models import FollowUpStatus, InterventionKind

INTERVENTION_KINDS = {
    InterventionKind.SESSION_ATTENDED: _l("Webinar or event attended"),
    InterventionKind.TRAINING_COMPLETED: _l("Training completed"),
    InterventionKind.VISIT_DELIVERED: _l("Workplace visit"),
    InterventionKind.SUPPORT_LOGGED: _l("Support from an adviser"),
    InterventionKind.ACTION_PLAN: _l("Staff survey and action plan"),
}

# Support types that are not an event topic or kind, a visit type or an engagement type.
ACTION_PLAN_SUPPORT = "action_plan"
SUPPORT_TYPES = {ACTION_PLAN_SUPPORT: _l("Staff survey and action plan")}

FOLLOW_UP_STATUSES = {
    FollowUpStatus.SCHEDULED: _l("Not due yet"),
    FollowUpStatus.NOT_SENT: _l("Not sent: no one to receive it"),
    FollowUpStatus.SENT: _l("Waiting for an answer"),
    FollowUpStatus.ANSWERED: _l("Answered"),
    FollowUpStatus.NO_RESPONSE: _l("No response"),
}

# The fixed choices of the outcome follow-up.
OUTCOME_CHOICES = {
    "policy": _l("We adopted or improved a well-being policy"),
    "equality": _l("We adopted or improved an equality and diversity strategy"),
    "champion": _l("We have a well-being champion"),
    "absence": _l("Sickness absence went down"),
    "wellbeing": _l("Staff tell us their well-being is better"),
    "nothing_yet": _l("Nothing has changed yet"),
}

EQUALITY_CHANGES = {
    "adopted": _l("Adopted a strategy"),
    "improved": _l("Improved a strategy"),
}


def follow_up_status_label(code):
    """The words for a follow-up state (the code itself if unknown)."""
    label = FOLLOW_UP_STATUSES.get(code)
    return str(label) if label is not None else (code or "")


def outcome_choice_labels(codes):
    """The words for each outcome chosen, in the form's order."""
    return [str(label) for code, label in OUTCOME_CHOICES.items() if code in (codes or ())]


def intervention_kind_label(code):
    label = INTERVENTION_KINDS.get(code)
    return str(label) if label is not None else code

"""Words for statuses, kinds of support and tiers, in the page's language."""

from flask_babel import lazy_gettext as _l

from portal.audit.labels import ACTION_WORDS
from portal.eligibility.tiers import EligibilityStatus, EvidenceTier, SupportKind

STATUS_LABELS = {
    EligibilityStatus.NOT_STARTED.value: _l("Not started"),
    EligibilityStatus.DECLARED.value: _l("Declared"),
    EligibilityStatus.AWAITING_REVIEW.value: _l("Awaiting review"),
    EligibilityStatus.MORE_INFO_REQUESTED.value: _l("More information requested"),
    EligibilityStatus.VERIFIED.value: _l("Verified"),
    EligibilityStatus.EXCEPTION.value: _l("Eligible by exception"),
    EligibilityStatus.NOT_ELIGIBLE.value: _l("Not eligible"),
}
STATUS_TAGS = {
    "not_started": "govuk-tag--grey",
    "declared": "govuk-tag--blue",
    "awaiting_review": "govuk-tag--yellow",
    "more_info_requested": "govuk-tag--orange",
    "verified": "govuk-tag--green",
    "exception": "govuk-tag--green",
    "not_eligible": "govuk-tag--red",
}
KIND_LABELS = {
    SupportKind.WEBINAR.value: _l("Webinars"),
    SupportKind.EVENT.value: _l("Events"),
    SupportKind.CHAMPION_TRAINING.value: _l("Well-being champion training"),
    SupportKind.WORKPLACE_VISIT.value: _l("Workplace visits"),
}
TIER_LABELS = {
    EvidenceTier.DECLARED.value: _l("A declaration"),
    EvidenceTier.VERIFIED.value: _l("A declaration and one check"),
}
METHOD_LABELS = {
    "upload": _l("Document uploaded"),
    "number_checked": _l("Company or charity number checked by staff"),
    "seen_in_person": _l("Evidence seen in person by staff"),
    "seen_by_phone": _l("Evidence confirmed by phone with staff"),
}
OUTCOME_LABELS = {
    "approved": _l("Approved"),
    "more_info": _l("More information requested"),
    "refused": _l("Refused"),
    "exception": _l("Eligible by exception"),
}
CATEGORY_LABELS = {
    "sme": _l("Small or medium-sized enterprise"),
    "exception": _l("Eligible by exception"),
    "large": _l("Large employer"),
    "not_eligible": _l("Not a small or medium-sized enterprise"),
}
ACTION_LABELS = {
    "organisation_registered": _l("Organisation registered"),
    "eligibility_declared": _l("Declaration confirmed"),
    "evidence_uploaded": _l("Document uploaded"),
    "evidence_recorded": _l("Evidence recorded by staff"),
    "organisation_number_corrected": _l("Company or charity number corrected by staff"),
    "evidence_file_deleted": _l("Evidence file deleted after the retention period"),
    "eligibility_approved": _l("Eligibility approved"),
    "eligibility_more_info": _l("More information requested"),
    "eligibility_refused": _l("Eligibility refused"),
    "eligibility_exception": _l("Eligible by exception granted"),
    "organisations_merged": _l("Duplicate organisation merged in"),
    "colleague_invited": _l("Colleague invited"),
    "colleague_joined": _l("Colleague joined"),
    "colleague_removed": _l("Colleague removed"),
    "organisation_details_changed": _l("Organisation's details changed"),
    "organisation_change_requested": _l("Change to the organisation's details sent for checking"),
    "organisation_change_accepted": _l("Change to the organisation's details accepted"),
    "organisation_change_refused": _l("Change to the organisation's details refused"),
    "evidence_removed": _l("Document removed before it was checked"),
    "evidence_replaced": _l("Document replaced before it was checked"),
}


def labels():
    """The label dictionaries, for templates."""
    return {
        "status_labels": STATUS_LABELS,
        "status_tags": STATUS_TAGS,
        "kind_labels": KIND_LABELS,
        "tier_labels": TIER_LABELS,
        "method_labels": METHOD_LABELS,
        "outcome_labels": OUTCOME_LABELS,
        "category_labels": CATEGORY_LABELS,
        # Every feature's actions in words (an organisation's history holds more than eligibility's).
        "action_labels": ACTION_WORDS,
    }

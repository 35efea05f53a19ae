"""Eligibility statuses and evidence tiers: the contract other features rely on.

Each kind of support names the evidence tier it needs. A webinar needs only a
declaration; deeper support needs one light check.
"""

import enum


class EligibilityStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    DECLARED = "declared"
    AWAITING_REVIEW = "awaiting_review"
    MORE_INFO_REQUESTED = "more_info_requested"
    VERIFIED = "verified"
    EXCEPTION = "exception"  # eligible by exception, granted by staff with a reason
    NOT_ELIGIBLE = "not_eligible"


class EvidenceTier(enum.StrEnum):
    DECLARED = "declared"
    VERIFIED = "verified"


# Statuses that satisfy each tier. An organisation whose evidence is being
# reviewed, or which was asked for more, keeps the declaration it made.
_SATISFIES = {
    EvidenceTier.DECLARED: {
        EligibilityStatus.DECLARED,
        EligibilityStatus.AWAITING_REVIEW,
        EligibilityStatus.MORE_INFO_REQUESTED,
        EligibilityStatus.VERIFIED,
        EligibilityStatus.EXCEPTION,
    },
    EvidenceTier.VERIFIED: {EligibilityStatus.VERIFIED, EligibilityStatus.EXCEPTION},
}

ELIGIBLE_STATUSES = frozenset({EligibilityStatus.VERIFIED, EligibilityStatus.EXCEPTION})


def tier_satisfied(status, tier):
    """True if an organisation with eligibility ``status`` may have support needing ``tier``."""
    return EligibilityStatus(status) in _SATISFIES[EvidenceTier(tier)]


class SupportKind(enum.StrEnum):
    WEBINAR = "webinar"
    CHAMPION_TRAINING = "champion_training"
    EVENT = "event"
    WORKPLACE_VISIT = "workplace_visit"


# Used until an administrator sets otherwise: a declaration is enough for a
# webinar; deeper support needs one light check.
DEFAULT_TIERS = {
    SupportKind.WEBINAR: EvidenceTier.DECLARED,
    SupportKind.EVENT: EvidenceTier.DECLARED,
    SupportKind.CHAMPION_TRAINING: EvidenceTier.VERIFIED,
    SupportKind.WORKPLACE_VISIT: EvidenceTier.VERIFIED,
}

"""The eligibility rules as plain functions: SME, area, exception and evidence tiers.

They take plain values (or an organisation) and return answers, so every
branch is tested directly; nothing here writes to the database.
"""

import enum

from portal.eligibility.tiers import (
    DEFAULT_TIERS,
    EligibilityStatus,
    EvidenceTier,
    SupportKind,
    tier_satisfied,
)

SME_EMPLOYEE_LIMIT = 250


class SizeCategory(enum.StrEnum):
    SME = "sme"
    EXCEPTION = "exception"  # large or part of a group, eligible by staff exception
    LARGE = "large"  # large, taking part because administrators allow large employers
    NOT_ELIGIBLE = "not_eligible"


def is_large_employer(employee_count, part_of_group):
    """True for 250 or more employees, or any part of a larger group."""
    return bool(part_of_group) or (employee_count is not None and employee_count >= SME_EMPLOYEE_LIMIT)


def is_sme(employee_count, part_of_group):
    """The SME test: fewer than 250 employees and not part of a larger group."""
    return employee_count is not None and not is_large_employer(employee_count, part_of_group)


def size_category(employee_count, part_of_group, exception_granted, allow_large_employers):
    """Which way (if any) an organisation's size lets it take part.

    An SME is always an SME. Otherwise a staff exception comes first, then the
    administrator's setting for large employers; large employers are counted
    apart from SMEs in every report.
    """
    if employee_count is None:
        return SizeCategory.NOT_ELIGIBLE
    if is_sme(employee_count, part_of_group):
        return SizeCategory.SME
    if exception_granted:
        return SizeCategory.EXCEPTION
    if allow_large_employers:
        return SizeCategory.LARGE
    return SizeCategory.NOT_ELIGIBLE


def covering_partner_id(located_authority_id, staff_authority_ids, coverage):
    """The delivery partner for an organisation, or None if it is outside every area.

    ``coverage`` maps local authority id to the id of the active partner
    covering it. Where the organisation is located comes first; otherwise the
    first authority (in the order given) where it employs staff.
    """
    for authority_id in [located_authority_id, *(staff_authority_ids or [])]:
        if authority_id is not None and coverage.get(authority_id) is not None:
            return coverage[authority_id]
    return None


def in_area(located_authority_id, staff_authority_ids, coverage):
    """True if the organisation is located, or employs staff, where a partner delivers."""
    return covering_partner_id(located_authority_id, staff_authority_ids, coverage) is not None


def may_declare(category, area_ok):
    """A contact may make the self-declaration only if size and area both allow it."""
    return category != SizeCategory.NOT_ELIGIBLE and area_ok


def tier_for(kind, settings):
    """The tier support of ``kind`` needs: ``settings`` ({kind: tier}) else the default."""
    kind = SupportKind(kind)
    return EvidenceTier(settings.get(kind.value) or DEFAULT_TIERS[kind])


class NextStep(enum.StrEnum):
    DECLARE = "declare"
    UPLOAD = "upload"
    WAIT = "wait"
    SEND_MORE = "send_more"
    CONTACT_US = "contact_us"
    NONE = "none"


def next_step(status, category, area_ok, needs_verified):
    """What the contact should do next, given the status and what their support needs."""
    status = EligibilityStatus(status)
    if status == EligibilityStatus.NOT_ELIGIBLE or not may_declare(category, area_ok):
        if status in (EligibilityStatus.EXCEPTION, EligibilityStatus.VERIFIED):
            return NextStep.NONE
        return NextStep.CONTACT_US
    if status == EligibilityStatus.NOT_STARTED:
        return NextStep.DECLARE
    if status == EligibilityStatus.MORE_INFO_REQUESTED:
        return NextStep.SEND_MORE
    if status == EligibilityStatus.AWAITING_REVIEW:
        return NextStep.WAIT
    if status == EligibilityStatus.DECLARED and needs_verified:
        return NextStep.UPLOAD
    return NextStep.NONE


def missing_for(status, tier):
    """What is missing for support needing ``tier``: None, "declaration" or "verification"."""
    if tier_satisfied(status, tier):
        return None
    if tier_satisfied(status, EvidenceTier.DECLARED):
        return "verification"
    return "declaration"

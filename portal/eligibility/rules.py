"""The eligibility rules as plain functions: SME, area, exception and evidence tiers.

They take plain values (or an organisation) and return answers, so every
branch is tested directly; nothing here writes to the database.
"""

import enum
from dataclasses import dataclass, field

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


def headcount(employee_count, part_of_group, group_size=None):
    """The number the SME test compares with 250, or None when it is not known.

    PRODUCT.md's SME: an enterprise with fewer than 250 employees, where a
    member of a group counts the group's size. The group includes the member,
    so the larger of the two counts (a group smaller than its member is a typo).
    """
    if employee_count is None:
        return None
    if part_of_group:
        return None if group_size is None else max(employee_count, group_size)
    return employee_count


def is_large_employer(employee_count, part_of_group, group_size=None):
    """True for 250 or more employees (the group's, for a group member), or a group of unknown size."""
    size = headcount(employee_count, part_of_group, group_size)
    if size is None:
        return bool(part_of_group)
    return size >= SME_EMPLOYEE_LIMIT


def is_sme(employee_count, part_of_group, group_size=None):
    """The SME test: fewer than 250 employees, counting the whole group for a group member."""
    size = headcount(employee_count, part_of_group, group_size)
    return size is not None and size < SME_EMPLOYEE_LIMIT


def size_category(employee_count, part_of_group, exception_granted, allow_large_employers, group_size=None):
    """Which way (if any) an organisation's size lets it take part.

    An SME is always an SME. Otherwise a staff exception comes first, then the
    administrator's setting for large employers; large employers are counted
    apart from SMEs in every report.
    """
    if employee_count is None:
        return SizeCategory.NOT_ELIGIBLE
    if is_sme(employee_count, part_of_group, group_size):
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


class Reason(enum.StrEnum):
    """Why support is refused now (stored nowhere; words in :mod:`portal.eligibility.explain`)."""

    OUTSIDE_AREA = "outside_area"
    SIZE_UNKNOWN = "size_unknown"
    TOO_LARGE = "too_large"
    GROUP_SIZE_UNKNOWN = "group_size_unknown"
    GROUP_TOO_LARGE = "group_too_large"
    REFUSED = "refused"
    NEEDS_DECLARATION = "needs_declaration"
    NEEDS_CHECK = "needs_check"
    AWAITING_REVIEW = "awaiting_review"
    MORE_INFO = "more_info"


class Instead(enum.StrEnum):
    """What the organisation can do instead, in the order it is told."""

    DECLARE = "declare"
    SEND_EVIDENCE = "send_evidence"
    WAIT = "wait"
    SEND_MORE = "send_more"
    GIVE_GROUP_SIZE = "give_group_size"
    ASK_EXCEPTION = "ask_exception"
    CONTACT_US = "contact_us"
    OTHER_SERVICES = "other_services"


# Reasons that no evidence can cure: the size or area rule, or a staff refusal.
SIZE_REASONS = frozenset({Reason.SIZE_UNKNOWN, Reason.TOO_LARGE, Reason.GROUP_SIZE_UNKNOWN, Reason.GROUP_TOO_LARGE})
RULE_REASONS = SIZE_REASONS | {Reason.OUTSIDE_AREA, Reason.REFUSED}


@dataclass(frozen=True)
class Facts:
    """What eligibility depends on, for a registered organisation or answers not yet registered."""

    employee_count: int | None
    part_of_group: bool = False
    group_size: int | None = None
    located_authority_id: int | None = None
    staff_authority_ids: tuple = ()
    status: EligibilityStatus = EligibilityStatus.NOT_STARTED


@dataclass(frozen=True)
class Policy:
    """The settings the decision applies: administrators' switches, tiers and partner coverage."""

    allow_large_employers: bool = False
    exceptions_allowed: bool = True
    tiers: dict = field(default_factory=dict)
    coverage: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SupportDecision:
    """Whether an organisation may have one kind of support now; if not, why and what it can do instead."""

    kind: str
    allowed: bool
    reason: Reason | None
    tier: EvidenceTier
    category: SizeCategory
    area_ok: bool
    partner_id: int | None
    instead: tuple = ()
    # Other kinds of support it may have now: what it "can still use".
    also_allowed: tuple = ()

    @property
    def may_declare(self):
        """True if the size and area rules let the organisation make the self-declaration."""
        return may_declare(self.category, self.area_ok) and self.reason != Reason.REFUSED


def _size_reason(facts):
    if facts.employee_count is None:
        return Reason.SIZE_UNKNOWN
    if facts.part_of_group:
        return Reason.GROUP_SIZE_UNKNOWN if facts.group_size is None else Reason.GROUP_TOO_LARGE
    return Reason.TOO_LARGE


def _refusal(facts, category, area_ok, tier, policy):
    """(reason, instead) for one kind of support, or (None, ()) if it may be had now."""
    status = EligibilityStatus(facts.status)
    if status == EligibilityStatus.NOT_ELIGIBLE:
        return Reason.REFUSED, (Instead.CONTACT_US, Instead.OTHER_SERVICES)
    # Size before area: registration asks the size first and warns on those questions.
    if category == SizeCategory.NOT_ELIGIBLE:
        reason = _size_reason(facts)
        instead = (Instead.GIVE_GROUP_SIZE,) if reason == Reason.GROUP_SIZE_UNKNOWN else ()
        if policy.exceptions_allowed:
            instead += (Instead.ASK_EXCEPTION,)
        return reason, instead + (Instead.OTHER_SERVICES,)
    if not area_ok:
        return Reason.OUTSIDE_AREA, (Instead.OTHER_SERVICES,)
    if tier_satisfied(status, tier):
        return None, ()
    if status == EligibilityStatus.NOT_STARTED:
        return Reason.NEEDS_DECLARATION, (Instead.DECLARE,)
    if status == EligibilityStatus.AWAITING_REVIEW:
        return Reason.AWAITING_REVIEW, (Instead.WAIT,)
    if status == EligibilityStatus.MORE_INFO_REQUESTED:
        return Reason.MORE_INFO, (Instead.SEND_MORE,)
    return Reason.NEEDS_CHECK, (Instead.SEND_EVIDENCE,)


def support_decision(facts, kind, policy):
    """The one eligibility decision: may an organisation with ``facts`` have support of ``kind`` now?

    Every page that tells an employer what it may have (registration, the
    confirmation page and e-mail, the organisation, declaration and event
    pages, booking and visit requests) and the public checker ask this, so
    they cannot disagree. A staff refusal, the size rule
    (:func:`size_category`: counting the group for a group member, a staff
    exception, the large-employer switch), the area rule (a partner covers
    where it is or employs staff) and the evidence tier for ``kind`` are
    applied in that order.
    """
    kind = SupportKind(kind)
    status = EligibilityStatus(facts.status)
    category = size_category(facts.employee_count, facts.part_of_group, status == EligibilityStatus.EXCEPTION,
                             policy.allow_large_employers, facts.group_size)
    partner_id = covering_partner_id(facts.located_authority_id, facts.staff_authority_ids, policy.coverage)
    area_ok = partner_id is not None
    outcomes = {other: _refusal(facts, category, area_ok, tier_for(other, policy.tiers), policy)
                for other in SupportKind}
    reason, instead = outcomes[kind]
    return SupportDecision(
        kind=kind.value, allowed=reason is None, reason=reason, tier=tier_for(kind, policy.tiers),
        category=category, area_ok=area_ok, partner_id=partner_id, instead=instead,
        also_allowed=tuple(other.value for other in SupportKind if other != kind and outcomes[other][0] is None),
    )

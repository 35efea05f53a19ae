"""Every branch of the SME, area, exception and tier rules."""

import pytest

from portal.eligibility import rules
from portal.eligibility.rules import Instead, Reason, SizeCategory
from portal.eligibility.tiers import EligibilityStatus, EvidenceTier, SupportKind


@pytest.mark.parametrize(
    ("employees", "group", "expected"),
    [(1, False, True), (249, False, True), (250, False, False), (251, False, False), (10, True, False),
     (None, False, False)],
)
def test_sme_test_is_fewer_than_250_counting_the_group(employees, group, expected):
    assert rules.is_sme(employees, group) is expected


@pytest.mark.parametrize(
    ("employees", "group", "expected"),
    [(249, False, False), (250, False, True), (5, True, True), (None, False, False), (None, True, True)],
)
def test_large_employer_flag(employees, group, expected):
    assert rules.is_large_employer(employees, group) is expected


@pytest.mark.parametrize(
    ("employees", "group", "exception", "allow_large", "expected"),
    [
        (249, False, False, False, SizeCategory.SME),
        (249, False, True, True, SizeCategory.SME),  # an SME stays an SME whatever else is set
        (250, False, False, False, SizeCategory.NOT_ELIGIBLE),
        (250, False, True, False, SizeCategory.EXCEPTION),
        (250, False, True, True, SizeCategory.EXCEPTION),  # exception is counted as exception, not large
        (250, False, False, True, SizeCategory.LARGE),
        (12, True, False, False, SizeCategory.NOT_ELIGIBLE),
        (12, True, True, False, SizeCategory.EXCEPTION),
        (12, True, False, True, SizeCategory.LARGE),
        (None, False, True, True, SizeCategory.NOT_ELIGIBLE),
    ],
)
def test_size_category(employees, group, exception, allow_large, expected):
    assert rules.size_category(employees, group, exception, allow_large) == expected


COVERAGE = {1: 10, 2: 20, 3: None}


@pytest.mark.parametrize(
    ("located", "staff", "expected"),
    [
        (1, [], 10),  # located in a covered authority
        (1, [2], 10),  # where it is located comes first
        (5, [2], 20),  # located outside, employs staff inside
        (5, [6, 2, 1], 20),  # the first covered staff authority, in order
        (5, [6], None),  # nowhere covered
        (3, [], None),  # an authority with no active partner
        (None, None, None),
        (None, [1], 10),
    ],
)
def test_covering_partner_and_area(located, staff, expected):
    assert rules.covering_partner_id(located, staff, COVERAGE) == expected
    assert rules.in_area(located, staff, COVERAGE) is (expected is not None)


@pytest.mark.parametrize(
    ("category", "area_ok", "expected"),
    [(SizeCategory.SME, True, True), (SizeCategory.EXCEPTION, True, True), (SizeCategory.LARGE, True, True),
     (SizeCategory.NOT_ELIGIBLE, True, False), (SizeCategory.SME, False, False)],
)
def test_may_declare(category, area_ok, expected):
    assert rules.may_declare(category, area_ok) is expected


def test_tier_for_uses_setting_else_default():
    assert rules.tier_for(SupportKind.WEBINAR, {}) == EvidenceTier.DECLARED
    assert rules.tier_for(SupportKind.WORKPLACE_VISIT, {}) == EvidenceTier.VERIFIED
    assert rules.tier_for("webinar", {"webinar": "verified"}) == EvidenceTier.VERIFIED
    assert rules.tier_for("workplace_visit", {"workplace_visit": "declared"}) == EvidenceTier.DECLARED
    with pytest.raises(ValueError, match="massage"):
        rules.tier_for("massage", {})


COVERED = {1: 10}
POLICY = rules.Policy(coverage=COVERED)


def _facts(status="not_started", employees=20, group=False, group_size=None, located=1, staff=()):
    return rules.Facts(employees, group, group_size, located, tuple(staff), EligibilityStatus(status))


@pytest.mark.parametrize(
    ("facts", "kind", "allowed", "reason", "instead"),
    [
        (_facts("not_started"), "webinar", False, Reason.NEEDS_DECLARATION, (Instead.DECLARE,)),
        (_facts("declared"), "webinar", True, None, ()),
        (_facts("declared"), "workplace_visit", False, Reason.NEEDS_CHECK, (Instead.SEND_EVIDENCE,)),
        (_facts("awaiting_review"), "workplace_visit", False, Reason.AWAITING_REVIEW, (Instead.WAIT,)),
        (_facts("awaiting_review"), "webinar", True, None, ()),
        (_facts("more_info_requested"), "champion_training", False, Reason.MORE_INFO, (Instead.SEND_MORE,)),
        (_facts("verified"), "workplace_visit", True, None, ()),
        # A staff refusal holds whatever else is true.
        (_facts("not_eligible"), "webinar", False, Reason.REFUSED, (Instead.CONTACT_US, Instead.OTHER_SERVICES)),
        # The size rule holds even for an organisation once verified.
        (_facts("verified", employees=10_000), "workplace_visit", False, Reason.TOO_LARGE,
         (Instead.ASK_EXCEPTION, Instead.OTHER_SERVICES)),
        (_facts("not_started", employees=300, group=True), "webinar", False, Reason.GROUP_SIZE_UNKNOWN,
         (Instead.GIVE_GROUP_SIZE, Instead.ASK_EXCEPTION, Instead.OTHER_SERVICES)),
        (_facts("declared", employees=12, group=True, group_size=400), "webinar", False, Reason.GROUP_TOO_LARGE,
         (Instead.ASK_EXCEPTION, Instead.OTHER_SERVICES)),
        (_facts("declared", employees=12, group=True, group_size=40), "webinar", True, None, ()),
        (_facts("exception", employees=600), "workplace_visit", True, None, ()),
        (_facts("verified", located=5), "webinar", False, Reason.OUTSIDE_AREA, (Instead.OTHER_SERVICES,)),
        (_facts("verified", located=None, staff=[1]), "webinar", True, None, ()),
        (_facts("not_started", employees=None), "webinar", False, Reason.SIZE_UNKNOWN,
         (Instead.ASK_EXCEPTION, Instead.OTHER_SERVICES)),
    ],
)
def test_support_decision(facts, kind, allowed, reason, instead):
    decision = rules.support_decision(facts, kind, POLICY)
    assert decision.allowed is allowed
    assert decision.reason == reason
    assert decision.instead == instead


def test_support_decision_names_what_can_still_be_used_and_follows_the_settings():
    decision = rules.support_decision(_facts("declared"), "workplace_visit", POLICY)
    assert decision.also_allowed == ("webinar", "event")
    assert decision.partner_id == 10
    no_exceptions = rules.Policy(coverage=COVERED, exceptions_allowed=False)
    assert rules.support_decision(_facts(employees=300), "webinar", no_exceptions).instead == (Instead.OTHER_SERVICES,)
    large = rules.Policy(coverage=COVERED, allow_large_employers=True)
    assert rules.support_decision(_facts("declared", employees=300), "webinar", large).allowed
    visits_declared = rules.Policy(coverage=COVERED, tiers={"workplace_visit": "declared"})
    assert rules.support_decision(_facts("declared"), "workplace_visit", visits_declared).allowed


@pytest.mark.parametrize(
    ("employees", "group_size", "expected"),
    [(12, 40, True), (12, 249, True), (12, 250, False), (12, 400, False), (300, 40, False), (12, None, False)],
)
def test_a_group_member_counts_the_groups_size(employees, group_size, expected):
    assert rules.is_sme(employees, True, group_size) is expected
    assert rules.is_large_employer(employees, True, group_size) is (not expected)

"""Every branch of the SME, area, exception and tier rules."""

import pytest

from portal.eligibility import rules
from portal.eligibility.rules import NextStep, SizeCategory
from portal.eligibility.tiers import EligibilityStatus, EvidenceTier, SupportKind


@pytest.mark.parametrize(
    ("employees", "group", "expected"),
    [(1, False, True), (249, False, True), (250, False, False), (251, False, False), (10, True, False),
     (None, False, False)],
)
def test_sme_test_is_fewer_than_250_and_independent(employees, group, expected):
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


@pytest.mark.parametrize(
    ("status", "tier", "expected"),
    [
        (EligibilityStatus.NOT_STARTED, EvidenceTier.DECLARED, "declaration"),
        (EligibilityStatus.NOT_STARTED, EvidenceTier.VERIFIED, "declaration"),
        (EligibilityStatus.NOT_ELIGIBLE, EvidenceTier.DECLARED, "declaration"),
        (EligibilityStatus.DECLARED, EvidenceTier.DECLARED, None),
        (EligibilityStatus.DECLARED, EvidenceTier.VERIFIED, "verification"),
        (EligibilityStatus.AWAITING_REVIEW, EvidenceTier.VERIFIED, "verification"),
        (EligibilityStatus.MORE_INFO_REQUESTED, EvidenceTier.DECLARED, None),
        (EligibilityStatus.VERIFIED, EvidenceTier.VERIFIED, None),
        (EligibilityStatus.EXCEPTION, EvidenceTier.VERIFIED, None),
    ],
)
def test_missing_for(status, tier, expected):
    assert rules.missing_for(status, tier) == expected


@pytest.mark.parametrize(
    ("status", "category", "area_ok", "needs_verified", "expected"),
    [
        ("not_started", SizeCategory.SME, True, True, NextStep.DECLARE),
        ("declared", SizeCategory.SME, True, True, NextStep.UPLOAD),
        ("declared", SizeCategory.SME, True, False, NextStep.NONE),
        ("awaiting_review", SizeCategory.SME, True, True, NextStep.WAIT),
        ("more_info_requested", SizeCategory.SME, True, True, NextStep.SEND_MORE),
        ("verified", SizeCategory.SME, True, True, NextStep.NONE),
        ("not_eligible", SizeCategory.SME, True, True, NextStep.CONTACT_US),
        ("not_started", SizeCategory.NOT_ELIGIBLE, True, True, NextStep.CONTACT_US),
        ("not_started", SizeCategory.SME, False, True, NextStep.CONTACT_US),
        ("exception", SizeCategory.EXCEPTION, True, True, NextStep.NONE),
        ("verified", SizeCategory.SME, False, True, NextStep.NONE),
    ],
)
def test_next_step(status, category, area_ok, needs_verified, expected):
    assert rules.next_step(status, category, area_ok, needs_verified) == expected

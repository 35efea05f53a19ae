"""Counting invariants: a WHP and an E&D strategy count only where support may be counted.

An organisation counts as supported only when it may receive programme support
(verified, or eligible by exception). Its interventions make a WHP only then,
and an E&D strategy is counted only for a supported organisation, so that
engaged >= supported >= WHP and E&D <= supported wherever the figures are cut.
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bench.generate import generate
from portal.eligibility import services as eligibility
from portal.eligibility.tiers import EligibilityStatus
from portal.extensions import db
from portal.programme.models import OutcomeFollowUp, ProgrammeCycle
from portal.programme.rules import status_rows, summarise
from portal.reporting import services as reporting
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories

START = datetime(2020, 1, 1, tzinfo=UTC)
END = datetime(2100, 1, 1, tzinfo=UTC)


def _two_interventions(organisation, first=None, second=None):
    now = utcnow()
    factories.make_intervention(organisation, support_type="stress", occurred_at=first or now - timedelta(days=2),
                                commit=False)
    factories.make_intervention(organisation, support_type="sleep", occurred_at=second or now - timedelta(days=1),
                                commit=False)
    db.session.commit()


def _row(organisation_id):
    return next(r for r in db.session.execute(status_rows(START, END)) if r.organisation_id == organisation_id)


def test_more_information_requested_is_not_a_whp(sign_in):
    organisation = factories.make_organisation(eligibility_status=EligibilityStatus.MORE_INFO_REQUESTED)
    _two_interventions(organisation)
    row = _row(organisation.id)
    assert not row.supported
    assert not row.whp_implemented
    cycle = db.session.scalar(select(ProgrammeCycle).where(ProgrammeCycle.organisation_id == organisation.id))
    assert cycle.whp_implemented_at is None
    assert db.session.scalar(select(OutcomeFollowUp).where(OutcomeFollowUp.organisation_id == organisation.id)) is None
    staff = factories.make_user(Role.STAFF)
    page = sign_in(staff).page(f"/en/staff/organisations/{organisation.id}")
    assert "Workplace health programme implemented" not in page.text("main")


def test_a_partners_figures_never_read_more_whps_than_supported():
    verified = factories.make_organisation(eligibility_status=EligibilityStatus.VERIFIED)
    waiting = factories.make_organisation(eligibility_status=EligibilityStatus.MORE_INFO_REQUESTED)
    declared = factories.make_organisation(eligibility_status=EligibilityStatus.DECLARED)
    for organisation in (verified, waiting, declared):
        _two_interventions(organisation)
    summary = summarise(db.session.execute(status_rows(START, END, partner_id=verified.partner_id)).all())
    assert summary["supported"]["total"] == 1
    assert summary["whp_implemented"]["total"] == 1
    assert summary["engaged"]["total"] == 3


def test_becoming_eligible_counts_the_whp_from_the_interventions_date():
    organisation = factories.make_organisation(eligibility_status=EligibilityStatus.AWAITING_REVIEW)
    second = utcnow() - timedelta(days=3)
    _two_interventions(organisation, first=second - timedelta(days=10), second=second)
    staff = factories.make_user(Role.STAFF)
    factories.make_evidence(organisation)  # approval needs the evidence the check asks for
    eligibility.decide(organisation, staff, "approved")
    db.session.commit()
    cycle = db.session.scalar(select(ProgrammeCycle).where(ProgrammeCycle.organisation_id == organisation.id))
    assert cycle.whp_implemented_at is not None
    assert cycle.whp_implemented_at.date() == second.date()
    assert _row(organisation.id).whp_implemented
    # Refused later: the WHP no longer counts, and neither does the support.
    eligibility.decide(organisation, staff, "refused", "Part of a large group")
    db.session.commit()
    db.session.refresh(cycle)
    assert cycle.whp_implemented_at is None
    row = _row(organisation.id)
    assert not row.supported
    assert not row.whp_implemented


def test_an_equality_strategy_counts_only_for_a_supported_organisation():
    staff = factories.make_user(Role.STAFF)
    unsupported = factories.make_organisation(eligibility_status=EligibilityStatus.DECLARED)
    factories.make_intervention(unsupported, commit=False)
    factories.make_equality_strategy_record(unsupported, staff, commit=False)
    no_support_yet = factories.make_organisation(eligibility_status=EligibilityStatus.VERIFIED)
    factories.make_equality_strategy_record(no_support_yet, staff)
    rows = {r.organisation_id: r for r in db.session.execute(status_rows(START, END))}
    assert not rows[unsupported.id].equality_strategy
    assert not rows[no_support_yet.id].equality_strategy


def test_the_benchmark_data_never_counts_more_whps_than_supported():
    generated = generate(organisations=400, years=3, seed=2022, tag="count")
    period = reporting.Period(generated.start.date(), generated.end.date())
    summary = summarise(db.session.execute(status_rows(period.start, period.end)).all())
    assert summary["whp_implemented"]["total"] > 0
    assert summary["engaged"]["total"] >= summary["supported"]["total"] >= summary["whp_implemented"]["total"]
    assert summary["equality_strategy"]["total"] <= summary["supported"]["total"]

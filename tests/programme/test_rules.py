"""The programme rules: pure functions first, then the same rules over recorded data."""

from datetime import timedelta

from sqlalchemy import func, select

from portal.eligibility.tiers import EligibilityStatus
from portal.extensions import db
from portal.programme import services
from portal.programme.models import Intervention, OutcomeFollowUp, ProgrammeCycle
from portal.programme.rules import (
    DEFAULT_RULES,
    OrganisationFacts,
    Rules,
    category,
    counts_as_intervention,
    is_engaged,
    is_large,
    is_supported,
    is_whp_implemented,
    organisation_status,
    status_rows,
    summarise,
    whp_progress,
)
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories

DISTINCT = Rules(version=2, whp_distinct_types=True)


# --- pure rules ----------------------------------------------------------------------


def test_engaged_means_any_recorded_engagement():
    assert not is_engaged(OrganisationFacts())
    assert is_engaged(OrganisationFacts(engagements=1))
    assert is_engaged(OrganisationFacts(interventions=1))


def test_supported_needs_eligibility_and_an_intervention():
    assert not is_supported(OrganisationFacts(eligibility_status="verified", interventions=0))
    assert not is_supported(OrganisationFacts(eligibility_status="declared", interventions=3))
    assert not is_supported(OrganisationFacts(eligibility_status="not_eligible", interventions=3))
    assert is_supported(OrganisationFacts(eligibility_status="verified", interventions=1))


def test_exception_organisations_are_supported_and_counted_apart():
    facts = OrganisationFacts(eligibility_status="exception", employee_count=40, interventions=1)
    status = organisation_status(facts)
    assert status.supported
    assert status.category == "exception"
    summary = summarise([status, organisation_status(OrganisationFacts(eligibility_status="verified",
                                                                       employee_count=10, interventions=1))])
    assert summary["supported"] == {"total": 2, "sme": 1, "exception": 1, "large": 0}


def test_large_employers_are_counted_apart():
    assert not is_large(249)
    assert is_large(250)
    assert not is_large(None)
    assert category("verified", 300) == "large"
    assert category("exception", 300) == "large"
    large = organisation_status(OrganisationFacts(eligibility_status="verified", employee_count=400,
                                                  interventions=2, cycle_support_types=("a", "b")))
    small = organisation_status(OrganisationFacts(eligibility_status="verified", employee_count=12,
                                                  interventions=2, cycle_support_types=("a", "b")))
    summary = summarise([large, small])
    assert summary["whp_implemented"] == {"total": 2, "sme": 1, "exception": 0, "large": 1}
    assert summary["supported"]["sme"] == 1


def test_whp_needs_two_interventions_by_default():
    assert not is_whp_implemented(())
    assert not is_whp_implemented(("stress",))
    assert is_whp_implemented(("stress", "stress"))
    assert is_whp_implemented(("stress", "sleep", "menopause"))


def test_two_distinct_types_option():
    assert not is_whp_implemented(("stress", "stress"), DISTINCT)
    assert is_whp_implemented(("stress", "sleep"), DISTINCT)
    progress = whp_progress(("stress", "stress"), DISTINCT)
    assert progress.needs_different_type
    assert progress.remaining == 1
    assert not progress.complete


def test_progress_counts_what_is_left():
    assert whp_progress(()).remaining == 2
    assert whp_progress(("a",)).remaining == 1
    assert whp_progress(("a", "b")).remaining == 0
    assert whp_progress(("a", "b", "c")).done == 3
    assert whp_progress(("a",), Rules(whp_min_interventions=3)).remaining == 2


def test_which_engagement_types_count_is_a_rule():
    assert counts_as_intervention("advice_session")
    assert counts_as_intervention("wellbeing_survey")
    assert not counts_as_intervention("phone_call")
    assert not counts_as_intervention("email")
    assert counts_as_intervention("phone_call", Rules(counted_engagement_types=frozenset({"phone_call"})))


def test_every_status_names_its_rule_version():
    assert organisation_status(OrganisationFacts(), DISTINCT).rule_version == 2
    assert organisation_status(OrganisationFacts()).rule_version == DEFAULT_RULES.version


# --- the rules over recorded interventions ----------------------------------------------


def _count(organisation):
    return db.session.scalar(select(func.count(Intervention.id)).where(Intervention.organisation_id == organisation.id))


def test_the_same_source_is_never_counted_twice():
    organisation = factories.make_organisation(eligibility_status="verified")
    booking = factories.source("bookings", 501)
    first = factories.make_intervention(organisation, source_record=booking)
    again = factories.make_intervention(organisation, source_record=booking)
    assert first.id == again.id
    assert _count(organisation) == 1
    # The same id from a different kind of record is a different source.
    factories.make_intervention(organisation, source_record=factories.source("visits", 501))
    assert _count(organisation) == 2


def test_cancelled_and_did_not_attend_bookings_never_count():
    organisation = factories.make_organisation(eligibility_status="verified")
    attended = factories.source("bookings")
    corrected = factories.source("bookings")
    factories.make_intervention(organisation, source_record=attended)
    factories.make_intervention(organisation, source_record=corrected, support_type="sleep")
    cycle = services.current_cycle(organisation)
    assert cycle.whp_implemented_at is not None
    # Attendance corrected to did-not-attend: the intervention is withdrawn and the WHP no longer stands.
    services.withdraw_intervention(corrected)
    db.session.commit()
    assert _count(organisation) == 1
    assert services.current_cycle(organisation).whp_implemented_at is None
    assert db.session.scalar(select(func.count(OutcomeFollowUp.id))) == 0
    # A cancelled booking is never recorded, so nothing else counts.
    assert not is_whp_implemented(services.cycle_support_types(cycle.id))


def test_cycle_boundaries_keep_each_cycles_own_count():
    organisation = factories.make_organisation(eligibility_status="verified")
    factories.make_intervention(organisation, support_type="stress")
    assert services.start_new_cycle(organisation) is None, "no new cycle before a WHP"
    factories.make_intervention(organisation, support_type="sleep")
    first = services.current_cycle(organisation)
    assert first.number == 1
    assert first.whp_implemented_at is not None
    second = services.start_new_cycle(organisation)
    db.session.commit()
    assert second.number == 2
    factories.make_intervention(organisation, support_type="menopause")
    counts = dict(db.session.execute(
        select(ProgrammeCycle.number, func.count(Intervention.id))
        .join(Intervention, Intervention.cycle_id == ProgrammeCycle.id)
        .where(ProgrammeCycle.organisation_id == organisation.id)
        .group_by(ProgrammeCycle.number)
    ).all())
    assert counts == {1: 2, 2: 1}
    assert services.current_cycle(organisation).whp_implemented_at is None
    assert db.session.get(ProgrammeCycle, first.id).ended_at is not None
    # Support already given in cycle 1 counts again toward cycle 2 only when it happens again.
    factories.make_intervention(organisation, support_type="stress")
    assert services.current_cycle(organisation).whp_implemented_at is not None


def test_distinct_types_option_over_recorded_interventions():
    factories.make_rule_version(whp_distinct_types=True)
    organisation = factories.make_organisation(eligibility_status="verified")
    factories.make_intervention(organisation, support_type="stress")
    factories.make_intervention(organisation, support_type="stress")
    assert services.current_cycle(organisation).whp_implemented_at is None
    factories.make_intervention(organisation, support_type="sleep")
    assert services.current_cycle(organisation).whp_implemented_at is not None


def test_rule_version_changes_keep_old_figures_version():
    organisation = factories.make_organisation(eligibility_status="verified")
    factories.make_intervention(organisation, support_type="stress")
    factories.make_intervention(organisation, support_type="stress")
    first = services.current_cycle(organisation)
    assert first.rule_version.number == 1
    new_version = factories.make_rule_version(whp_distinct_types=True, whp_min_interventions=3)
    assert new_version.number == 2
    # The WHP judged under version 1 keeps version 1, though version 2 would not grant it.
    assert db.session.get(ProgrammeCycle, first.id).rule_version.number == 1
    assert not is_whp_implemented(("stress", "stress"), Rules.from_version(new_version))
    # A new WHP is judged (and labelled) by version 2.
    other = factories.make_organisation(eligibility_status="verified")
    for support in ("stress", "sleep", "menopause"):
        factories.make_intervention(other, support_type=support)
    assert services.current_cycle(other).rule_version.number == 2
    start, end = utcnow() - timedelta(days=1), utcnow() + timedelta(days=1)
    rows = {r.organisation_id: r for r in db.session.execute(status_rows(start, end))}
    assert rows[organisation.id].whp_rule_version == 1
    assert rows[other.id].whp_rule_version == 2


def test_engagement_types_counted_follow_the_rule_version_at_the_time():
    staff = factories.make_user(Role.STAFF)
    organisation = factories.make_organisation(eligibility_status="verified")
    call = factories.make_engagement(organisation, staff, type="phone_call")
    session = factories.make_engagement(organisation, staff, type="advice_session")
    assert not call.counted
    assert session.counted
    assert _count(organisation) == 1
    factories.make_rule_version(counted_engagement_types=["phone_call", "advice_session"])
    later_call = factories.make_engagement(organisation, staff, type="phone_call")
    assert later_call.counted
    assert later_call.rule_version.number == 2
    assert call.rule_version.number == 1
    assert not call.counted
    assert _count(organisation) == 2


def test_status_rows_is_one_statement_and_keeps_groups_apart():
    staff = factories.make_user(Role.STAFF)
    sme = factories.make_organisation(eligibility_status=EligibilityStatus.VERIFIED)
    exception = factories.make_organisation(eligibility_status=EligibilityStatus.EXCEPTION)
    large = factories.make_organisation(eligibility_status=EligibilityStatus.VERIFIED, employee_count=500)
    declared = factories.make_organisation(eligibility_status=EligibilityStatus.DECLARED)
    idle = factories.make_organisation()
    for organisation in (sme, exception, large, declared):
        factories.make_intervention(organisation)
    factories.make_intervention(sme, support_type="sleep")
    factories.make_engagement(idle, staff, type="phone_call")
    factories.make_equality_strategy_record(sme, staff)
    start, end = utcnow() - timedelta(days=1), utcnow() + timedelta(days=1)
    from tests.helpers import count_queries

    with count_queries() as counter:
        rows = {r.organisation_id: r for r in db.session.execute(status_rows(start, end))}
    assert counter.count == 1
    assert rows[sme.id].supported
    assert rows[sme.id].whp_implemented
    assert rows[sme.id].equality_strategy
    assert rows[exception.id].supported
    assert rows[exception.id].exception
    assert rows[large.id].supported
    assert rows[large.id].large
    assert not rows[large.id].exception
    assert rows[declared.id].engaged
    assert not rows[declared.id].supported
    assert rows[idle.id].engaged
    assert not rows[idle.id].supported
    assert rows[idle.id].interventions == 0
    assert all(r.rule_version == DEFAULT_RULES.version for r in rows.values())
    # A period with nothing in it: every organisation present, nothing counted.
    later = {r.organisation_id: r for r in db.session.execute(status_rows(end, end + timedelta(days=30)))}
    assert not any(r.engaged or r.supported or r.whp_implemented for r in later.values())
    only_partner = list(db.session.execute(status_rows(start, end, partner_id=-1)))
    assert only_partner == []
    summary = summarise(rows.values())
    assert summary["supported"] == {"total": 3, "sme": 1, "exception": 1, "large": 1}
    assert summary["engaged"]["total"] == 5
    assert summary["whp_implemented"] == {"total": 1, "sme": 1, "exception": 0, "large": 0}

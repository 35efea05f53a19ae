"""True dates and corrections with a trail for engagements and E&D records.

A WHP is dated by the intervention that reached the threshold, whenever it was
entered, and re-dated when interventions are added, backdated or voided. Staff
correct or void what was logged with a reason; the record keeps its history and
every figure follows in the same transaction.
"""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent, RecordCorrection
from portal.engagement import services
from portal.extensions import db
from portal.programme.models import EqualityStrategyRecord, Intervention, OutcomeFollowUp, ProgrammeCycle
from portal.reporting.services import Period, report_rows
from portal.security import Role
from portal.timeutil import today_in_wales
from tests import factories
from tests.helpers import Page, count_queries

TODAY = today_in_wales()
# Two October days before today: the example of interventions entered weeks later.
YEAR = TODAY.year if TODAY.month > 10 else TODAY.year - 1
OCT_2, OCT_22 = date(YEAR, 10, 2), date(YEAR, 10, 22)


def _date_fields(name, day):
    return {name: [str(day.day), str(day.month), str(day.year)]}


def _verified_with_staff():
    organisation = factories.make_organisation(eligibility_status="verified")
    return organisation, factories.make_user(Role.STAFF)


def _cycle(organisation):
    return db.session.scalar(select(ProgrammeCycle).where(ProgrammeCycle.organisation_id == organisation.id))


def _interventions(organisation):
    return db.session.scalar(select(func.count(Intervention.id)).where(Intervention.organisation_id == organisation.id))


def _whp_month(organisation):
    period = Period(date(YEAR - 1, 1, 1), TODAY)
    rows = report_rows(period)
    return db.session.execute(select(rows.c.whp_implemented_month).where(rows.c.organisation_id == organisation.id)
                              ).scalar_one()


def test_october_interventions_entered_in_december_date_the_whp_in_october():
    organisation, staff = _verified_with_staff()
    factories.make_engagement(organisation, staff, type="advice_session", occurred_on=OCT_2)
    factories.make_engagement(organisation, staff, type="wellbeing_survey", occurred_on=OCT_22)
    cycle = _cycle(organisation)
    assert cycle.whp_implemented_at.date() == OCT_22
    assert _whp_month(organisation) == f"{YEAR}-10"
    follow_up = db.session.scalar(select(OutcomeFollowUp).where(OutcomeFollowUp.cycle_id == cycle.id))
    assert follow_up.send_after.date() == OCT_22 + timedelta(days=182)


def test_backdating_or_adding_an_earlier_intervention_redates_the_whp():
    organisation, staff = _verified_with_staff()
    factories.make_engagement(organisation, staff, type="advice_session", occurred_on=OCT_2)
    second = factories.make_engagement(organisation, staff, type="wellbeing_survey", occurred_on=OCT_22)
    services.correct_engagement(second, staff, "Typed the wrong day", type=second.type, occurred_on=date(YEAR, 10, 9),
                                duration_minutes=second.duration_minutes, adviser_id=staff.id, notes=second.notes,
                                outcome=second.outcome)
    db.session.commit()
    assert _cycle(organisation).whp_implemented_at.date() == date(YEAR, 10, 9)
    # Another one entered now but dated 5 October reaches the threshold first.
    factories.make_engagement(organisation, staff, type="strategy_support", occurred_on=date(YEAR, 10, 5))
    assert _cycle(organisation).whp_implemented_at.date() == date(YEAR, 10, 5)
    history = services.history_of(second)
    assert [(c.action, c.before, c.after, c.actor_id) for c in history] == [
        ("edited", {"occurred_on": f"{YEAR}-10-22"}, {"occurred_on": f"{YEAR}-10-09"}, staff.id)]


def test_voiding_an_intervention_withdraws_or_redates_the_whp():
    organisation, staff = _verified_with_staff()
    first = factories.make_engagement(organisation, staff, type="advice_session", occurred_on=OCT_2)
    factories.make_engagement(organisation, staff, type="wellbeing_survey", occurred_on=OCT_22)
    third = factories.make_engagement(organisation, staff, type="strategy_support", occurred_on=date(YEAR, 11, 3))
    assert _cycle(organisation).whp_implemented_at.date() == OCT_22
    services.void_engagement(first, staff, "Logged against the wrong organisation")
    db.session.commit()
    assert _cycle(organisation).whp_implemented_at.date() == date(YEAR, 11, 3)
    services.void_engagement(third, staff, "A duplicate of another entry")
    db.session.commit()
    assert _cycle(organisation).whp_implemented_at is None
    assert _interventions(organisation) == 1
    assert db.session.scalar(select(OutcomeFollowUp)) is None
    assert first.voided_at is not None
    assert first.void_reason == "Logged against the wrong organisation"


def test_a_phone_call_logged_as_policy_support_is_corrected_and_stops_counting():
    organisation, staff = _verified_with_staff()
    mistake = factories.make_engagement(organisation, staff, type="strategy_support", occurred_on=OCT_2)
    assert _interventions(organisation) == 1
    services.correct_engagement(mistake, staff, "It was a phone call", type="phone_call", occurred_on=OCT_2,
                                duration_minutes=mistake.duration_minutes, adviser_id=staff.id, notes=None,
                                outcome=None)
    db.session.commit()
    assert _interventions(organisation) == 0
    assert not mistake.counted
    correction = db.session.scalar(select(RecordCorrection))
    assert correction.before["type"] == "strategy_support"
    assert correction.after == {"type": "phone_call", "counted": False}


@pytest.mark.parametrize(("lang", "future", "early"), [
    ("en", "The date of the engagement must be today or in the past",
     "The date of the engagement must be on or after 1 April 2022"),
    ("cy", "Rhaid i ddyddiad yr ymgysylltiad fod heddiw neu yn y gorffennol",
     "Rhaid i ddyddiad yr ymgysylltiad fod ar 1 Ebrill 2022 neu wedi hynny"),
])
def test_engagements_dated_in_the_future_or_before_the_programme_are_refused(sign_in, lang, future, early):
    organisation, staff = _verified_with_staff()
    client = sign_in(staff, lang=lang)
    url = f"/{lang}/staff/organisations/{organisation.id}/engagements/new"
    base = {"type": "advice_session", "adviser_id": str(staff.id), "notes": "Typed notes stay"}
    for day, message in ((TODAY + timedelta(days=1), future), (date(2019, 6, 3), early)):
        page = Page(client.submit(url, {**base, **_date_fields("occurred_on", day)}))
        assert page.error_summary() == [message]
        assert [i.get("value") for i in page.soup.select("input[name=occurred_on]")] == [
            str(day.day), str(day.month), str(day.year)]
        assert "Typed notes stay" in page.text("textarea#notes")
    assert db.session.scalar(select(func.count()).select_from(Intervention)) == 0


def test_staff_void_through_the_page_with_a_reason_and_the_employer_sees_the_lower_count(sign_in):
    organisation, staff = _verified_with_staff()
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation)
    kept = factories.make_engagement(organisation, staff, type="advice_session", occurred_on=OCT_2)
    mistake = factories.make_engagement(organisation, staff, type="strategy_support", occurred_on=OCT_22)
    client = sign_in(staff)
    url = f"/en/staff/engagements/{mistake.id}/void"
    page = Page(client.submit(url, {"reason": ""}))
    assert page.error_summary() == ["Enter the reason for voiding this record"]
    assert client.submit(url, {"reason": "Logged by mistake"}).status_code == 302
    assert _interventions(organisation) == 1
    staff_page = client.page(f"/en/staff/organisations/{organisation.id}")
    assert "Voided because: Logged by mistake" in staff_page.text("main")
    history = client.page(f"/en/staff/engagements/{mistake.id}")
    assert "Logged by mistake" in history.text("#history")
    own = sign_in(employer).page("/en/programme/history")
    assert "Well-being strategy or policy support" not in own.text("main")
    assert "Advice session" in own.text("main")
    assert kept.voided_at is None


def test_a_second_equality_record_for_the_cycle_is_refused_with_a_link_to_the_first(sign_in):
    organisation, staff = _verified_with_staff()
    first = factories.make_equality_strategy_record(organisation, staff)
    client = sign_in(staff)
    url = f"/en/staff/organisations/{organisation.id}/equality"
    page = Page(client.submit(url, {"change": "improved", "note": "Again", **_date_fields("occurred_on", TODAY)},
                              token_from=f"/en/staff/organisations/{organisation.id}"))
    assert page.error_summary() == [
        "This programme already has an equality and diversity record: correct that record instead of adding another"]
    assert page.soup.select_one("#existing-record a")["href"] == f"/en/staff/equality/{first.id}"
    assert db.session.scalar(select(func.count()).select_from(EqualityStrategyRecord)) == 1


def test_an_equality_record_dated_in_the_future_is_refused_and_a_voided_one_is_not_counted(sign_in):
    organisation, staff = _verified_with_staff()
    factories.make_intervention(organisation)
    client = sign_in(staff, lang="cy")
    url = f"/cy/staff/organisations/{organisation.id}/equality"
    page = Page(client.submit(url, {"change": "adopted", "note": "Polisi newydd",
                                    **_date_fields("occurred_on", TODAY + timedelta(days=3))},
                              token_from=f"/cy/staff/organisations/{organisation.id}"))
    assert page.error_summary() == [
        "Rhaid i'r dyddiad y mabwysiadwyd neu y gwellwyd y strategaeth fod heddiw neu yn y gorffennol"]
    assert "Polisi newydd" in page.text("textarea#note")
    entry = factories.make_equality_strategy_record(organisation, staff)
    rows = report_rows(Period(TODAY - timedelta(days=30), TODAY))
    assert db.session.execute(select(rows.c.equality_strategy).where(rows.c.organisation_id == organisation.id)
                              ).scalar_one()
    assert client.submit(f"/cy/staff/equality/{entry.id}/void", {"reason": "Camgymeriad"}).status_code == 302
    rows = report_rows(Period(TODAY - timedelta(days=30), TODAY))
    assert not db.session.execute(select(rows.c.equality_strategy).where(rows.c.organisation_id == organisation.id)
                                  ).scalar_one()
    # Voided, a new record for the cycle may be made.
    factories.make_equality_strategy_record(organisation, staff)


def test_the_audit_trail_names_corrections_in_words(sign_in):
    organisation, staff = _verified_with_staff()
    engagement = factories.make_engagement(organisation, staff, type="advice_session", occurred_on=OCT_2)
    services.void_engagement(engagement, staff, "Logged by mistake")
    db.session.commit()
    assert db.session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc())) == "engagements_voided"
    admin = factories.make_user(Role.ADMIN)
    for lang, words in (("en", "Engagement voided"), ("cy", "Ymgysylltiad wedi'i ddirymu")):
        page = sign_in(admin, lang=lang).page(f"/{lang}/admin/audit")
        assert words in page.text("main")
        assert "engagements_voided" not in page.text("main")
        assert "Logged by mistake" in page.text("main")


def test_the_organisation_record_and_correction_page_run_a_bounded_number_of_queries(sign_in):
    organisation, staff = _verified_with_staff()
    client = sign_in(staff)

    def add(n):
        for number in range(n):
            other = factories.make_organisation(eligibility_status="verified", commit=False)
            item = factories.make_engagement(other, staff, type="advice_session", occurred_on=OCT_2, commit=False)
            mine = factories.make_engagement(organisation, staff, type="advice_session",
                                             occurred_on=OCT_2 + timedelta(days=number % 20), commit=False)
            if number % 2:
                services.void_engagement(item, staff, "Mistake")
                services.void_engagement(mine, staff, "Mistake")
        db.session.commit()
        return mine

    mine = add(10)
    # The first pages after signing in do one-off work (the session); count from the second.
    client.page(f"/en/staff/organisations/{organisation.id}")
    client.page(f"/en/staff/engagements/{mine.id}")
    with count_queries() as small:
        client.page(f"/en/staff/organisations/{organisation.id}")
    with count_queries() as small_correction:
        client.page(f"/en/staff/engagements/{mine.id}")
    mine = add(990)
    # Adding 990 takes long enough on a loaded machine for timed one-off work
    # (the session's renewal) to fall due again: warm up once more.
    client.page(f"/en/staff/organisations/{organisation.id}")
    client.page(f"/en/staff/engagements/{mine.id}")
    with count_queries() as large:
        client.page(f"/en/staff/organisations/{organisation.id}")
    with count_queries() as large_correction:
        client.page(f"/en/staff/engagements/{mine.id}")
    assert large.count == small.count
    assert large_correction.count == small_correction.count

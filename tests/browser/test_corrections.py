"""Staff void an engagement logged by mistake, with a reason, and the employer's
programme page shows the lower count at once: in English and in Welsh, with no
accessibility violations."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.eligibility.tiers import EligibilityStatus
from portal.extensions import db
from portal.programme import services as programme
from portal.security import Role
from portal.timeutil import LONDON, today_in_wales, utcnow
from portal.visits import services as visits
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in

pytestmark = pytest.mark.browser

TEXT = {
    "en": {"complete": "2 interventions counted in this programme", "after": "1 of 2 interventions",
           "voided_flash": "The engagement is voided and no longer counted", "voided": "Voided",
           "reason_error": "reason"},
    "cy": {"complete": "2 ymyriad wedi'u cyfrif yn y rhaglen hon", "after": "1 o 2 ymyriad",
           "voided_flash": "Mae'r ymgysylltiad wedi'i ddirymu ac nid yw'n cael ei gyfrif mwyach",
           "voided": "Wedi'i ddirymu", "reason_error": "rheswm"},
}


def _clean(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {violations}"


def _submit(page):
    page.click("form[method=post] button[type=submit]:not(.app-link-button)")
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_staff_void_a_mistaken_engagement_and_the_employer_sees_the_lower_count(browser, live_server, page, lang):
    staff = factories.make_user(Role.STAFF, language=lang)
    organisation = factories.make_organisation(name=f"Void Journey Bakery {lang}",
                                               eligibility_status=EligibilityStatus.VERIFIED)
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation, language=lang)
    factories.make_engagement(organisation, staff, type="advice_session", notes="Stress at work")
    mistaken = factories.make_engagement(organisation, staff, type="strategy_support",
                                         notes="Was only a phone call")

    employer_context = browser.new_context(base_url=live_server)
    try:
        employer_page = employer_context.new_page()
        browser_sign_in(employer_page, employer.email, factories.PASSWORD, lang=lang)
        employer_page.goto(f"/{lang}/programme/")
        assert TEXT[lang]["complete"] in employer_page.locator("#progress").inner_text()
        expect(employer_page.locator("#interventions tbody tr")).to_have_count(2)
        _clean(employer_page)

        browser_sign_in(page, staff.email, factories.PASSWORD, lang=lang)
        page.goto(f"/{lang}/staff/organisations/{organisation.id}")
        page.click(f".app-timeline a[href='/{lang}/staff/engagements/{mistaken.id}']")
        _clean(page)
        page.click(f"a[href='/{lang}/staff/engagements/{mistaken.id}/void']")
        _clean(page)

        # No reason: refused with the error summary, nothing voided.
        _submit(page)
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert TEXT[lang]["reason_error"] in page.locator(".govuk-error-summary").inner_text().lower()
        _clean(page)
        employer_page.reload()
        assert TEXT[lang]["complete"] in employer_page.locator("#progress").inner_text()

        page.fill("textarea[name=reason]", "Logged as policy support by mistake: it was a phone call")
        _submit(page)
        assert TEXT[lang]["voided_flash"] in page.locator(".govuk-notification-banner").inner_text()
        timeline = page.locator(".app-timeline").inner_text()
        assert TEXT[lang]["voided"] in timeline
        assert "Logged as policy support by mistake: it was a phone call" in timeline
        _clean(page)

        employer_page.reload()
        assert TEXT[lang]["after"] in employer_page.locator("#progress-summary").inner_text()
        expect(employer_page.locator("#interventions tbody tr")).to_have_count(1)
        assert "Was only a phone call" not in employer_page.content()
        _clean(employer_page)
        assert employer_page.locator("html").get_attribute("lang") == lang
    finally:
        employer_context.close()


VISIT_TEXT = {
    "en": {"voided_flash": "The delivered visit is voided and no longer counted", "voided": "Voided",
           "corrected": "Correction saved", "future": "must be today or in the past",
           "cycle_flash": "Programme 2 is voided"},
    "cy": {"voided_flash": "Mae'r ymweliad a gynhaliwyd wedi'i ddirymu ac nid yw'n cael ei gyfrif mwyach",
           "voided": "Wedi'i ddirymu", "corrected": "Cywiriad wedi'i gadw", "future": "fod heddiw neu yn y gorffennol",
           "cycle_flash": "Mae rhaglen 2 wedi'i dirymu"},
}


def _fill_date(page, name, day):
    parts = page.locator(f"input[name={name}]")
    for index, value in enumerate((day.day, day.month, day.year)):
        parts.nth(index).fill(str(value))


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_staff_correct_and_void_a_delivered_visit_and_void_a_programme_started_by_mistake(
        browser, live_server, page, lang):
    staff = factories.make_user(Role.STAFF, language=lang)
    organisation = factories.make_organisation(name=f"Visit Journey Dairy {lang}",
                                               eligibility_status=EligibilityStatus.VERIFIED)
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation, language=lang)
    held = utcnow() - timedelta(days=3)
    visit = factories.make_visit(organisation, requested_by=employer, status="scheduled", scheduled_for=held)
    visits.mark_delivered(visit, now=held + timedelta(hours=3))
    factories.make_engagement(organisation, staff, type="advice_session")
    db.session.commit()
    second = programme.start_new_cycle(organisation, staff)
    db.session.commit()

    browser_sign_in(page, staff.email, factories.PASSWORD, lang=lang)
    page.goto(f"/{lang}/visits/{visit.id}")
    page.click(f"a[href='/{lang}/staff/visits/{visit.id}']")
    _clean(page)
    # A day in the future: refused, what was typed kept.
    tomorrow = today_in_wales() + timedelta(days=1)
    _fill_date(page, "took_place_on", tomorrow)
    page.fill("textarea[name=reason]", "Held a day earlier")
    _submit(page)
    assert VISIT_TEXT[lang]["future"] in page.locator(".govuk-error-summary").inner_text()
    assert page.locator("textarea[name=reason]").input_value() == "Held a day earlier"
    _clean(page)
    page.screenshot(path=f"/tmp/corr-visit-correct-{lang}.png", full_page=True)
    earlier = (held - timedelta(days=1)).astimezone(LONDON).date()
    _fill_date(page, "took_place_on", earlier)
    page.fill("input[name=staff_count]", "7")
    _submit(page)
    assert VISIT_TEXT[lang]["corrected"] in page.locator(".govuk-notification-banner").inner_text()
    page.goto(f"/{lang}/staff/visits/{visit.id}/void")
    page.fill("textarea[name=reason]", "The visit did not happen")
    _submit(page)
    assert VISIT_TEXT[lang]["voided_flash"] in page.locator(".govuk-notification-banner").inner_text()
    assert "The visit did not happen" in page.locator(".app-timeline").inner_text()
    _clean(page)

    # The programme started by mistake: voided from the record's list of programmes.
    page.click(f"#programmes + table a[href='/{lang}/staff/cycles/{second.id}']")
    _clean(page)
    page.click(f"a[href='/{lang}/staff/cycles/{second.id}/void']")
    page.fill("textarea[name=reason]", "Started by mistake")
    _submit(page)
    assert VISIT_TEXT[lang]["cycle_flash"] in page.locator(".govuk-notification-banner").inner_text()
    assert VISIT_TEXT[lang]["voided"] in page.locator("#programmes + table").inner_text()
    _clean(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.screenshot(path=f"/tmp/corr-record-320-{lang}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

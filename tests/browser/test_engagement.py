"""Staff journey: log an engagement, see it on the timeline, set a follow-up and find it
under follow-ups due, in English and in Welsh, with no accessibility violations."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.engagement.services import today
from portal.security import Role
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in

pytestmark = pytest.mark.browser

TEXT = {
    "en": {"logged": "Engagement saved", "type": "Staff well-being survey and report"},
    "cy": {"logged": "Ymgysylltiad wedi'i gadw", "type": "Arolwg llesiant staff ac adroddiad"},
}


def _clean(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {violations}"


def _fill_date(page, name, day):
    page.fill(f"input[name={name}] >> nth=0", str(day.day))
    page.fill(f"input[name={name}] >> nth=1", str(day.month))
    page.fill(f"input[name={name}] >> nth=2", str(day.year))


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_staff_log_engagement_timeline_and_follow_up(page, lang):
    staff = factories.make_user(Role.STAFF)
    organisation = factories.make_organisation(name=f"Journey Cafe {lang}")
    browser_sign_in(page, staff.email, factories.PASSWORD, lang=lang)

    page.goto(f"/{lang}/staff/organisations")
    _clean(page)
    page.fill("input[name=q]", "Journey Cafe")
    page.click("form[method=get] button")
    page.click(f"a:has-text('{organisation.name}')")
    assert page.url.split("?")[0].endswith(f"/{lang}/staff/organisations/{organisation.id}")
    _clean(page)

    page.click(f"a[href='/{lang}/staff/organisations/{organisation.id}/engagements/new']")
    _clean(page)
    # Submitting with the type missing shows the error summary, itself accessible.
    page.fill("input[name=outcome]", "Survey agreed")
    page.click("form[method=post] button[type=submit]:not(.app-link-button)")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    _clean(page)
    assert page.input_value("input[name=outcome]") == "Survey agreed"
    page.check("input[name=type][value=wellbeing_survey]")
    page.fill("input[name=duration_minutes]", "60")
    page.fill("textarea[name=notes]", "Manager keen to act on results")
    page.click("form[method=post] button[type=submit]:not(.app-link-button)")
    page.wait_for_load_state()

    assert TEXT[lang]["logged"] in page.locator(".govuk-notification-banner").inner_text()
    entries = page.locator(".app-timeline__entry")
    assert TEXT[lang]["type"] in entries.first.inner_text() or TEXT[lang]["type"] in page.locator(
        ".app-timeline").inner_text()
    assert "Manager keen to act on results" in page.locator(".app-timeline").inner_text()
    _clean(page)

    page.click(".app-timeline a[href*='/follow-up']")
    _clean(page)
    _fill_date(page, "follow_up_on", today() + timedelta(days=2))
    page.click("form[method=post] button[type=submit]:not(.app-link-button)")
    page.wait_for_load_state()

    assert page.url.endswith(f"/{lang}/staff/follow-ups")
    due = page.locator("#due")
    assert organisation.name in due.inner_text()
    _clean(page)
    assert page.locator("html").get_attribute("lang") == lang

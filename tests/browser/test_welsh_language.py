"""Staff write a cancellation in both languages for a mixed-language event, and read the
Welsh-language demand and supply report: at 320 px and 1,280 px, in Welsh and in English,
with no horizontal scrolling and no accessibility violations."""

from datetime import timedelta

import pytest

from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in

pytestmark = pytest.mark.browser

TEXT = {
    "en": {
        "welsh_label": "Reason in Welsh",
        "english_label": "Reason in English",
        "error": "Enter the reason in Welsh",
        "report": "Welsh-language demand and supply",
    },
    "cy": {
        "welsh_label": "Rheswm yn Gymraeg",
        "english_label": "Rheswm yn Saesneg",
        "error": "Rhowch y rheswm yn Gymraeg",
        "report": "Galw a chyflenwad yn Gymraeg",
    },
}


def _clean(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {violations}"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px"


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_mixed_language_cancellation_and_the_welsh_language_report(browser, live_server, lang, width, tmp_path):
    today = utcnow().date()
    period = factories.make_reporting_period(starts_on=today - timedelta(days=60), ends_on=today + timedelta(days=90))
    staff = factories.make_user(Role.STAFF, language=lang, partner_slug="south-east")
    welsh = factories.make_organisation(
        name=f"Caffi Cymraeg {lang}{width}",
        correspondence_language="cy",
        support_language="cy",
        eligibility_status="verified",
    )
    english = factories.make_organisation(
        name=f"English Bakery {lang}{width}", correspondence_language="en", eligibility_status="verified"
    )
    factories.make_intervention(welsh)
    factories.make_intervention(english)
    event = factories.make_event(language="bilingual", topic="sleep", capacity=15)
    factories.make_event(language="cy", topic="menopause", capacity=9)
    factories.make_booking(event, welsh, name="Siân", email=f"sian-{lang}{width}@example.com")
    factories.make_booking(event, english, name="Ann", email=f"ann-{lang}{width}@example.com")

    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        browser_sign_in(page, staff.email, factories.PASSWORD, lang=lang)
        page.goto(f"/{lang}/staff/events/{event.id}/cancel")
        assert TEXT[lang]["welsh_label"] in page.locator("label[for=reason_cy]").inner_text()
        assert TEXT[lang]["english_label"] in page.locator("label[for=reason_en]").inner_text()
        _clean(page)
        page.fill("textarea[name=reason_en]", "The trainer is ill")
        page.click("main form[method=post] button[type=submit]")
        page.wait_for_load_state()
        assert TEXT[lang]["error"] in page.locator(".govuk-error-summary").inner_text()
        assert page.input_value("textarea[name=reason_en]") == "The trainer is ill"
        _clean(page)
        page.fill("textarea[name=reason_cy]", "Mae'r hyfforddwr yn sâl")
        page.click("main form[method=post] button[type=submit]")
        page.wait_for_load_state()
        bodies = {
            m.to_address: m.body_text for m in db.session.query(OutboxMessage).filter_by(template="event_cancelled")
        }
        assert "Mae'r hyfforddwr yn sâl" in bodies[f"sian-{lang}{width}@example.com"]
        assert "The trainer is ill" in bodies[f"ann-{lang}{width}@example.com"]

        page.goto(f"/{lang}/reports/?period={period.id}")
        page.click("#welsh-language-link")
        page.wait_for_load_state()
        assert TEXT[lang]["report"] in page.locator("h1").inner_text()
        _clean(page)
        page.screenshot(path=str(tmp_path / f"welsh-{lang}-{width}.png"), full_page=True)
        page.click("#places-by-topic td[data-language=cy][data-measure=offered] a")
        page.wait_for_load_state()
        assert "9" in page.locator("#total").inner_text()
        _clean(page)
    finally:
        context.close()

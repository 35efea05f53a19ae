"""Staff book two of an organisation's staff onto a webinar from its record, and the employer sees
those bookings marked as booked by staff: in English and in Welsh, with no accessibility violations."""

import pytest
from playwright.sync_api import expect

from portal.eligibility.tiers import EligibilityStatus
from portal.security import Role
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in

pytestmark = pytest.mark.browser

TEXT = {
    "en": {
        "book": "Book places on an event",
        "booked": "Booked:",
        "by_staff": "Booked by staff: Siân Staff",
        "welsh": "Welsh",
    },
    "cy": {
        "book": "Archebu lleoedd ar ddigwyddiad",
        "booked": "Wedi archebu:",
        "by_staff": "Archebwyd gan staff: Siân Staff",
        "welsh": "Cymraeg",
    },
}


def _clean(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {violations}"


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_staff_book_two_people_and_the_employer_sees_booked_by_staff(browser, live_server, page, lang):
    staff = factories.make_user(Role.STAFF, language=lang, full_name="Siân Staff")
    organisation = factories.make_organisation(
        name=f"Behalf Journey Bakery {lang}",
        correspondence_language="cy",
        contact_phone="01248 123456",
        eligibility_status=EligibilityStatus.VERIFIED,
    )
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation, language=lang, full_name="Ffion Rees")
    event = factories.make_event(title_en=f"Sleep and shift work {lang}", title_cy=f"Cwsg a gwaith shifft {lang}")

    browser_sign_in(page, staff.email, factories.PASSWORD, lang=lang)
    page.goto(f"/{lang}/staff/organisations/{organisation.id}")
    panel = page.locator("#contacts-panel").inner_text()
    for expected in ("Ffion Rees", "01248 123456", TEXT[lang]["welsh"]):
        assert expected in panel
    _clean(page)
    page.click("#book-for-organisation")
    expect(page.locator("h1")).to_be_visible()
    _clean(page)
    page.click(f"a[href='/{lang}/staff/organisations/{organisation.id}/book/{event.id}']")
    _clean(page)
    page.fill("input[name=name_1]", "Aled Jones")
    page.fill("input[name=email_1]", "aled@example.com")
    page.fill("input[name=name_2]", "Beth Evans")
    page.fill("input[name=email_2]", "beth@example.com")
    page.check("input[name=language_2][value=en]")
    page.click(f"form[action='/{lang}/staff/organisations/{organisation.id}/book/{event.id}'] button[type=submit]")
    page.wait_for_load_state()
    assert TEXT[lang]["booked"] in page.locator(".govuk-notification-banner").inner_text()
    rows = page.locator("#organisation-bookings tbody tr")
    expect(rows).to_have_count(2)
    assert TEXT[lang]["by_staff"] in rows.first.inner_text()
    _clean(page)

    employer_context = browser.new_context(base_url=live_server)
    try:
        employer_page = employer_context.new_page()
        browser_sign_in(employer_page, employer.email, factories.PASSWORD, lang=lang)
        employer_page.goto(f"/{lang}/bookings/")
        upcoming = employer_page.locator("#upcoming tbody tr")
        expect(upcoming).to_have_count(2)
        for row in (upcoming.nth(0), upcoming.nth(1)):
            assert TEXT[lang]["by_staff"] in row.inner_text()
        _clean(employer_page)
    finally:
        employer_context.close()

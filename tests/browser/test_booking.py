"""The booking journey in a real browser, in Welsh and in English, with axe scans on every page."""

import pytest

from portal.eligibility.tiers import EligibilityStatus
from portal.security import Role
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in
from tests.routes import ALLOW, ROUTES, build_sample_data

pytestmark = pytest.mark.browser
BOOKING_BLUEPRINTS = ("events.", "manage_events.", "bookings.", "visits.")

TEXT = {
    "cy": {"nav": "Digwyddiadau a hyfforddiant", "book": "Archebu lle", "booked": "Mae Nia Jones wedi cael lle",
           "bookings": "Eich archebion", "joining": "Sut i ymuno"},
    "en": {"nav": "Events and training", "book": "Book a place", "booked": "Nia Jones has a place",
           "bookings": "Your bookings", "joining": "How to join"},
}


def _scan(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {violations}"


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_employer_books_a_place(page, lang):
    text = TEXT[lang]
    event = factories.make_event(title_en="Sleep and shift work", title_cy="Cwsg a gwaith shifft",
                                 joining_details_en="https://meet.example.com/en-room",
                                 joining_details_cy="https://meet.example.com/ystafell", capacity=5)
    organisation = factories.make_organisation(eligibility_status=EligibilityStatus.VERIFIED,
                                               correspondence_language=lang)
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation, language=lang)
    browser_sign_in(page, employer.email, factories.PASSWORD, lang=lang)

    page.click(f"#navigation a:has-text('{text['nav']}')")
    page.wait_for_load_state()
    assert page.url.endswith(f"/{lang}/events/")
    _scan(page)

    page.click(f"a:has-text('{event.text('title', lang)}')")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == event.text("title", lang)
    assert page.locator("#joining-details").count() == 0
    _scan(page)

    page.fill("input[name=name]", "Nia Jones")
    page.fill("input[name=email]", "nia.jones@example.com")
    page.click(f"form button:has-text('{text['book']}')")
    page.wait_for_load_state()
    assert text["booked"] in page.locator(".govuk-notification-banner").inner_text()
    assert event.text("joining_details", lang) in page.locator("#joining-details").inner_text()
    _scan(page)

    page.click(f"#navigation a:has-text('{text['bookings']}')")
    page.wait_for_load_state()
    assert "Nia Jones" in page.locator("#upcoming").inner_text()
    _scan(page)


def test_booking_errors_are_accessible_without_javascript(page_without_js):
    event = factories.make_event()
    organisation = factories.make_organisation(eligibility_status=EligibilityStatus.VERIFIED)
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation)
    browser_sign_in(page_without_js, employer.email, factories.PASSWORD, lang="cy")
    page_without_js.goto(f"/cy/events/{event.id}")
    page_without_js.fill("input[name=name]", "Nia Jones")
    page_without_js.click("form button:has-text('Archebu lle')")
    page_without_js.wait_for_load_state()
    assert "Mae problem wedi codi" in page_without_js.locator(".govuk-error-summary").inner_text()
    assert page_without_js.locator("input[name=name]").input_value() == "Nia Jones"


@pytest.mark.parametrize("role", ["employer", "champion", "staff"])
def test_every_booking_page_passes_axe_in_both_languages(page, role):
    sample = build_sample_data()
    browser_sign_in(page, sample.users[role].email, factories.PASSWORD)
    visited = 0
    for endpoint, route in ROUTES.items():
        if not endpoint.startswith(BOOKING_BLUEPRINTS):
            continue
        if route.method != "GET" or not route.page or route.access[role] != ALLOW:
            continue
        for lang in ("en", "cy"):
            path = route.path(sample).replace("/en/", f"/{lang}/", 1)
            response = page.goto(path)
            assert response.status == 200, path
            _scan(page)
            visited += 1
    assert visited >= 4

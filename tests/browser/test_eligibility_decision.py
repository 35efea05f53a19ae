"""The eligibility decision in a real browser, Welsh and English, 1280 and 320 px, axe-checked:
the warning on the headcount question, the organisation page, the refused visit request and the
staff review page of an organisation the SME rule refuses."""

import os

import pytest

from portal.security import Role
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in
from tests.registration.helpers import registrant

pytestmark = pytest.mark.browser
CONTINUE = {"en": "Save and continue", "cy": "Cadw a pharhau"}
WIDER_THAN = """w => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > w + 1)
    .map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 8)"""


def _look(page, name):
    """Axe-clean at 1280 and 320 CSS px, with nothing wider than the screen; screenshots if asked for."""
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page)
        assert not violations, f"{page.url} at {width}px: {violations}"
        # Which elements stick out, so a failure names them.
        wide = page.evaluate(WIDER_THAN, width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, wide
        if os.environ.get("SCREENSHOTS_DIR"):
            page.screenshot(path=f"{os.environ['SCREENSHOTS_DIR']}/{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_headcount_warning_and_the_organisation_page(page, lang):
    user = registrant(lang=lang)
    browser_sign_in(page, user.email, factories.PASSWORD, lang)
    page.goto(f"/{lang}/register/questions/employees")
    page.fill("input[name=employee_count]", "300")
    page.click(f'button:has-text("{CONTINUE[lang]}")')
    page.wait_for_load_state()
    assert page.locator("#eligibility-warning").count() == 1
    assert page.locator(".app-support-decision").get_attribute("data-reason") == "too_large"
    _look(page, f"warning-{lang}")

    organisation = factories.make_organisation(name="Caffi Mawr", employee_count=12, part_of_group=True,
                                               group_size=40, eligibility_status="declared")
    contact = factories.make_user(Role.EMPLOYER, organisation=organisation)
    page.context.clear_cookies()
    browser_sign_in(page, contact.email, factories.PASSWORD, lang)
    page.goto(f"/{lang}/organisation/")
    assert page.locator("#next-step .app-support-decision").get_attribute("data-reason") == "needs_check"
    _look(page, f"organisation-{lang}")
    page.goto(f"/{lang}/visits/request")
    assert page.locator("#visit-refused").get_attribute("data-reason") == "needs_check"
    _look(page, f"visit-refused-{lang}")


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_the_staff_page_of_an_organisation_the_sme_rule_refuses(page, lang):
    organisation = factories.make_organisation(name="Cangen Grŵp Mawr", employee_count=300, part_of_group=True,
                                               group_name="Grŵp Mawr ccc", postcode="SW1A 1AA")
    staff = factories.make_user(Role.STAFF, partner_slug="south-east")
    browser_sign_in(page, staff.email, factories.PASSWORD, lang)
    page.goto(f"/{lang}/eligibility/organisations/{organisation.id}")
    assert page.locator("#approval-refused").count() == 1
    assert page.locator("input[name=outcome][value=approved]").count() == 0
    assert page.locator("#postcode-outside").count() == 1
    _look(page, f"staff-{lang}")

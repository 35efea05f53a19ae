"""The programme certificate and its public check in a real browser at 320 px: each half's link opens the
check in its own language; axe-clean, no horizontal scrolling."""

import pytest

from portal.programme import services
from portal.security import Role
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in

pytestmark = pytest.mark.browser


def _clean(page, lang):
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {violations}"
    assert page.locator("html").get_attribute("lang") == lang
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow} px wider than 320 px"


def test_each_half_opens_the_check_in_its_language(narrow):
    organisation = factories.make_organisation(name="Caffi Bach", eligibility_status="verified")
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation, language="cy")
    factories.make_intervention(organisation, support_type="stress")
    factories.make_intervention(organisation, support_type="sleep")
    code = services.current_cycle(organisation).certificate_code
    browser_sign_in(narrow, employer.email, factories.PASSWORD, lang="cy")
    narrow.goto("/cy/programme/certificate/1")
    _clean(narrow, "cy")

    narrow.click(".app-certificate__language[lang=en] a")
    narrow.wait_for_load_state()
    assert narrow.url.endswith(f"/en/programme/verify?code={code}")
    assert narrow.locator(".govuk-panel__title").inner_text() == "This certificate is genuine"
    assert "Caffi Bach" in narrow.locator(".govuk-summary-list").inner_text()
    _clean(narrow, "en")

    narrow.goto("/cy/programme/certificate/1")
    narrow.click(".app-certificate__language[lang=cy] a")
    narrow.wait_for_load_state()
    assert narrow.url.endswith(f"/cy/programme/verify?code={code}")
    assert narrow.locator(".govuk-panel__title").inner_text() == "Mae'r dystysgrif hon yn ddilys"
    _clean(narrow, "cy")

    # A code typed wrong, into the form.
    narrow.fill("input[name=code]", "ABCD EFGH JKMN PQRS")
    narrow.click("main form button[type=submit]")
    narrow.wait_for_load_state()
    assert "Nid oedd modd dod o hyd i dystysgrif" in narrow.locator("main").inner_text()
    _clean(narrow, "cy")

"""Registering an organisation in a real browser, in Welsh and in English: leave part-way,
come back, finish, see the status. Every page is checked with axe."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in, verification_path

pytestmark = pytest.mark.browser

TEXT = {
    "cy": {"start": "Creu cyfrif a chofrestru", "create": "Creu cyfrif", "continue": "Cadw a pharhau",
           "sign_out": "Allgofnodi", "organisation": "Eich sefydliad", "register": "Cofrestru'r sefydliad",
           "go": "Mynd i'ch sefydliad", "not_started": "Heb ddechrau", "declare": "Cadarnhau'r datganiad",
           "declared": "Wedi datgan", "check_email": "Gwiriwch eich e-bost", "in_progress": "Ar y gweill",
           "other": "English", "other_continue": "Save and continue"},
    "en": {"start": "Create an account and register", "create": "Create an account", "continue": "Save and continue",
           "sign_out": "Sign out", "organisation": "Your organisation", "register": "Register organisation",
           "go": "Go to your organisation", "not_started": "Not started", "declare": "Confirm the declaration",
           "declared": "Declared", "check_email": "Check your email", "in_progress": "In progress",
           "other": "Cymraeg", "other_continue": "Cadw a pharhau"},
}


def _clean(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {violations}"
    assert page.locator("html").get_attribute("lang") in ("en", "cy")


def _continue(page, t):
    page.click(f'button:has-text("{t["continue"]}")')
    page.wait_for_load_state()
    assert not page.locator(".govuk-error-summary").count(), page.locator(".govuk-error-summary").inner_text()


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_register_leave_return_finish_and_see_status(page, lang):
    t = TEXT[lang]
    sector, authority = factories.sector(), factories.authority("W06000015")
    email = f"browser-{lang}@example.com"

    page.goto(f"/{lang}/")
    page.click(f'a:has-text("{t["start"]}")')
    _clean(page)
    page.click(f'a.govuk-button:has-text("{t["create"]}")')
    _clean(page)
    # A mistake first: the error summary is in the page's language and keeps what was typed.
    page.fill("input[name=full_name]", "Gwen Prydderch")
    page.fill("input[name=email]", "not an email")
    page.click("main form button[type=submit]")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.input_value("input[name=full_name]") == "Gwen Prydderch"
    _clean(page)
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", factories.PASSWORD)
    page.fill("input[name=confirm]", factories.PASSWORD)
    page.click("main form button[type=submit]")
    assert page.locator("h1").inner_text() == t["check_email"]
    _clean(page)

    page.goto(verification_path(email))
    assert page.url.endswith(f"/{lang}/register/tasks")
    _clean(page)
    page.click(".govuk-task-list__link >> nth=0")
    page.fill("input[name=name]", f"Becws {lang.upper()} Cyf")
    _clean(page)
    _continue(page, t)
    page.fill("input[name=companies_house_number]", "")
    _continue(page, t)
    page.check(f"input[name=sector_id][value='{sector.id}']")
    _clean(page)
    _continue(page, t)
    page.fill("input[name=employee_count]", "18")
    # Switching language part-way keeps the answers already given.
    _continue(page, t)
    assert page.url.endswith(f"/{lang}/register/questions/group")
    page.click(f'.app-language-toggle a:has-text("{t["other"]}")')
    page.wait_for_load_state()
    other = "en" if lang == "cy" else "cy"
    assert page.url.endswith(f"/{other}/register/questions/group")
    page.goto(f"/{other}/register/questions/employees")
    assert page.input_value("input[name=employee_count]") == "18"
    assert page.locator(f'button:has-text("{t["other_continue"]}")').count() == 1
    page.goto(f"/{lang}/register/questions/group")
    page.check("input[name=part_of_group][value=no]")
    _clean(page)
    _continue(page, t)
    assert page.url.endswith(f"/{lang}/register/tasks")
    assert t["in_progress"] not in page.locator(".govuk-task-list__item >> nth=0").inner_text()

    # Leave part-way.
    page.click(f'button:has-text("{t["sign_out"]}")')
    page.wait_for_load_state()

    # Return another time and finish.
    browser_sign_in(page, email, factories.PASSWORD, lang=lang)
    page.click(f'#navigation a:has-text("{t["organisation"]}")')
    page.wait_for_load_state()
    assert page.url.endswith(f"/{lang}/register/tasks")
    page.click(".govuk-task-list__link >> nth=1")
    page.fill("input[name=address_line_1]", "3 Heol y Castell")
    page.fill("input[name=town]", "Caerdydd")
    page.fill("input[name=postcode]", "cf10 2bb")
    page.select_option("select[name=local_authority_id]", str(authority.id))
    _clean(page)
    _continue(page, t)
    _clean(page)
    _continue(page, t)
    page.click(".govuk-task-list__link >> nth=2")
    page.fill("input[name=phone]", "029 2000 0000")
    _continue(page, t)
    page.click(".govuk-task-list__link >> nth=3")
    page.check("input[name=correspondence_language][value=cy]")
    _continue(page, t)
    page.check("input[name=support_language][value=en]")
    _clean(page)
    _continue(page, t)
    page.click(".govuk-task-list__link >> nth=4")
    # How they heard (optional) comes first in the section, then the consent page.
    page.check("input[name=heard_via][value=word_of_mouth]")
    _clean(page)
    _continue(page, t)
    page.check("input[name=privacy_notice]")
    page.check("input[name=consent]")
    _clean(page)
    _continue(page, t)
    assert page.url.endswith(f"/{lang}/register/check")
    assert "CF10 2BB" in page.locator("main").inner_text()
    _clean(page)
    page.click(f'button:has-text("{t["register"]}")')
    page.wait_for_load_state()
    reference = page.locator(".govuk-panel strong").inner_text()
    assert reference.startswith("HWW-")
    _clean(page)

    page.click(f'a:has-text("{t["go"]}")')
    page.wait_for_load_state()
    assert page.locator("#eligibility-status").inner_text() == t["not_started"]
    _clean(page)
    page.click(f'a.govuk-button:has-text("{t["declare"]}")')
    page.check("input[name=confirm]")
    _clean(page)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#eligibility-status").inner_text() == t["declared"]
    _clean(page)


def test_review_pages_are_accessible_in_both_languages(page):
    organisation = factories.make_organisation(name="Axe Bakery")
    contact = factories.make_user("employer", organisation=organisation)
    factories.make_evidence(organisation, uploaded_by=contact)
    admin = factories.make_user("admin")
    browser_sign_in(page, admin.email, factories.PASSWORD)
    for lang in ("en", "cy"):
        for path in ("/eligibility/review", f"/eligibility/organisations/{organisation.id}",
                     f"/eligibility/organisations/{organisation.id}/merge", "/eligibility/settings"):
            response = page.goto(f"/{lang}{path}")
            assert response.status == 200
            _clean(page)

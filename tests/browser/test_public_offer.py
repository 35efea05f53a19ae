"""The offer in the open, in a real browser without JavaScript, in Welsh and in English: browse the
catalogue without an account, use the eligibility checker, register with the answers carried over,
and land back on the chosen event ready to book. Every page is checked with axe."""

import pytest

from portal.extensions import db
from tests import factories
from tests.browser.conftest import axe_violations, verification_path

pytestmark = pytest.mark.browser

TEXT = {
    "cy": {"continue": "Parhau", "save": "Cadw a pharhau", "create": "Creu cyfrif", "register": "Cofrestru'r sefydliad",
           "book": "Archebu lleoedd", "eligible": "Gall eich sefydliad ddefnyddio Cymru Iach ar Waith",
           "partner": "Partner cyflenwi Gogledd a Gorllewin Cymru"},
    "en": {"continue": "Continue", "save": "Save and continue", "create": "Create an account",
           "register": "Register organisation", "book": "Book places",
           "eligible": "Your organisation can use Healthy Working Wales",
           "partner": "North and West Wales delivery partner"},
}


@pytest.fixture
def axe_page(browser, live_server):
    """A page with JavaScript on, for axe: axe cannot run where JavaScript is off."""
    context = browser.new_context(base_url=live_server, java_script_enabled=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _clean(page, axe_page):
    """The page the journey (without JavaScript) is on, checked by axe in a JavaScript page.

    The same address is loaded with the same cookies, so axe sees what the
    visitor saw (after a form post, the page at the address the browser shows).
    """
    assert page.locator("html").get_attribute("lang") in ("en", "cy")
    assert page.locator("h1").count() == 1
    axe_page.context.clear_cookies()
    axe_page.context.add_cookies(page.context.cookies())
    axe_page.goto(page.url)
    violations = axe_violations(axe_page)
    assert not violations, f"{page.url}: {violations}"


def _submit(page, text):
    page.click(f'main button:has-text("{text}")')
    page.wait_for_load_state()
    assert not page.locator(".govuk-error-summary").count(), page.locator(".govuk-error-summary").inner_text()


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_browse_check_register_and_land_back_on_the_event(page_without_js, axe_page, lang):
    page, t = page_without_js, TEXT[lang]
    event = factories.make_event(title_en="Sleep and shift work", title_cy="Cwsg a gwaith shifft",
                                 joining_details_en="https://meet.example.com/private",
                                 joining_details_cy="https://meet.example.com/private")
    title, event_id = event.text("title", lang), event.id
    anglesey_id, sector_id = factories.authority("W06000001").id, factories.sector().id
    # End the read so this test holds no SQLite lock while the server writes.
    db.session.rollback()
    email = f"public-{lang}@example.com"

    # Browse without an account: the start page, the catalogue, the event.
    page.goto(f"/{lang}/")
    _clean(page, axe_page)
    page.click(f"#upcoming a:has-text(\"{title}\")")
    page.wait_for_load_state()
    assert page.url.endswith(f"/{lang}/events/{event_id}")
    assert "meet.example.com" not in page.content()
    _clean(page, axe_page)
    page.goto(f"/{lang}/events/")
    _clean(page, axe_page)
    page.goto(f"/{lang}/visits/types")
    _clean(page, axe_page)

    # The checker, one question a page.
    page.goto(f"/{lang}/check-eligibility/")
    _clean(page, axe_page)
    page.click("a.govuk-button--start")
    page.wait_for_load_state()
    _clean(page, axe_page)
    page.check("input[name=where][value=wales]")
    _submit(page, t["continue"])
    page.select_option("select[name=authority]", str(anglesey_id))
    _clean(page, axe_page)
    _submit(page, t["continue"])
    page.fill("input[name=employees]", "18")
    _clean(page, axe_page)
    _submit(page, t["continue"])
    page.check("input[name=group][value=no]")
    _clean(page, axe_page)
    _submit(page, t["continue"])
    assert page.locator("h1").inner_text() == t["eligible"]
    assert page.locator("#partner").inner_text() == t["partner"]
    _clean(page, axe_page)

    # Back to the event, then register from it with the checker's answers.
    page.goto(f"/{lang}/events/{event_id}")
    register_href = page.get_attribute("#register-to-book", "href")
    page.goto(f"/{lang}/check-eligibility/result?where=wales&authority={anglesey_id}&employees=18&group=no")
    result_href = page.get_attribute("#register", "href")
    page.goto(result_href + "&" + register_href.split("?", 1)[1])
    _clean(page, axe_page)
    page.click(f'a.govuk-button:has-text("{t["create"]}")')
    page.wait_for_load_state()
    _clean(page, axe_page)
    page.fill("input[name=full_name]", "Nia Public")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", factories.PASSWORD)
    page.fill("input[name=confirm]", factories.PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    _clean(page, axe_page)

    page.goto(verification_path(email))
    assert page.url.endswith(f"/{lang}/register/tasks")
    _clean(page, axe_page)
    # The number of employees and the group were answered in the checker.
    page.goto(f"/{lang}/register/questions/name")
    page.fill("input[name=name]", f"Siop {lang.upper()} Cyf")
    _submit(page, t["save"])
    _submit(page, t["save"])
    page.check(f"input[name=sector_id][value='{sector_id}']")
    _submit(page, t["save"])
    # The checker's answers are already there: the visitor only confirms them.
    assert page.url.endswith(f"/{lang}/register/questions/employees")
    assert page.input_value("input[name=employee_count]") == "18"
    _submit(page, t["save"])
    assert page.is_checked("input[name=part_of_group][value=no]")
    _submit(page, t["save"])
    assert page.url.endswith(f"/{lang}/register/tasks")
    page.goto(f"/{lang}/register/questions/address")
    assert page.input_value("select[name=local_authority_id]") == str(anglesey_id)
    page.fill("input[name=address_line_1]", "1 Stryd y Bont")
    page.fill("input[name=town]", "Llangefni")
    page.fill("input[name=postcode]", "LL77 7AA")
    _clean(page, axe_page)
    _submit(page, t["save"])
    _submit(page, t["save"])
    page.goto(f"/{lang}/register/questions/contact")
    page.fill("input[name=phone]", "01248 000000")
    _submit(page, t["save"])
    page.goto(f"/{lang}/register/questions/correspondence-language")
    page.check(f"input[name=correspondence_language][value={lang}]")
    _submit(page, t["save"])
    page.check("input[name=support_language][value=either]")
    _submit(page, t["save"])
    page.goto(f"/{lang}/register/questions/consent")
    page.check("input[name=privacy_notice]")
    page.check("input[name=consent]")
    _submit(page, t["save"])
    assert page.url.endswith(f"/{lang}/register/check")
    assert "18" in page.locator("main").inner_text()
    _clean(page, axe_page)
    _submit(page, t["register"])
    _clean(page, axe_page)

    # Back on the chosen event; the short declaration, then ready to book.
    page.click("#back-to-event")
    page.wait_for_load_state()
    assert page.url.endswith(f"/{lang}/events/{event_id}")
    _clean(page, axe_page)
    page.click("#declare-and-return")
    page.wait_for_load_state()
    _clean(page, axe_page)
    page.check("input[name=confirm]")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith(f"/{lang}/events/{event_id}")
    assert page.locator(f"form[action='/{lang}/events/{event_id}/book']").count() == 1
    assert page.locator(f'main form button:has-text("{t["book"]}")').count() == 1
    _clean(page, axe_page)

"""Staff record a phone enquiry from a new employer with the evidence they saw, invite the
contact to claim it, and the contact, after creating an account from the e-mailed link, sees
the organisation: in English and in Welsh, with no accessibility violations."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.reference.models import Intermediary
from portal.security import Role
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in

pytestmark = pytest.mark.browser

TEXT = {
    "en": {"recorded": "has been recorded", "sent": "We have sent an invitation to", "error": "contact"},
    "cy": {"recorded": "wedi'i gofnodi", "sent": "Rydym wedi anfon gwahoddiad at", "error": "cyswllt"},
}


def _clean(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {violations}"


def _submit(page):
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_staff_record_a_phone_enquiry_and_the_contact_claims_it(browser, live_server, page, lang):
    staff = factories.make_user(Role.STAFF, language=lang)
    name = f"Phone Enquiry Joinery {lang}"
    email = f"owner.{lang}@joinery.example"
    intermediary = db.session.scalar(select(Intermediary).where(Intermediary.name_en == "Business Wales"))

    browser_sign_in(page, staff.email, factories.PASSWORD, lang=lang)
    page.goto(f"/{lang}/staff/organisations")
    page.click("#record-offline")
    _clean(page)
    # Sent with nothing filled in: every missing answer is named, nothing is recorded.
    _submit(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert TEXT[lang]["error"] in page.locator(".govuk-error-summary").inner_text().lower()
    _clean(page)
    page.set_viewport_size({"width": 320, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.screenshot(path=f"/tmp/offline-form-{lang}-320.png")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.fill("input[name=name]", name)
    page.locator("input[name=sector_id]").first.check()
    page.fill("input[name=employee_count]", "9")
    page.check("input[name=part_of_group][value=no]")
    page.fill("input[name=address_line_1]", "Unit 4, Parc Busnes")
    page.fill("input[name=town]", "Caerdydd")
    page.fill("input[name=postcode]", "CF11 8AA")
    page.select_option("select[name=local_authority_id]", str(factories.authority().id))
    page.fill("input[name=contact_name]", "Alex Morgan")
    page.fill("input[name=contact_email]", email)
    page.fill("input[name=phone]", "029 2000 2222")
    page.check(f"input[name=correspondence_language][value={lang}]")
    page.check("input[name=support_language][value=either]")
    page.check("input[name=consent_method][value=phone]")
    page.check("input[name=heard_via][value=intermediary]")
    page.select_option("select[name=intermediary_id]", str(intermediary.id))
    page.check("input[name=evaluation_consent]")
    page.check("input[name=evidence_method][value=seen_by_phone]")
    page.fill("textarea[name=evidence_note]", "Payroll summary read out on the phone: 9 staff")
    _submit(page)
    assert TEXT[lang]["recorded"] in page.locator(".govuk-notification-banner").inner_text()
    page.screenshot(path=f"/tmp/offline-record-{lang}.png", full_page=True)
    assert (
        "Business Wales" in page.locator("#heard-via").inner_text()
        or "Busnes Cymru" in page.locator("#heard-via").inner_text()
    )
    _clean(page)

    page.click("#invite-to-claim")
    assert email in page.locator("main").inner_text()
    _clean(page)
    _submit(page)
    assert TEXT[lang]["sent"] in page.locator(".govuk-notification-banner").inner_text()

    db.session.expire_all()
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == email))
    assert message.language == lang
    link = re.search(r"https?://\S+/claim/\S+", message.body_text).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]

    contact_context = browser.new_context(base_url=live_server)
    try:
        contact = contact_context.new_page()
        contact.goto(path)
        assert name in contact.locator("main").inner_text()
        _clean(contact)
        contact.fill("input[name=full_name]", "Alex Morgan")
        contact.fill("input[name=password]", "a long enough passphrase")
        contact.fill("input[name=confirm]", "a long enough passphrase")
        _submit(contact)
        assert contact.url.endswith(f"/{lang}/organisation/")
        assert name in contact.locator("main").inner_text()
        assert organisation.reference in contact.locator("main").inner_text()
        assert contact.locator("html").get_attribute("lang") == lang
        _clean(contact)
        contact.set_viewport_size({"width": 320, "height": 800})
        contact.screenshot(path=f"/tmp/offline-claimed-{lang}-320.png", full_page=True)
    finally:
        contact_context.close()
    db.session.expire_all()
    assert db.session.scalar(select(Organisation).where(Organisation.name == name)).id == organisation.id

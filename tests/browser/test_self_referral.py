"""An employee refers themselves to individual support from the employer's QR link, on a
320 px phone without JavaScript, in Welsh and in English, with no accessibility
violations; the employer's page gives the link, the QR code and the poster."""

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from portal.eligibility.tiers import EligibilityStatus
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.referrals.models import SelfReferral
from portal.security import Role
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in

pytestmark = pytest.mark.browser

TEXT = {
    "en": {"start": "Start now", "phone": "Phone call", "morning": "Weekday mornings", "topic": "Something else",
           "consent_error": "Confirm that we may pass your details", "sent": "Your request has been sent"},
    "cy": {"start": "Dechrau nawr", "phone": "Galwad ffôn", "morning": "Boreau yn ystod yr wythnos",
           "topic": "Rhywbeth arall", "consent_error": "Cadarnhewch y cawn roi eich manylion",
           "sent": "Mae eich cais wedi'i anfon"},
}


def _checked(page, javascript=True):
    # axe needs the page's JavaScript; without it the journey is checked for working and fitting.
    if javascript:
        violations = axe_violations(page)
        assert not violations, f"{page.url}: {violations}"
    too_wide = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert too_wide <= 0, f"{page.url} is {too_wide} px wider than the screen"


def _continue(page):
    page.click("form button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript-and-axe"])
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_an_employee_refers_themselves_from_the_qr_link(browser, live_server, page, lang, javascript):
    organisation = factories.make_organisation(name=f"Referral Journey Dairy {lang}",
                                               eligibility_status=EligibilityStatus.VERIFIED)
    employer = factories.make_user(Role.EMPLOYER, organisation=organisation, language=lang)

    page.set_viewport_size({"width": 320, "height": 700})
    browser_sign_in(page, employer.email, factories.PASSWORD, lang=lang)
    page.goto(f"/{lang}/organisation/")
    page.click(f"a[href='/{lang}/organisation/staff-support']")
    _checked(page)
    assert page.evaluate("() => document.querySelector('.app-qr-code').naturalWidth") > 0
    poster = page.request.get(f"/{lang}/organisation/staff-support/poster.pdf")
    assert poster.headers["content-type"] == "application/pdf"
    link = urlsplit(page.locator(f"#link-{lang}").get_attribute("href")).path

    context = browser.new_context(base_url=live_server, java_script_enabled=javascript,
                                  viewport={"width": 320, "height": 700})
    try:
        phone = context.new_page()
        phone.set_default_timeout(15000)
        phone.goto(f"{link}?via=qr")
        _checked(phone, javascript)
        phone.click(f"text={TEXT[lang]['start']}")
        phone.fill("input[name=name]", "Rhys ap Gwilym")
        _continue(phone)
        _checked(phone, javascript)
        phone.check(f"label:has-text('{TEXT[lang]['phone']}')")
        phone.fill("input[name=phone]", "07700 900982")
        _continue(phone)
        phone.check(f"label:has-text('{TEXT[lang]['morning']}')")
        _continue(phone)
        phone.check("label:has-text('Cymraeg')")
        _continue(phone)
        _checked(phone, javascript)
        phone.check(f"label:has-text('{TEXT[lang]['topic']}')")
        _continue(phone)
        _checked(phone, javascript)
        assert "Rhys ap Gwilym" in phone.locator("dl").inner_text()

        # Sent without agreeing: refused with the reason, answers kept.
        _continue(phone)
        assert TEXT[lang]["consent_error"] in phone.locator(".govuk-error-summary").inner_text()
        _checked(phone, javascript)
        phone.check("input[name=consent]")
        _continue(phone)
        assert TEXT[lang]["sent"] in phone.locator("h1").inner_text()
        _checked(phone, javascript)
    finally:
        context.close()

    db.session.expire_all()
    [record] = db.session.scalars(select(SelfReferral).where(SelfReferral.organisation_id == organisation.id))
    assert record.channel == "qr"
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "self_referral")
                                .order_by(OutboxMessage.id.desc()))
    assert "Rhys ap Gwilym" in message.body_text
    assert "07700 900982" in message.body_text

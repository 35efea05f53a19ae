"""Issue 13's acceptance journey, in Welsh and in English, axe-clean on every page visited.

Staff record a phone enquiry from a new employer with the evidence they saw,
book two of its staff onto a webinar, import the meeting tool's attendance
report (a preview, then the register saved), and the employer contact claims
the record from the e-mailed invitation and, signed in, sees those bookings.
The webinar and the staff member are made directly in the database; moving the
webinar into the past (so attendance can be marked) is the one other shortcut.
"""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.bookings.models import Booking
from portal.email.models import OutboxMessage
from portal.events.models import Event
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in

pytestmark = pytest.mark.browser

TEXT = {
    "en": {"recorded": "has been recorded", "booked": "Booked:", "preview": "Nothing has been saved yet",
           "saved": "Attendance saved: 2 attended", "sent": "We have sent an invitation to",
           "attended": "Attended"},
    "cy": {"recorded": "wedi'i gofnodi", "booked": "Wedi archebu:", "preview": "Nid oes dim wedi'i gadw eto",
           "saved": "Yn bresennol: 2.", "sent": "Rydym wedi anfon gwahoddiad at",
           "attended": "Wedi mynychu"},
}


def _clean(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {violations}"


def _submit(page, form="main form[method=post]"):
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state()


def _record_phone_enquiry(page, lang, name, email):
    page.goto(f"/{lang}/staff/organisations")
    page.click("#record-offline")
    _clean(page)
    page.fill("input[name=name]", name)
    page.locator("input[name=sector_id]").first.check()
    page.fill("input[name=employee_count]", "12")
    page.check("input[name=part_of_group][value=no]")
    page.fill("input[name=address_line_1]", "2 Heol y Frenhines")
    page.fill("input[name=town]", "Caerdydd")
    page.fill("input[name=postcode]", "CF10 2BB")
    page.select_option("select[name=local_authority_id]", str(factories.authority().id))
    page.fill("input[name=contact_name]", "Rhian Owen")
    page.fill("input[name=contact_email]", email)
    page.fill("input[name=phone]", "029 2000 3333")
    page.check(f"input[name=correspondence_language][value={lang}]")
    page.check("input[name=support_language][value=either]")
    page.check("input[name=consent_method][value=phone]")
    # The evidence seen, noted on the same form.
    page.check("input[name=evidence_method][value=seen_by_phone]")
    page.fill("textarea[name=evidence_note]", "Payroll summary read out on the phone: 12 staff")
    _submit(page)
    assert TEXT[lang]["recorded"] in page.locator(".govuk-notification-banner").inner_text()
    _clean(page)


def _book_two(page, lang, organisation_id, event, emails):
    page.click("#book-for-organisation")
    _clean(page)
    page.click(f"a[href='/{lang}/staff/organisations/{organisation_id}/book/{event.id}']")
    _clean(page)
    page.fill("input[name=name_1]", "Aled Jones")
    page.fill("input[name=email_1]", emails[0])
    page.fill("input[name=name_2]", "Beth Evans")
    page.fill("input[name=email_2]", emails[1])
    _submit(page, f"form[action='/{lang}/staff/organisations/{organisation_id}/book/{event.id}']")
    assert TEXT[lang]["booked"] in page.locator(".govuk-notification-banner").inner_text()
    expect(page.locator("#organisation-bookings tbody tr")).to_have_count(2)
    _clean(page)


def _move_into_the_past(event_id):
    """The webinar took place this morning (two hours ago), so its attendance can be marked."""
    db.session.expire_all()
    event = db.session.get(Event, event_id)
    shift = event.starts_at - (utcnow() - timedelta(hours=2))
    event.starts_at -= shift
    event.ends_at -= shift
    event.booking_deadline -= shift
    for session in event.sessions:
        session.starts_at -= shift
        session.ends_at -= shift
    db.session.commit()


def _import_report(page, lang, event_id, emails):
    page.goto(f"/{lang}/staff/events/{event_id}/register")
    _clean(page)
    report = ("Name (original name),User Email,Join time,Leave time,Duration (minutes),Guest\n"
              f"Aled Jones,{emails[0].upper()},12/02/2026 10:00:05 AM,12/02/2026 11:00:00 AM,60,Yes\n"
              f"Beth Evans,{emails[1]},12/02/2026 10:02:00 AM,12/02/2026 10:58:00 AM,56,Yes\n"
              "Someone Else,someone.else@example.com,12/02/2026 10:05:00 AM,12/02/2026 10:30:00 AM,25,Yes\n")
    page.set_input_files("input[name=report]", files=[
        {"name": "participants.csv", "mimeType": "text/csv", "buffer": report.encode("utf-8")}])
    _submit(page, f"form[action='/{lang}/staff/events/{event_id}/register/import']")
    assert TEXT[lang]["preview"] in page.locator(".govuk-notification-banner").inner_text()
    expect(page.locator("#unmatched li")).to_have_count(1)
    # Nothing is saved until the register is.
    db.session.expire_all()
    assert all(b.attendance is None for b in db.session.scalars(select(Booking).where(Booking.event_id == event_id)))
    db.session.rollback()
    _clean(page)
    _submit(page, f"form[action='/{lang}/staff/events/{event_id}/register']")
    assert TEXT[lang]["saved"] in page.locator(".govuk-notification-banner").inner_text()
    _clean(page)


def _claim_link(email, lang):
    db.session.expire_all()
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == email))
    assert message.language == lang
    link = re.search(r"https?://\S+/claim/\S+", message.body_text).group(0)
    db.session.rollback()
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_a_phone_enquiry_booked_attended_and_claimed(browser, live_server, page, lang):
    staff = factories.make_user(Role.STAFF, language=lang)
    event = factories.make_event(title_en=f"Stress at work {lang}", title_cy=f"Straen yn y gwaith {lang}")
    name = f"Phone Enquiry Florist {lang}"
    email = f"rhian.{lang}@florist.example"
    emails = (f"aled.{lang}@florist.example", f"beth.{lang}@florist.example")

    browser_sign_in(page, staff.email, factories.PASSWORD, lang=lang)
    _record_phone_enquiry(page, lang, name, email)
    organisation_id = db.session.scalar(select(Organisation.id).where(Organisation.name == name))
    db.session.rollback()
    _book_two(page, lang, organisation_id, event, emails)
    _move_into_the_past(event.id)
    _import_report(page, lang, event.id, emails)

    page.goto(f"/{lang}/staff/organisations/{organisation_id}")
    page.click("#invite-to-claim")
    _clean(page)
    _submit(page)
    assert TEXT[lang]["sent"] in page.locator(".govuk-notification-banner").inner_text()

    contact_context = browser.new_context(base_url=live_server)
    try:
        contact = contact_context.new_page()
        contact.goto(_claim_link(email, lang))
        _clean(contact)
        contact.fill("input[name=full_name]", "Rhian Owen")
        contact.fill("input[name=password]", "a long enough passphrase")
        contact.fill("input[name=confirm]", "a long enough passphrase")
        _submit(contact)
        assert contact.url.endswith(f"/{lang}/organisation/")
        _clean(contact)
        contact.goto(f"/{lang}/bookings/")
        rows = contact.locator("#past tbody tr")
        expect(rows).to_have_count(2)
        text = contact.locator("#past").inner_text()
        for expected in ("Aled Jones", "Beth Evans", event.title_cy if lang == "cy" else event.title_en):
            assert expected in text
        assert text.count(TEXT[lang]["attended"]) >= 2
        _clean(contact)
    finally:
        contact_context.close()
    db.session.expire_all()
    # One organisation, with its history: the account joined the record staff made.
    assert db.session.scalar(select(Organisation).where(Organisation.name == name)).id == organisation_id

"""The employer's journey in Welsh, in a real browser, axe-clean on every page (issue 14's acceptance).

Sign up, leave half-way through the task list, come back through sign-in to it,
finish; change the organisation's language preferences; book three staff onto a
course in one form; see every session with its times and the town; download the
calendar file with the joining link; accept a waiting-list offer from its e-mail.
What the journey does not need the screens for (staff's eligibility decision, a
full event with a waiting list) is set up in the database.
"""

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.bookings import services as bookings
from portal.bookings.models import Booking
from portal.eligibility.tiers import EligibilityStatus
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.organisations.models import Organisation
from portal.security import Role
from portal.timeutil import LONDON
from tests import factories
from tests.browser.conftest import axe_violations, browser_sign_in, verification_path

pytestmark = pytest.mark.browser

EMAIL = "eleri.bangor@example.com"
JOINING_LINK = "https://meet.example.com/bangor-cymraeg"
STAFF = [("Nia Jones", "nia@example.com", "cy"), ("Tomos Huws", "tomos@example.com", "en"),
         ("Alaw Prys", "alaw@example.com", "cy")]


def _clean(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {violations}"
    assert page.locator("html").get_attribute("lang") == "cy", page.url


def _continue(page):
    page.click('main button:has-text("Cadw a pharhau")')
    page.wait_for_load_state()
    assert not page.locator(".govuk-error-summary").count(), page.locator(".govuk-error-summary").inner_text()


def _submit(page):
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def _sign_up(page):
    page.goto("/cy/")
    page.click('a:has-text("Creu cyfrif a chofrestru")')
    _clean(page)
    page.click('a.govuk-button:has-text("Creu cyfrif")')
    page.fill("input[name=full_name]", "Eleri Morgan")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", factories.PASSWORD)
    page.fill("input[name=confirm]", factories.PASSWORD)
    _clean(page)
    _submit(page)
    assert page.locator("h1").inner_text() == "Gwiriwch eich e-bost"
    _clean(page)
    page.goto(verification_path(EMAIL))
    assert page.url.endswith("/cy/register/tasks")
    _clean(page)


def _first_section(page, sector):
    page.click(".govuk-task-list__link >> nth=0")
    page.fill("input[name=name]", "Caffi'r Cei")
    _clean(page)
    _continue(page)
    _continue(page)  # no company or charity number
    page.check(f"input[name=sector_id][value='{sector.id}']")
    _continue(page)
    page.fill("input[name=employee_count]", "12")
    _continue(page)
    page.check("input[name=part_of_group][value=no]")
    _continue(page)
    assert page.url.endswith("/cy/register/tasks")


def _remaining_sections(page, authority):
    page.click(".govuk-task-list__link >> nth=1")
    page.fill("input[name=address_line_1]", "1 Stryd Fawr")
    page.fill("input[name=town]", "Bangor")
    page.fill("input[name=postcode]", "ll57 1aa")
    page.select_option("select[name=local_authority_id]", str(authority.id))
    _clean(page)
    _continue(page)
    _clean(page)
    _continue(page)  # staff in the same area
    page.click(".govuk-task-list__link >> nth=2")
    page.fill("input[name=phone]", "01248 000000")
    _continue(page)
    page.click(".govuk-task-list__link >> nth=3")
    page.check("input[name=correspondence_language][value=en]")
    _continue(page)
    page.check("input[name=support_language][value=either]")
    _continue(page)
    page.click(".govuk-task-list__link >> nth=4")
    _continue(page)  # how they heard is optional
    page.check("input[name=privacy_notice]")
    page.check("input[name=consent]")
    _continue(page)
    assert page.url.endswith("/cy/register/check")
    _clean(page)
    page.click('button:has-text("Cofrestru\'r sefydliad")')
    page.wait_for_load_state()
    assert page.locator(".govuk-panel strong").inner_text().startswith("HWW-")
    _clean(page)


def _change_language_preferences(page):
    page.goto("/cy/organisation/details")
    _clean(page)
    page.click("a[href$='/details/correspondence-language']")
    page.check("input[name=correspondence_language][value=cy]")
    _clean(page)
    _submit(page)
    assert "Mae manylion eich sefydliad wedi'u diweddaru" in page.locator(".govuk-notification-banner").inner_text()
    page.click("a[href$='/details/support-language']")
    page.check("input[name=support_language][value=cy]")
    _submit(page)
    assert page.url.endswith("/cy/organisation/details")
    _clean(page)


def _course():
    return factories.make_event(title_cy="Cwrs cymorth cyntaf iechyd meddwl", title_en="Mental health first aid",
                                kind="event", online=False, venue="Canolfan Pontio", town="Bangor",
                                language="cy", sessions=4, capacity=10, joining_details_cy=f"Neu ymunwch ar-lein: "
                                f"{JOINING_LINK}", joining_details_en="Or join online: https://meet.example.com/x")


def _book_three(page, course):
    page.click("#navigation a:has-text('Digwyddiadau a hyfforddiant')")
    page.wait_for_load_state()
    _clean(page)
    page.click(f"a:has-text('{course.title_cy}')")
    page.wait_for_load_state()
    times = page.locator(".app-session-time").all_inner_texts()
    assert len(times) == 4
    for text, session in zip(times, course.sessions, strict=True):
        starts, ends = session.starts_at.astimezone(LONDON), session.ends_at.astimezone(LONDON)
        assert f"{starts:%H:%M}–{ends:%H:%M}" in text
        assert str(starts.day) in text
    assert "Bangor" in page.locator(".app-where").inner_text()
    _clean(page)
    for number, (name, email, language) in enumerate(STAFF, start=1):
        page.fill(f"input[name=name_{number}]", name)
        page.fill(f"input[name=email_{number}]", email)
        page.check(f"input[name=language_{number}][value={language}]")
    page.click("form button:has-text('Archebu lleoedd')")
    page.wait_for_load_state()
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "Wedi archebu: Nia Jones, Tomos Huws, Alaw Prys" in banner
    assert JOINING_LINK in page.locator("#joining-details a").get_attribute("href")
    _clean(page)


def _calendar(page, tmp_path):
    page.click("#navigation a:has-text('Eich archebion')")
    page.wait_for_load_state()
    upcoming = page.locator("#upcoming").inner_text()
    assert all(name in upcoming for name, _email, _language in STAFF)
    _clean(page)
    with page.expect_download() as download:
        page.click("#upcoming a[href$='/calendar.ics'] >> nth=0")
    path = tmp_path / "booking.ics"
    download.value.save_as(path)
    # Long lines are folded (RFC 5545): unfold before reading.
    calendar = Path(path).read_text(encoding="utf-8").replace("\r\n ", "")
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert calendar.count("BEGIN:VEVENT") == 4
    assert f"URL:{JOINING_LINK}" in calendar
    assert JOINING_LINK in calendar.split("DESCRIPTION:", 1)[1]
    assert "Canolfan Pontio\\, Bangor" in calendar
    assert "SUMMARY:Cwrs cymorth cyntaf iechyd meddwl" in calendar


def _waiting_list_offer(organisation, contact):
    """A full event where Bryn, of our organisation, waits; the place another firm gave up is offered to him."""
    event = factories.make_event(title_cy="Rheoli straen yn y gwaith", title_en="Managing stress", capacity=1)
    other = factories.make_organisation(eligibility_status=EligibilityStatus.VERIFIED)
    other_contact = factories.make_user(Role.EMPLOYER, organisation=other)
    taken = bookings.book_place(event.id, other, other_contact, "Siôn Lewis", "sion@example.com")
    waiting = bookings.book_place(event.id, organisation, contact, "Bryn Owen", "bryn@example.com", language="cy")
    db.session.commit()
    assert waiting.status == "waiting"
    bookings.cancel_booking(taken)
    db.session.commit()
    message = db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.template == "place_offered_contact", OutboxMessage.to_address == EMAIL))
    link = re.search(r"http://portal\.test(/\S+/bookings/offer/\S+)", message.body_text).group(1)
    booking_id = waiting.id
    # End the read so this test holds no SQLite lock while the server writes.
    db.session.rollback()
    return link, booking_id


def test_a_welsh_employer_registers_books_and_accepts_an_offer(page, tmp_path):
    sector, authority = factories.sector(), factories.authority("W06000002")
    _sign_up(page)
    _first_section(page, sector)

    # Leave half-way; sign-in brings the registration back, not "Your account".
    page.click('button:has-text("Allgofnodi")')
    page.wait_for_load_state()
    browser_sign_in(page, EMAIL, factories.PASSWORD, lang="cy")
    assert page.url.endswith("/cy/register/tasks")
    assert "Ar y gweill" not in page.locator(".govuk-task-list__item >> nth=0").inner_text()
    _clean(page)
    _remaining_sections(page, authority)

    # Staff's eligibility decision is not part of this journey.
    db.session.expire_all()
    contact = db.session.scalar(select(User).where(User.email == EMAIL))
    organisation = db.session.get(Organisation, contact.organisation_id)
    organisation.eligibility_status = EligibilityStatus.VERIFIED
    db.session.commit()

    _change_language_preferences(page)
    db.session.expire_all()
    organisation = db.session.get(Organisation, organisation.id)
    assert (organisation.correspondence_language, organisation.support_language) == ("cy", "cy")
    course = _course()
    db.session.rollback()

    _book_three(page, course)
    _calendar(page, tmp_path)

    link, booking_id = _waiting_list_offer(organisation, contact)
    assert link.startswith("/cy/bookings/offer/")
    page.goto(link)
    assert page.locator("h1").inner_text() == "Derbyn y lle ar gyfer Bryn Owen"
    _clean(page)
    page.click("main form button:has-text('Derbyn y lle')")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Mae'r lle wedi'i gadarnhau"
    _clean(page)
    db.session.expire_all()
    assert db.session.get(Booking, booking_id).status == "confirmed"
    db.session.rollback()

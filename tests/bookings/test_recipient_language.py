"""What staff write to attendees goes in each person's language (issue 13 part 7)."""

from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.bookings.models import Booking
from portal.email.models import OutboxMessage
from portal.events.models import Event
from portal.extensions import db
from portal.security import Role
from tests import factories
from tests.helpers import Page

WELSH = "Mae'r hyfforddwr yn sâl heddiw"
ENGLISH = "The trainer is ill today"


def _messages(template):
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == template).order_by(OutboxMessage.id)
    ).all()


def _mixed_event():
    """An event with a Welsh-speaking attendee (Welsh organisation) and an English one (who chose English)."""
    event = factories.make_event()
    welsh_org = factories.make_organisation(correspondence_language="cy")
    english_org = factories.make_organisation(correspondence_language="cy")
    # Contacts who did not book the places are copied, in their organisation's language.
    factories.make_user(Role.EMPLOYER, organisation=welsh_org, email="cyswllt@example.com")
    factories.make_booking(event, welsh_org, name="Siân", email="sian@example.com")
    factories.make_booking(event, english_org, name="Ann", email="ann@example.com", language="en", status="waiting")
    return event


def test_a_mixed_language_cancellation_asks_for_both_and_sends_each_person_theirs(sign_in):
    event = _mixed_event()
    client = sign_in(factories.make_user(Role.STAFF))
    url = f"/en/staff/events/{event.id}/cancel"
    page = client.page(url)
    assert page.field_value("reason_cy") == ""
    assert page.field_value("reason_en") == ""
    assert "Some of the people told chose Welsh" in page.text(".app-recipient-languages")
    assert [label.get_text(strip=True) for label in page.soup.select("main form label")] == [
        "Reason in Welsh (everyone affected is told this)",
        "Reason in English (everyone affected is told this)",
    ]
    assert page.soup.select_one("textarea[name=reason_cy]")["lang"] == "cy"

    # Only one version: nothing is cancelled, the missing one is named, and what was typed stays.
    refused = Page(client.submit(url, {"reason_en": ENGLISH}))
    assert refused.error_summary() == ["Enter the reason in Welsh"]
    assert refused.field_value("reason_en") == ENGLISH
    assert db.session.get(Event, event.id).cancelled is False
    assert not _messages("event_cancelled")

    assert client.submit(url, {"reason_cy": WELSH, "reason_en": ENGLISH}).status_code == 302
    by_person = {m.to_address: m for m in _messages("event_cancelled")}
    assert set(by_person) == {"sian@example.com", "ann@example.com"}
    assert by_person["sian@example.com"].language == "cy"
    assert WELSH in by_person["sian@example.com"].body_text
    assert ENGLISH not in by_person["sian@example.com"].body_text
    assert by_person["ann@example.com"].language == "en"
    assert ENGLISH in by_person["ann@example.com"].body_text
    assert WELSH not in by_person["ann@example.com"].body_text
    [copy] = _messages("booking_copy")
    assert copy.to_address == "cyswllt@example.com"
    assert WELSH in copy.body_text
    assert ENGLISH not in copy.body_text

    # Each booking keeps what its attendee was told; the event page shows the page's language.
    reasons = {b.email: b.cancel_reason for b in db.session.scalars(select(Booking))}
    assert reasons == {"sian@example.com": WELSH, "ann@example.com": ENGLISH}
    assert ENGLISH in client.page(f"/en/staff/events/{event.id}").text()
    assert WELSH in client.page(f"/cy/staff/events/{event.id}").text()
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "event.cancelled"))
    assert audit.details["reason"] == ENGLISH
    assert audit.details["reason_cy"] == WELSH


def test_when_everyone_reads_welsh_only_the_welsh_reason_is_asked_for(sign_in):
    event = factories.make_event()
    factories.make_booking(event, factories.make_organisation(correspondence_language="cy"))
    client = sign_in(factories.make_user(Role.STAFF), lang="cy")
    url = f"/cy/staff/events/{event.id}/cancel"
    page = client.page(url)
    assert page.soup.select_one("textarea[name=reason_en]") is None
    assert page.soup.select_one("textarea[name=reason_cy]") is not None
    # A version nobody asked for (a tampered form) is neither checked nor sent.
    assert client.submit(url, {"reason_cy": WELSH, "reason_en": "x" * 5000}).status_code == 302
    [message] = _messages("event_cancelled")
    assert WELSH in message.body_text
    assert "xxxx" not in message.body_text


def test_cancelling_one_place_asks_in_the_attendees_and_contacts_languages(sign_in):
    event = factories.make_event()
    organisation = factories.make_organisation(correspondence_language="en")
    factories.make_user(Role.EMPLOYER, organisation=organisation, email="boss@example.com")
    booking = factories.make_booking(event, organisation, email="gwyn@example.com", language="cy")
    client = sign_in(factories.make_user(Role.STAFF))
    url = f"/en/bookings/staff/{booking.id}/cancel"
    assert Page(client.submit(url, {"reason_cy": WELSH})).error_summary() == ["Enter the reason in English"]
    assert client.submit(url, {"reason_cy": WELSH, "reason_en": ENGLISH}).status_code == 302
    [attendee] = _messages("booking_cancelled")
    assert attendee.language == "cy"
    assert WELSH in attendee.body_text
    assert ENGLISH not in attendee.body_text
    [copy] = _messages("booking_copy")
    assert copy.language == "en"
    assert ENGLISH in copy.body_text
    assert WELSH not in copy.body_text
    assert db.session.get(Booking, booking.id).cancel_reason == WELSH

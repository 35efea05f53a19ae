"""The employer contact hears what only they can act on: offers with a single-use link, and copies."""

import re
from datetime import timedelta

from sqlalchemy import select

from portal.bookings import services
from portal.bookings.models import Booking
from portal.eligibility.tiers import EligibilityStatus
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.helpers import Page


def _messages(template):
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == template).order_by(OutboxMessage.id)
    ).all()


def _path(message):
    return re.search(r"http://portal\.test(/\S+/bookings/offer/\S+)", message.body_text).group(1)


def _contact(lang="cy"):
    organisation = factories.make_organisation(eligibility_status=EligibilityStatus.VERIFIED,
                                               correspondence_language=lang)
    return factories.make_user(Role.EMPLOYER, organisation=organisation, full_name="Ffion Rees",
                               email="ffion@example.com")


def _book(event, contact, name):
    booking = services.book_place(event.id, contact.organisation, contact, name, f"{name.lower()}@example.com")
    db.session.commit()
    return booking


def _offer(lang="cy"):
    """A full event where Bryn, waiting, is offered the place Ana gave up."""
    event = factories.make_event(capacity=1)
    contact = _contact(lang)
    ana = _book(event, contact, "Ana")
    bryn = _book(event, contact, "Bryn")
    services.cancel_booking(ana)
    db.session.commit()
    return event, contact, bryn


def test_the_offer_reaches_the_attendee_and_the_contact_with_the_same_link():
    _event, contact, bryn = _offer()
    [to_attendee] = _messages("place_offered")
    [to_contact] = _messages("place_offered_contact")
    assert to_attendee.to_address == "bryn@example.com"
    assert to_contact.to_address == contact.email
    assert to_attendee.language == to_contact.language == "cy"
    assert "Bryn" in to_contact.subject
    assert _path(to_attendee) == _path(to_contact)
    assert _path(to_attendee).startswith("/cy/bookings/offer/")
    db.session.refresh(bryn)
    # Only the hash is kept.
    assert bryn.offer_token_hash is not None
    assert _path(to_attendee).rsplit("/", 1)[1] != bryn.offer_token_hash


def test_opening_the_link_does_not_accept_the_button_does_once(client):
    _event, _contact_user, bryn = _offer()
    path = _path(_messages("place_offered")[0])
    page = client.page(path)
    assert page.h1 == "Derbyn y lle ar gyfer Bryn"
    db.session.refresh(bryn)
    assert bryn.status == "offered"
    response = client.submit(path, {})
    assert response.status_code == 200
    assert Page(response).h1 == "Mae'r lle wedi'i gadarnhau"
    db.session.expire_all()
    assert db.session.get(Booking, bryn.id).status == "confirmed"
    assert db.session.get(Booking, bryn.id).offer_token_hash is None
    # The confirmation goes to the attendee with a calendar, and a copy to the contact.
    [confirmation] = [m for m in _messages("booking_confirmed") if m.to_address == "bryn@example.com"]
    assert confirmation.attachments
    assert any("Bryn" in m.subject for m in _messages("booking_copy"))
    # The link works once.
    assert client.get(path).status_code == 410
    assert client.post(path, data={}).status_code in (400, 410)


def test_an_offer_accepted_after_its_hold_is_refused_and_passes_on(client):
    event, contact, bryn = _offer("en")
    cai = _book(event, contact, "Cai")
    path = _path(_messages("place_offered")[0])
    token = client.csrf_token(path)
    booking = db.session.get(Booking, bryn.id)
    booking.offer_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = client.post(path, data={"csrf_token": token})
    assert response.status_code == 410
    assert "not accepted in time" in Page(response).text()
    db.session.expire_all()
    assert db.session.get(Booking, bryn.id).status == "offer_expired"
    assert db.session.get(Booking, cai.id).status == "offered"


def test_a_made_up_link_is_refused_in_welsh(client):
    response = client.get("/cy/bookings/offer/not-a-real-token")
    assert response.status_code == 410
    assert Page(response).h1 == "Nid yw'r ddolen hon yn gweithio mwyach"


def test_copies_of_confirmations_and_cancellations_reach_the_contact():
    event = factories.make_event(capacity=5)
    contact = _contact("en")
    ana = _book(event, contact, "Ana")
    [copy] = _messages("booking_copy")
    assert copy.to_address == contact.email
    assert copy.subject.startswith("Copy: place confirmed for Ana")
    assert "ana@example.com" in copy.body_text
    services.cancel_booking(ana)
    db.session.commit()
    cancelled = _messages("booking_copy")[-1]
    assert cancelled.subject.startswith("Copy: booking cancelled for Ana")
    services.cancel_event(event, "The trainer is ill")
    db.session.commit()


def test_no_copy_when_the_contact_books_themselves():
    event = factories.make_event(capacity=5)
    contact = _contact("en")
    services.book_place(event.id, contact.organisation, contact, contact.full_name, contact.email)
    db.session.commit()
    assert not _messages("booking_copy")
    assert len(_messages("booking_confirmed")) == 1


def test_event_cancellation_copies_go_in_the_organisations_language():
    event = factories.make_event(capacity=5)
    contact = _contact("cy")
    _book(event, contact, "Ana")
    services.cancel_event(event, "Mae'r hyfforddwr yn sâl")
    db.session.commit()
    copy = _messages("booking_copy")[-1]
    assert copy.language == "cy"
    assert copy.subject.startswith("Copi: digwyddiad wedi'i ganslo")
    assert "Mae'r hyfforddwr yn sâl" in copy.body_text

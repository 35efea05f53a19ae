"""The waiting list: offering freed places in turn, offers that lapse and offers accepted."""

import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from portal.bookings.models import Booking, BookingStatus
from portal.bookings.places import (
    BookingRefused,
    booking_contacts,
    booking_language,
    contact_language,
    lock_event,
    notify,
    release_place,
    reload_booking,
)
from portal.email.services import external_url, queue_email
from portal.events.models import EventStatus
from portal.extensions import db
from portal.timeutil import utcnow
from portal.tokens import hash_token


def waiting_list(event):
    """Everyone waiting for ``event``, first come first."""
    return db.session.scalars(
        select(Booking).where(Booking.event_id == event.id, Booking.status == BookingStatus.WAITING)
        .order_by(Booking.sequence)
    ).all()


def offer_next(event, now=None):
    """Offer free places to the next people waiting (event row already locked). Returns the offers."""
    now = now or utcnow()
    offers = []
    if event.status != EventStatus.SCHEDULED or now >= event.starts_at:
        return offers
    hold = timedelta(hours=current_app.config.get("OFFER_HOLD_HOURS", 48))
    while event.places_taken < event.capacity:
        booking = db.session.scalar(
            select(Booking).where(Booking.event_id == event.id, Booking.status == BookingStatus.WAITING)
            .order_by(Booking.sequence).limit(1)
        )
        if booking is None:
            break
        booking.status = BookingStatus.OFFERED
        booking.offer_expires_at = min(now + hold, event.starts_at)
        event.places_taken += 1
        _send_offer(booking)
        offers.append(booking)
    return offers


def _send_offer(booking):
    """Tell the attendee and the employer contact, each with the same single-use link to accept."""
    token = secrets.token_urlsafe(32)
    booking.offer_token_hash = hash_token(token)
    notify(booking, "place_offered",
           accept_url=external_url("bookings.offer", booking_language(booking), token=token))
    lang = contact_language(booking)
    for contact in booking_contacts(booking):
        queue_email(contact.email, "place_offered_contact", lang, booking=booking, event=booking.event,
                    contact_name=contact.full_name, accept_url=external_url("bookings.offer", lang, token=token),
                    bookings_url=external_url("bookings.your_bookings", lang))
    return token


def offer_for_token(token):
    """The booking whose offer link is ``token`` while the link is unused, or None."""
    if not token:
        return None
    return db.session.scalar(select(Booking).where(Booking.offer_token_hash == hash_token(token)))


def expire_offer(booking, event, now):
    """An unaccepted offer lapses and the place passes on."""
    release_place(booking, event, BookingStatus.OFFER_EXPIRED, now)
    notify(booking, "offer_expired")
    offer_next(event, now)


def expire_offers(now=None):
    """Lapse every offer whose hold has run out and offer the places on. Returns how many lapsed."""
    now = now or utcnow()
    event_ids = db.session.scalars(
        select(Booking.event_id)
        .where(Booking.status == BookingStatus.OFFERED, Booking.offer_expires_at <= now).distinct()
    ).all()
    lapsed = 0
    # Events are locked in id order so two runs at once cannot deadlock.
    for event_id in sorted(set(event_ids)):
        lapsed += expire_event_offers(lock_event(event_id), now)
    return lapsed


def expire_event_offers(event, now):
    """Lapse this event's offers whose hold has run out (event row already locked)."""
    expired = db.session.scalars(
        select(Booking).where(Booking.event_id == event.id, Booking.status == BookingStatus.OFFERED,
                              Booking.offer_expires_at <= now)
        .order_by(Booking.sequence).execution_options(populate_existing=True)
    ).all()
    for booking in expired:
        expire_offer(booking, event, now)
    return len(expired)


def accept_offer(booking, now=None):
    """Take up an offered place. Refused (and passed on) once the hold has run out."""
    now = now or utcnow()
    event = lock_event(booking.event_id)
    booking = reload_booking(booking)
    if booking.status != BookingStatus.OFFERED:
        raise BookingRefused("not_offered")
    if now >= booking.offer_expires_at:
        expire_offer(booking, event, now)
        raise BookingRefused("offer_expired")
    booking.status = BookingStatus.CONFIRMED
    booking.offer_expires_at = None
    booking.offer_token_hash = None
    notify(booking, "booking_confirmed", attach_calendar=True, copy_contact=True)
    return booking

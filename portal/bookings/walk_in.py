"""A walk-in: someone staff add to the register on the day, who came without a booking.

The place is recorded as a confirmed booking made by staff and marked attended
by :func:`attendance.mark_attendance`, so the date rule for marks applies
(nothing before the event's last session has started) and the intervention is
counted exactly as for a booked attendee. The eligibility decision applies as
for a booking; the booking deadline and the waiting list do not (they are
about places held in advance), and a full event does not turn away someone
who is already in the room: they take a place all the same.
"""

import secrets

from sqlalchemy import select

from portal.audit.services import record
from portal.bookings.attendance import attendance_opens_at, mark_attendance
from portal.bookings.models import ACTIVE, Attendance, Booking, BookingStatus
from portal.bookings.places import BookingRefused, booking_contacts, contact_language, lock_event
from portal.eligibility.services import may_have
from portal.email.addresses import normalise_email
from portal.email.services import external_url, queue_email
from portal.events.models import EventStatus
from portal.extensions import db
from portal.timeutil import utcnow


def walk_in_opens_at(event):
    """When a walk-in may first be added: when attendance may first be marked."""
    return attendance_opens_at(event)


def add_walk_in(event_id, organisation, staff, name, email, language=None, now=None):
    """Add ``name`` from ``organisation`` as attended on the event; the employer contacts are told.

    Raises :class:`BookingRefused`: ``cancelled``, ``not_started`` (before the
    last session starts), ``evidence`` (the eligibility decision refuses this
    kind of event) or ``duplicate`` (they already hold a booking: mark it on
    the register instead).
    """
    now = now or utcnow()
    event = lock_event(event_id)
    if event.status != EventStatus.SCHEDULED:
        raise BookingRefused("cancelled")
    if now < walk_in_opens_at(event):
        raise BookingRefused("not_started")
    if not may_have(organisation, event.kind).allowed:
        raise BookingRefused("evidence")
    taken = db.session.scalars(
        select(Booking.email).where(Booking.event_id == event.id, Booking.status.in_(ACTIVE))
    ).all()
    if normalise_email(email) in {normalise_email(e) for e in taken}:
        raise BookingRefused("duplicate")
    event.booking_sequence += 1
    event.places_taken += 1
    booking = Booking(
        event=event,
        organisation=organisation,
        booked_by=staff,
        name=name,
        email=email,
        language=language if language in ("cy", "en") else None,
        status=BookingStatus.CONFIRMED,
        sequence=event.booking_sequence,
        feedback_token=secrets.token_urlsafe(32),
        created_at=now,
    )
    db.session.add(booking)
    db.session.flush()
    record("booking.walk_in", booking, actor=staff, organisation_id=organisation.id)
    mark_attendance(booking, Attendance.ATTENDED, now=now)
    _tell_contacts(booking)
    return booking


def _tell_contacts(booking):
    """The employer contacts hear, in their correspondence language, that staff added their colleague."""
    lang = contact_language(booking)
    for contact in booking_contacts(booking):
        queue_email(
            contact.email,
            "booking_copy",
            lang,
            booking=booking,
            event=booking.event,
            kind="walk_in",
            contact_name=contact.full_name,
            bookings_url=external_url("bookings.your_bookings", lang),
        )

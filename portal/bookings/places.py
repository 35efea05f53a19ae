"""What every booking rule stands on: the refusal, the event lock, reloading and telling the attendee."""


from flask import abort
from sqlalchemy import select, update

from portal.bookings.models import HOLDING, Booking, BookingStatus
from portal.email.services import external_url, queue_email, recipient_language
from portal.events.models import Event
from portal.events.services import calendar_file
from portal.extensions import db


class BookingRefused(Exception):
    """A booking action the rules do not allow; ``reason`` names which rule."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def lock_event(event_id):
    """Lock the event row for the rest of the transaction and return it, freshly read."""
    if db.session.get_bind().dialect.name == "sqlite":
        # Writers wait their turn rather than fail while another booking commits.
        db.session.connection().exec_driver_sql("PRAGMA busy_timeout = 30000")
        # No session synchronisation: it could read the row before the write takes the lock.
        db.session.execute(
            update(Event).where(Event.id == event_id).values(booking_sequence=Event.booking_sequence)
            .execution_options(synchronize_session=False)
        )
        query = select(Event).where(Event.id == event_id)
    else:
        query = select(Event).where(Event.id == event_id).with_for_update()
    event = db.session.scalar(query.execution_options(populate_existing=True))
    if event is None:
        abort(404)
    return event


def booking_language(booking):
    """The language to write to an attendee in (they have no account: the booking organisation's)."""
    return recipient_language(organisation=booking.organisation)


def calendar_attachment(event, lang):
    """The event's calendar file in ``lang``, as an e-mail attachment."""
    return [{"filename": "event.ics", "content_type": "text/calendar", "content": calendar_file(event, lang)}]


def notify(booking, template, attach_calendar=False, **context):
    """E-mail the attendee of ``booking`` with ``template``, optionally with the calendar file."""
    lang = booking_language(booking)
    attachments = calendar_attachment(booking.event, lang) if attach_calendar else None
    queue_email(
        booking.email, template, lang, attachments=attachments, booking=booking, event=booking.event,
        bookings_url=external_url("bookings.your_bookings", lang), **context,
    )


def reload_booking(booking):
    """``booking`` read again from the database (after the event row was locked)."""
    return db.session.scalar(
        select(Booking).where(Booking.id == booking.id).execution_options(populate_existing=True)
    )


def release_place(booking, event, status, now):
    """Give up ``booking``'s place (if it held one) and set its new ``status``."""
    if booking.status in HOLDING:
        event.places_taken -= 1
    booking.status = status
    if status == BookingStatus.CANCELLED:
        booking.cancelled_at = now

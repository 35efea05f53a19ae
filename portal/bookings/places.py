"""What every booking rule stands on: the refusal, the event lock, reloading and telling the attendee."""

from types import SimpleNamespace

from flask import abort
from sqlalchemy import select, update

from portal.accounts.models import User
from portal.bookings.models import HOLDING, Booking, BookingStatus
from portal.email.addresses import same_email
from portal.email.services import external_url, queue_email, recipient_language
from portal.events.models import Event
from portal.events.services import calendar_file
from portal.extensions import db
from portal.i18n import text_for
from portal.security import Role


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
            update(Event)
            .where(Event.id == event_id)
            .values(booking_sequence=Event.booking_sequence)
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
    """The language to write to an attendee in: the one given when booking them, else the organisation's."""
    return recipient_language(SimpleNamespace(language=booking.language), organisation=booking.organisation)


def contact_language(booking):
    """The language of the booking organisation's correspondence, for its employer contacts."""
    return recipient_language(organisation=booking.organisation)


def recipient_languages(bookings):
    """The languages the people told about ``bookings`` read: each attendee's, and their contacts'.

    Contacts are copied in the organisation's correspondence language whenever the
    organisation has an employer contact other than the attendee (as :func:`notify`
    does), so those languages count too.
    """
    languages = set()
    for booking in bookings:
        languages.add(booking_language(booking))
        if booking_contacts(booking):
            languages.add(contact_language(booking))
    return languages


def calendar_attachment(event, lang, joining=False):
    """The event's calendar file in ``lang``, as an e-mail attachment (with the joining details if ``joining``)."""
    return [
        {
            "filename": "event.ics",
            "content_type": "text/calendar",
            "content": calendar_file(event, lang, joining=joining),
        }
    ]


def booking_contacts(booking):
    """The employer contacts to copy on ``booking``'s news: who booked it, else every contact.

    Nobody is copied on their own booking: the attendee's e-mail already reaches them.
    """
    booker = booking.booked_by
    if (
        booker is not None
        and booker.active
        and booker.role == Role.EMPLOYER
        and booker.organisation_id == booking.organisation_id
    ):
        people = [booker]
    else:
        people = db.session.scalars(
            select(User)
            .where(User.organisation_id == booking.organisation_id, User.role == Role.EMPLOYER, User.active.is_(True))
            .order_by(User.id)
        ).all()
    return [person for person in people if not same_email(person.email, booking.email)]


def notify(booking, template, attach_calendar=False, copy_contact=False, texts=None, **context):
    """E-mail the attendee of ``booking`` with ``template``, optionally with the calendar file.

    With ``copy_contact`` the employer contacts get a copy (``booking_copy``): they booked the
    place and are the ones who change or cancel it. ``texts`` holds what staff wrote, per
    language (``{"reason": {"cy": …, "en": …}}``): each message gets the version in its own
    language.
    """
    texts = texts or {}
    lang = booking_language(booking)
    context.update({name: text_for(versions, lang) for name, versions in texts.items()})
    attachments = None
    if attach_calendar:
        # Joining details belong to a confirmed place only (not one still being offered).
        attachments = calendar_attachment(booking.event, lang, joining=booking.status == BookingStatus.CONFIRMED)
    bookings_url = external_url("bookings.your_bookings", lang)
    queue_email(
        booking.email,
        template,
        lang,
        attachments=attachments,
        booking=booking,
        event=booking.event,
        bookings_url=bookings_url,
        **context,
    )
    if copy_contact:
        lang = contact_language(booking)
        context.update({name: text_for(versions, lang) for name, versions in texts.items()})
        for contact in booking_contacts(booking):
            queue_email(
                contact.email,
                "booking_copy",
                lang,
                booking=booking,
                event=booking.event,
                kind=template,
                contact_name=contact.full_name,
                bookings_url=external_url("bookings.your_bookings", lang),
                **context,
            )


def reload_booking(booking):
    """``booking`` read again from the database (after the event row was locked)."""
    return db.session.scalar(select(Booking).where(Booking.id == booking.id).execution_options(populate_existing=True))


def release_place(booking, event, status, now):
    """Give up ``booking``'s place (if it held one) and set its new ``status``."""
    if booking.status in HOLDING:
        event.places_taken -= 1
    booking.status = status
    # An offer's link stops working with the offer.
    booking.offer_token_hash = None
    if status == BookingStatus.CANCELLED:
        booking.cancelled_at = now

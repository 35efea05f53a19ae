"""Booking rules: capacity, the waiting list, offers, changes, attendance, reminders and feedback.

Every change to an event's places runs under a lock on the event row, taken
as the first write of the transaction: ``SELECT … FOR UPDATE`` on PostgreSQL,
and on SQLite a write to the event row (SQLite then holds the database write
lock until commit, so writers queue). The place is confirmed only if the
count read under that lock leaves room, so capacity is never exceeded and
``booking_sequence`` records the order in which requests committed.

This module books, changes and cancels places; the rest lives beside it:
``places`` (the lock, refusals, e-mails), ``waiting_list`` (offers),
``attendance`` (the staff register) and ``feedback`` (reminders and
feedback). Their public names are re-exported here (``import x as x``) for
the routes, the commands and the tests.
"""

import secrets

from flask import abort
from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from portal.audit.services import record
from portal.bookings.attendance import CORRECTED_MARKS as CORRECTED_MARKS
from portal.bookings.attendance import attendance_history as attendance_history
from portal.bookings.attendance import attendees_csv as attendees_csv
from portal.bookings.attendance import attendees_xlsx as attendees_xlsx
from portal.bookings.attendance import correct_attendance as correct_attendance
from portal.bookings.attendance import event_bookings as event_bookings
from portal.bookings.attendance import get_staff_booking as get_staff_booking
from portal.bookings.attendance import mark_attendance as mark_attendance
from portal.bookings.feedback import booking_for_feedback as booking_for_feedback
from portal.bookings.feedback import event_feedback_comments as event_feedback_comments
from portal.bookings.feedback import feedback_summary as feedback_summary
from portal.bookings.feedback import has_feedback as has_feedback
from portal.bookings.feedback import save_feedback as save_feedback
from portal.bookings.feedback import send_feedback_requests as send_feedback_requests
from portal.bookings.feedback import send_reminders as send_reminders
from portal.bookings.models import ACTIVE, HOLDING, Booking, BookingStatus
from portal.bookings.places import (
    BookingRefused,
    booking_language,
    lock_event,
    notify,
    recipient_languages,
    release_place,
    reload_booking,
)
from portal.bookings.waiting_list import accept_offer as accept_offer
from portal.bookings.waiting_list import expire_event_offers, offer_next
from portal.bookings.waiting_list import expire_offer as expire_offer
from portal.bookings.waiting_list import expire_offers as expire_offers
from portal.bookings.waiting_list import offer_for_token as offer_for_token
from portal.bookings.waiting_list import waiting_list as waiting_list
from portal.eligibility.services import may_have
from portal.email.addresses import email_matches, normalise_email, same_email
from portal.email.services import queue_email
from portal.events.models import Event, EventStatus
from portal.events.services import calendar_file, mark_cancelled, reason_details
from portal.extensions import db
from portal.i18n import as_texts, text_for
from portal.scoping import organisation_scope
from portal.security import Role
from portal.timeutil import utcnow

PER_PAGE = 20


def refusal_before_booking(event, organisation, now=None):
    """Why ``organisation`` cannot book ``event`` now, or None if it can."""
    now = now or utcnow()
    if event.status != EventStatus.SCHEDULED:
        return "cancelled"
    if now >= event.booking_deadline:
        return "deadline"
    if not may_have(organisation, event.kind).allowed:
        return "evidence"
    return None


def organisation_bookings(event, organisation):
    """This organisation's bookings on ``event`` (never another organisation's)."""
    return db.session.scalars(
        select(Booking)
        .where(Booking.event_id == event.id, Booking.organisation_id == organisation.id)
        .options(joinedload(Booking.booked_by)).order_by(Booking.sequence)
    ).all()


def book_place(event_id, organisation, booked_by, name, email, now=None, language=None):
    """Book ``name`` on the event: a confirmed place if one is left, else the waiting list.

    ``language`` (cy or en) is the attendee's own, for their e-mails; without it
    they are written to in the organisation's correspondence language.
    """
    now = now or utcnow()
    event = lock_event(event_id)
    reason = refusal_before_booking(event, organisation, now)
    if reason:
        raise BookingRefused(reason)
    # Lapsed holds pass on here too, not only when the expire-offers command runs.
    expire_event_offers(event, now)
    active = (
        db.session.execute(
            select(Booking.email).where(
                Booking.event_id == event.id, Booking.organisation_id == organisation.id, Booking.status.in_(ACTIVE)
            )
        )
        .scalars()
        .all()
    )
    if len(active) >= event.per_organisation_limit:
        raise BookingRefused("limit")
    if normalise_email(email) in {normalise_email(e) for e in active}:
        raise BookingRefused("duplicate")
    event.booking_sequence += 1
    booking = Booking(
        event=event,
        organisation=organisation,
        booked_by=booked_by,
        name=name,
        email=email,
        language=language if language in ("cy", "en") else None,
        sequence=event.booking_sequence,
        feedback_token=secrets.token_urlsafe(32),
        created_at=utcnow(),
    )
    if event.places_taken < event.capacity:
        booking.status = BookingStatus.CONFIRMED
        event.places_taken += 1
    else:
        booking.status = BookingStatus.WAITING
    db.session.add(booking)
    db.session.flush()
    if booking.status == BookingStatus.CONFIRMED:
        notify(booking, "booking_confirmed", attach_calendar=True, copy_contact=True)
    else:
        notify(booking, "booking_waiting", copy_contact=True, position=waiting_position(booking))
    return booking


class AttendeeRefused(BookingRefused):
    """One attendee of several could not be booked: ``number`` is their row in the form."""

    def __init__(self, reason, number):
        super().__init__(reason)
        self.number = number


def book_places(event_id, organisation, booked_by, attendees, now=None):
    """Book several ``attendees`` ([(name, email, language)]) at once, in order: all of them or none.

    Raises :class:`AttendeeRefused` naming the first attendee the rules refuse;
    the caller rolls back, so nobody from the form is booked.
    """
    booked = []
    for number, (name, email, language) in enumerate(attendees, start=1):
        try:
            booked.append(book_place(event_id, organisation, booked_by, name, email, now=now, language=language))
        except BookingRefused as refused:
            raise AttendeeRefused(refused.reason, number) from None
    return booked


def waiting_position(booking):
    """``booking``'s place in its event's waiting list (1 is next), or None if it is not waiting."""
    return waiting_positions([booking]).get(booking.id)


def waiting_positions(bookings):
    """{booking id: place in the waiting list} for those of ``bookings`` waiting: one query for them all."""
    event_ids = {b.event_id for b in bookings if b.status == BookingStatus.WAITING}
    if not event_ids:
        return {}
    ranked = (
        select(
            Booking.id, func.row_number().over(partition_by=Booking.event_id, order_by=Booking.sequence).label("place")
        )
        .where(Booking.event_id.in_(event_ids), Booking.status == BookingStatus.WAITING)
        .subquery()
    )
    wanted = {b.id for b in bookings}
    return {
        booking_id: place
        for booking_id, place in db.session.execute(select(ranked.c.id, ranked.c.place))
        if booking_id in wanted
    }


def get_organisation_booking(organisation, booking_id):
    """A booking of ``organisation``, or 404 (another organisation's booking is not found)."""
    booking = db.session.scalar(
        select(Booking)
        .where(Booking.id == booking_id, Booking.organisation_id == organisation.id)
        .options(joinedload(Booking.event))
    )
    if booking is None:
        abort(404)
    return booking


def cancel_booking(booking, reason=None, by_staff=False, now=None):
    """Cancel one attendee's place (or waiting-list entry) and offer any freed place on."""
    now = now or utcnow()
    event = lock_event(booking.event_id)
    booking = reload_booking(booking)
    if booking.status not in ACTIVE:
        raise BookingRefused("not_active")
    if not by_staff and now >= event.booking_deadline:
        raise BookingRefused("deadline")
    release_place(booking, event, BookingStatus.CANCELLED, now)
    reasons = as_texts(reason)
    # The booking keeps the version its attendee was sent.
    booking.cancel_reason = text_for(reasons, booking_language(booking)) or None
    notify(booking, "booking_cancelled", copy_contact=True, by_staff=by_staff, texts={"reason": reasons})
    offer_next(event, now)
    if by_staff:
        record("booking.cancelled", booking, **reason_details(reasons))
    return booking


def event_changed(event, now=None):
    """Tell everyone holding a place that the event's times or place changed, with a new calendar file."""
    holders = db.session.scalars(
        select(Booking)
        .where(Booking.event_id == event.id, Booking.status.in_(HOLDING))
        .options(joinedload(Booking.organisation))
        .order_by(Booking.sequence)
    ).all()
    for booking in holders:
        notify(booking, "event_changed", attach_calendar=True)
    return len(holders)


def change_attendee(booking, name, email, now=None):
    """Pass a place to a colleague before the deadline; both people are told."""
    now = now or utcnow()
    event = lock_event(booking.event_id)
    booking = reload_booking(booking)
    if booking.status not in ACTIVE:
        raise BookingRefused("not_active")
    if now >= event.booking_deadline:
        raise BookingRefused("deadline")
    taken = db.session.scalar(
        select(func.count(Booking.id)).where(
            Booking.event_id == event.id,
            Booking.organisation_id == booking.organisation_id,
            Booking.status.in_(ACTIVE),
            email_matches(Booking.email, email),
            Booking.id != booking.id,
        )
    )
    if taken:
        raise BookingRefused("duplicate")
    previous_name, previous_email = booking.name, booking.email
    if not same_email(previous_email, email):
        queue_email(
            previous_email,
            "place_passed_on",
            booking_language(booking),
            booking=booking,
            event=event,
            previous_name=previous_name,
        )
    booking.name, booking.email = name, email
    if booking.status == BookingStatus.CONFIRMED:
        notify(booking, "booking_confirmed", attach_calendar=True)
    return booking


def people_told(event):
    """The bookings (places and waiting list) whose people are told when ``event`` is cancelled."""
    return db.session.scalars(
        select(Booking)
        .where(Booking.event_id == event.id, Booking.status.in_(ACTIVE))
        .options(joinedload(Booking.organisation), joinedload(Booking.booked_by))
        .order_by(Booking.sequence)
    ).all()


def cancellation_languages(event):
    """The languages staff write an event's cancellation reason in: those of everyone told."""
    return recipient_languages(people_told(event))


def booking_languages(booking):
    """The languages of the people told when staff cancel ``booking``: the attendee's and the contacts'."""
    return recipient_languages([booking])


def cancel_event(event, reason, now=None):
    """Staff cancel the whole event; everyone booked or waiting is told why, in their language.

    ``reason`` is ``{lang: text}`` (one text is taken as meant for everyone): each
    attendee and contact gets the version in their own language.
    """
    now = now or utcnow()
    event = lock_event(event.id)
    bookings = people_told(event)
    reasons = as_texts(reason)
    mark_cancelled(event, reasons)
    for booking in bookings:
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        booking.cancel_reason = text_for(reasons, booking_language(booking))
        booking.offer_token_hash = None
        notify(booking, "event_cancelled", copy_contact=True, texts={"reason": reasons})
    event.places_taken = 0
    return len(bookings)


def organisation_booking_pages(organisation, page=1, past_page=1, per_page=PER_PAGE, now=None):
    """The organisation's upcoming bookings (active, event not over) and past ones, a page of each."""
    now = now or utcnow()
    base = select(Booking).join(Event, Booking.event_id == Event.id).where(Booking.organisation_id == organisation.id)
    upcoming_filter = and_(Event.ends_at >= now, Booking.status.in_(ACTIVE), Event.status == EventStatus.SCHEDULED)
    upcoming_total = db.session.scalar(select(func.count()).select_from(base.where(upcoming_filter).subquery()))
    upcoming = db.session.scalars(
        base.where(upcoming_filter).options(joinedload(Booking.event), joinedload(Booking.booked_by))
        .order_by(Event.starts_at, Booking.sequence).limit(per_page).offset((page - 1) * per_page)
    ).all()
    past_filter = ~upcoming_filter
    past_total = db.session.scalar(select(func.count()).select_from(base.where(past_filter).subquery()))
    past = db.session.scalars(
        base.where(past_filter).options(joinedload(Booking.event), joinedload(Booking.booked_by))
        .order_by(Event.starts_at.desc(), Booking.sequence).limit(per_page).offset((past_page - 1) * per_page)
    ).all()
    return upcoming, upcoming_total, past, past_total


def booking_calendar(booking):
    """The booking's calendar file; the joining details only while the place is confirmed."""
    return calendar_file(
        booking.event,
        booking_language(booking),
        uid_prefix=f"booking-{booking.id}",
        joining=booking.status == BookingStatus.CONFIRMED,
    )


def is_booked(user, event):
    """True if ``user`` may see the joining details: staff, or holding a confirmed place."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    conditions = [Booking.event_id == event.id, Booking.status == BookingStatus.CONFIRMED]
    if user.role == Role.EMPLOYER:
        conditions.append(organisation_scope(user, Booking.organisation_id))
    else:
        conditions.append(email_matches(Booking.email, user.email))
    return db.session.scalar(select(Booking.id).where(*conditions).limit(1)) is not None

"""Reminders before an event and feedback after it."""

from datetime import timedelta

from flask import abort, current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.bookings.models import Attendance, Booking, BookingStatus, Feedback
from portal.bookings.places import booking_language, notify
from portal.email.services import external_url, queue_email
from portal.events.models import Event, EventStatus
from portal.extensions import db
from portal.timeutil import utcnow


def send_reminders(days_before=None, now=None):
    """Queue one reminder per confirmed attendee of events starting within ``days_before`` days.

    Each booking is marked when its reminder is queued, so running this again
    queues nothing new for it.
    """
    now = now or utcnow()
    if days_before is None:
        days_before = current_app.config.get("REMINDER_DAYS_BEFORE", 2)
    bookings = db.session.scalars(
        select(Booking).join(Event, Booking.event_id == Event.id)
        .where(Booking.status == BookingStatus.CONFIRMED, Booking.reminder_sent_at.is_(None),
               Event.status == EventStatus.SCHEDULED,
               Event.starts_at > now, Event.starts_at <= now + timedelta(days=days_before))
        .options(joinedload(Booking.organisation), joinedload(Booking.event))
        .with_for_update(of=Booking, skip_locked=True)
    ).unique().all()
    for booking in bookings:
        notify(booking, "booking_reminder", attach_calendar=True)
        booking.reminder_sent_at = now
    return len(bookings)


def send_feedback_requests(now=None):
    """Ask everyone with a confirmed place on an event that has ended for feedback, once."""
    now = now or utcnow()
    bookings = db.session.scalars(
        select(Booking).join(Event, Booking.event_id == Event.id)
        .where(Booking.status == BookingStatus.CONFIRMED, Booking.feedback_requested_at.is_(None),
               Event.status == EventStatus.SCHEDULED, Event.ends_at <= now,
               func.coalesce(Booking.attendance, Attendance.ATTENDED) != Attendance.DID_NOT_ATTEND)
        .options(joinedload(Booking.organisation), joinedload(Booking.event))
        .with_for_update(of=Booking, skip_locked=True)
    ).unique().all()
    for booking in bookings:
        lang = booking_language(booking)
        queue_email(booking.email, "feedback_request", lang, booking=booking, event=booking.event,
                    feedback_url_cy=external_url("bookings.feedback", "cy", token=booking.feedback_token),
                    feedback_url_en=external_url("bookings.feedback", "en", token=booking.feedback_token))
        booking.feedback_requested_at = now
    return len(bookings)


def booking_for_feedback(token):
    booking = db.session.scalar(
        select(Booking).where(Booking.feedback_token == token).options(joinedload(Booking.event))
    )
    if booking is None or booking.status != BookingStatus.CONFIRMED:
        abort(404)
    return booking


def has_feedback(booking):
    return db.session.scalar(select(Feedback.id).where(Feedback.booking_id == booking.id)) is not None


def save_feedback(booking, rating, will_use, comments, lang):
    feedback = Feedback(booking_id=booking.id, event_id=booking.event_id, rating=rating, will_use=will_use,
                        comments=comments or "", language=lang)
    db.session.add(feedback)
    return feedback


def feedback_summary(event_ids=None):
    """{event_id or topic: {responses, average, will_use counts}} (``event_ids``: limit to those events)."""
    query = select(Event.id, Event.topic, Feedback.rating, Feedback.will_use).join(
        Feedback, Feedback.event_id == Event.id
    )
    if event_ids is not None:
        query = query.where(Event.id.in_(event_ids))
    by_event, by_topic = {}, {}
    for event_id, topic, rating, will_use in db.session.execute(query):
        for key, table in ((event_id, by_event), (topic, by_topic)):
            entry = table.setdefault(key, {"responses": 0, "total": 0, "yes": 0, "no": 0, "not_sure": 0})
            entry["responses"] += 1
            entry["total"] += rating
            entry[will_use] = entry.get(will_use, 0) + 1
    for table in (by_event, by_topic):
        for entry in table.values():
            entry["average"] = round(entry["total"] / entry["responses"], 1)
    return by_event, by_topic


def event_feedback_comments(event):
    return db.session.scalars(
        select(Feedback.comments).where(Feedback.event_id == event.id, Feedback.comments != "")
        .order_by(Feedback.created_at)
    ).all()

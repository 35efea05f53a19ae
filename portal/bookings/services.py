"""Booking rules: capacity, the waiting list, offers, changes, attendance, reminders and feedback.

Every change to an event's places runs under a lock on the event row, taken
as the first write of the transaction: ``SELECT … FOR UPDATE`` on PostgreSQL,
and on SQLite a write to the event row (SQLite then holds the database write
lock until commit, so writers queue). The place is confirmed only if the
count read under that lock leaves room, so capacity is never exceeded and
``booking_sequence`` records the order in which requests committed.
"""

import csv
import io
import secrets
from datetime import timedelta

from flask import abort, current_app
from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import joinedload

from portal.audit.services import record
from portal.bookings.models import (
    ACTIVE,
    ATTENDED,
    CANCELLED,
    CONFIRMED,
    DID_NOT_ATTEND,
    HOLDING,
    OFFER_EXPIRED,
    OFFERED,
    WAITING,
    Booking,
    Feedback,
)
from portal.champions.services import record_training_completion, withdraw_training_completion
from portal.eligibility.tiers import SupportKind, can_receive
from portal.email.services import external_url, queue_email
from portal.events.models import SCHEDULED, Event
from portal.events.services import calendar_file, mark_cancelled, staff_events_query
from portal.extensions import db
from portal.programme.models import Intervention, InterventionKind
from portal.programme.services import record_intervention, withdraw_intervention
from portal.security import in_scope
from portal.timeutil import utcnow

PER_PAGE = 20


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


def _lang(booking):
    return booking.organisation.correspondence_language or "en"


def _ics_attachment(event, lang):
    return [{"filename": "event.ics", "content_type": "text/calendar", "content": calendar_file(event, lang)}]


def _notify(booking, template, attach_calendar=False, **context):
    lang = _lang(booking)
    attachments = _ics_attachment(booking.event, lang) if attach_calendar else None
    queue_email(
        booking.email, template, lang, attachments=attachments, booking=booking, event=booking.event,
        bookings_url=external_url("bookings.your_bookings", lang), **context,
    )


def refusal_before_booking(event, organisation, now=None):
    """Why ``organisation`` cannot book ``event`` now, or None if it can."""
    now = now or utcnow()
    if event.status != SCHEDULED:
        return "cancelled"
    if now >= event.booking_deadline:
        return "deadline"
    if not can_receive(organisation, SupportKind(event.kind)):
        return "evidence"
    return None


def organisation_bookings(event, organisation):
    """This organisation's bookings on ``event`` (never another organisation's)."""
    return db.session.scalars(
        select(Booking)
        .where(Booking.event_id == event.id, Booking.organisation_id == organisation.id)
        .order_by(Booking.sequence)
    ).all()


def book_place(event_id, organisation, booked_by, name, email, now=None):
    """Book ``name`` on the event: a confirmed place if one is left, else the waiting list."""
    now = now or utcnow()
    event = lock_event(event_id)
    reason = refusal_before_booking(event, organisation, now)
    if reason:
        raise BookingRefused(reason)
    # Lapsed holds pass on here too, not only when the expire-offers command runs.
    expire_event_offers(event, now)
    active = db.session.execute(
        select(Booking.email).where(
            Booking.event_id == event.id, Booking.organisation_id == organisation.id, Booking.status.in_(ACTIVE)
        )
    ).scalars().all()
    if len(active) >= event.per_organisation_limit:
        raise BookingRefused("limit")
    if email.lower() in {e.lower() for e in active}:
        raise BookingRefused("duplicate")
    event.booking_sequence += 1
    booking = Booking(
        event=event, organisation=organisation, booked_by=booked_by, name=name, email=email,
        sequence=event.booking_sequence, feedback_token=secrets.token_urlsafe(32), created_at=utcnow(),
    )
    if event.places_taken < event.capacity:
        booking.status = CONFIRMED
        event.places_taken += 1
    else:
        booking.status = WAITING
    db.session.add(booking)
    db.session.flush()
    if booking.status == CONFIRMED:
        _notify(booking, "booking_confirmed", attach_calendar=True)
    else:
        _notify(booking, "booking_waiting")
    return booking


def waiting_list(event):
    """Everyone waiting for ``event``, first come first."""
    return db.session.scalars(
        select(Booking).where(Booking.event_id == event.id, Booking.status == WAITING).order_by(Booking.sequence)
    ).all()


def offer_next(event, now=None):
    """Offer free places to the next people waiting (event row already locked). Returns the offers."""
    now = now or utcnow()
    offers = []
    if event.status != SCHEDULED or now >= event.starts_at:
        return offers
    hold = timedelta(hours=current_app.config.get("OFFER_HOLD_HOURS", 48))
    while event.places_taken < event.capacity:
        booking = db.session.scalar(
            select(Booking).where(Booking.event_id == event.id, Booking.status == WAITING)
            .order_by(Booking.sequence).limit(1)
        )
        if booking is None:
            break
        booking.status = OFFERED
        booking.offer_expires_at = min(now + hold, event.starts_at)
        event.places_taken += 1
        _notify(booking, "place_offered")
        offers.append(booking)
    return offers


def _release(booking, event, status, now):
    if booking.status in HOLDING:
        event.places_taken -= 1
    booking.status = status
    if status == CANCELLED:
        booking.cancelled_at = now


def expire_offer(booking, event, now):
    """An unaccepted offer lapses and the place passes on."""
    _release(booking, event, OFFER_EXPIRED, now)
    _notify(booking, "offer_expired")
    offer_next(event, now)


def expire_offers(now=None):
    """Lapse every offer whose hold has run out and offer the places on. Returns how many lapsed."""
    now = now or utcnow()
    event_ids = db.session.scalars(
        select(Booking.event_id).where(Booking.status == OFFERED, Booking.offer_expires_at <= now).distinct()
    ).all()
    lapsed = 0
    # Events are locked in id order so two runs at once cannot deadlock.
    for event_id in sorted(set(event_ids)):
        lapsed += expire_event_offers(lock_event(event_id), now)
    return lapsed


def expire_event_offers(event, now):
    """Lapse this event's offers whose hold has run out (event row already locked)."""
    expired = db.session.scalars(
        select(Booking).where(Booking.event_id == event.id, Booking.status == OFFERED,
                              Booking.offer_expires_at <= now)
        .order_by(Booking.sequence).execution_options(populate_existing=True)
    ).all()
    for booking in expired:
        expire_offer(booking, event, now)
    return len(expired)


def get_organisation_booking(organisation, booking_id):
    """A booking of ``organisation``, or 404 (another organisation's booking is not found)."""
    booking = db.session.scalar(
        select(Booking).where(Booking.id == booking_id, Booking.organisation_id == organisation.id)
        .options(joinedload(Booking.event))
    )
    if booking is None:
        abort(404)
    return booking


def _reload(booking):
    return db.session.scalar(
        select(Booking).where(Booking.id == booking.id).execution_options(populate_existing=True)
    )


def accept_offer(booking, now=None):
    """Take up an offered place. Refused (and passed on) once the hold has run out."""
    now = now or utcnow()
    event = lock_event(booking.event_id)
    booking = _reload(booking)
    if booking.status != OFFERED:
        raise BookingRefused("not_offered")
    if now >= booking.offer_expires_at:
        expire_offer(booking, event, now)
        raise BookingRefused("offer_expired")
    booking.status = CONFIRMED
    booking.offer_expires_at = None
    _notify(booking, "booking_confirmed", attach_calendar=True)
    return booking


def cancel_booking(booking, reason=None, by_staff=False, now=None):
    """Cancel one attendee's place (or waiting-list entry) and offer any freed place on."""
    now = now or utcnow()
    event = lock_event(booking.event_id)
    booking = _reload(booking)
    if booking.status not in ACTIVE:
        raise BookingRefused("not_active")
    if not by_staff and now >= event.booking_deadline:
        raise BookingRefused("deadline")
    _release(booking, event, CANCELLED, now)
    booking.cancel_reason = reason
    _notify(booking, "booking_cancelled", by_staff=by_staff, reason=reason)
    offer_next(event, now)
    if by_staff:
        record("booking.cancelled", booking, reason=reason or "")
    return booking


def event_changed(event, now=None):
    """Tell everyone holding a place that the event's times or place changed, with a new calendar file."""
    holders = db.session.scalars(
        select(Booking).where(Booking.event_id == event.id, Booking.status.in_(HOLDING))
        .options(joinedload(Booking.organisation)).order_by(Booking.sequence)
    ).all()
    for booking in holders:
        _notify(booking, "event_changed", attach_calendar=True)
    return len(holders)


def change_attendee(booking, name, email, now=None):
    """Pass a place to a colleague before the deadline; both people are told."""
    now = now or utcnow()
    event = lock_event(booking.event_id)
    booking = _reload(booking)
    if booking.status not in ACTIVE:
        raise BookingRefused("not_active")
    if now >= event.booking_deadline:
        raise BookingRefused("deadline")
    taken = db.session.scalar(
        select(func.count(Booking.id)).where(
            Booking.event_id == event.id, Booking.organisation_id == booking.organisation_id,
            Booking.status.in_(ACTIVE), func.lower(Booking.email) == email.lower(), Booking.id != booking.id,
        )
    )
    if taken:
        raise BookingRefused("duplicate")
    previous_name, previous_email = booking.name, booking.email
    if previous_email.lower() != email.lower():
        queue_email(previous_email, "place_passed_on", _lang(booking), booking=booking, event=event,
                    previous_name=previous_name)
    booking.name, booking.email = name, email
    if booking.status == CONFIRMED:
        _notify(booking, "booking_confirmed", attach_calendar=True)
    return booking


def cancel_event(event, reason, now=None):
    """Staff cancel the whole event; everyone booked or waiting is told why, in their language."""
    now = now or utcnow()
    event = lock_event(event.id)
    bookings = db.session.scalars(
        select(Booking).where(Booking.event_id == event.id, Booking.status.in_(ACTIVE))
        .options(joinedload(Booking.organisation)).order_by(Booking.sequence)
    ).all()
    mark_cancelled(event, reason)
    for booking in bookings:
        booking.status = CANCELLED
        booking.cancelled_at = now
        booking.cancel_reason = reason
        _notify(booking, "event_cancelled", reason=reason)
    event.places_taken = 0
    return len(bookings)


def event_bookings(event):
    """Every booking on ``event`` for staff, with organisations, in commit order."""
    return db.session.scalars(
        select(Booking).where(Booking.event_id == event.id)
        .options(joinedload(Booking.organisation)).order_by(Booking.sequence)
    ).all()


def get_staff_booking(user, booking_id):
    """A booking on an event ``user`` may manage, or 404."""
    booking = db.session.scalar(select(Booking).where(Booking.id == booking_id))
    if booking is None:
        abort(404)
    allowed = db.session.scalar(staff_events_query(user).where(Event.id == booking.event_id))
    if allowed is None:
        abort(404)
    return booking


def mark_attendance(booking, attendance):
    """Record attended / did not attend, and count or stop counting the intervention.

    A course counts as completed when staff mark the attendee attended on its
    register, which they do only once the attendee has attended every session.
    """
    if booking.status != CONFIRMED:
        raise BookingRefused("not_confirmed")
    booking.attendance = attendance
    if attendance != ATTENDED:
        withdraw_intervention(booking)
    _count_event_for_organisation(booking.event, booking.organisation)
    _record_champion_training(booking, attendance)
    record("booking.attendance", booking, attendance=attendance)
    return booking


def _record_champion_training(booking, attendance):
    """A completed champion course goes on the attendee's training record and certificate."""
    event = booking.event
    if event.kind != SupportKind.CHAMPION_TRAINING:
        return
    source = (Booking.__tablename__, booking.id)
    if attendance == ATTENDED:
        record_training_completion(
            email=booking.email, name=booking.name, organisation=booking.organisation,
            course_title_en=event.title_en, course_title_cy=event.title_cy or event.title_en,
            completed_at=event.ends_at, source=source,
        )
    else:
        withdraw_training_completion(source)


def _count_event_for_organisation(event, organisation):
    """One intervention per organisation per event, however many of its staff attended.

    The organisation had one piece of support; counting each attendee would
    let two colleagues at one webinar "implement" a programme. The earliest
    attended booking is the intervention's source; if its attendance is
    corrected, the next attended booking takes over.
    """
    attended = db.session.scalars(
        select(Booking.id).where(
            Booking.event_id == event.id, Booking.organisation_id == organisation.id, Booking.attendance == ATTENDED
        ).order_by(Booking.id)
    ).all()
    if not attended:
        return
    counted = db.session.scalar(
        select(Intervention.id).where(Intervention.source_type == Booking.__tablename__,
                                      Intervention.source_id.in_(attended))
    )
    if counted is None:
        kind = (InterventionKind.TRAINING_COMPLETED if event.kind == SupportKind.CHAMPION_TRAINING
                else InterventionKind.SESSION_ATTENDED)
        record_intervention(organisation, kind, event.topic, db.session.get(Booking, attended[0]), event.ends_at)


def organisation_booking_pages(organisation, page=1, past_page=1, per_page=PER_PAGE, now=None):
    """The organisation's upcoming bookings (active, event not over) and past ones, a page of each."""
    now = now or utcnow()
    base = select(Booking).join(Event, Booking.event_id == Event.id).where(
        Booking.organisation_id == organisation.id
    )
    upcoming_filter = and_(Event.ends_at >= now, Booking.status.in_(ACTIVE), Event.status == SCHEDULED)
    upcoming_total = db.session.scalar(select(func.count()).select_from(base.where(upcoming_filter).subquery()))
    upcoming = db.session.scalars(
        base.where(upcoming_filter).options(joinedload(Booking.event))
        .order_by(Event.starts_at, Booking.sequence).limit(per_page).offset((page - 1) * per_page)
    ).all()
    past_filter = ~upcoming_filter
    past_total = db.session.scalar(select(func.count()).select_from(base.where(past_filter).subquery()))
    past = db.session.scalars(
        base.where(past_filter).options(joinedload(Booking.event))
        .order_by(Event.starts_at.desc(), Booking.sequence).limit(per_page).offset((past_page - 1) * per_page)
    ).all()
    return upcoming, upcoming_total, past, past_total


def booking_calendar(booking):
    return calendar_file(booking.event, _lang(booking), uid_prefix=f"booking-{booking.id}")


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
        .where(Booking.status == CONFIRMED, Booking.reminder_sent_at.is_(None), Event.status == SCHEDULED,
               Event.starts_at > now, Event.starts_at <= now + timedelta(days=days_before))
        .options(joinedload(Booking.organisation), joinedload(Booking.event))
        .with_for_update(of=Booking, skip_locked=True)
    ).unique().all()
    for booking in bookings:
        _notify(booking, "booking_reminder", attach_calendar=True)
        booking.reminder_sent_at = now
    return len(bookings)


def send_feedback_requests(now=None):
    """Ask everyone with a confirmed place on an event that has ended for feedback, once."""
    now = now or utcnow()
    bookings = db.session.scalars(
        select(Booking).join(Event, Booking.event_id == Event.id)
        .where(Booking.status == CONFIRMED, Booking.feedback_requested_at.is_(None), Event.status == SCHEDULED,
               Event.ends_at <= now, func.coalesce(Booking.attendance, ATTENDED) != DID_NOT_ATTEND)
        .options(joinedload(Booking.organisation), joinedload(Booking.event))
        .with_for_update(of=Booking, skip_locked=True)
    ).unique().all()
    for booking in bookings:
        lang = _lang(booking)
        queue_email(booking.email, "feedback_request", lang, booking=booking, event=booking.event,
                    feedback_url_cy=external_url("bookings.feedback", "cy", token=booking.feedback_token),
                    feedback_url_en=external_url("bookings.feedback", "en", token=booking.feedback_token))
        booking.feedback_requested_at = now
    return len(bookings)


def booking_for_feedback(token):
    booking = db.session.scalar(
        select(Booking).where(Booking.feedback_token == token).options(joinedload(Booking.event))
    )
    if booking is None or booking.status != CONFIRMED:
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


DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(DANGEROUS_START):
        return "'" + text
    return text


def attendees_csv(event, headings):
    """The attendee list as CSV text; every cell neutralised against formula injection."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in headings])
    for booking in event_bookings(event):
        writer.writerow([safe_cell(v) for v in (
            booking.name, booking.email, booking.organisation.name, booking.status, booking.attendance or "",
        )])
    return out.getvalue()


def is_booked(user, event):
    """True if ``user`` may see the joining details: staff, or holding a confirmed place."""
    if user.is_staff:
        return True
    conditions = [Booking.event_id == event.id, Booking.status == CONFIRMED]
    if user.role == "employer":
        conditions.append(in_scope(Booking.organisation_id, user.organisation_id))
    else:
        conditions.append(func.lower(Booking.email) == user.email.lower())
    return db.session.scalar(select(Booking.id).where(*conditions).limit(1)) is not None


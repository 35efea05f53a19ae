"""Staff acting on an employer's behalf, and the notes they keep on its record.

Bookings, walk-ins and visits go through the same services as the employer's
own (capacity, the waiting list and the eligibility decision included): this
module adds only who acted and the audit entry that says so.
"""

from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.audit.services import record
from portal.bookings import services as bookings
from portal.bookings.models import Booking
from portal.bookings.walk_in import add_walk_in, walk_in_opens_at
from portal.eligibility import services as eligibility
from portal.engagement.models import OrganisationNote
from portal.events.models import Event, EventStatus
from portal.extensions import db
from portal.timeutil import LONDON, as_utc, utcnow
from portal.visits import services as visits

# Events staff may book onto or add a walk-in to: from today on, soonest first.
EVENT_LIMIT = 100


class EventChoice:
    """An event on the staff booking list, with what staff may do on it now."""

    def __init__(self, event, now):
        self.event = event
        self.may_book = event.status == EventStatus.SCHEDULED and now < as_utc(event.booking_deadline)
        self.may_add_walk_in = event.status == EventStatus.SCHEDULED and now >= walk_in_opens_at(event)


def events_to_book(now=None, limit=EVENT_LIMIT):
    """Scheduled events not yet over (or over today, for walk-ins), soonest first."""
    now = now or utcnow()
    start_of_today = datetime.combine(now.astimezone(LONDON).date(), time.min, tzinfo=LONDON)
    events = db.session.scalars(
        select(Event)
        .where(Event.status == EventStatus.SCHEDULED, Event.ends_at >= start_of_today)
        .options(selectinload(Event.sessions))
        .order_by(Event.starts_at, Event.id)
        .limit(limit)
    ).all()
    return [EventChoice(event, now) for event in events]


def organisation_event_bookings(event, organisation):
    """The organisation's bookings on ``event``, with who booked each."""
    return db.session.scalars(
        select(Booking)
        .where(Booking.event_id == event.id, Booking.organisation_id == organisation.id)
        .options(selectinload(Booking.booked_by))
        .order_by(Booking.sequence)
    ).all()


def book_for_organisation(event_id, organisation, staff, attendees, now=None):
    """Book ``attendees`` ([(name, email, language)]) for ``organisation``, all or none, by ``staff``.

    The employer's own booking service does the work (:func:`bookings.book_places`):
    the same capacity, waiting list, per-organisation limit and eligibility
    decision; the attendees and the employer contacts are e-mailed as for any
    booking. Raises :class:`bookings.AttendeeRefused`; the caller rolls back.
    """
    booked = bookings.book_places(event_id, organisation, staff, attendees, now=now)
    for booking in booked:
        record("booking.booked_by_staff", booking, actor=staff, organisation_id=organisation.id, status=booking.status)
    return booked


def walk_in(event_id, organisation, staff, name, email, language=None, now=None):
    """Add someone who came on the day; see :func:`portal.bookings.walk_in.add_walk_in`."""
    return add_walk_in(event_id, organisation, staff, name, email, language, now=now)


def make_visit(organisation, staff, values, when=None):
    """Make a visit for ``organisation``; see :func:`portal.visits.services.create_for_organisation`."""
    return visits.create_for_organisation(organisation, staff, values, when)


def add_note(organisation, staff, body):
    """Keep a note on the organisation's record (staff only)."""
    note = OrganisationNote(organisation_id=organisation.id, body=body.strip(), author_id=staff.id)
    db.session.add(note)
    db.session.flush()
    record("organisation_note_added", note, actor=staff, organisation_id=organisation.id)
    return note


def upload_evidence(organisation, staff, stream, filename, note=None):
    """Store a document the employer e-mailed, checked by content exactly as an employer's upload.

    It goes into the organisation's evidence (recorded by ``staff``, with how it
    arrived), and the organisation awaits review as after any upload. Raises
    :class:`eligibility.UploadError`.
    """
    evidence = eligibility.store_upload(organisation, staff, stream, filename)
    evidence.note = (note or "").strip() or None
    return evidence

"""The staff register: an event's bookings, attendance marked, and the attendee list."""

import csv
import io

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.audit.services import corrections_of, record, record_correction
from portal.bookings.messages import attendance_label, booking_status_label
from portal.bookings.models import Attendance, Booking, BookingStatus
from portal.bookings.places import BookingRefused, booking_language
from portal.eligibility.tiers import SupportKind
from portal.extensions import db
from portal.i18n import language_choice
from portal.scoping import can_manage
from portal.signals import attendance_marked, course_completed
from portal.spreadsheets import csv_row, xlsx
from portal.timeutil import as_utc, utcnow


def event_bookings(event):
    """Every booking on ``event`` for staff, with organisations, in commit order."""
    return db.session.scalars(
        select(Booking).where(Booking.event_id == event.id)
        .options(joinedload(Booking.organisation), joinedload(Booking.booked_by)).order_by(Booking.sequence)
    ).all()


def get_staff_booking(user, booking_id):
    """A booking on an event ``user`` may manage, or 404."""
    booking = db.session.scalar(select(Booking).where(Booking.id == booking_id).options(joinedload(Booking.event)))
    if not can_manage(user, booking):
        abort(404)
    return booking


def attendance_opens_at(event):
    """When attendance may first be recorded: the start of the event's last session.

    A webinar's one session, or every session of a course (completion means
    attending them all): nothing can be attended before it has begun, and a
    certificate must never precede the training.
    """
    starts = [as_utc(s.starts_at) for s in event.sessions]
    return max(starts) if starts else as_utc(event.starts_at)


def mark_attendance(booking, attendance, now=None):
    """Record attended / did not attend, and count or stop counting the intervention.

    A course counts as completed when staff mark the attendee attended on its
    register, which they do only once the attendee has attended every session.
    Refused before the (last) session has started.
    """
    if booking.status != BookingStatus.CONFIRMED:
        raise BookingRefused("not_confirmed")
    if (now or utcnow()) < attendance_opens_at(booking.event):
        raise BookingRefused("not_started")
    if booking.attendance == attendance:
        return booking
    # Changing a mark is a correction: it needs a reason and keeps a history.
    if booking.attendance is not None:
        raise BookingRefused("already_marked")
    _apply(booking, attendance)
    record("booking.attendance", booking, attendance=attendance)
    return booking


# The corrected mark may also be "no mark": the attendee was marked by mistake.
NOT_MARKED = "not_marked"
CORRECTED_MARKS = (Attendance.ATTENDED, Attendance.DID_NOT_ATTEND, NOT_MARKED)


def correct_attendance(booking, attendance, actor, reason):
    """Correct a mark already recorded, with the reason; ``not_marked`` removes it.

    The intervention (and a course's training record) is counted or withdrawn
    and the WHP judged again in the caller's transaction; the booking keeps
    the correction in its history. Returns the correction, or None when the
    mark is unchanged. Raises ValueError without a reason and
    :class:`BookingRefused` when there is no mark to correct.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("a correction needs a reason")
    if attendance not in CORRECTED_MARKS:
        raise ValueError(attendance)
    if booking.attendance is None:
        raise BookingRefused("not_marked")
    new = None if attendance == NOT_MARKED else attendance
    before = booking.attendance
    if new == before:
        return None
    _apply(booking, new)
    return record_correction(
        "voided" if new is None else "edited",
        booking,
        reason=reason,
        actor=actor,
        organisation_id=booking.organisation_id,
        before={"attendance": before},
        after={"attendance": new},
    )


def attendance_history(booking):
    """The booking's attendance corrections, oldest first."""
    return corrections_of(Booking.__tablename__, [booking.id]).get(booking.id, [])


def _apply(booking, attendance):
    booking.attendance = attendance
    # The programme counts (or stops counting) the intervention.
    attendance_marked.send(booking, attendance=attendance)
    _announce_course_completion(booking, attendance)


def _announce_course_completion(booking, attendance):
    """A champion course attended goes on the attendee's training record (the champions hub listens)."""
    event = booking.event
    if event.kind != SupportKind.CHAMPION_TRAINING:
        return
    course_completed.send(
        booking,
        completed=attendance == Attendance.ATTENDED,
        source=(Booking.__tablename__, booking.id),
        email=booking.email,
        name=booking.name,
        organisation=booking.organisation,
        course_title_en=event.title_en,
        course_title_cy=event.title_cy or event.title_en,
        completed_at=event.ends_at,
    )


def attendees_table(event):
    """The attendee list as rows (a header, then one row per booking), in the page's language.

    Statuses, marks and languages are words, never the stored codes; the
    organisation's reference tells apart organisations with the same name.
    """
    yield [
        _("Name"),
        _("Email address"),
        _("Organisation reference"),
        _("Organisation"),
        _("Status"),
        _("Attendance"),
        _("Language for their emails"),
    ]
    for booking in event_bookings(event):
        yield [
            booking.name,
            booking.email,
            booking.organisation.reference,
            booking.organisation.name,
            booking_status_label(booking.status),
            attendance_label(booking.attendance) if booking.status == BookingStatus.CONFIRMED else "",
            language_choice(booking_language(booking)),
        ]


def attendees_csv(event):
    """The attendee list as CSV text; every text cell neutralised against formula injection.

    A CSV file has no cell types, so the apostrophe is the only thing that stops a
    spreadsheet running a name typed as ``=HYPERLINK(…)``; the Excel version
    (:func:`attendees_xlsx`) keeps such text as a text cell instead.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    for row in attendees_table(event):
        writer.writerow(csv_row(row))
    return out.getvalue()


def attendees_xlsx(event):
    """The attendee list as an Excel workbook (bytes): text cells, a frozen and filtered header."""
    return xlsx(attendees_table(event), _("Attendees"))
